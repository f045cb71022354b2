"""The interview's three loops: requirements, tasks and custom MCP servers.

Each builds its list answer item by item (see `items`); the keys of an item and the
order they are asked in are the template's list shape, the rules are its validators.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
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
    link_choices,
    pick,
    scalar,
    short,
    split_links,
)
from pilotkit.interview.summary import show
from pilotkit.numbers import is_number, is_whole
from pilotkit.template.questionnaire import Question, Questionnaire

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
    root: Path | None = None,
) -> list[Item]:
    """The tasks one by one (title, links, files), then their hand estimates in one answer:
    estimating the tasks side by side, against the whole, is how estimates are made. ROOT
    is a checkout of the repository, whose paths Tab completes in the files answer."""

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
        earlier = [(t["id"], short(t["title"])) for t in done]
        covered = [(r["id"], short(r.get("statement", ""))) for r in requirements]
        item.update(
            split_links(
                pick(
                    f"{tid} depends on, and covers" if done else f"{tid} covers requirements",
                    link_choices(earlier, covered),
                    lambda chosen: check.field(done, item, split_links(chosen)),
                )
            )
        )
        item["files"] = ask_words(
            f"{tid} files or globs it may change",
            "(separate with spaces)",
            lambda words: check.field(done, item, {"files": words}),
            default=shlex.join(previous.get("files") or []),
            paths=root,
        )
        return item

    end = (
        f"The list ends after the {plan.tasks} planned (or on an empty title)"
        if plan.tasks
        else "An empty title ends the list"
    )
    prompts.say(
        "  One at a time: its title, the earlier tasks it depends on and the requirements it "
        f"covers, and the files it may change. {end}; the hand estimates come last, all in "
        "one answer."
    )
    tasks = ask_items("task", check, one, limit=plan.tasks)
    if plan.tasks and len(tasks) == plan.tasks:
        prompts.say(f"  {plan.tasks} of {plan.tasks} planned. Add more later: pilotkit tasks add")
    return ask_estimates(check, tasks, plan)


def ask_estimates(check: ListCheck, tasks: list[Item], plan: Plan) -> list[Item]:
    """Every task's hand estimate in hours, in one answer; the plan's hours shared out
    evenly are the default. The total is shown against the suitability answer."""
    if not tasks:
        return tasks
    names = f"{tasks[0]['id']}–{tasks[-1]['id']}" if len(tasks) > 1 else tasks[0]["id"]

    def estimated(text: str) -> list[Item]:
        return [
            {**task, "estimate_hours": scalar(word)}
            for task, word in zip(tasks, text.split(), strict=False)
        ]

    def problem(text: str) -> str | None:
        words = text.split()
        if len(words) != len(tasks):
            wanted = "one number" if len(tasks) == 1 else f"{len(tasks)} numbers, one per task"
            return f"give {wanted} ({names}); got {len(words)}"
        return "; ".join(check.problems(estimated(text))) or None

    shared = plan.shared(len(tasks))
    text = prompts.ask_text(
        f"Hand estimates in hours, for {names} in order",
        instruction="(separate with spaces)",
        default=" ".join(show(hours) for hours in shared) if shared else None,
        check=problem,
    )
    done = estimated(text)
    hours = [task["estimate_hours"] for task in done]
    total = sum(h for h in hours if is_number(h))
    planned = f"; the plan says {show(plan.hours_total)} h" if plan.hours_total else ""
    prompts.say(f"  {show(total)} h by hand in all{planned}.")
    return done


@dataclass(frozen=True)
class Plan:
    """What the suitability answers planned: how many tasks, how many hours by hand."""

    tasks: int = 0
    hours_total: float = 0

    def progress(self, number: int) -> str | None:
        return f"{number} of {self.tasks} planned" if 0 < number <= self.tasks else None

    def shared(self, count: int) -> list[float]:
        """The hand estimate shared evenly by COUNT tasks (to the half hour, at least ½ h);
        none when the plan has no hours."""
        if count <= 0 or self.hours_total <= 0:
            return []
        return [max(0.5, round(self.hours_total / count * 2) / 2)] * count


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
@dataclass(frozen=True)
class LoopInput:
    """What a loop is asked with: the list question, the answers so far, whether an
    "Other…" choice asked for it (None: not offered), and the checkout of the repository
    the agents will work in, when the person has one here."""

    q: Questionnaire
    question: Question
    context: Mapping[str, Any]
    answers: Mapping[str, Any]
    wanted: bool | None = None
    root: Path | None = None

    def default(self) -> Any:
        return self.q.default(self.question, self.context)

    def check(
        self,
        groups: Sequence[Sequence[str]],
        example: Mapping[str, Any] | None,
        references: Sequence[str] = (),
    ) -> ListCheck:
        return ListCheck(self.q, self.question, self.context, groups, example, references)


def _requirements(given: LoopInput) -> Any:
    default = given.default()
    check = given.check(REQUIREMENT_FIELDS, first_example(default))
    return ask_requirements(check, id_style(default, "R1"))


def _tasks(given: LoopInput) -> Any:
    default = given.default()
    check = given.check(TASK_FIELDS, first_example(default), ("depends_on", "requirements"))
    entered = given.answers.get("requirements")
    known = (
        [r for r in entered if isinstance(r, dict) and "id" in r]
        if isinstance(entered, list)
        else []
    )
    next_id = id_style(default, "T01")
    return ask_tasks(check, next_id, known, plan(given.answers), given.root)


def task_check(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> ListCheck | None:
    """The template's `tasks` validator, for one more task of a pilot with ANSWERS (None
    when the template asks no `tasks`)."""
    question = questionnaire.question("tasks")
    if question is None:
        return None
    context = questionnaire.context(answers)
    default = questionnaire.default(question, context)
    references = ("depends_on", "requirements")
    return ListCheck(
        questionnaire, question, context, TASK_FIELDS, first_example(default), references
    )


def plan(answers: Mapping[str, Any]) -> Plan:
    """The plan the suitability answers make, as far as they are given."""
    tasks, days = answers.get("planned_tasks"), answers.get("hand_days")
    return Plan(
        tasks=tasks if is_whole(tasks) else 0,
        hours_total=days * HOURS_PER_DAY if is_number(days) else 0,
    )


def _custom_servers(given: LoopInput) -> Any:
    check = given.check(SERVER_FIELDS, first_example(given.default(), EXAMPLE_SERVER))
    return ask_custom_servers(check, given.wanted)


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


LOOPS: dict[str, Callable[[LoopInput], Any]] = {
    "requirements": _requirements,
    "tasks": _tasks,
    "custom_mcp_servers": _custom_servers,
}
# A multi-select whose list ends with "Other…", which opens the named loop: choosing
# custom servers where the catalog's are chosen spares everyone else a yes/no question.
OTHER = {"mcp_servers": ("custom_mcp_servers", "Other: a server not in this list")}
