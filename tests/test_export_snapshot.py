"""An export is read from one snapshot of the database: a decision another reviewer commits while
the export is being read shows in every part of it or in none (flags, scores, verdicts)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from analysis.exporting import collect_export, reviewed_claims
from store import Store


def _commit_after(
    store: Store, part: str, write: Callable[[Store], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Make `store.part` commit `write` through a second connection (another reviewer) right
    after it has read: a decision landing between two reads of the export."""
    read = getattr(store, part)

    def read_then_other_reviewer_writes(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        with Store.open(store.path) as ben:
            write(ben)
        return found

    monkeypatch.setattr(store, part, read_then_other_reviewer_writes)


def test_a_flag_decided_mid_export_is_listed_and_scored_alike(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(demo_copy) as store:
        translated = {s.name for s in collect_export(store).scores if s.machine_translated}
        flag = next(f for f in store.flags(kind="name_variant") if f.source in translated)
        _commit_after(
            store,
            "flags",
            lambda ben: ben.set_flag_status(flag.fingerprint, "accepted", "ben"),
            monkeypatch,
        )
        data = collect_export(store)
        assert store.flag(flag.fingerprint).status == "accepted"  # it landed
    listed = next(f for f in data.flags if f.fingerprint == flag.fingerprint).status
    counted = any(
        e.target == flag.fingerprint for s in data.scores for e in s.evidence
    )  # a confirmed translation error of a machine-translated outlet
    assert (listed == "accepted") == counted, (listed, counted)


def test_a_verdict_given_mid_export_is_not_left_out_of_the_report(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(demo_copy) as store:
        cluster = store.clusters(limit=1)[0]
        member = store.cluster_members(cluster.id)[0]
        _commit_after(
            store,
            "all_cluster_members",
            lambda ben: ben.set_claim_status(
                member.claim_key, "false", "ben", note="the filing says otherwise"
            ),
            monkeypatch,
        )
        data = collect_export(store)
    given = [d for d in data.claim_decisions if d.decision == "false"]
    shown = [r.decision for r in reviewed_claims(data)] + data.lost_verdicts
    assert [d.id for d in given] == [d.id for d in shown if d.decision == "false"]
