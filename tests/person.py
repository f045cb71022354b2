"""A scripted person at the terminal, patched in for `pilotkit.prompts` (the one prompt seam).

Each step names a piece of the prompt's message and the reply: a string for a text prompt
(a tuple of strings for attempts, the first ones refused), True/False for a yes/no
question, a list of values for a multi-select, and a value for a single select. The
person runs every check the prompt carries, exactly as the real prompt does, and records
what was refused and with which message.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

Step = tuple[str, Any]


class Interrupt:
    """A reply that presses Ctrl-C at this prompt."""


CTRL_C = Interrupt()


@dataclass
class Prompt:
    kind: str
    message: str
    default: Any = None
    choices: list[tuple[str, Any]] = field(default_factory=list)
    instruction: str | None = None
    paths: Any = None  # the folder whose paths Tab completes


@dataclass
class Person:
    steps: list[Step]
    prompts: list[Prompt] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    said: list[str] = field(default_factory=list)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> Person:
        for name in ("ask_text", "ask_confirm", "ask_select", "ask_checkbox", "say"):
            monkeypatch.setattr(f"pilotkit.prompts.{name}", getattr(self, name))
        return self

    def _next(self, prompt: Prompt) -> Any:
        self.prompts.append(prompt)
        assert self.steps, f"unexpected prompt: {prompt.message!r}"
        needle, reply = self.steps.pop(0)
        assert needle in prompt.message, f"expected {needle!r}, got {prompt.message!r}"
        if isinstance(reply, Interrupt):
            raise KeyboardInterrupt
        return reply

    def ask_text(
        self,
        message: str,
        *,
        default: str | None = None,
        check: Callable[[str], str | None] | None = None,
        prefill: str = "",
        instruction: str | None = None,
        paths: Any = None,
        **_: Any,
    ) -> str:
        shown = default if default is not None else prefill
        reply = self._next(Prompt("text", message, shown, instruction=instruction, paths=paths))
        for attempt in reply if isinstance(reply, tuple) else (reply,):
            text = default if default is not None and not attempt.strip() else attempt
            problem = check(text) if check else None
            if problem is None:
                return str(text)
            self.refused.append((message, problem))
        raise AssertionError(f"every reply to {message!r} was refused: {self.refused}")

    def ask_confirm(self, message: str, *, default: bool) -> bool:
        reply = self._next(Prompt("confirm", message, default))
        return default if reply is None else bool(reply)

    def ask_select(
        self, message: str, choices: Sequence[tuple[str, Any]], *, default: Any = None
    ) -> Any:
        reply = self._next(Prompt("select", message, default, list(choices)))
        assert reply in [value for _, value in choices], reply
        return reply

    def ask_checkbox(
        self,
        message: str,
        choices: Sequence[tuple[str, Any]],
        *,
        checked: Collection[Any] = (),
        check: Callable[[list[Any]], str | None] | None = None,
    ) -> list[Any]:
        reply = self._next(Prompt("checkbox", message, list(checked), list(choices)))
        chosen = list(checked) if reply is None else list(reply)
        assert set(chosen) <= {value for _, value in choices}, chosen
        problem = check(chosen) if check else None
        assert problem is None, problem
        return chosen

    # prompts.say's signature: the person reads the words, not their colour
    def say(self, text: str = "", *, style: str = "") -> None:  # noqa: ARG002
        self.said.append(text)

    def done(self) -> None:
        assert not self.steps, f"prompts never shown: {self.steps}"


# Enter on every question of the pilot and suitability sections (the defaults).
KEEP = ""
