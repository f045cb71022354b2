"""The one module that imports questionary: ask a person something on the terminal.

Every prompt pilotkit shows goes through these few functions, which is also the seam
tests patch. A check returns the message to show, or None when the answer is fine; the
prompt then refuses Enter and shows the message until the answer is corrected. Ctrl-C
(or Ctrl-D) raises KeyboardInterrupt, which the CLI turns into exit code 130.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

Check = Callable[[str], str | None]
ListCheck = Callable[[list[Any]], str | None]


class Marker:
    """A choice's value that no answer can be: compared by identity, shown by its name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


# The value that makes a choice a heading: shown between choices, never chosen.
HEADING = Marker("HEADING")


def ask_text(
    message: str,
    *,
    default: str | None = None,
    check: Check | None = None,
    prefill: str = "",
    multiline: bool = False,
    secret: bool = False,
    instruction: str | None = None,
    example: str | None = None,
    paths: Path | None = None,
) -> str:
    """A line of text. An empty answer means DEFAULT (shown in brackets), when there is one.

    CHECK sees the answer as it will be returned. PREFILL is editable text already in the
    input (for YAML answers, which are edited rather than retyped). EXAMPLE is shown dimmed
    in the empty input, as a hint only: Enter does not take it. PATHS is a directory whose
    files and folders Tab completes, for the word being typed.
    """
    import questionary

    def effective(text: str) -> str:
        return default if default is not None and not text.strip() else text

    def validate(text: str) -> bool | str:
        problem = check(effective(text)) if check else None
        return problem or True

    shown = instruction or ""
    if default is not None:
        shown = f"{shown} [{default}]".strip() if default else f"{shown} [empty]".strip()
    if multiline:
        shown = f"{shown} (Esc then Enter to finish)".strip()
    kind = questionary.password if secret else questionary.text
    extra: dict[str, Any] = {}
    if example:
        from prompt_toolkit.formatted_text import FormattedText

        extra["placeholder"] = FormattedText([("fg:ansibrightblack", f"e.g. {example}")])
    if paths is not None:
        extra.update(completer=_path_completer(paths), complete_while_typing=False)
    question = kind(
        message,
        default=prefill,
        validate=validate,
        instruction=shown or None,
        multiline=multiline,
        validate_while_typing=False,
        **extra,
    )
    return effective(_ask(question))


def ask_confirm(message: str, *, default: bool) -> bool:
    """Yes or no; a single key (y or n) answers, Enter takes DEFAULT."""
    import questionary

    return bool(_ask(questionary.confirm(message, default=default, auto_enter=True)))


def ask_select(message: str, choices: Sequence[tuple[str, Any]], *, default: Any = None) -> Any:
    """One of CHOICES (label, value pairs), picked with the arrow keys and Enter."""
    import questionary

    options = [questionary.Choice(label, value=value) for label, value in choices]
    start = next((o for o in options if o.value == default), None)
    return _ask(questionary.select(message, options, default=start))


def ask_checkbox(
    message: str,
    choices: Sequence[tuple[str, Any]],
    *,
    checked: Collection[Any] = (),
    check: ListCheck | None = None,
) -> list[Any]:
    """Any of CHOICES (label, value pairs): Space toggles, Enter accepts. A choice whose
    value is HEADING is a heading over the choices after it."""
    import questionary

    options = [
        questionary.Separator(label)
        if value is HEADING
        else questionary.Choice(label, value=value, checked=value in checked)
        for label, value in choices
    ]

    def validate(selected: list[Any]) -> bool | str:
        problem = check(list(selected)) if check else None
        return problem or True

    return list(
        _ask(
            questionary.checkbox(
                message,
                options,
                validate=validate,
                instruction="(Space toggles, Enter accepts)",
            )
        )
    )


def say(text: str = "", *, style: str = "") -> None:
    """Show TEXT between prompts (a heading, a verdict, the summary)."""
    import questionary

    questionary.print(text, style=style or None)


def path_completions(root: Path, text: str) -> Iterator[tuple[str, int]]:
    """What Tab offers for the last word of TEXT, a path relative to ROOT: (the entry's
    name, with / after a folder and a backslash before a space or quote, as a shell
    splits words; how many typed characters it replaces). Hidden entries only once a dot
    is typed; nothing inside a glob, above ROOT or at an absolute path."""
    word = _last_word(text)
    typed = word.rpartition("/")[2]
    folder, _, prefix = _SHELL_ESCAPE.sub(r"\1", word).rpartition("/")
    if any(char in folder for char in "*?[") or ".." in folder.split("/") or word[:1] == "/":
        return
    try:
        entries = sorted(os.scandir(root / folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        hidden = entry.name.startswith(".") and not prefix.startswith(".")
        if entry.name.startswith(prefix) and entry.name != ".git" and not hidden:
            name = _SHELL_SPECIAL.sub(r"\\\g<0>", entry.name)
            yield name + ("/" if entry.is_dir() else ""), len(typed)


_SHELL_ESCAPE = re.compile(r"\\(.)")  # a backslash keeps the next character in the word
_SHELL_SPECIAL = re.compile(r"[\s'\"\\]")


def _last_word(text: str) -> str:
    """The word being typed: what follows the last space no backslash escapes."""
    start, index = 0, 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == " ":
            start = index + 1
        index += 1
    return text[start:]


def _path_completer(root: Path) -> Any:
    from prompt_toolkit.completion import Completer, Completion

    class Paths(Completer):
        def get_completions(
            self,
            document: Any,
            complete_event: Any,  # noqa: ARG002 - prompt_toolkit's Completer interface passes it
        ) -> Iterator[Completion]:
            for name, replaced in path_completions(root, document.text_before_cursor):
                yield Completion(name, start_position=-replaced)

    return Paths()


def _ask(question: Any) -> Any:
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None
