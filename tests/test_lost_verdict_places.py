"""Where a verdict on a sentence no claim holds now is shown: under the claim it was given in
while one bears that name, else under the claim of the sentence that really holds the old
sentence's words (the edited sentence, another outlet's telling), else under none, and then
said so. The Claims screen and the exports place each one by the same rule
(Store.lost_verdict_claims); before, the screen took any sentence sharing one word with it, and
the exports' `in_claim` was the name it was given under, which may be no claim's now."""

from __future__ import annotations

from textual.widgets import Static
from tui_fixtures import Built, async_test

from analysis.exporting import collect_export
from analysis.report import to_dict, to_markdown
from store import Store
from tui.app import ReviewApp
from tui.screens import ClaimsScreen

CLOSE = "Regulators in Rotterdam have not approved the merger."
"""Its words are nearly all in another sentence of its claim: placed there when it is gone."""
APART = "Marija Kowalenko, head of the company, said the deal to 30 % is financed by loans."
"""Only 'said' and 'deal' are in another clustered sentence: no claim holds its words."""


def _lose(store: Store, text: str) -> str:
    """The sentence `text` taken out of its claim by ben, then given a verdict by ana from the
    shell: in no claim, the verdict names none (as every verdict before claims were told apart
    does) and is placed by its words alone. The sentence's claim key."""
    sentence = next(s for a in store.articles() for s in store.sentences(a.id) if s.text == text)
    store.edit_claim("remove", [sentence.claim_key], "ben")
    assert store.clusters_of_claim(sentence.claim_key) == []
    store.record_decision("claim", sentence.claim_key, "false", "ana", note="see the filing")
    return sentence.claim_key


def _claim_with(store: Store, text: str) -> str:
    """The name of the claim holding the sentence `text`."""
    sentence = next(s for a in store.articles() for s in store.sentences(a.id) if s.text == text)
    (cluster,) = store.clusters_of_claim(sentence.claim_key)
    return store.cluster_names([cluster])[cluster]


def test_a_lost_verdict_is_placed_only_where_a_claim_holds_its_words(built: Built) -> None:
    with Store.open(built.path) as store:
        close, apart = _lose(store, CLOSE), _lose(store, APART)
        lost = {v.target: v.id for v in store.lost_verdicts()}
        placed = store.lost_verdict_claims(store.lost_verdicts())
        rotterdam = _claim_with(store, "Regulators in Rotterdam approved the merger last week.")
        assert placed.get(lost[close]) == rotterdam
        assert lost[apart] not in placed, placed  # one shared word is not the same sentence


def test_the_exports_place_each_lost_verdict_where_the_screen_does(built: Built) -> None:
    with Store.open(built.path) as store:
        close, apart = _lose(store, CLOSE), _lose(store, APART)
        placed = store.lost_verdict_claims(store.lost_verdicts())
        data = collect_export(store)
    exported = {v["claim"]: v for v in to_dict(data)["lost_verdicts"]}
    ids = {v.target: v.id for v in data.lost_verdicts}
    assert exported[close]["in_claim"] == placed[ids[close]]
    assert exported[apart]["in_claim"] is None
    report = to_markdown(data)
    section = report.split("## Verdicts on sentences that changed since", 1)[1]
    assert f"shown under claim {placed[ids[close]][:12]} “Regulators in Rotterdam" in section
    assert "under no claim: none holds its words now" in section


@async_test
async def test_the_claims_screen_says_how_many_lost_verdicts_no_claim_shows(
    app: ReviewApp, built: Built
) -> None:
    with Store.open(built.path) as store:
        _lose(store, CLOSE)
        _lose(store, APART)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClaimsScreen)
        filters = str(screen.query_one("#cluster-filters", Static).render())
        assert "2 verdicts on text changed since (1 under no claim: see the export)" in filters
