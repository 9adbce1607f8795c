"""Render an export as JSON, CSV, Markdown or schema.org ClaimReview. Pure: rows in, text out."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from analysis.claim_summary import summarise_claim
from analysis.evidence_text import evidence_lines
from analysis.exporting import (
    ExportData,
    ReviewedClaim,
    claim_notes,
    reviewed_claims,
)
from analysis.scoring import EvidenceItem
from store.rows import ArticleRow, FlagRow, MemberRow
from store.verdicts import short_name

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
        "detected": f.detected,  # False: kept for its decision, the latest analysis lost it
        "evidence_changed": bool(f.evidence_changed),  # its article was edited since found
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
                "id": c.id, "key": c.key, "name": c.name, "label": c.label,
                "sources": c.n_sources,
                "tier": _cluster_tier(members), "conflicts": c.conflicts,
                "members": [
                    {"article": m.article_id, "file": file_names.get(m.article_id),
                     "claim": m.claim_key,
                     "source": m.source, "sentence": m.idx, "text": m.text, "start": m.start,
                     "end": m.end, "similarity": round(m.similarity, 3),
                     "tier": m.tier, "copy_of": _copy_name(m, file_names),
                     "edit": m.edit, "edited_by": m.edited_by, "unit": m.unit,
                     "claim_status": m.claim_status,
                     "notes": claim_notes(data, c.name, m.claim_key)}
                    for m in members
                ],
            }
            for c, members in data.clusters
        ],
        "flags": [
            _flag_dict(f, file_names, data.notes.get(("flag", f.fingerprint), []))
            for f in data.flags
        ],
        "lost_verdicts": [  # the sentence changed or is gone since the verdict: kept, shown
            {"claim": v.target, "verdict": v.decision, "reviewer": v.reviewer, "at": v.at,
             "text": v.value, "in_claim": data.lost_in.get(v.id),
             "notes": ([v.note] if v.note else []) + data.notes.get(("claim", v.target), [])}
            for v in data.lost_verdicts
        ],
        "sources": [
            {
                "name": s.name, "score": round(s.score, 3),
                "interval_90": [round(s.low, 3), round(s.high, 3)],
                "corroborated_claims": s.corroborated, "contradicted_claims": s.contradicted,
                "flags": s.flags, "flags_per_1000_words": round(s.flags_per_1000_words, 2),
                "confirmed_flag_share": s.confirmed_share,
                "machine_translated": s.machine_translated,
                "translation_errors": s.translation_errors,
                "translation_errors_per_1000_words": (
                    None if s.translation_errors_per_1000_words is None
                    else round(s.translation_errors_per_1000_words, 2)
                ),
                "words": s.words,
                "evidence": [_evidence_dict(e) for e in s.evidence],
            }
            for s in data.scores
        ],
    }  # fmt: skip


def _evidence_dict(e: EvidenceItem) -> dict[str, Any]:
    return {
        "figure": e.figure, "weight": e.weight, "reason": e.reason, e.target_type: e.target,
        "article": e.article_id, "start": e.start, "end": e.end, "quote": e.quote,
    }  # fmt: skip


def to_json(data: ExportData) -> str:
    return json.dumps(to_dict(data), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = [
    "table", "id", "kind", "status", "source", "file", "article", "sentence", "start", "end",
    "quote", "suggestion", "confidence", "explanation", "other_source", "other_quote",
    "cluster", "similarity", "score", "low", "high", "notes", "detected",
]  # fmt: skip


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet will show, never evaluate: OWASP's CSV-injection advice is to
    prefix a cell starting with = + - @ tab or CR with a single quote. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _FormulaSafeWriter(csv.DictWriter):  # type: ignore[type-arg]
    def writerow(self, rowdict: Any) -> Any:
        return super().writerow({k: csv_cell(v) for k, v in rowdict.items()})


def to_csv(data: ExportData) -> str:
    """One long table; the `table` column says whether a row is a source, claim or flag."""
    d = to_dict(data)
    buf = io.StringIO()
    writer = _FormulaSafeWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for s in d["sources"]:
        writer.writerow({"table": "source", "source": s["name"], "score": s["score"],
                         "low": s["interval_90"][0], "high": s["interval_90"][1]})  # fmt: skip
        for e in s["evidence"]:
            writer.writerow({
                "table": "evidence", "source": s["name"], "kind": e["figure"],
                "id": e.get("claim") or e.get("flag"), "score": e["weight"],
                "article": e["article"], "start": e["start"], "end": e["end"],
                "quote": e["quote"], "explanation": e["reason"],
            })  # fmt: skip
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


def _md_text(text: str) -> str:
    """Text for a Markdown paragraph or list item: one line, no accidental markup."""
    flat = " ".join(str(text).split())
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", flat)


def _md_piece(text: str) -> str:
    """`_md_text` for part of a line: the spaces at its ends are kept."""
    head = " " if text[:1].isspace() else ""
    tail = " " if text[-1:].isspace() and text.strip() else ""
    return head + _md_text(text) + tail


def _md_evidence(flag: FlagRow) -> list[str]:
    """A flag's evidence as Markdown sentences, the highlighted spans in bold."""
    out = []
    for line in evidence_lines(flag.kind, flag.evidence_dict, _quotes(flag)):
        pieces, pos = [], 0
        for a, b in line.marks:
            if a < pos:
                continue
            pieces += [_md_piece(line.text[pos:a]), f"**{_md_text(line.text[a:b])}**"]
            pos = b
        pieces.append(_md_piece(line.text[pos:]))
        out.append("".join(pieces).strip())
    return out


def _quotes(flag: FlagRow) -> list[str]:
    return [q for q in (flag.quote, flag.other_quote) if q]


def _names(members: list[MemberRow]) -> str:
    return ", ".join(dict.fromkeys(m.source for m in members)) or "no other source"


def _md_claim(rc: ReviewedClaim) -> list[str]:
    verdict = VERDICTS[rc.decision.decision or ""][0]
    lines = [f"### {verdict}: {_md_text(summarise_claim(rc.claim.text))}", ""]
    lines.append(f"> {_md_text(rc.claim.text)} ({_md_text(rc.claim.source)})")
    lines.append("")
    lines.append(
        f"- **Verdict:** {verdict}, by {_md_text(rc.decision.reviewer)} on {rc.decision.at[:10]}."
    )
    lines.append(f"- **Says so:** {_md_text(_names([rc.claim, *rc.agree]))}.")
    if rc.disagree:
        said = "; ".join(f"{m.source}: “{m.text}”" for m in rc.disagree)
        lines.append(f"- **Says otherwise:** {_md_text(said)}")
    else:
        lines.append("- **Says otherwise:** no source in this cluster.")
    contested = {m.claim_key for m in rc.contested}
    for f in rc.conflicts:
        if f.claim_key in contested:
            said = f"{f.source} says “{f.quote}”, {f.other_source} says “{f.other_quote}”"
            lines.append(f"- **Disputed between other sources ({f.slot}):** {_md_text(said)}.")
    for f in rc.flags:
        status = f" ({f.status})" if f.status != "open" else " (not yet decided)"
        lines.append(f"- **Evidence — {KIND_NAMES.get(f.kind, f.kind)}{status}:** "
                     f"{_md_text(f.explanation)}")  # fmt: skip
        lines += [f"  - {e}" for e in _md_evidence(f)]
    for note in rc.notes:
        lines.append(f"- **Reviewer's note:** {_md_text(note)}")
    return [*lines, ""]


KIND_NAMES = {
    "contradiction": "contradiction",
    "name_variant": "name spelling",
    "unverified_name": "unverified name",
    "translation_artifact": "translation artifact",
    "page_residue": "page residue",
}


def _source_reasons(s: dict[str, Any]) -> str:
    """Why a source scores what it does, in words, from the items the score used."""
    items = [e for e in s["evidence"] if e["figure"] == "reliability"]
    plus = sum(e["weight"] for e in items if e["weight"] > 0)
    minus = -sum(e["weight"] for e in items if e["weight"] < 0)
    parts = [
        f"{s['corroborated_claims']} claims corroborated by another outlet or the reviewer"
        f" (+{plus:g})",
        f"{s['contradicted_claims'] + sum(1 for e in items if 'flag' in e)} items against"
        f" (−{minus:g})",
    ]
    if s["machine_translated"]:
        parts.append(
            f"machine-translated: {s['translation_errors']} confirmed translation errors"
            f" ({s['translation_errors_per_1000_words']:.1f} per 1,000 words), not counted"
            " against its reporting"
        )
    return "; ".join(parts)


def _md_evidence_items(sources: list[dict[str, Any]]) -> list[str]:
    """Each source's counted items with their weights and the claim or flag they come from."""
    lines = ["", "### Evidence behind the scores", ""]
    for s in sources:
        lines.append(f"**{_md_text(s['name'])}**" + ("" if s["evidence"] else ": no evidence yet"))
        lines.append("")
        for e in s["evidence"]:
            weight = f"{e['weight']:+g}" if e["figure"] == "reliability" else "1 error"
            ref = f"claim {e['claim'][:12]}" if "claim" in e else f"flag {e['flag'][:12]}"
            quote = _md_text(e["quote"])
            lines.append(f"- {e['figure']} {weight} ({ref}): {_md_text(e['reason'])}: “{quote}”")
        if s["evidence"]:
            lines.append("")
    return lines


def _md_flag_line(f: FlagRow, notes: list[str]) -> str:
    who = f" by {f.decided_by}" if f.decided_by else ""
    if f.kind == "contradiction" and f.other_source:
        what = f"{f.source} says “{f.quote}”; {f.other_source} says “{f.other_quote}”"
    else:
        fix = f.correction or f.suggestion
        what = f"{f.source} wrote “{f.quote}”" + (f"; should read “{fix}”" if fix else "")
    gone = f", {f.presence}" if f.presence else ""
    line = f"- **{KIND_NAMES.get(f.kind, f.kind)}, {f.status}{who}{gone}:** {_md_text(what)}."
    return line + "".join(f" *Note:* {_md_text(n)}" for n in notes)


def _lost_place(name: str | None, labels: dict[str, str]) -> str:
    """Where the review screens show a verdict on text changed since (ExportData.lost_in)."""
    if name is None:
        return "under no claim: none holds its words now"
    return f"shown under claim {short_name(name)} “{_md_text(labels.get(name, ''))}”"


def to_markdown(data: ExportData) -> str:
    """A report an editor can paste into a correction note: verdicts with their sources on each
    side, the evidence and the reviewer's notes; each source's score and why; decided flags."""
    d = to_dict(data)
    decided = [f for f in data.flags if f.status != "open"]
    reviewed = reviewed_claims(data)
    lost = d["lost_verdicts"]
    lines = ["# Corroborator report", ""]
    lines.append(
        f"Generated {d['generated_at']} from {len(data.articles)} articles by"
        f" {len(data.scores)} sources: {len(reviewed)} claims given a verdict,"
        f" {len(decided)} of {len(data.flags)} flags decided."
        + (f" {len(lost)} verdict{' is on a sentence' if len(lost) == 1 else 's are on sentences'}"
           " that changed since (listed below the verdicts)." if lost else "")
    )  # fmt: skip
    lines.append("")
    if reviewed:
        lines += ["## Verdicts", ""]
        for rc in reviewed:
            lines += _md_claim(rc)
    if lost:
        lines += [
            "## Verdicts on sentences that changed since",
            "",
            "The article was edited (or the latest analysis no longer finds the sentence);"
            " the verdict is kept and shown with the sentence as it was.",
            "",
        ]
        labels = {c.name: c.label for c, _ in data.clusters}
        for v in lost:
            said = _md_text(v["text"]) if v["text"] else "(sentence not recorded)"
            notes = "".join(f" *Note:* {_md_text(n)}" for n in v["notes"])
            lines.append(f"- **{VERDICTS[v['verdict']][0]}, by {_md_text(v['reviewer'])} on"
                         f" {v['at'][:10]}:** “{said}” ({_lost_place(v['in_claim'], labels)})"
                         f"{notes}")  # fmt: skip
        lines.append("")
    lines += ["## Sources", "", "| source | score | 90 % interval | why |", "|---|---|---|---|"]
    for s in d["sources"]:
        lines.append(
            f"| {_md_cell(s['name'])} | {s['score']:.2f} | {s['interval_90'][0]:.2f}–"
            f"{s['interval_90'][1]:.2f} | {_md_cell(_source_reasons(s))} |"
        )
    lines += _md_evidence_items(d["sources"])
    if decided:
        lines += ["", "## Decided flags", ""]
        lines += [_md_flag_line(f, data.notes.get(("flag", f.fingerprint), [])) for f in decided]
    contradictions = [
        f for f in d["flags"] if f["kind"] == "contradiction" and f["status"] == "open"
    ]
    if contradictions:
        lines += ["", "## Contradictions not yet decided", ""]
        for f in contradictions:
            a, b = f["sides"]
            said = f"{a['source']} says “{a['quote']}”, {b['source']} says “{b['quote']}”."
            lines.append(f"- **{f['slot']}**: {_md_text(said)} {_md_text(f['explanation'])}")
    others = [f for f in d["flags"] if f["kind"] != "contradiction" and f["status"] == "open"]
    if others:
        lines += ["", "## Other flags not yet decided", "", "| kind | source | quote | suggestion |"
                  " explanation |", "|---|---|---|---|---|"]  # fmt: skip
        for f in others:
            lines.append(
                f"| {f['kind']} | {_md_cell(f['source'])} | {_md_cell(f['quote'])} |"
                f" {_md_cell(f['suggestion'])} | {_md_cell(f['explanation'])} |"
            )
    multi = [c for c in d["clusters"] if c["sources"] > 1]
    if multi:
        lines += ["", "## Claims reported by several sources", ""]
        for c in multi:
            lines.append(f"### {_md_text(c['label'])}")
            lines += [f"- {_md_text(m['source'])}: {_md_text(m['text'])}" for m in c["members"]]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_claimreview(data: ExportData, base_url: str | None = None) -> str:
    """One schema.org ClaimReview per claim the reviewer gave a verdict.

    `claimReviewed` is a summary under 75 characters that reads as a whole; the Claim's `text`
    is the full sentence; `appearance` lists only the articles whose sentence states the claim
    and agrees with it; `reviewBody` is the reviewer's notes. Nothing unknown is written as
    null: it is left out. `url` and `@id` need the page the fact check will be published on
    (`base_url`); without it they are left out too."""
    by_article = {a.id: a for a in data.articles}
    reviews = []
    for rc in reviewed_claims(data):
        verdict, value = VERDICTS[rc.decision.decision or ""]
        stating = [rc.claim, *rc.agree]  # sentences: an article may state it twice
        articles = list(dict.fromkeys(m.article_id for m in stating))
        sources = {m.source for m in stating}
        appearances = [
            _appearance(by_article[a], next(m.source for m in stating if m.article_id == a))
            for a in articles
        ]
        dated = sorted((a for a in appearances if "datePublished" in a),
                       key=lambda a: str(a["datePublished"]))  # fmt: skip
        claim: dict[str, Any] = {
            "@type": "Claim",
            "text": rc.claim.text,
            "author": {"@type": "Organization", "name": rc.claim.source},
            "appearance": appearances,
        }
        if dated:
            claim["firstAppearance"] = dated[0]
            claim["datePublished"] = dated[0]["datePublished"]
        against = {m.source for m in rc.disagree} - sources
        n_sources = len(sources | {m.source for m in rc.disagree + rc.contested})
        review: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
        if base_url:
            anchor = f"{base_url.rstrip('#')}#claim-{rc.claim.claim_key[:16]}"
            review["@id"] = anchor
            review["url"] = anchor
        review.update({
            "claimReviewed": summarise_claim(rc.claim.text),
            "datePublished": rc.decision.at[:10],
            "author": {"@type": "Person", "name": rc.decision.reviewer},
            "reviewRating": {
                "@type": "Rating", "alternateName": verdict, "ratingValue": value,
                "bestRating": 5, "worstRating": 1,
                "ratingExplanation": f"{verdict}: {len(sources)} of {n_sources} sources"
                f" state it, {len(against)} {'says' if len(against) == 1 else 'say'}"
                " otherwise.",
            },
            "itemReviewed": claim,
        })  # fmt: skip
        if rc.notes:
            review["reviewBody"] = "\n\n".join(rc.notes)
        reviews.append(review)
    return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"


def _appearance(article: ArticleRow, source: str) -> dict[str, Any]:
    """An article as a schema.org NewsArticle, with only the fields that are known."""
    out: dict[str, Any] = {"@type": "NewsArticle"}
    if article.url:
        out["url"] = article.url
    if article.title:
        out["headline"] = article.title
    if article.published:
        out["datePublished"] = article.published
    out["publisher"] = {"@type": "Organization", "name": source}
    return out


RENDERERS = {"json": to_json, "csv": to_csv, "md": to_markdown, "claimreview": to_claimreview}


def render(data: ExportData, fmt: str, *, base_url: str | None = None) -> str:
    """The export in `fmt`; `base_url` is where the fact checks will be published (ClaimReview
    `url` / `@id`)."""
    if fmt == "claimreview":
        return to_claimreview(data, base_url)
    return RENDERERS[fmt](data)


def _cluster_tier(members: list[MemberRow]) -> str:
    """same_claim when members of two articles state the claim; possible otherwise."""
    same = {m.copy_of or m.article_id for m in members if m.tier == "same_claim"}
    return "same_claim" if len(same) >= 2 else "possible"


def _copy_name(member: MemberRow, file_names: dict[int, str | None]) -> str | None:
    """The file (else the outlet) of the article this member's article republishes."""
    if member.copy_of is None:
        return None
    return file_names.get(member.copy_of) or member.copy_of_source
