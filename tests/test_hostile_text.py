"""Hostile text stays linear: an overlong token is one residue span no detector reads, a line with
no sentence end is cut at blanks, and every detector gets through 100 kB of each hostile shape
(bench/soak_inputs.py times them; here a generous guard only catches a catastrophic case)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from analysis.model import ArticleText
from analysis.residue import OVERLONG, residue_flags
from analysis.segment import MAX_SENTENCE_CHARS, MAX_TOKEN_CHARS, segment_with_hits
from bench.soak_inputs import GUARD_SHAPES, hostile_text

ROOT = Path(__file__).resolve().parent.parent


def test_an_overlong_token_is_one_residue_span_between_readable_sentences() -> None:
    blob = "Zq" * 300_000
    text = f"The council met on Monday. It voted {blob} then. Ferries resume in May."
    spans, hits = segment_with_hits(text)
    assert [s.residue for s in spans] == [None, None, OVERLONG, None, None]
    assert [s.text for s in spans] == [
        "The council met on Monday.", "It voted", blob, "then.", "Ferries resume in May."
    ]  # fmt: skip
    assert all(text[s.start : s.end] == s.text for s in spans)
    (flag,) = residue_flags(ArticleText(1, "x", text), spans, hits=hits)
    assert flag.evidence["reason"] == OVERLONG and "600,000 characters" in flag.explanation


def test_a_token_at_the_bound_is_still_prose() -> None:
    word = "x" * MAX_TOKEN_CHARS
    spans, _ = segment_with_hits(f"See {word} here.")
    assert [s.residue for s in spans] == [None]


def test_a_line_without_sentence_ends_is_cut_at_blanks() -> None:
    text = "word " * 5000 + "end"
    spans, _ = segment_with_hits(text)
    assert len(spans) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in spans)
    assert all(s.text.startswith("word") and text[s.start : s.end] == s.text for s in spans)
    covered = "".join(s.text for s in spans).replace(" ", "")
    assert covered == text.replace(" ", "")  # nothing lost, nothing doubled


# Runs every detector on 100 kB of each shape in a child process; a shape that went quadratic
# takes many minutes there, so the generous bound fails it without timing anything finely.
_CHILD = """
import json, sys
from bench.soak_inputs import hostile_text, run_stages
for name in json.loads(sys.argv[1]):
    run_stages(hostile_text(name, 100_000))
    print(name, flush=True)
"""


def test_every_detector_gets_through_100_kb_of_each_hostile_shape() -> None:
    shapes = list(GUARD_SHAPES)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, json.dumps(shapes)],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    except subprocess.TimeoutExpired as err:
        finished = (err.stdout or b"").decode().split() if isinstance(err.stdout, bytes) else []
        stuck = shapes[len(finished)] if len(finished) < len(shapes) else "?"
        raise AssertionError(f"hostile shape {stuck!r} did not finish in 10 minutes") from None
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == shapes
    assert len(hostile_text("word", 100_000)) == 100_000
