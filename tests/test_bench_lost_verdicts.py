"""bench/tui_lost_verdicts: each old text made from a clustered sentence is counted once per
share, and a revised figure or two reworded words still find the sentence's own claim."""

from __future__ import annotations

from tui_fixtures import Built

from bench.tui_lost_verdicts import SHARES, _variants, measure


def test_variants_are_the_old_texts_a_revision_or_a_resplit_leaves() -> None:
    made = dict(
        _variants("The ferry carried 120 passengers; the crew of nine stayed aboard.", "X.")
    )
    assert made["joined"].endswith("aboard. X.")
    assert made["clause"] == "The ferry carried 120 passengers."
    assert "127 passengers" in made["figure"]
    assert made["gone"].startswith("The ferry")


def test_every_share_counts_every_old_text_and_edits_find_their_claim(built: Built) -> None:
    tally = measure([built.path])
    assert {"figure", "gone"} <= set(tally)
    for kind, by_share in tally.items():
        totals = {sum(by_share[str(s)].values()) for s in SHARES}
        assert len(totals) == 1, (kind, by_share)
    figure = tally["figure"]["0.5"]
    assert figure["right"] == sum(figure.values())  # one changed figure keeps the claim
    low, high = tally["gone"]["0.3"], tally["gone"]["0.7"]
    assert low["none"] + low["none_right"] <= high["none"] + high["none_right"]
