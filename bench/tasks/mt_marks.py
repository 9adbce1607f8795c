"""Native articles the tool marks machine-translated (garble >= 0.5), with and without the story
prior (`analysis.mt_prior`): BBC-400 read as one corpus, and each ECB+ same-event cluster read as
its own corpus (held-out topics of the MT model separately: it trained on the rest).

A stress row gives what a native article risks in a story most of whose other outlets are
translated: each native article judged as if 3 of 5 other outlets carried explicit marks.
The per-article scores are computed as `pipeline.extract_article` does (explicit traces and the
style likelihood joined), without importing: marks are all this task counts.

Run: `.venv/bin/python -m bench.tasks.mt_marks`.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from analysis.artifacts import (
    ArticleText,
    detect_translation_artifacts,
    garble_score,
    scan_artifacts,
)
from analysis.mt_likelihood import article_mt_likelihood, on_garble_scale, shipped_model
from analysis.mt_prior import (
    ArticleEvidence,
    base_prior,
    story_garbles,
    story_prior,
    threshold_for,
)
from analysis.segment import segment_with_hits

MARKED = 0.5  # pipeline.GARBLE_THRESHOLD


def evidence(article_id: int, source: str, text: str) -> ArticleEvidence:
    """One article's style likelihood, explicit traces and joined score, read alone."""
    spans, _ = segment_with_hits(text)
    found = detect_translation_artifacts(
        ArticleText(article_id=0, source="", text=text), spans, scan=scan_artifacts(text, spans)
    )
    traces = garble_score(text, sentences=spans, flags=found)
    style = article_mt_likelihood(spans)
    garble = round(1.0 - (1.0 - traces) * (1.0 - on_garble_scale(style)), 3)
    return ArticleEvidence(article_id, source, style, traces, garble, traces >= MARKED)


def marks(corpora: Sequence[Sequence[ArticleEvidence]]) -> tuple[int, int, int, int]:
    """Articles; marked with the fixed threshold; with the story prior; in the stress case."""
    model = shipped_model()
    stress = threshold_for(story_prior(3, 5, base_prior(model)), model)
    n = fixed = prior = stressed = 0
    for items in corpora:
        out = story_garbles(items, MARKED, model)
        for a in items:
            n += 1
            fixed += a.garble >= MARKED
            prior += out[a.article_id] >= MARKED
            style = on_garble_scale(a.style, model, threshold=stress)
            stressed += 1.0 - (1.0 - a.traces) * (1.0 - style) >= MARKED
    return n, fixed, prior, stressed


def main() -> int:
    from bench.tasks.ecb_control import clusters
    from bench.tasks.native import sample_paths

    bbc = [[evidence(i, f"bbc{i}", p.read_text(errors="replace"))]
           for i, p in enumerate(sample_paths(400))]  # fmt: skip
    rows = {"BBC-400 (one corpus)": [[a for one in bbc for a in one]]}
    ecb = clusters()
    corpora = {n: [evidence(i, a.outlet, a.text) for i, a in enumerate(arts)]
               for n, arts in ecb.items()}  # fmt: skip
    rows["ECB+ (86 clusters)"] = list(corpora.values())
    rows["ECB+ held-out topics"] = [
        c for n, c in corpora.items() if zlib.crc32(f"ecb{n.split('_')[0]}".encode()) % 5 == 0
    ]
    for name, corpus in rows.items():
        n, fixed, prior, stressed = marks(corpus)
        print(f"{name}: {n} articles marked MT: fixed threshold {fixed}, story prior {prior}; "
              f"3 of 5 other outlets marked {stressed} ({stressed / max(n, 1):.3f})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
