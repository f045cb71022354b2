"""The interview's three loops: requirements, tasks and custom MCP servers.

Each builds its list answer item by item (see `items`); the keys of an item and the
order they are asked in are the template's list shape, the rules are its validators.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pilotkit import prompts
from pilotkit.interview.items import (
    Item,
    ListCheck,
    ask_items,
    ask_separated,
    ask_words,
    first_example,
    first_field,
    id_style,
    pick,
    scalar,
    short,
)
from pilotkit.interview.summary import show
from pilotkit.questionnaire import Question, Questionnaire

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


# ---------------------------------------------------------------- requirements
def ask_requirements(check: ListCheck, next_id: Callable[[int], str]) -> list[Item]:
    def one(done: list[Item], previous: Item) -> Item | None:
        item: Item = {"id": next_id(len(done) + 1)}
        rid = item["id"]
        statement = first_field(
            f"{rid} statement" + ("" if done else ": what must be true, in one testable sentence"),
            done,
            previous,
            "statement",
            lambda text: check.field(done, item, {"statement": text}),
        )
        if statement is None:
            return None
        item["statement"] = statement
        item["acceptance"] = ask_separated(
            f"{rid} acceptance criteria",
            lambda entries: check.field(done, item, {"acceptance": entries}),
            default=previous.get("acceptance") or (),
        )
        return item

    prompts.say(
        "  One at a time: a testable statement, then its acceptance criteria in one answer, "
        "separated by ;. An empty statement ends the list."
    )
    return ask_items("requirement", check, one)


# ---------------------------------------------------------------- tasks
# The hours in a working day, as PILOT.md converts the suitability answer into hours.
HOURS_PER_DAY = 8


def ask_tasks(
    check: ListCheck,
    next_id: Callable[[int], str],
    requirements: Sequence[Mapping[str, Any]],
    plan: Plan,
) -> list[Item]:
    def one(done: list[Item], previous: Item) -> Item | None:
        item: Item = {"id": next_id(len(done) + 1)}
        tid = item["id"]
        title = first_field(
            f"{tid} title",
            done,
            previous,
            "title",
            lambda text: check.field(done, item, {"title": text}),
            instruction=plan.progress(len(done) + 1),
        )
        if title is None:
            return None
        item["title"] = title
        item["depends_on"] = pick(
            f"{tid} depends on"
            + (" (earlier tasks that must be done first)" if len(done) == 1 else ""),
            [(f"{t['id']}  {t['title']}", t["id"]) for t in done],
            lambda chosen: check.field(done, item, {"depends_on": chosen}),
        )
        item["requirements"] = pick(
            f"{tid} covers requirements",
            [(f"{r['id']}  {short(r.get('statement', ''))}", r["id"]) for r in requirements],
            lambda chosen: check.field(done, item, {"requirements": chosen}),
        )
        item["files"] = ask_words(
            f"{tid} files or globs it may change",
            "(separate with spaces)",
            lambda words: check.field(done, item, {"files": words}),
            default=shlex.join(previous.get("files") or []),
        )
        hours = previous.get("estimate_hours") or plan.hours(done)
        item["estimate_hours"] = scalar(
            prompts.ask_text(
                f"{tid} hand estimate in hours",
                default=show(hours) if hours else None,
                check=lambda text: check.field(done, item, {"estimate_hours": scalar(text)}),
            )
        )
        return item

    prompts.say(
        "  One at a time: its title, what it waits for, what it covers, the files it may "
        "change and its hand estimate. An empty title ends the list."
    )
    return ask_items("task", check, one)


@dataclass(frozen=True)
class Plan:
    """What the suitability answers planned: how many tasks, how many hours by hand."""

    tasks: int = 0
    hours_total: float = 0

    def progress(self, number: int) -> str | None:
        return f"{number} of {self.tasks} planned" if 0 < number <= self.tasks else None

    def hours(self, done: Sequence[Item]) -> float | None:
        """The hours left of the hand estimate, shared by the tasks still planned (to ½ h)."""
        spent = sum(
            float(t["estimate_hours"])
            for t in done
            if isinstance(t.get("estimate_hours"), int | float)
        )
        left = self.tasks - len(done)
        if left <= 0 or self.hours_total - spent <= 0:
            return None
        return max(0.5, round((self.hours_total - spent) / left * 2) / 2)


# ---------------------------------------------------------------- custom MCP servers
def ask_custom_servers(check: ListCheck, wanted: bool | None) -> list[Item]:
    """Custom servers; WANTED says whether the person asked for one (None: ask them)."""
    if wanted is None:
        wanted = prompts.ask_confirm(
            "Add a custom MCP server (one not in the list)?", default=False
        )
    if not wanted:
        return []

    def one(done: list[Item], previous: Item) -> Item | None:
        item: Item = {}
        name = first_field(
            "Custom MCP server name",
            done,
            previous,
            "name",
            lambda text: check.field(done, item, {"name": text}),
            instruction=None if done else "lowercase, e.g. billing-db",
            at_least=0,  # the list may stay empty: chosen by mistake, or changed one's mind
        )
        if name is None:
            return None
        item["name"] = name
        endpoint = prompts.ask_text(
            f"{name}: the command that starts it, or its URL",
            default=_endpoint_text(previous),
            check=lambda text: check.field(done, item, endpoint_keys(text)),
        )
        item.update(endpoint_keys(endpoint))
        if "url" in item:
            bearer = prompts.ask_text(
                f"{name}: variable that holds its bearer token (the NAME, not the token)",
                instruction="(empty for none)",
                check=lambda text: check.field(done, item, {"bearer_env": text} if text else {}),
            )
            if bearer.strip():
                item["bearer_env"] = bearer.strip()
        item["env"] = ask_words(
            f"{name}: environment variables it needs (NAMES only, never values)",
            "(separate with spaces; empty for none)",
            lambda words: check.field(done, item, {"env": words}),
        )
        return item

    return ask_items("custom MCP server", check, one)


def endpoint_keys(text: str) -> Item:
    """`https://…` as a remote server's url; anything else as a command line."""
    text = text.strip()
    if _URL.match(text):
        return {"url": text}
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    return {"command": words[0], "args": words[1:]} if words else {}


def _endpoint_text(item: Item) -> str | None:
    if "url" in item:
        return str(item["url"])
    if "command" in item:
        return shlex.join([item["command"], *item.get("args", [])])
    return None


# ---------------------------------------------------------------- the list questions, by name
def _requirements(
    q: Questionnaire,
    question: Question,
    context: Mapping[str, Any],
    answers: Mapping[str, Any],
    wanted: bool | None,
) -> Any:
    default = q.default(question, context)
    check = ListCheck(q, question, context, REQUIREMENT_FIELDS, first_example(default))
    return ask_requirements(check, id_style(default, "R1"))


def _tasks(
    q: Questionnaire,
    question: Question,
    context: Mapping[str, Any],
    answers: Mapping[str, Any],
    wanted: bool | None,
) -> Any:
    default = q.default(question, context)
    example = first_example(default)
    check = ListCheck(q, question, context, TASK_FIELDS, example, ("depends_on", "requirements"))
    given = answers.get("requirements")
    known = (
        [r for r in given if isinstance(r, dict) and "id" in r] if isinstance(given, list) else []
    )
    next_id = id_style(default, "T01")
    return ask_tasks(check, next_id, known, plan(answers))


def plan(answers: Mapping[str, Any]) -> Plan:
    """The plan the suitability answers make, as far as they are given."""
    tasks, days = answers.get("planned_tasks"), answers.get("hand_days")
    return Plan(
        tasks=tasks if isinstance(tasks, int) and not isinstance(tasks, bool) else 0,
        hours_total=days * HOURS_PER_DAY
        if isinstance(days, int | float) and not isinstance(days, bool)
        else 0,
    )


def _custom_servers(
    q: Questionnaire,
    question: Question,
    context: Mapping[str, Any],
    answers: Mapping[str, Any],
    wanted: bool | None,
) -> Any:
    default = q.default(question, context)
    example = first_example(default, EXAMPLE_SERVER)
    check = ListCheck(q, question, context, SERVER_FIELDS, example)
    return ask_custom_servers(check, wanted)


# The keys of each list's items, grouped by the prompt that answers them, in asking order.
REQUIREMENT_FIELDS = [("id",), ("statement",), ("acceptance",)]
TASK_FIELDS = [
    ("id",),
    ("title",),
    ("depends_on",),
    ("requirements",),
    ("files",),
    ("estimate_hours",),
]
SERVER_FIELDS = [("name",), ("command", "args", "url"), ("bearer_env",), ("env",)]
# copier.yml's custom server list is empty by default, so it has no worked example to fill
# the fields not asked yet; this one is used instead, and only if the template accepts it.
EXAMPLE_SERVER = {"name": "example-server", "command": "example-mcp", "args": [], "env": []}


Loop = Callable[[Questionnaire, Question, Mapping[str, Any], Mapping[str, Any], bool | None], Any]
LOOPS: dict[str, Loop] = {
    "requirements": _requirements,
    "tasks": _tasks,
    "custom_mcp_servers": _custom_servers,
}
# A multi-select whose list ends with "Other…", which opens the named loop: choosing
# custom servers where the catalog's are chosen spares everyone else a yes/no question.
OTHER = {"mcp_servers": ("custom_mcp_servers", "Other: a server not in this list")}
