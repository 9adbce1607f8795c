"""The label a claim held by a clause is shown under (Claims list, exports, `claim show`).

analysis/align.py labels a claim with its central member's text, and for a member held by one of
its sentence's clauses (analysis/claim_items.py) that text is the bare clause: "and production
is scheduled to start in 2028." or "who has been in charge of the business." reads as a broken
fragment with no subject. The label here is what the claim compares instead
(analysis/clause_view.py): the clause with the words it inherits from its sentence (the subject
written once for two verbs, the words a "which" stands for), " … " where other words of the
sentence were left out, a leading "… " when the label starts inside the sentence (a plain
coordinating conjunction there dropped: the "…" already says it continues something), and no
trailing clause comma. A clause that opens its sentence and inherits nothing keeps align's label.

A claim's name may carry where its naming clause starts in its sentence (store.CLUSTER_NAME);
`unit_place` gives that place from the sentence's own split, which also places a clause a
relative clause was cut out of (its text is not in the sentence as written).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from analysis.align import label_for
from analysis.claim_units import Unit, split_units
from analysis.clause_view import member_spans, quoted
from analysis.model import ClusterDraft

ELLIPSIS = "…"
_COORDINATOR = re.compile(r"^(?:and\s+then|but\s+also|and|but|yet|so|or)\s+", re.IGNORECASE)


def _unit(text: str, unit: str) -> Unit | None:
    wanted = " ".join(unit.split())
    return next((u for u in split_units(text) if u.text == wanted), None)


def unit_place(text: str, unit: str | None) -> int | None:
    """1 + the offset of the first word of clause `unit` in sentence `text` (the 1-based place a
    search of the sentence for a one-piece clause gives); None for no clause or one not found."""
    found = None if unit is None else _unit(text, unit)
    if found is None:
        return None
    start, end = found.spans[0]
    return start + len(text[start:end]) - len(text[start:end].lstrip()) + 1


def clause_label(text: str, unit: str | None) -> str | None:
    """The words a claim held by clause `unit` of sentence `text` is labelled with, uncut (see
    the module docstring); None when the clause opens the sentence in one piece, or is not one
    of the sentence's clauses (the whole sentence or align's label serves)."""
    found = None if unit is None else _unit(text, unit)
    if found is None or unit is None:
        return None
    spans = member_spans(text, unit) or found.spans
    words = quoted(text, spans)
    if text[: spans[0][0]].strip():
        words = f"{ELLIPSIS} {_COORDINATOR.sub('', words, count=1)}"
    elif words == found.text:
        return None
    return words.rstrip(",; ")


def cluster_label(cluster: ClusterDraft, text_of: Callable[[int, int], str]) -> str:
    """`cluster`'s label, with its central member's clause read in its sentence when align
    labelled it by a bare clause; `text_of(article id, sentence idx)` gives a sentence's text.
    The central member is the clause member whose clause align's label quotes."""
    for m in cluster.members:
        if m.unit is None or label_for(m.unit) != cluster.label:
            continue
        better = clause_label(text_of(m.article_id, m.sentence_idx), m.unit)
        return label_for(better) if better else cluster.label
    return cluster.label
