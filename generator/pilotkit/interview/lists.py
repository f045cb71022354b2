"""The interview's three loops: requirements, tasks and custom MCP servers.

Each builds its list answer item by item (see `items`); the keys of an item and the
order they are asked in are the template's list shape, the rules are its validators.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pilotkit import prompts
from pilotkit.interview.items import (
    Item,
    ListCheck,
    ask_items,
    ask_lines,
    ask_words,
    first_example,
    id_style,
    pick,
    scalar,
    short,
)
from pilotkit.questionnaire import Question, Questionnaire

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


# ---------------------------------------------------------------- requirements
def ask_requirements(check: ListCheck, next_id: Callable[[int], str]) -> list[Item]:
    def one(done: list[Item], previous: Item) -> Item:
        item: Item = {"id": next_id(len(done) + 1)}
        rid = item["id"]
        item["statement"] = prompts.ask_text(
            f"{rid} statement: what must be true, in one testable sentence",
            default=previous.get("statement"),
            check=lambda text: check.field(done, item, {"statement": text}),
        )
        item["acceptance"] = ask_lines(
            f"{rid} acceptance criterion", done, item, "acceptance", check
        )
        return item

    return ask_items("requirement", check, one, more=lambda count: False)


# ---------------------------------------------------------------- tasks
def ask_tasks(
    check: ListCheck,
    next_id: Callable[[int], str],
    requirements: Sequence[Mapping[str, Any]],
    planned: int,
) -> list[Item]:
    def one(done: list[Item], previous: Item) -> Item:
        item: Item = {"id": next_id(len(done) + 1)}
        tid = item["id"]
        item["title"] = prompts.ask_text(
            f"{tid} title",
            default=previous.get("title"),
            check=lambda text: check.field(done, item, {"title": text}),
        )
        item["depends_on"] = pick(
            f"{tid} depends on (earlier tasks that must be done first)",
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
        )
        item["estimate_hours"] = scalar(
            prompts.ask_text(
                f"{tid} hand estimate in hours",
                check=lambda text: check.field(done, item, {"estimate_hours": scalar(text)}),
            )
        )
        return item

    return ask_items("task", check, one, more=lambda count: count < planned)


# ---------------------------------------------------------------- custom MCP servers
def ask_custom_servers(check: ListCheck) -> list[Item]:
    if not prompts.ask_confirm("Add a custom MCP server (one not in the list)?", default=False):
        return []

    def one(done: list[Item], previous: Item) -> Item:
        item: Item = {}
        item["name"] = prompts.ask_text(
            "Server name (lowercase, e.g. billing-db)",
            default=previous.get("name"),
            check=lambda text: check.field(done, item, {"name": text}),
        )
        name = item["name"]
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

    return ask_items("custom MCP server", check, one, more=lambda count: False)


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
    q: Questionnaire, question: Question, context: Mapping[str, Any], answers: Mapping[str, Any]
) -> Any:
    default = q.default(question, context)
    check = ListCheck(q, question, context, REQUIREMENT_FIELDS, first_example(default))
    prompts.say(f"  {q.help(question, context)}")
    return ask_requirements(check, id_style(default, "R1"))


def _tasks(
    q: Questionnaire, question: Question, context: Mapping[str, Any], answers: Mapping[str, Any]
) -> Any:
    default = q.default(question, context)
    example = first_example(default)
    check = ListCheck(q, question, context, TASK_FIELDS, example, ("depends_on", "requirements"))
    given = answers.get("requirements")
    known = (
        [r for r in given if isinstance(r, dict) and "id" in r] if isinstance(given, list) else []
    )
    planned = answers.get("planned_tasks")
    prompts.say(f"  {q.help(question, context)}")
    next_id = id_style(default, "T01")
    return ask_tasks(check, next_id, known, planned if isinstance(planned, int) else 0)


def _custom_servers(
    q: Questionnaire, question: Question, context: Mapping[str, Any], answers: Mapping[str, Any]
) -> Any:
    default = q.default(question, context)
    example = first_example(default, EXAMPLE_SERVER)
    check = ListCheck(q, question, context, SERVER_FIELDS, example)
    return ask_custom_servers(check)


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


LOOPS = {
    "requirements": _requirements,
    "tasks": _tasks,
    "custom_mcp_servers": _custom_servers,
}
