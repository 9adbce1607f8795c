"""`Store.set_flag_status` (the TUI's keys) and `record_decision` (the shell's `decide`) are one
path: the same checks, the same rows, so a flag decided from either place is decided alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_store import _payload

from store import Store, StoreError
from store.reviews import StaleDecision


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "t.db")
    s.add_article(text="Hello world.", sha256="a", source="A")
    s.write_analysis(_payload())
    return s


def _flag(store: Store) -> str:
    return store.flags()[0].fingerprint


def _log(store: Store) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(r.action, r.decision, r.value, r.note) for r in reversed(store.review_log(10))]


@pytest.mark.parametrize("how", ["tui", "shell"])
def test_a_decision_with_a_note_is_one_step_from_either_place(store: Store, how: str) -> None:
    fp = _flag(store)
    if how == "tui":
        row = store.set_flag_status(fp, "corrected", "ana", correction="Hello, world", note="typo")
    else:
        row = store.record_decision(
            "flag", fp, "corrected", "ana", value="Hello, world", note="typo"
        )[0]
    assert (row.action, row.decision, row.value) == ("status", "corrected", "Hello, world")
    assert _log(store) == [
        ("status", "corrected", "Hello, world", None),
        ("note", None, None, "typo"),
    ]
    assert [n.note for n in store.notes("flag", fp)] == ["typo"]  # shown with the flag
    store.undo("ana")  # one undo takes both back
    assert store.flag(fp).status == "open" and store.notes("flag", fp) == []


@pytest.mark.parametrize(
    ("status", "correction", "note", "refused"),
    [
        ("maybe", None, None, "unknown flag status 'maybe'; use one of open, accepted"),
        ("corrected", None, None, "a correction needs the corrected text"),
        ("corrected", "  ", None, "a correction needs the corrected text"),
        ("accepted", None, " ", "an empty note was not saved"),
    ],
)
def test_bad_decisions_are_refused_alike_and_write_nothing(
    store: Store, status: str, correction: str | None, note: str | None, refused: str
) -> None:
    fp = _flag(store)
    with pytest.raises(StoreError, match=refused):
        store.set_flag_status(fp, status, "ana", correction=correction, note=note)
    with pytest.raises(StoreError, match=refused):
        store.record_decision("flag", fp, status, "ana", value=correction, note=note)
    assert store.review_log(10) == []


def test_a_decision_on_a_flag_decided_since_the_screen_read_it_is_refused(
    store: Store,
) -> None:
    shown = store.flags()[0]
    store.set_flag_status(shown.fingerprint, "rejected", "ben")
    with pytest.raises(StaleDecision, match="ben rejected flag"):
        store.set_flag_status(shown.fingerprint, "accepted", "ana", seen=shown)
    assert store.flag(shown.fingerprint).status == "rejected"
