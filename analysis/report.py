"""Render an export as JSON, CSV, Markdown or schema.org ClaimReview. Pure: rows in, text out."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from analysis.exporting import ExportData
from store.rows import FlagRow

VERDICTS = {
    "corroborated": ("Corroborated", 5),
    "unverifiable": ("Unverifiable", 3),
    "disputed": ("Disputed", 2),
    "false": ("False", 1),
}


def _flag_dict(f: FlagRow, file_names: dict[int, str | None], notes: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f.fingerprint,
        "kind": f.kind,
        "detector": f.detector,
        "article": f.article_id,
        "file": file_names.get(f.article_id),
        "source": f.source,
        "quote": f.quote,
        "start": f.start,
        "end": f.end,
        "suggestion": f.suggestion,
        "confidence": round(f.confidence, 3),
        "explanation": f.explanation,
        "status": f.status,
        "correction": f.correction,
        "decided_by": f.decided_by,
        "evidence": f.evidence_dict,
        "notes": notes,
    }
    if f.kind == "contradiction" and f.other_article_id is not None:
        out["slot"] = f.slot
        out["sides"] = [
            {"article": f.article_id, "file": file_names.get(f.article_id), "source": f.source,
             "quote": f.quote, "start": f.start, "end": f.end},
            {"article": f.other_article_id, "file": file_names.get(f.other_article_id),
             "source": f.other_source, "quote": f.other_quote, "start": f.other_start,
             "end": f.other_end},
        ]  # fmt: skip
    return out


def to_dict(data: ExportData) -> dict[str, Any]:
    file_names = {a.id: a.file_name for a in data.articles}
    return {
        "generated_at": data.generated_at,
        "articles": [
            {
                "id": a.id, "file": a.file_name, "path": a.path, "source": a.source,
                "title": a.title, "url": a.url, "published": a.published,
                "language": a.language, "translated": bool(a.translated),
                "translation_note": a.translation_note,
                "garble_score": None if a.garble is None else round(a.garble, 3),
                "words": a.word_count, "sentences": a.sentence_count, "sha256": a.sha256,
            }
            for a in data.articles
        ],
        "clusters": [
            {
                "id": c.id, "label": c.label, "sources": c.n_sources,
                "conflicts": c.conflicts,
                "members": [
                    {"article": m.article_id, "file": file_names.get(m.article_id),
                     "source": m.source, "sentence": m.idx, "text": m.text, "start": m.start,
                     "end": m.end, "similarity": round(m.similarity, 3),
                     "claim_status": m.claim_status,
                     "notes": data.notes.get(("claim", m.claim_key), [])}
                    for m in members
                ],
            }
            for c, members in data.clusters
        ],
        "flags": [
            _flag_dict(f, file_names, data.notes.get(("flag", f.fingerprint), []))
            for f in data.flags
        ],
        "sources": [
            {
                "name": s.name, "score": round(s.score, 3),
                "interval_90": [round(s.low, 3), round(s.high, 3)],
                "corroborated_claims": s.corroborated, "contradicted_claims": s.contradicted,
                "flags": s.flags, "flags_per_1000_words": round(s.flags_per_1000_words, 2),
                "confirmed_flag_share": s.confirmed_share,
                "machine_translated": s.machine_translated,
            }
            for s in data.scores
        ],
    }  # fmt: skip


def to_json(data: ExportData) -> str:
    return json.dumps(to_dict(data), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = [
    "table", "id", "kind", "status", "source", "file", "article", "sentence", "start", "end",
    "quote", "suggestion", "confidence", "explanation", "other_source", "other_quote",
    "cluster", "similarity", "score", "low", "high", "notes",
]  # fmt: skip


def to_csv(data: ExportData) -> str:
    """One long table; the `table` column says whether a row is a source, claim or flag."""
    d = to_dict(data)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for s in d["sources"]:
        writer.writerow({"table": "source", "source": s["name"], "score": s["score"],
                         "low": s["interval_90"][0], "high": s["interval_90"][1]})  # fmt: skip
    for c in d["clusters"]:
        for m in c["members"]:
            writer.writerow({
                "table": "claim", "id": c["id"], "cluster": c["label"], "status": m["claim_status"],
                "source": m["source"], "file": m["file"], "article": m["article"],
                "sentence": m["sentence"], "start": m["start"], "end": m["end"], "quote": m["text"],
                "similarity": m["similarity"], "notes": " | ".join(m["notes"]),
            })  # fmt: skip
    for f in d["flags"]:
        other = f.get("sides", [{}, {}])[1]
        writer.writerow({
            **{k: f.get(k) for k in CSV_COLUMNS if k in f},
            "table": "flag", "other_source": other.get("source"), "other_quote": other.get("quote"),
            "notes": " | ".join(f["notes"]),
        })  # fmt: skip
    return buf.getvalue()


def _md_cell(text: Any) -> str:
    return str("" if text is None else text).replace("|", "\\|").replace("\n", " ")


def to_markdown(data: ExportData) -> str:
    d = to_dict(data)
    lines = ["# Corroborator report", "", f"Generated {d['generated_at']}.", ""]
    lines += ["## Sources", "", "| source | score | 90 % interval | corroborated | contradicted |"
              " flags / 1000 words | MT |", "|---|---|---|---|---|---|---|"]  # fmt: skip
    for s in d["sources"]:
        lines.append(
            f"| {_md_cell(s['name'])} | {s['score']:.2f} | {s['interval_90'][0]:.2f}–"
            f"{s['interval_90'][1]:.2f} | {s['corroborated_claims']} | {s['contradicted_claims']}"
            f" | {s['flags_per_1000_words']:.1f} | {'yes' if s['machine_translated'] else ''} |"
        )
    contradictions = [f for f in d["flags"] if f["kind"] == "contradiction"]
    if contradictions:
        lines += ["", "## Contradictions", ""]
        for f in contradictions:
            a, b = f["sides"]
            lines.append(
                f"- **{f['slot']}** ({f['status']}): {a['source']} says “{a['quote']}”, "
                f"{b['source']} says “{b['quote']}”. {f['explanation']}"
            )
    others = [f for f in d["flags"] if f["kind"] != "contradiction"]
    if others:
        lines += ["", "## Other flags", "", "| kind | source | quote | suggestion | status |"
                  " explanation |", "|---|---|---|---|---|---|"]  # fmt: skip
        for f in others:
            lines.append(
                f"| {f['kind']} | {_md_cell(f['source'])} | {_md_cell(f['quote'])} |"
                f" {_md_cell(f['correction'] or f['suggestion'])} | {f['status']} |"
                f" {_md_cell(f['explanation'])} |"
            )
    multi = [c for c in d["clusters"] if c["sources"] > 1]
    if multi:
        lines += ["", "## Claims reported by several sources", ""]
        for c in multi:
            lines.append(f"### {_md_cell(c['label'])}")
            lines += [f"- {m['source']}: {m['text']}" for m in c["members"]]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_claimreview(data: ExportData) -> str:
    """One schema.org ClaimReview per claim the reviewer gave a verdict."""
    by_article = {a.id: a for a in data.articles}
    cluster_of: dict[str, list[Any]] = {}
    for _, members in data.clusters:
        for m in members:
            cluster_of[m.claim_key] = members
    reviews = []
    for decision in data.claim_decisions:
        if decision.decision not in VERDICTS:
            continue
        members = cluster_of.get(decision.target, [])
        claim_text = next((m.text for m in members if m.claim_key == decision.target), None)
        if claim_text is None:
            continue
        verdict, value = VERDICTS[decision.decision]
        appearances: list[dict[str, Any]] = []
        for m in members:
            art = by_article[m.article_id]
            appearances.append(
                {"@type": "CreativeWork",
                 "url": art.url or f"urn:corroborator:article:{art.sha256}",
                 "headline": art.title, "datePublished": art.published,
                 "publisher": {"@type": "Organization", "name": m.source}}
            )  # fmt: skip
        dated = sorted(
            (a for a in appearances if a["datePublished"]), key=lambda a: str(a["datePublished"])
        )
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": _short_claim(claim_text),
            "url": f"urn:corroborator:claim:{decision.target}",
            "datePublished": decision.at[:10],
            "author": {"@type": "Person", "name": decision.reviewer},
            "reviewRating": {
                "@type": "Rating", "alternateName": verdict, "ratingValue": value,
                "bestRating": 5, "worstRating": 1,
                "ratingExplanation": decision.note or f"{verdict} by a reviewer comparing "
                f"{len(members)} reports from {len({m.source for m in members})} sources.",
            },
            "itemReviewed": {
                "@type": "Claim",
                "appearance": appearances,
                "firstAppearance": dated[0] if dated else (appearances[0] if appearances else None),
                "datePublished": dated[0]["datePublished"] if dated else None,
            },
        })  # fmt: skip
    return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"


def _short_claim(text: str) -> str:
    """ClaimReview wants claimReviewed under 75 characters: cut at a word boundary."""
    if len(text) < 75:
        return text
    return text[:72].rsplit(" ", 1)[0].rstrip(",;:") + " …"


RENDERERS = {"json": to_json, "csv": to_csv, "md": to_markdown, "claimreview": to_claimreview}


def render(data: ExportData, fmt: str) -> str:
    return RENDERERS[fmt](data)
