"""Building a list answer item by item, each field checked with the list's own validator.

copier.yml asks for a list (requirements, tasks, custom MCP servers) as one YAML answer
and validates the whole list with one Jinja validator. The interview builds the list one
item and one field at a time, and checks every field on the spot with that validator: it
validates the list as it would be with this answer, the fields not asked yet taken from
the template's own worked example (references to other items left empty), and shows any
problem that this answer brings in. A finished item is checked with the rest of the
list. Ids (R1, T01 …) are numbered in the style of the worked example's ids.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from pilotkit import prompts
from pilotkit.template.questionnaire import Question, Questionnaire, cast

_ID = re.compile(r"^([A-Za-z]+)(\d+)$")
Item = dict[str, Any]


class ListCheck:
    """The template's validator for one list question, applied to items being built.

    GROUPS are the item's keys in the order they are asked, a group being the keys one
    prompt answers (a command line gives `command` and `args`, or else a `url`).
    EXAMPLE is a complete item that fills the groups not asked yet; REFERENCES (keys
    that name other items) are filled empty. Without a valid example, problems are only
    found once the item is complete.
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        question: Question,
        context: Mapping[str, Any],
        groups: Sequence[Sequence[str]],
        example: Mapping[str, Any] | None = None,
        references: Collection[str] = (),
    ) -> None:
        self.questionnaire = questionnaire
        self.question = question
        self.context = context
        self.groups = [tuple(group) for group in groups]
        keys = {key for group in self.groups for key in group}
        example = {
            key: ([] if key in references else value)
            for key, value in (example or {}).items()
            if key in keys
        }
        self.example = example if example and not self.problems([example]) else None

    def problems(self, items: Sequence[Mapping[str, Any]]) -> list[str]:
        message = self.questionnaire.problem(self.question, list(items), self.context)
        return [part for part in message.split("; ") if part]

    def unfinished(self, items: Sequence[Mapping[str, Any]]) -> list[str]:
        """The problems of ITEMS, each with the groups it lacks taken from the example: an
        item is checked before the fields asked later (such as estimates asked after the
        whole list) are in."""
        return self.problems([self._fill(item) for item in items])

    def field(self, done: Sequence[Item], partial: Item, update: Mapping[str, Any]) -> str | None:
        """The problems UPDATE brings into the item being built, or None."""
        if self.example is None:
            return None
        before = self.unfinished([*done, partial])
        after = self.unfinished([*done, {**partial, **update}])
        new = [problem for problem in after if problem not in before]
        return "; ".join(new) or None

    def _fill(self, partial: Mapping[str, Any]) -> Item:
        filled = dict(partial)
        for group in self.groups:
            if not any(key in partial for key in group):
                filled.update(
                    {k: self.example[k] for k in group if self.example and k in self.example}
                )
        return filled


def id_style(default: Any, fallback: str) -> Callable[[int], str]:
    """Ids numbered like the worked example's first id (R1 → R2; T01 → T02)."""
    first = default[0].get("id") if isinstance(default, list) and default else None
    match = _ID.match(str(first or fallback))
    prefix, digits = (match.group(1), match.group(2)) if match else (fallback, "1")
    return lambda n: f"{prefix}{n:0{len(digits)}d}"


def first_example(
    default: Any, fallback: Mapping[str, Any] | None = None
) -> Mapping[str, Any] | None:
    """The first item of the template's default list, else FALLBACK."""
    if isinstance(default, list) and default and isinstance(default[0], dict):
        return dict(default[0])
    return fallback


def ask_items(
    noun: str,
    check: ListCheck,
    ask_one: Callable[[list[Item], Item], Item | None],
    *,
    limit: int = 0,
) -> list[Item]:
    """Items asked one by one until ASK_ONE returns None, or LIMIT items are done (0: no
    limit); each item checked with the list.

    ASK_ONE gets the items done and, when the list refused its last attempt, that attempt
    (to offer its fields again). It returns None when the person ends the list with an
    empty first field (see `first_field`).
    """
    done: list[Item] = []
    while not limit or len(done) < limit:
        previous: Item = {}
        while True:
            item = ask_one(done, previous)
            if item is None:
                return done
            problems = check.unfinished([*done, item])
            if not problems:
                break
            prompts.say(f"  That {noun} is not complete: {'; '.join(problems)}. Again:")
            previous = item
        done.append(item)
    return done


def first_field(
    message: str,
    done: list[Item],
    previous: Item,
    key: str,
    check: Callable[[str], str | None],
    *,
    instruction: str | None = None,
    at_least: int = 1,
) -> str | None:
    """The item's first field; None when the person ends the list with an empty answer,
    which is allowed once AT_LEAST items are done, and not while a refused item is
    asked again."""
    finish = len(done) >= at_least and not previous
    hint = "empty to finish" if finish else ""
    shown = ", ".join(part for part in (instruction, hint) if part)
    text = prompts.ask_text(
        message,
        default=previous.get(key),
        instruction=f"({shown})" if shown else None,
        check=lambda text: None if finish and not text.strip() else check(text),
    )
    return None if finish and not text.strip() else text


def ask_separated(
    message: str, check: Callable[[list[str]], str | None], *, default: Sequence[str] = ()
) -> list[str]:
    """Several entries in one answer, separated by `;` (a criterion is a sentence, so
    spaces and commas stay inside it)."""
    text = prompts.ask_text(
        message,
        instruction="(separate with ;)",
        default="; ".join(default) or None,
        check=lambda text: check(separated(text)),
    )
    return separated(text)


def separated(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def pick(
    message: str, choices: list[tuple[str, Any]], check: Callable[[list[Any]], str | None]
) -> list[Any]:
    """A multi-select; skipped (nothing chosen) when there is nothing to choose from."""
    if not choices:
        return []
    return prompts.ask_checkbox(message, choices, check=check)


def ask_words(
    message: str,
    instruction: str,
    check: Callable[[list[str]], str | None],
    *,
    default: str = "",
    paths: Path | None = None,
) -> list[str]:
    """Several words on one line, split as a shell splits them (quote one with spaces);
    Tab completes a word from the files under PATHS, when given."""

    def checked(text: str) -> str | None:
        try:
            words = shlex.split(text)
        except ValueError as err:
            return f"{err}; quote a name with spaces in it"
        return check(words)

    return shlex.split(
        prompts.ask_text(
            message,
            instruction=instruction,
            default=default or None,
            check=checked,
            paths=paths,
        )
    )


DEPENDS_ON, COVERS = "depends_on", "requirements"


def link_choices(
    tasks: Sequence[tuple[str, str]], requirements: Sequence[tuple[str, str]]
) -> list[tuple[str, Any]]:
    """One multi-select for a task's links, from (id, label) pairs: the tasks it may depend
    on, then the requirements it may cover, each group under a heading when both are
    offered. The values are (`depends_on` or `requirements`, id); see `split_links`."""
    both = bool(tasks) and bool(requirements)
    found: list[tuple[str, Any]] = []
    if both:
        found.append(("── depends on (earlier tasks) ──", prompts.HEADING))
    found += [(f"{tid}  {label}", (DEPENDS_ON, tid)) for tid, label in tasks]
    if both:
        found.append(("── covers (requirements) ──", prompts.HEADING))
    found += [(f"{rid}  {label}", (COVERS, rid)) for rid, label in requirements]
    return found


def split_links(chosen: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """The links chosen from `link_choices`, as the task's `depends_on` and `requirements`."""
    return {key: [value for kind, value in chosen if kind == key] for key in (DEPENDS_ON, COVERS)}


def scalar(text: str) -> Any:
    """A typed number as a number (4, 2.5); anything else stays text for the validator."""
    try:
        return cast("yaml", text) if text.strip() else None
    except ValueError:
        return text


def short(text: Any, width: int = 60) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
