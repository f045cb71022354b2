"""The one module that imports questionary: ask a person something on the terminal.

Every prompt pilotkit shows goes through these few functions, which is also the seam
tests patch. A check returns the message to show, or None when the answer is fine; the
prompt then refuses Enter and shows the message until the answer is corrected. Ctrl-C
(or Ctrl-D) raises KeyboardInterrupt, which the CLI turns into exit code 130.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

Check = Callable[[str], str | None]
ListCheck = Callable[[list[Any]], str | None]


def ask_text(
    message: str,
    *,
    default: str | None = None,
    check: Check | None = None,
    prefill: str = "",
    multiline: bool = False,
    secret: bool = False,
    instruction: str | None = None,
) -> str:
    """A line of text. An empty answer means DEFAULT (shown in brackets), when there is one.

    CHECK sees the answer as it will be returned. PREFILL is editable text already in the
    input (for YAML answers, which are edited rather than retyped).
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
    question = kind(
        message,
        default=prefill,
        validate=validate,
        instruction=shown or None,
        multiline=multiline,
        validate_while_typing=False,
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
    """Any of CHOICES (label, value pairs): Space toggles, Enter accepts."""
    import questionary

    options = [
        questionary.Choice(label, value=value, checked=value in checked) for label, value in choices
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


def _ask(question: Any) -> Any:
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None
