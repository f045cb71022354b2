"""The prompt seam itself: real questionary prompts, fed keystrokes in-process."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from pilotkit import prompts

ENTER, CTRL_C, CTRL_D, CTRL_U, DOWN, TAB = "\r", "\x03", "\x04", "\x15", "\x1b[B", "\t"


@contextmanager
def typing(keys: str) -> Iterator[None]:
    """The person types KEYS into the next prompts."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=DummyOutput()):
            yield


def test_enter_keeps_the_default() -> None:
    with typing(ENTER):
        assert prompts.ask_text("Pilot name", default="search-pilot") == "search-pilot"


def test_typing_replaces_the_default() -> None:
    with typing("other" + ENTER):
        assert prompts.ask_text("Pilot name", default="search-pilot") == "other"


def test_a_refused_answer_is_asked_again_until_it_passes() -> None:
    seen: list[str] = []

    def check(text: str) -> str | None:
        seen.append(text)
        return None if text == "good-name" else "use lowercase letters"

    with typing("Bad Name" + ENTER + CTRL_U + "good-name" + ENTER):
        assert prompts.ask_text("Pilot name", check=check) == "good-name"
    assert seen == ["Bad Name", "good-name"]


def test_the_check_sees_the_default_on_enter() -> None:
    seen: list[str] = []

    def check(text: str) -> str | None:
        seen.append(text)
        return None

    with typing(ENTER):
        prompts.ask_text("Days", default="4", check=check)
    assert seen == ["4"]


def test_yes_no_answers_on_one_key() -> None:
    with typing("y"):
        assert prompts.ask_confirm("Add another?", default=False) is True
    with typing(ENTER):
        assert prompts.ask_confirm("Add another?", default=False) is False


def test_select_with_arrow_keys() -> None:
    with typing(DOWN + ENTER):
        assert prompts.ask_select("What now?", [("A", "a"), ("B", "b")], default="a") == "b"


def test_checkbox_toggles_with_space() -> None:
    choices = [("Claude Code", "claude"), ("Codex", "codex"), ("Cursor", "cursor")]
    with typing(" " + DOWN + DOWN + " " + ENTER):
        assert prompts.ask_checkbox("Agents", choices, checked=["claude"]) == ["cursor"]


def test_checkbox_refuses_what_its_check_refuses() -> None:
    def check(chosen: list[object]) -> str | None:
        return None if chosen else "choose at least one agent"

    with typing(ENTER + " " + ENTER):
        assert prompts.ask_checkbox("Agents", [("Claude Code", "claude")], check=check) == [
            "claude"
        ]


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D])
def test_ctrl_c_and_ctrl_d_interrupt(key: str) -> None:
    with typing(key), pytest.raises(KeyboardInterrupt):
        prompts.ask_text("Pilot name")


def test_say_prints(capsys: pytest.CaptureFixture[str]) -> None:
    prompts.say("Verdict: good candidate.")
    assert "Verdict: good candidate." in capsys.readouterr().out


def tree(root: Path, *paths: str) -> Path:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("")
    return root


def test_tab_offers_every_entry_that_starts_with_the_word(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "repo", "db/x.sql", "docs/index.md", ".github/ci.yml", ".git/HEAD", "README.md"
    )
    assert list(prompts.path_completions(root, "src/x.py d")) == [("db/", 1), ("docs/", 1)]
    assert list(prompts.path_completions(root, "")) == [("README.md", 0), ("db/", 0), ("docs/", 0)]
    assert list(prompts.path_completions(root, ".")) == [(".github/", 1)]  # never .git
    assert list(prompts.path_completions(root, "docs/i")) == [("index.md", 1)]


def test_tab_escapes_a_space_as_the_answer_splits_words(tmp_path: Path) -> None:
    root = tree(tmp_path / "repo", "web/search box/Box.tsx", "web/it's.md")
    assert list(prompts.path_completions(root, "web/s")) == [("search\\ box/", 1)]
    assert list(prompts.path_completions(root, "web/i")) == [("it\\'s.md", 1)]
    typed = "src/x.py web/search\\ box/"
    assert list(prompts.path_completions(root, typed)) == [("Box.tsx", 0)]
    assert list(prompts.path_completions(root, typed + "B")) == [("Box.tsx", 1)]
    assert shlex.split(typed + "Box.tsx") == ["src/x.py", "web/search box/Box.tsx"]


@pytest.mark.parametrize("word", ["src/*/x", "../", "db/../../", "missing/", "/", "/etc/"])
def test_tab_offers_nothing_in_a_glob_above_the_root_or_in_no_folder(
    tmp_path: Path, word: str
) -> None:
    root = tree(tmp_path / "repo", "src/a/x.py", "db/x.sql")
    (tmp_path / "secret.txt").write_text("")
    assert list(prompts.path_completions(root, word)) == []
