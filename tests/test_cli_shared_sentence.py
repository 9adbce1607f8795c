"""`corroborator claim ...` on a sentence whose clauses sit in two claims: the shell never picks
one of the claims silently — it asks which (`--in NAME`), and `claim show` lists both."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_fixtures import run
from test_claim_items import BOTH, BUDGET, FERRY, _place, _story_db, split_budget_off

from store import Store
from store.verdicts import named_sentence, short_name


@pytest.fixture
def shared(tmp_path: Path) -> tuple[Path, str, str, str]:
    path = _story_db(tmp_path)
    with Store.open(path) as store:
        both, budget, ferry = (_place(store, text)[2] for text in (BOTH, BUDGET, FERRY))
        assert len(store.clusters_of_claim(both)) == 2
    return path, both, budget, ferry


def _claims_holding(path: Path, key: str) -> list[set[str]]:
    with Store.open(path) as store:
        return [
            {m.text.strip() for m in store.cluster_members(c)} for c in store.clusters_of_claim(key)
        ]


def test_an_edit_on_a_shared_sentence_asks_which_claim(
    shared: tuple[Path, str, str, str],
) -> None:
    path, both, _, _ = shared
    before = _claims_holding(path, both)
    asked = run("claim", "remove", both[:10], "--db", path, "--reviewer", "Ana")
    assert asked.exit_code == 1
    assert len(asked.output.strip().splitlines()) == 1
    assert "is in 2 claims" in asked.output and "--in NAME" in asked.output
    assert _claims_holding(path, both) == before  # nothing written


@pytest.mark.parametrize("keep", ["budget", "ferry"])
def test_in_names_the_claim_the_edit_is_made_in(
    shared: tuple[Path, str, str, str], keep: str
) -> None:
    path, both, budget, ferry = shared
    gone, kept_text = (ferry, BUDGET) if keep == "budget" else (budget, FERRY)
    done = run("claim", "remove", both, "--in", gone, "--db", path, "--reviewer", "Ana")
    assert done.exit_code == 0, done.output
    (left,) = _claims_holding(path, both)  # still in the other claim, out of the named one
    assert kept_text in left
    with Store.open(path) as store:
        (gone_claim,) = store.clusters_of_claim(gone)
        assert BOTH not in {m.text.strip() for m in store.cluster_members(gone_claim)}


def test_in_must_name_a_claim_holding_the_sentence(shared: tuple[Path, str, str, str]) -> None:
    path, both, _, _ = shared
    with Store.open(path) as store:
        other = next(
            s.claim_key
            for a in store.articles()
            for s in store.sentences(a.id)
            if s.claim_key != both and not store.clusters_of_claim(s.claim_key)
        )
    wrong = run("claim", "remove", both, "--in", other, "--db", path, "--reviewer", "Ana")
    assert wrong.exit_code == 1
    assert f"no claim named {other[:12]} holds sentence {both[:12]} (its claims are " in (
        wrong.output
    )
    # its own id names neither of its two claims: the message lists them
    own = run("claim", "remove", both, "--in", both, "--db", path, "--reviewer", "Ana")
    assert own.exit_code == 1 and len(own.output.strip().splitlines()) == 1
    with Store.open(path) as store:
        names = [str(store.cluster_name(c)) for c in store.clusters_of_claim(both)]
    assert all(n[:12] in own.output for n in names)


def test_show_lists_every_claim_of_a_shared_sentence(shared: tuple[Path, str, str, str]) -> None:
    path, both, budget, _ = shared
    listing = run("claim", "show", both, "--db", path)
    assert listing.exit_code == 0, listing.output
    assert BUDGET[:30] in listing.output and FERRY[:30] in listing.output
    named = run("claim", "show", budget, "--db", path)
    assert named.exit_code == 0 and FERRY[:30] not in named.output


@pytest.mark.parametrize("edited", ["budget", "ferry"])
def test_an_edit_prints_the_claim_it_was_made_in(
    shared: tuple[Path, str, str, str], edited: str
) -> None:
    """After an edit the shell lists the claim it changed, found again by its name (row ids
    change as the clusters are rebuilt), not whichever claim of the sentence has the lower id."""
    path, both, budget, ferry = shared
    name, mine, other = (budget, BUDGET, FERRY) if edited == "budget" else (ferry, FERRY, BUDGET)
    done = run("claim", "reject", both, "--in", name, "--db", path, "--reviewer", "Ana")
    assert done.exit_code == 0, done.output
    listed = done.output.split(" now:", 1)[1]
    assert mine[:30] in " ".join(listed.split()) and other[:30] not in " ".join(listed.split())


def test_a_claim_whose_sentences_all_sit_in_other_claims_is_merged_by_its_name(
    shared: tuple[Path, str, str, str],
) -> None:
    """Split the budget sentence off the budget claim: what is left holds only the shared
    sentence, which the ferry claim holds too, so the claim is named by where its clause
    starts. Merged back by that name, it joins the split claim; the ferry claim is untouched."""
    path, both, budget, _ = shared
    with Store.open(path) as store:
        _, _, name = split_budget_off(store)
    assert named_sentence(name) == both and name != both
    asked = run("claim", "merge", both, "--to", budget, "--db", path, "--reviewer", "Ben")
    assert asked.exit_code == 1 and "give the claim's name as CLAIM_ID" in asked.output
    done = run(
        "claim", "merge", short_name(name), "--to", budget, "--db", path, "--reviewer", "Ben"
    )
    assert done.exit_code == 0, done.output
    held = sorted(map(sorted, _claims_holding(path, both)))
    assert held == sorted([sorted([BOTH, BUDGET]), sorted([BOTH, FERRY])])
