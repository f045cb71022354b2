"""One question of copier.yml, asked by its type and checked on the spot by its validator."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pilotkit import prompts
from pilotkit.interview.summary import show
from pilotkit.template.questionnaire import NO_DEFAULT, Question, Questionnaire, dump_default

# The value of the "Other…" entry that ends a multi-select (see `lists.OTHER`).
OTHER_CHOICE = prompts.Marker("OTHER")


def ask_question(
    q: Questionnaire,
    question: Question,
    context: Mapping[str, Any],
    default: Any,
    *,
    other: str | None = None,
    example: str | None = None,
) -> Any:
    """Ask one copier question by its type, validating each answer on the spot.

    OTHER labels an extra last entry of a multi-select (`OTHER_CHOICE` when chosen).
    EXAMPLE is shown in the empty input of a text question, as a hint.
    """
    message = q.help(question, context)
    kind = q.type_of(question, context)
    if question.has_choices:
        return _ask_choice(q, question, context, default, other)
    if kind == "bool":
        return prompts.ask_confirm(
            message, default=bool(default) if default is not NO_DEFAULT else False
        )

    def check(text: str) -> str | None:
        try:
            value = q.parse(question, text, context)
        except ValueError as err:
            return str(err)
        return q.problem(question, value, context) or None

    if kind in {"yaml", "json"}:
        prefill = "" if default is NO_DEFAULT else dump_default(kind, default)
        text = prompts.ask_text(message, prefill=prefill, multiline=True, check=check)
    else:
        # An example's question defaults to empty when it is optional: said in words.
        optional = example is not None and default == ""
        shown = None if default is NO_DEFAULT or optional else show(default)
        # Multi-line input only for a long answer with no default or example to go by.
        multiline = q.multiline(question, context) and shown is None and example is None
        text = prompts.ask_text(
            message,
            default=shown,
            instruction="(optional; Enter for none)" if optional else None,
            check=check,
            secret=question.secret,
            multiline=multiline,
            example=None if example is None else " ".join(example.split()),
        )
    return q.parse(question, text, context)


def _ask_choice(
    q: Questionnaire,
    question: Question,
    context: Mapping[str, Any],
    default: Any,
    other: str | None = None,
) -> Any:
    message = q.help(question, context)
    options = [(c.label, c.value) for c in q.choices(question, context) if not c.disabled]
    if question.multiselect:
        checked = default if isinstance(default, list) else []
        extra = [(other, OTHER_CHOICE)] if other else []

        def check(chosen: list[Any]) -> str | None:
            values = [value for value in chosen if value is not OTHER_CHOICE]
            return q.problem(question, values, context) or None

        return prompts.ask_checkbox(message, [*options, *extra], checked=checked, check=check)
    while True:
        value = prompts.ask_select(message, options, default=default)
        problem = q.problem(question, value, context)
        if not problem:
            return value
        prompts.say(f"  {problem}")
