"""Readings of one sentence's text kept from one `analyze` to the next.

Alignment reads every sentence and claim unit of the corpus on every run: its content terms
(`similarity.content_terms`, for the similarity model and the claim units' term sets) and its
claim cues (`claim_model.sentence_cues`, `states_something`: which words are names, numbers,
quoted), about 60,000 texts on the BBC database, 2.5 s of a +10-articles run for ~180 new
sentences. Each is a function of the text alone (and of the code: the memo belongs to one
analysis version), so a run looks each text up by a digest and reads only new texts; the
memo written back holds the texts this run read, so it follows the corpus.

Stored as text lines (digest, then the reading's fields joined by separators no word can hold),
which read back far faster than tagged JSON; a reading is parsed only when it is looked up. The
memo is active inside `kept_readings` in the calling thread only (the TUI analyses in a worker
thread, the process beside the aligner never sees it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from analysis.run_memo import RunMemo, framed, unframed

FIELD = "\t"  # between a reading's fields (a word never holds a tab or a line break)
ITEM = "\x1f"  # between the items of one field
_HEAD = b"text-readings/1 "

_ACTIVE: ContextVar[TextMemo | None] = ContextVar("text_readings", default=None)


class TextMemo(RunMemo):
    """Readings by kind and text digest, each a string of fields (parsed by its reader)."""

    def lookup(self, kind: str, text: str) -> tuple[str, str | None]:
        """The key of `text`'s reading of `kind`, and the stored reading (None: not known)."""
        raw = text.encode("utf-8", "surrogatepass")
        key = kind + hashlib.blake2b(raw, digest_size=12).hexdigest()
        found = self.used.get(key)  # read already this run (a text many articles share)
        return key, found if found is not None else self.get(key)

    @staticmethod
    def _blob(version: str, entries: dict[str, str]) -> bytes:
        return framed(_HEAD, version, "\n".join(f"{k}{FIELD}{v}" for k, v in entries.items()))

    @classmethod
    def decode(cls, blob: bytes | None, version: str) -> TextMemo:
        """The memo in `blob`; empty when there is none, it is unreadable or of another version."""
        text = unframed(blob, _HEAD, version)
        if text is None:
            return cls()
        known = dict(line.split(FIELD, 1) for line in text.split("\n") if FIELD in line)
        return cls(known)


@contextmanager
def kept_readings(memo: TextMemo | None) -> Iterator[None]:
    """Within the block, in this thread only, look text readings up in `memo` and put every one
    read there (the caller keeps it across runs)."""
    token = _ACTIVE.set(memo)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active() -> TextMemo | None:
    """The memo of the `kept_readings` block being run in this thread, if any."""
    return _ACTIVE.get()


def joined(items: tuple[str, ...] | frozenset[str]) -> str:
    """One field of items, in the order given (sort a set first for a stable blob)."""
    return ITEM.join(items)


def split(field: str) -> list[str]:
    return field.split(ITEM) if field else []
