"""The reviewer's config (name, theme, keys) and how keys are found: help and command palette."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest
from cli_fixtures import run
from textual.widgets import Static
from tui_fixtures import REVIEWER, Built, async_test, capture_notifications

from store import Store
from tui import keys
from tui.app import ReviewApp
from tui.config import Config, ConfigError, config_path, load_config, resolve_reviewer
from tui.screens import ClaimsScreen, FlagsScreen, SourcesScreen
from tui.screens.modals import HelpScreen
from tui.widgets.paged_table import PagedTable

SIZE = (120, 40)


def test_missing_config_means_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORROBORATOR_CONFIG", str(tmp_path / "none.toml"))
    assert config_path() == tmp_path / "none.toml"
    assert load_config() == Config()


def test_config_is_read_from_the_environment_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'reviewer = " alice "\ntheme = "textual-light"\nascii = true\n\n'
        '[keys]\naccept = "z"\n"screen.flags" = "F"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CORROBORATOR_CONFIG", str(path))
    config = load_config()
    assert config == Config(
        reviewer="alice", theme="textual-light", ascii=True,
        keys={"accept": "z", "screen.flags": "F"}, path=path,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reviewer = ", "not valid TOML"),
        ("reviewer = 3", "`reviewer` must be a non-empty string"),
        ('theme = ""', "`theme` must be a non-empty string"),
        ('ascii = "yes"', "`ascii` must be true or false"),
        ("[keys]\naccept = 1", "[keys] must map binding ids"),
        ('keys = "y"', "[keys] must map binding ids"),
    ],
)
def test_a_broken_config_is_one_clear_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("command", [["review"], ["undo"], ["redo"]])
def test_a_broken_config_stops_a_command_with_that_line_not_an_internal_error(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """Found trying bad input: a config file that is not TOML made `review` (and every command
    that reads the reviewer's name) say "internal error ... report it", as for a bug."""
    path = tmp_path / "config.toml"
    path.write_text('reviewer = "ana\n', encoding="utf-8")
    monkeypatch.setenv("CORROBORATOR_CONFIG", str(path))
    result = run(*command, "--db", built.path)
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"corroborator: error: {path}: not valid TOML"), line
    assert "internal error" not in line


def test_reviewer_comes_from_cli_then_config_then_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "login")
    assert resolve_reviewer("cli", Config(reviewer="conf")) == "cli"
    assert resolve_reviewer("  ", Config(reviewer="conf")) == "conf"
    assert resolve_reviewer(None, Config()) == "login"

    def no_login() -> str:
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_login)
    assert resolve_reviewer(None, Config()) == "reviewer"


def test_every_binding_has_a_unique_id_and_a_tooltip() -> None:
    seen: dict[str, str] = {}
    for section in keys.SECTIONS.values():
        for binding in section:
            assert binding.id, binding
            assert binding.tooltip, binding.id
            assert seen.setdefault(binding.id, binding.action) == binding.action, binding.id
    assert keys.unknown_ids({"accept": "z", "acept": "z"}) == ["acept"]


@async_test
async def test_command_palette_switches_screens_and_runs_actions(
    app: ReviewApp, built: Built
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"sourc")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("f", "ctrl+p", *"acc")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FlagsScreen)
    with Store.open(built.path) as store:
        assert store.counts().open_flags == 7


@async_test
async def test_help_lists_every_binding_with_the_configured_key(built: Built) -> None:
    app = ReviewApp(built.path, REVIEWER, config=Config(keys={"accept": "z"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").content)
        for binding_id in ("accept", "screen.flags", "flags.select", "entities.merge", "undo"):
            assert f"[{binding_id}]" in text
        accept_line = next(line for line in text.splitlines() if "[accept]" in line)
        assert accept_line.split()[0] == "z"
        await pilot.press("escape")
        assert isinstance(app.screen, ClaimsScreen)


@async_test
async def test_keymap_from_config_remaps_keys(built: Built) -> None:
    config = Config(keys={"accept": "z", "screen.flags": "F"}, theme="textual-light", ascii=True)
    app = ReviewApp(built.path, REVIEWER, config=config)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-light"
        table = app.screen.query_one("#clusters", PagedTable)
        assert str(table.get_row_at(0)[0]) == "!"  # ASCII glyph for a conflict
        await pilot.press("f")  # no longer bound
        assert isinstance(app.screen, ClaimsScreen)
        await pilot.press("F", "y")
        assert isinstance(app.screen, FlagsScreen)
        assert app.store.counts().open_flags == 8
        await pilot.press("z")
        assert app.store.counts().open_flags == 7
        await pilot.press("ctrl+t")
        assert app.theme == "textual-dark"


@async_test
async def test_unknown_theme_and_key_ids_are_reported(built: Built) -> None:
    app = ReviewApp(built.path, REVIEWER, config=Config(theme="nope", keys={"acept": "z"}))
    notes = capture_notifications(app)
    async with app.run_test(size=SIZE):
        pass
    assert notes == [
        "Unknown theme 'nope' in the config",
        "Unknown key ids in the config: acept (see ? for the list)",
    ]


@pytest.mark.parametrize("width", [160, 100])
def test_help_lines_fit_the_box_and_long_keys_keep_their_column(built: Built, width: int) -> None:
    @async_test
    async def run() -> None:
        app = ReviewApp(built.path, REVIEWER)
        async with app.run_test(size=(width, 40)) as pilot:
            await pilot.press("question_mark")
            text = app.screen.query_one("#help-text", Static)
            lines = str(text.content).splitlines()
            assert [ln for ln in lines if len(ln) > text.content_region.width] == []
            (back,) = [line for line in lines if "[article.back]" in line]
            assert back.split()[:2] == ["escape,backspace", "Back"]

    run()
