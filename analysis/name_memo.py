"""Transliteration distances kept from one `analyze` to the next.

The name checks compare hundreds of thousands of pairs of name words with a weighted edit
distance written in Python (`analysis.translit`): 70 of the 81 CPU seconds they took when ten
articles were added to 2,117. A pair's distance depends only on its two normalised strings and on
the code of `analysis/translit.py`, so a memo of them is exact: a run looks up the pairs an
earlier run computed and computes only pairs with a new name word. The memo written back holds
the pairs this run used (looked up or computed), so it follows the corpus instead of growing
with every name ever seen. Pure: the pipeline keeps the blob in the store.
"""

from __future__ import annotations

import hashlib
import zlib
from functools import cache
from pathlib import Path

from analysis import translit

_HEAD = b"translit-memo/1 "


@cache
def memo_version() -> str:
    """Digest of the code that defines a distance: a memo of other code is thrown away."""
    return hashlib.sha256(Path(translit.__file__).read_bytes()).hexdigest()[:16]


class NameMemo:
    """Raw distances keyed "a\\tb" (ordered, normalised; `translit.use_distance_memo`)."""

    def __init__(self, known: dict[str, float] | None = None) -> None:
        self.known = known or {}
        self.used: dict[str, float] = {}
        self.computed = 0

    def get(self, key: str) -> float | None:
        value = self.known.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def __setitem__(self, key: str, value: float) -> None:
        self.used[key] = value
        self.computed += 1

    def __len__(self) -> int:
        return len(self.used)

    def encode(self) -> bytes:
        """The pairs this run used, as text lines "a<TAB>b<TAB>repr(distance)" (a float's repr
        reads back to the same float, so a later run gets the same flags)."""
        body = "".join(f"{k}\t{v!r}\n" for k, v in self.used.items())
        return _HEAD + memo_version().encode() + b"\n" + zlib.compress(body.encode(), 1)

    @classmethod
    def decode(cls, blob: bytes | None) -> NameMemo:
        """The memo in `blob`; empty when there is none, it is unreadable or of other code."""
        if not blob or not blob.startswith(_HEAD):
            return cls()
        head, _, body = blob.partition(b"\n")
        if head[len(_HEAD) :].decode("ascii", "replace") != memo_version():
            return cls()
        try:
            lines = zlib.decompress(body).decode().splitlines()
            known = {}
            for line in lines:
                key, _, value = line.rpartition("\t")
                known[key] = float(value)
        except (zlib.error, UnicodeDecodeError, ValueError):
            return cls()
        return cls(known)
