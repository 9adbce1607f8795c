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
"""

from __future__ import annotations

import re
from collections.abc import Callable

from analysis.align import label_for
from analysis.claim_units import split_units
from analysis.clause_view import member_spans, quoted
from analysis.model import ClusterDraft

ELLIPSIS = "…"
_COORDINATOR = re.compile(r"^(?:and\s+then|but\s+also|and|but|yet|so|or)\s+", re.IGNORECASE)


def clause_label(text: str, unit: str | None) -> str | None:
    """The words a claim held by clause `unit` of sentence `text` is labelled with, uncut (see
    the module docstring); None when the clause opens the sentence in one piece, or is not one
    of the sentence's clauses (the whole sentence or align's label serves)."""
    if unit is None:
        return None
    wanted = " ".join(unit.split())
    found = next((u for u in split_units(text) if u.text == wanted), None)
    if found is None:
        return None
    spans = member_spans(text, unit) or found.spans
    words = quoted(text, spans)
    if text[: spans[0][0]].strip():
        words = f"{ELLIPSIS} {_COORDINATOR.sub('', words, count=1)}"
    elif words == wanted:
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
