"""bench.claim_misses: every inventory pair lands in exactly one bucket."""

from __future__ import annotations

from pathlib import Path

from bench.claim_misses import BUCKETS, EXTRA, buckets

HEADER = "Title: x\nOutlet: x\n---\n"
A = (
    "A storm flooded the harbour town of Keltby on Sunday, forcing 300 families from their homes. "
    "The council opened two shelters. Officials said repairs would take weeks."
)
B = (
    "About 300 families left their homes after a storm flooded the harbour town of Keltby on "
    "Sunday. A football match was postponed. The mayor thanked the volunteers."
)


def test_each_inventory_pair_lands_in_one_bucket(tmp_path: Path) -> None:
    story = tmp_path / "story"
    story.mkdir()
    (story / "01_one.txt").write_text(HEADER + A, encoding="utf-8")
    (story / "02_two.txt").write_text(HEADER + B, encoding="utf-8")
    inventory = {
        "tag_regex": r"(\d\d)_",
        "claims": [
            {"id": "flood", "members": [["01", "storm flooded"], ["02", "storm flooded"]]},
            {"id": "none", "members": [["01", "council opened"], ["02", "mayor thanked"]]},
            {"id": "gone", "members": [["01", "not in the text"], ["02", "football"]]},
        ],
    }
    counts = buckets(story, inventory)
    assert set(counts) == {*BUCKETS, EXTRA}
    assert sum(counts[b] for b in BUCKETS) == 3
    assert counts[EXTRA] <= counts["not_candidate"] + counts["below_gate"]
    assert counts["found"] == 1 and counts["unmapped"] == 1
