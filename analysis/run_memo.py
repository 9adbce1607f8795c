"""Results of pure pair functions kept from one `analyze` to the next.

`NameMemo`: the name checks compare hundreds of thousands of pairs of name words with a weighted
edit distance written in Python (`analysis.translit`): 70 of the 81 CPU seconds they took when
ten articles were added to 2,117. `DenialMemo`: whether one sentence denies what another states
(`analysis.negation.denials`), 20 of the comparison stage's 63 s in the same run. Each result
depends only on the pair (two normalised names, two sentence texts) and the code, so a memo is
exact: a run looks up the pairs an earlier run computed and computes only pairs with a new name
word or sentence. The memo written back holds the pairs this run used (looked up or computed), so
it follows the corpus instead of growing with everything ever seen. Pure: the pipeline keeps the
blobs in the store.
"""

from __future__ import annotations

import hashlib
import itertools
import zlib
from functools import cache
from pathlib import Path
from typing import Any, Self

from analysis import translit
from analysis.result_codec import CodecError, decode, encode

_HEAD = b"translit-memo/1 "
# Name distances kept for the next run at most: ~40 bytes a pair in the blob. A memo is exact
# whatever it holds (a pair not in it is computed), so a cap only costs time on a corpus whose
# name checks use more pairs than this (~330,000 at 2,127 BBC articles).
NAME_MEMO_CAP = 2_000_000


@cache
def memo_version() -> str:
    """Digest of the code that defines a distance: a memo of other code is thrown away."""
    return hashlib.sha256(Path(translit.__file__).read_bytes()).hexdigest()[:16]


def framed(head: bytes, version: str, body: str) -> bytes:
    """A memo blob written as text: `head`, the version it is valid for, a line break, then
    `body` compressed (fast level: memos are written on every run)."""
    return head + version.encode() + b"\n" + zlib.compress(body.encode(), 1)


def is_framed(blob: bytes | None, head: bytes, version: str) -> bool:
    """Whether `blob` is a `framed` blob of `head` and `version`, read from its first line only
    (its body is not decompressed)."""
    if not blob or not blob.startswith(head):
        return False
    first = blob.partition(b"\n")[0]
    return first[len(head) :].decode("utf-8", "replace") == version


def unframed(blob: bytes | None, head: bytes, version: str) -> str | None:
    """The body text of a `framed` blob of `head` and `version`; None when there is none, it is
    of another kind or version, or unreadable (a memo then starts empty: it is only a shortcut)."""
    if blob is None or not is_framed(blob, head, version):
        return None
    body = blob.partition(b"\n")[2]
    try:
        return zlib.decompress(body).decode()
    except (zlib.error, UnicodeDecodeError):
        return None


def pair_key(text_a: str, text_b: str) -> str:
    """A memo key of two texts in their order (a result read from them in order)."""
    return hashlib.blake2b(f"{text_a}\x00{text_b}".encode(), digest_size=12).hexdigest()


# Once the entries a run adds beyond a memo's stored base reach this share of it, the run's
# entries are written as a new base (which also drops what the corpus no longer reads).
LAYER_SHARE = 0.5


class RunMemo:
    """Values of the last run by key; what this run used (looked up or computed) is kept.

    A memo may be stored in two layers (`split`): a base, written once and then left in the
    store, and the entries a run used beyond it, so that a run that adds a few articles encodes
    and writes only what it added, not the whole memo again. A value is a function of its key,
    so it does not matter which layer gives it."""

    def __init__(
        self, known: dict[str, Any] | None = None, base: dict[str, Any] | None = None
    ) -> None:
        self.known = known or {}
        self.base: dict[str, Any] = base or {}  # the stored base layer, part of `known`
        self.used: dict[str, Any] = {}
        self.computed = 0

    def split(self) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """What to store: a new base (None: keep the stored one) and the entries beyond it."""
        more = {k: v for k, v in self.used.items() if k not in self.base}
        if self.base and len(more) < LAYER_SHARE * len(self.base):
            return None, more
        return self.used, {}

    def get(self, key: str) -> Any:
        value = self.known.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        self.used[key] = value
        self.computed += 1

    def __len__(self) -> int:
        return len(self.used)

    def encode(self, version: str) -> bytes:
        """What this run used, as one blob of `version`."""
        return self._blob(version, self.used)

    def layers(self, version: str) -> tuple[bytes | None, bytes]:
        """`split`, encoded: the new base (None: keep the stored one) and the entries beyond."""
        base, more = self.split()
        return (None if base is None else self._blob(version, base)), self._blob(version, more)

    @classmethod
    def decode_layers(cls, base: bytes | None, more: bytes | None, version: str) -> Self:
        """The memo stored as `layers` wrote it (either part may be missing or unreadable)."""
        under = cls.decode(base, version).known
        return cls({**under, **cls.decode(more, version).known}, under)

    @staticmethod
    def _blob(version: str, entries: dict[str, Any]) -> bytes:
        """`entries` written as a blob of `version` (each kind of memo has its own format)."""
        raise NotImplementedError

    @classmethod
    def decode(cls, blob: bytes | None, version: str) -> Self:
        """The memo in `blob`; empty when there is none, it is unreadable or of other code."""
        raise NotImplementedError


class VersionedMemo(RunMemo):
    """A memo valid for one analysis version, its values written by `result_codec`."""

    @staticmethod
    def _blob(version: str, entries: dict[str, Any]) -> bytes:
        try:
            return encode([version, entries])
        except CodecError:
            return b""

    @classmethod
    def decode(cls, blob: bytes | None, version: str) -> Self:
        """The memo in `blob`; empty when there is none, it is unreadable or of other code."""
        try:
            stored, known = decode(blob) if blob else ("", {})
        except (CodecError, ValueError, TypeError):
            return cls()
        return cls(known) if stored == version and isinstance(known, dict) else cls()


class DenialMemo(VersionedMemo):
    """`denials` results keyed by a hash of the two texts."""


class WordingMemo(VersionedMemo):
    """Pairs of same-claim texts whose word alignment shows neither a reversed relation nor
    swapped roles (analysis/wording_pairs.py), keyed by a hash of the two texts in order."""


class ReadingMemo(VersionedMemo):
    """The contradiction detector's reading of a sentence (`claim_slots.read_sentence`: where
    names are written, which polar events it states), keyed by a hash of everything the reading
    depends on within a version: the text, its entities and the corpus names that may occur in
    it (`claim_slots.reading_key`). 18,000 sentences read again on every run of the BBC database
    otherwise."""


class NameMemo(RunMemo):
    """Raw distances keyed "a\\tb" (ordered, normalised; `translit.distance_memo`)."""

    def encode(self) -> bytes:
        """The pairs this run used (the first NAME_MEMO_CAP), as text lines
        "a<TAB>b<TAB>repr(distance)" (a float's repr reads back to the same float, so a later run
        gets the same flags)."""
        kept = itertools.islice(self.used.items(), NAME_MEMO_CAP)  # the first used: fixed order
        return framed(_HEAD, memo_version(), "".join(f"{k}\t{v!r}\n" for k, v in kept))

    @classmethod
    def decode(cls, blob: bytes | None) -> NameMemo:
        """The memo in `blob`; empty when there is none, it is unreadable or of other code."""
        text = unframed(blob, _HEAD, memo_version())
        if text is None:
            return cls()
        known = {}
        try:
            for line in text.splitlines():
                key, _, value = line.rpartition("\t")
                known[key] = float(value)
        except ValueError:
            return cls()
        return cls(known)


_WORDS_HEAD = b"sentence-words/1 "


class WordsMemo(RunMemo):
    """The slot index's words of each sentence (`name_error_model.sentence_words`) by a digest of
    its text: 42,000 sentences tokenised and looked up in wordfreq on every run of the BBC
    database otherwise (5 of the name checks' 13 s at +10). Valid for one analysis version (the
    code and wordfreq's lists); written as text lines, each word behind a "|" (a normalised word
    is lower-case letters, digits and spaces), which read back far faster than tagged JSON."""

    def encode(self, version: str) -> bytes:
        lines = [
            "\t".join([key, *("".join(f"|{w}" for w in sorted(part)) for part in value)])
            for key, value in self.used.items()
        ]
        return framed(_WORDS_HEAD, version, "\n".join(lines))

    @classmethod
    def decode(cls, blob: bytes | None, version: str) -> WordsMemo:
        """The memo in `blob`; empty when there is none, it is unreadable or of another version."""
        text = unframed(blob, _WORDS_HEAD, version)
        if text is None:
            return cls()
        known: dict[str, Any] = {}
        for line in text.split("\n") if text else ():
            key, *parts = line.split("\t")
            if len(parts) != 3:
                return cls()
            known[key] = tuple(frozenset(p.split("|")[1:]) for p in parts)
        return cls(known)
