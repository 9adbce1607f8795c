"""The cross-outlet calque measurement reads exported claim clusters as it says it does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.tasks import cluster_words


def _export(*clusters: list[tuple[int, str, str]]) -> dict[str, object]:
    return {
        "articles": [{"id": i, "source": s} for i, s in enumerate("ABCD", start=1)],
        "sources": [
            {"name": "A", "machine_translated": True},
            {"name": "B"},
            {"name": "C"},
            {"name": "D", "machine_translated": True},
        ],
        "clusters": [
            {"members": [{"article": a, "tier": t, "text": x} for a, t, x in members]}
            for members in clusters
        ],
    }


def test_a_translated_word_two_outlets_replace_alike_is_a_candidate() -> None:
    export = _export(
        [
            (1, "same_claim", "Rescuers reached the stranded hikers on the ridge at dawn."),
            (2, "same_claim", "Rescuers found the stranded hikers on the ridge at dawn."),
            (3, "possible", "Rescuers found the stranded hikers on the ridge early."),
            (3, "same_claim", "A second sentence of the same outlet is not a version."),
        ]
    )
    (members,) = list(cluster_words.versions(export))
    assert [m[0] for m in members] == ["A", "B", "C"]
    found = list(cluster_words.candidates(members))
    assert [(k, w, said) for k, w, said, _ in found] == [("others agree", "reached", "found")]


def test_words_only_translations_replace_and_native_words_are_kept_apart() -> None:
    export = _export(
        [
            (1, "same_claim", "The ferry sank near the old pier."),
            (4, "same_claim", "The ferry capsized near the old pier."),
            (2, "related", "The ferry overturned near the old pier."),  # related: no version
        ]
    )
    (members,) = list(cluster_words.versions(export))
    found = [(k, w) for k, w, _, _ in cluster_words.candidates(members)]
    assert found == [("only translations", "sank"), ("only translations", "capsized")]
    native = _export(
        [
            (2, "same_claim", "The ferry sank near the old pier."),
            (3, "same_claim", "The ferry capsized near the old pier."),
        ]
    )
    assert [c for m in cluster_words.versions(native) for c in cluster_words.candidates(m)] == []


def test_main_counts_and_refuses_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = _export(
        [
            (1, "same_claim", "The ferry sank near the old pier."),
            (4, "same_claim", "The ferry capsized near the old pier."),
        ]
    )
    (tmp_path / "story.json").write_text(json.dumps(export), encoding="utf-8")
    assert cluster_words.main([str(tmp_path)]) == 0
    assert "others agree: 0; only translations: 2" in capsys.readouterr().out
    assert cluster_words.main([str(tmp_path / "nowhere")]) == 2
