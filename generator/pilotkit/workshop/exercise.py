"""The exercise format: one YAML file per exercise, read with file:line errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from pilotkit.yaml import YamlError, load_mapping

# The kinds of edit a plant or a solution may make (docs/reference/workshop.md).
OPS = (
    "set_field",  # a Markdown file's front-matter field
    "set_yaml",  # a key (dotted path) in a YAML file
    "set_json",  # a key (dotted path, list indexes as numbers) in a JSON file
    "set_toml",  # a key (dotted path) in a TOML file, its value on one line
    "append",  # append an item to a list: a front-matter field, a YAML or JSON key path
    "remove",  # remove an item from such a list (it must be there)
    "replace",  # replace the text at an anchor (must occur exactly once)
    "delete_section",  # delete a Markdown section, heading to the next same-level heading
    "write",  # write a whole file
    "delete",  # delete a file
    "commit",  # commit what the edits so far made (an edit after a claim, say)
    "update",  # `pilotkit update` to the newest template version the kit carries
)
REQUIRED = ("id", "title", "step", "minutes", "goal", "plant", "expect", "solution")
KNOWN = (*REQUIRED, "answers", "template", "pass", "hints", "debrief", "mistakes")
PASS_KEYS = (
    "gone",
    "protect",
    "min_tasks",
    "covered",
    "usage_records",
    "journal_entries",
    "contains",
    "updated",
)
# An op that names no file of the pilot.
_NO_PATH = ("commit", "update")


@dataclass(frozen=True)
class Edit:
    """One declarative change to a pilot file."""

    op: str
    path: str = ""
    key: str = ""
    value: Any = None
    anchor: str = ""
    text: str = ""
    heading: str = ""
    message: str = ""


@dataclass(frozen=True)
class Pass:
    """What a solved exercise must show besides the target findings being gone."""

    gone: tuple[str, ...]  # the rule ids that must no longer be found
    protect: tuple[str, ...] = ()  # files that must be unchanged since the start tag
    min_tasks: int = 0  # at least this many tasks remain
    covered: tuple[str, ...] = ()  # requirements still covered by some task
    usage_records: int = 0  # at least this many usage records imported into metrics/usage/
    journal_entries: int = 0  # at least this many journal entries the report can count
    contains: tuple[tuple[str, str], ...] = ()  # (file, text): the file holds the text
    updated: bool = False  # the pilot records the newest version of its template source


@dataclass(frozen=True)
class Exercise:
    """An exercise as read from its file."""

    id: str
    title: str
    step: str
    minutes: int
    goal: str
    plant: tuple[Edit, ...]
    expect: tuple[str, ...]
    passing: Pass
    solution: tuple[Edit, ...]
    hints: tuple[str, ...] = ()
    debrief: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    answers: Mapping[str, Any] | None = None
    source: str = ""  # where it was read, for messages
    text: str = ""  # the file as read, for the copy a kit keeps
    # Edits to the template's own files that make the newer of the two versions the kit
    # carries (the template-update exercise); empty: the base is rendered as usual.
    template: tuple[Edit, ...] = ()


def builtin_paths() -> list[Path]:
    """The exercise files shipped in the package, in catalog order (file name order)."""
    folder = resources.files("pilotkit.workshop") / "exercises"
    return sorted(Path(str(item)) for item in folder.iterdir() if item.name.endswith(".yaml"))


def read_all(paths: Sequence[Path]) -> tuple[Exercise, ...]:
    """Every exercise in PATHS; refuses two with the same id."""
    found: dict[str, Exercise] = {}
    for path in paths:
        exercise = read(path)
        if exercise.id in found:
            raise YamlError(
                path, 1, f"id {exercise.id}: also the id of {found[exercise.id].source}"
            )
        found[exercise.id] = exercise
    return tuple(found.values())


def read(path: Path) -> Exercise:
    """The exercise in PATH; a missing or malformed field is a YamlError naming its line."""
    doc = load_mapping(path)
    data = doc.data

    def fail(key: str, problem: str) -> YamlError:
        return YamlError(path, doc.line(key) or 1, f"`{key}`: {problem}")

    for key in data:
        if key not in KNOWN:
            raise fail(key, "unknown field; the fields are " + ", ".join(KNOWN))
    for key in REQUIRED:
        if key not in data:
            raise YamlError(
                path, 1, f"`{key}` is missing; an exercise needs " + ", ".join(REQUIRED)
            )
    texts = {key: _text(data[key], partial(fail, key)) for key in ("id", "title", "step", "goal")}
    minutes = data["minutes"]
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise fail("minutes", "must be a whole number of minutes above 0")
    expect = _strings(data["expect"], lambda problem: fail("expect", problem))
    return Exercise(
        id=texts["id"],
        title=texts["title"],
        step=texts["step"],
        minutes=minutes,
        goal=texts["goal"],
        plant=_edits(data["plant"], lambda problem: fail("plant", problem)),
        expect=expect,
        passing=_pass(data.get("pass") or {}, expect, lambda problem: fail("pass", problem)),
        solution=_edits(data["solution"], lambda problem: fail("solution", problem)),
        hints=_strings(data.get("hints") or [], lambda problem: fail("hints", problem)),
        debrief=_strings(data.get("debrief") or [], lambda problem: fail("debrief", problem)),
        mistakes=_strings(data.get("mistakes") or [], lambda problem: fail("mistakes", problem)),
        answers=_answers(data.get("answers"), lambda problem: fail("answers", problem)),
        source=str(path),
        text=path.read_text(encoding="utf-8"),
        template=_template(data.get("template"), lambda problem: fail("template", problem)),
    )


Fail = Callable[[str], YamlError]


def _text(value: Any, fail: Fail) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail("must be a non-empty text")
    return value.strip()


def _strings(value: Any, fail: Fail) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise fail("must be a list of texts")
    return tuple(value)


def _answers(value: Any, fail: Fail) -> Mapping[str, Any] | None:
    if value is not None and not isinstance(value, dict):
        raise fail("must be a mapping of template answers")
    return value


def _pass(value: Any, expect: tuple[str, ...], fail: Fail) -> Pass:
    if not isinstance(value, dict):
        raise fail("must be a mapping with " + ", ".join(PASS_KEYS))
    unknown = [key for key in value if key not in PASS_KEYS]
    if unknown:
        raise fail(f"unknown key {unknown[0]}; the keys are " + ", ".join(PASS_KEYS))
    counts = {key: value.get(key, 0) for key in ("min_tasks", "usage_records", "journal_entries")}
    for key, count in counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise fail(f"{key} must be a whole number")
    if not isinstance(value.get("updated", False), bool):
        raise fail("updated must be true or false")
    return Pass(
        gone=_strings(value.get("gone", list(expect)), fail),
        protect=_strings(value.get("protect", []), fail),
        min_tasks=counts["min_tasks"],
        covered=_strings(value.get("covered", []), fail),
        usage_records=counts["usage_records"],
        journal_entries=counts["journal_entries"],
        contains=_contains(value.get("contains", []), fail),
        updated=value.get("updated", False),
    )


def _contains(value: Any, fail: Fail) -> tuple[tuple[str, str], ...]:
    good = isinstance(value, list) and all(
        isinstance(item, dict)
        and set(item) == {"path", "text"}
        and all(isinstance(part, str) and part for part in item.values())
        for item in value
    )
    if not good:
        raise fail("contains must be a list of `{path: FILE, text: TEXT}`")
    return tuple((item["path"], item["text"]) for item in value)


def _template(value: Any, fail: Fail) -> tuple[Edit, ...]:
    """The `template` field: `changes`, the edits that make the newer template version."""
    if value is None:
        return ()
    if not isinstance(value, dict) or set(value) != {"changes"}:
        raise fail("must be a mapping with `changes`, the edits of the newer version")
    changes = _edits(value["changes"], fail)
    if any(item.op in _NO_PATH for item in changes):
        raise fail("changes edit the template's files; `commit` and `update` have no place there")
    return changes


def _edits(value: Any, fail: Fail) -> tuple[Edit, ...]:
    if not isinstance(value, list) or not value:
        raise fail("must be a list of edits")
    return tuple(_edit(item, number, fail) for number, item in enumerate(value, 1))


def _edit(item: Any, number: int, fail: Fail) -> Edit:
    if not isinstance(item, dict) or item.get("op") not in OPS:
        raise fail(f"edit {number}: `op` must be one of " + ", ".join(OPS))
    fields = {key: item[key] for key in item if key != "op"}
    unknown = [key for key in fields if key not in Edit.__dataclass_fields__]
    if unknown:
        raise fail(f"edit {number}: unknown key {unknown[0]}")
    if item["op"] not in _NO_PATH and not isinstance(fields.get("path"), str):
        raise fail(f"edit {number}: `path` must name a file of the pilot")
    if item["op"] in ("append", "remove") and not (
        isinstance(fields.get("key"), str) and fields["key"] and "value" in fields
    ):
        raise fail(f"edit {number}: `{item['op']}` needs `key` (the list) and `value` (the item)")
    return Edit(op=item["op"], **fields)
