"""Transliteration-aware name comparison.

Machine translation and romanisation garble names in regular ways: Korean has no b/v or r/l
contrast, so "Baker" comes back as "Vaker"; romanisation systems disagree on vowels and on
aspirated consonants (Jung/Chung, Choi/Choe, Lee/Rhee, Park/Pak). A plain Levenshtein distance
weighs those the same as any other typo, and standard phonetic keys (Soundex, Metaphone, NYSIIS)
keep b and v apart. Here substitutions that transliteration produces cost little, everything else
costs 1, and a phonetic key folds the confusable classes together.

Comparing many names goes through `similar_pairs`, which prefilters with rapidfuzz's C
implementation (Jaro-Winkler >= 0.7, plus blocking on the phonetic key) so only ~2 % of pairs
reach the Python edit distance.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler, Levenshtein

__all__ = [
    "changes_onset",
    "distance_memo",
    "edit_operations",
    "name_similarity",
    "normalise_name",
    "phonetic_key",
    "similar_pairs",
    "translit_cost",
    "translit_distance",
]

_SPECIAL = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"}
)
_DROP = re.compile(r"['’‘`ʼ.\-‐‑–]")  # joiners inside a name: O'Brien, J.D., Jae-myung
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Lower-case ASCII letters, digits and single spaces: diacritics, case and joiners dropped."""
    text = unicodedata.normalize("NFKD", name.casefold())
    # the combining marks among the text's distinct characters, dropped in one pass (a whole
    # article is normalised too: a test per character took 3 of the name checks' 10 s)
    marks = {ord(ch): None for ch in set(text) if unicodedata.combining(ch)}
    text = (text.translate(marks) if marks else text).translate(_SPECIAL)
    text = _NON_ALNUM.sub(" ", _DROP.sub("", text))
    return _SPACES.sub(" ", text).strip()


# --- weighted edit distance -------------------------------------------------------------------

_VOWELS = "aeiou"
_CHEAP_SUBS: dict[tuple[str, str], float] = {}


def _pair(x: str, y: str, cost: float) -> None:
    _CHEAP_SUBS[(x, y)] = min(cost, _CHEAP_SUBS.get((x, y), 9.0))
    _CHEAP_SUBS[(y, x)] = _CHEAP_SUBS[(x, y)]


for _x, _y, _c in (
    ("b", "v", 0.2),  # Korean/Japanese have no b/v contrast: Baker -> Vaker
    ("p", "f", 0.2),  # no f in Korean: Facebook -> Pacebook
    ("r", "l", 0.2),  # one liquid in Korean/Japanese/Chinese: Lee/Rhee, Clinton/Crinton
    ("s", "z", 0.2),
    ("c", "k", 0.2),
    ("k", "q", 0.2),
    ("c", "q", 0.2),
    ("d", "t", 0.2),
    ("j", "z", 0.2),
    ("y", "i", 0.2),
    ("g", "k", 0.3),  # unaspirated stops: Kim/Gim, Gwak/Kwak
    ("b", "p", 0.3),  # Busan/Pusan, Bak/Park
    ("v", "w", 0.3),
    ("c", "s", 0.4),
    ("v", "f", 0.4),
    ("b", "f", 0.5),
    ("p", "v", 0.5),
    ("m", "n", 0.6),
    ("j", "g", 0.6),
    ("l", "y", 0.6),  # Lee/Yi: the initial liquid is dropped in South Korean romanisation
    ("w", "u", 0.4),
):
    _pair(_x, _y, _c)
for _i, _x in enumerate(_VOWELS):
    for _y in _VOWELS[_i + 1 :]:
        _pair(_x, _y, 0.3)
    _pair(_x, "y", 0.4)

# Multi-letter equivalences (both directions are added below).
_DIGRAPHS: tuple[tuple[str, str, float], ...] = (
    ("ch", "tch", 0.2),
    ("ch", "j", 0.3),  # Korean ㅈ/ㅊ: Jung/Chung
    ("ch", "k", 0.4),  # Christoph/Kristof
    ("chs", "cks", 0.3),  # German chs = ks: Wachs/Wacks
    ("chs", "x", 0.4),
    ("ph", "f", 0.2),
    ("ou", "u", 0.2),
    ("oo", "u", 0.2),
    ("eo", "u", 0.3),  # Korean ㅓ: Jeong/Jung
    ("eo", "o", 0.3),
    ("ee", "i", 0.2),
    ("ea", "i", 0.3),
    ("ae", "e", 0.2),
    ("ks", "x", 0.2),
    ("ck", "k", 0.1),
    ("kh", "k", 0.2),
    ("sh", "s", 0.4),
    ("zh", "j", 0.3),
    ("ts", "z", 0.3),
    ("tz", "z", 0.2),
    ("qu", "kw", 0.2),
    ("wo", "o", 0.3),  # Korean ㅝ: Kwon/Kon, Jiwon/Jion
    ("yi", "i", 0.3),
    ("ie", "y", 0.3),
)
_RULES: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
for _x, _y, _c in _DIGRAPHS:
    _RULES[_x[-1]].append((_x, _y, _c))
    _RULES[_y[-1]].append((_y, _x, _c))


def _indel_cost(s: str, i: int) -> float:
    """Cost of inserting or deleting s[i], which depends on the letter and its neighbours."""
    ch = s[i]
    if ch == " ":
        return 0.1
    if (i > 0 and s[i - 1] == ch) or (i + 1 < len(s) and s[i + 1] == ch):
        return 0.2  # doubled vs single letter: Mattias/Matias, Phillip/Philip
    if ch == "h":
        return 0.3  # aspiration marks: Rhee/Lee, Chung/Cung, Thomas/Tomas
    if ch in _VOWELS:
        return 0.5
    if ch in "wy":
        return 0.5
    if ch == "r" and i > 0 and s[i - 1] in _VOWELS:
        return 0.4  # non-rhotic romanisation: Park/Pak
    return 1.0


def _sub_cost(x: str, y: str) -> float:
    if x == y:
        return 0.0
    return _CHEAP_SUBS.get((x, y), 1.0)


def _table(a: str, b: str) -> list[list[float]]:
    n, m = len(a), len(b)
    d = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        d[i][0] = d[i - 1][0] + _indel_cost(a, i - 1)
    for j in range(1, m + 1):
        d[0][j] = d[0][j - 1] + _indel_cost(b, j - 1)
    for i in range(1, n + 1):
        ca = a[i - 1]
        rules = _RULES.get(ca, ())
        row, prev = d[i], d[i - 1]
        del_cost = _indel_cost(a, i - 1)
        for j in range(1, m + 1):
            best = prev[j - 1] + _sub_cost(ca, b[j - 1])
            cost = prev[j] + del_cost
            if cost < best:
                best = cost
            cost = row[j - 1] + _indel_cost(b, j - 1)
            if cost < best:
                best = cost
            for x, y, c in rules:
                lx, ly = len(x), len(y)
                if lx <= i and ly <= j and a[i - lx : i] == x and b[j - ly : j] == y:
                    cost = d[i - lx][j - ly] + c
                    if cost < best:
                        best = cost
            row[j] = best
    return d


class DistanceMemo(Protocol):
    def get(self, key: str) -> float | None: ...

    def __setitem__(self, key: str, value: float) -> None: ...


# the memo of the `distance_memo` block being run, per thread (the TUI analyses in a worker)
_MEMO: ContextVar[DistanceMemo | None] = ContextVar("translit_distance_memo", default=None)


@contextmanager
def distance_memo(memo: DistanceMemo | None) -> Iterator[None]:
    """Within the block, in this thread only, look raw distances up in `memo` (keyed "a\tb" by
    the ordered normalised pair) and put every one computed there: a caller keeps them across
    runs (analysis/run_memo.py). The in-process cache is cleared on entry so every pair the
    block asks for reaches `memo`."""
    token = _MEMO.set(memo)
    _raw_distance.cache_clear()
    try:
        yield
    finally:
        _MEMO.reset(token)


@lru_cache(maxsize=65536)
def _raw_distance(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a > b:  # the table is symmetric; ordering the pair doubles the cache's reach
        a, b = b, a
    memo = _MEMO.get()
    if memo is None:
        return _table(a, b)[len(a)][len(b)]
    key = f"{a}\t{b}"
    known = memo.get(key)
    if known is None:
        known = memo[key] = _table(a, b)[len(a)][len(b)]
    return known


def translit_cost(a: str, b: str) -> float:
    """The weighted edit cost before normalisation: 0.2 for one b/v swap, 1 for a typo."""
    return _raw_distance(normalise_name(a), normalise_name(b))


def translit_distance(a: str, b: str) -> float:
    """Weighted edit distance, 0 (same name) .. 1, ignoring case and diacritics.

    Transliteration substitutions (b/v, r/l, ch/j, vowel swaps, doubled letters, ...) cost
    0.1-0.6 instead of 1; the sum is divided by the longer name's length.
    """
    na, nb = normalise_name(a), normalise_name(b)
    if na == nb:
        return 0.0
    longest = max(len(na), len(nb))
    return min(1.0, _raw_distance(na, nb) / longest)


def _alignment(na: str, nb: str) -> list[tuple[str, int, int]]:
    """Cheapest edit script over normalised names: (operation, position in a, position in b),
    with operations "=x", "x→y", "-x" (delete from a) and "+y" (insert from b)."""
    d = _table(na, nb)
    steps: list[tuple[str, int, int]] = []
    i, j = len(na), len(nb)
    while i > 0 or j > 0:
        here = d[i][j]
        if i and j and abs(d[i - 1][j - 1] + _sub_cost(na[i - 1], nb[j - 1]) - here) < 1e-9:
            same = na[i - 1] == nb[j - 1]
            steps.append((f"={na[i - 1]}" if same else f"{na[i - 1]}→{nb[j - 1]}", i - 1, j - 1))
            i, j = i - 1, j - 1
            continue
        rule = next(
            (
                (x, y)
                for x, y, c in (_RULES.get(na[i - 1], ()) if i else ())
                if len(x) <= i
                and len(y) <= j
                and na[i - len(x) : i] == x
                and nb[j - len(y) : j] == y
                and abs(d[i - len(x)][j - len(y)] + c - here) < 1e-9
            ),
            None,
        )
        if rule is not None:
            i, j = i - len(rule[0]), j - len(rule[1])
            steps.append((f"{rule[0]}→{rule[1]}", i, j))
        elif i and abs(d[i - 1][j] + _indel_cost(na, i - 1) - here) < 1e-9:
            i -= 1
            steps.append((f"-{na[i]}", i, j))
        else:
            j -= 1
            steps.append((f"+{nb[j]}", i, j))
    steps.reverse()
    return steps


def edit_operations(a: str, b: str) -> list[str]:
    """The cheapest edits turning `a` into `b`, for explanations: ["V→B"], ["-R"], ["CH→J"]."""
    steps = _alignment(normalise_name(a), normalise_name(b))
    return [op.upper() for op, _, _ in steps if op[0] != "=" and op not in ("- ", "+ ")]


def changes_onset(a: str, b: str) -> bool:
    """True when turning `a` into `b` adds or drops a letter at the start of a word.

    Transliteration swaps sounds (Vaker/Baker) but rarely grows or loses a word's first letter;
    when it does, the names are usually different ones: O'Sullivan/Sullivan, Adams/Dams.
    """
    na, nb = normalise_name(a), normalise_name(b)
    for op, i, j in _alignment(na, nb):
        if op[0] == "-" and op != "- " and (i == 0 or na[i - 1] == " "):
            return True
        if op[0] == "+" and op != "+ " and (j == 0 or nb[j - 1] == " "):
            return True
    return False


# --- phonetic key --------------------------------------------------------------------------

_KEY_DIGRAPHS = (
    ("tch", "J"),
    ("chs", "KS"),
    ("sch", "S"),
    ("ch", "J"),
    ("zh", "J"),
    ("sh", "S"),
    ("ph", "B"),
    ("th", "T"),
    ("ck", "K"),
    ("kh", "K"),
    ("qu", "K"),
    ("x", "KS"),
)
_KEY_LETTERS = str.maketrans(
    {
        **dict.fromkeys("bvpf", "B"),
        **dict.fromkeys("rl", "R"),
        **dict.fromkeys("sz", "S"),
        **dict.fromkeys("kgq", "K"),
        **dict.fromkeys("dt", "T"),
        "j": "J",
        "m": "M",
        "n": "N",
        **dict.fromkeys("aeiouyhw", ""),
    }
)
_SOFT_C = re.compile(r"c(?=[eiy])")


@lru_cache(maxsize=65536)
def phonetic_key(name: str) -> str:
    """Consonant skeleton that folds the classes transliteration confuses.

    b/v/p/f, r/l, s/z, c/k/q/g and d/t each become one symbol and vowels vanish, so "Baker" and
    "Vaker" share the key "BKR" (Metaphone gives BKR/FKR, Soundex B260/V260).
    """
    words = []
    for word in normalise_name(name).split():
        for src, dst in _KEY_DIGRAPHS:
            word = word.replace(src, dst)
        word = _SOFT_C.sub("S", word).replace("c", "K").translate(_KEY_LETTERS)
        collapsed = "".join(ch for k, ch in enumerate(word) if k == 0 or ch != word[k - 1])
        words.append(collapsed)
    return " ".join(w for w in words if w)


def name_similarity(a: str, b: str) -> float:
    """0..1 similarity: 3/4 from the weighted edit distance, 1/4 from the phonetic keys."""
    distance = translit_distance(a, b)
    if distance == 0.0:
        return 1.0
    ka, kb = phonetic_key(a).replace(" ", ""), phonetic_key(b).replace(" ", "")
    if not ka and not kb:
        return 1.0 - distance
    return 0.75 * (1.0 - distance) + 0.25 * Levenshtein.normalized_similarity(ka, kb)


PREFILTER_CELLS = 4_000_000  # Jaro-Winkler matrix cells computed at a time (16 MB of float32)


def similar_pairs(
    left: Sequence[str],
    right: Sequence[str] | None = None,
    threshold: float = 0.8,
    prefilter: float = 0.7,
    *,
    max_cells: int = PREFILTER_CELLS,
    only: Collection[int] | None = None,
) -> list[tuple[int, int, float]]:
    """Index pairs (i, j, similarity) with name_similarity >= threshold, best first.

    With `right` None, pairs are taken within `left` (i < j). Candidates come from a rapidfuzz
    Jaro-Winkler matrix with `score_cutoff=prefilter` plus names sharing a phonetic key, so the
    Python edit distance runs on a small fraction of all pairs; `prefilter` <= 0 scores all.
    The matrix is computed a block of rows at a time (at most `max_cells` cells): the distinct
    name words of 20,000 articles would make one dense matrix of gigabytes. `only` (indexes of
    `left`, with `right` None): just the pairs with one of them, exactly those of the whole
    result, at the cost of their rows and columns of the matrix (a caller that asks about a
    few names of many).
    """
    same = right is None
    other: Sequence[str] = left if right is None else right
    if not left or not other:
        return []
    if only is not None and not same:
        raise ValueError("`only` is for pairs within one list")
    norm_left = [normalise_name(s) for s in left]
    norm_right = norm_left if same else [normalise_name(s) for s in other]
    if prefilter <= 0:
        candidates = {(i, j) for i in range(len(left)) for j in range(len(other))}
    elif only is None:
        candidates = _prefiltered(norm_left, norm_right, prefilter, max_cells)
    else:
        # the matrix entry (i, j) with i < j decides a pair, as in the whole matrix: the rows
        # of `only` give its pairs with later names, its columns those with earlier ones
        rows = sorted(set(only))
        candidates = {
            (rows[i], j)
            for i, j in _prefiltered([norm_left[r] for r in rows], norm_right, prefilter, max_cells)
        }
        candidates |= {
            (i, rows[j])
            for i, j in _prefiltered(norm_left, [norm_right[r] for r in rows], prefilter, max_cells)
        }
    by_key: dict[str, list[int]] = defaultdict(list)
    for j, s in enumerate(other):
        key = phonetic_key(s)
        if key:
            by_key[key].append(j)
    for i, s in enumerate(left):
        for j in by_key.get(phonetic_key(s), ()) if phonetic_key(s) else ():
            candidates.add((i, j))
    if only is not None:
        wanted = set(only)
        candidates = {(i, j) for i, j in candidates if i in wanted or j in wanted}
    result = []
    for i, j in candidates:
        if same and i >= j:
            continue
        score = name_similarity(left[i], other[j])
        if score >= threshold:
            result.append((i, j, score))
    result.sort(key=lambda t: (-t[2], t[0], t[1]))
    return result


def _prefiltered(
    left: Sequence[str], right: Sequence[str], cutoff: float, max_cells: int
) -> set[tuple[int, int]]:
    """Index pairs whose Jaro-Winkler similarity reaches `cutoff`, a block of rows at a time."""
    out: set[tuple[int, int]] = set()
    if not left or not right:
        return out
    step = max(1, max_cells // len(right))
    for start in range(0, len(left), step):
        matrix = process.cdist(
            left[start : start + step],
            right,
            scorer=JaroWinkler.normalized_similarity,
            processor=None,
            score_cutoff=cutoff,
            workers=-1,
        )
        rows, cols = matrix.nonzero()
        out.update((start + int(i), int(j)) for i, j in zip(rows, cols, strict=True))
    return out
