"""Load a pilot repository once: every file pilotkit reads, with every problem as a finding.

`load` is shared by `check`, `tasks` and `report`: it reads each file once and never
raises on bad content. It raises PilotkitError only when PATH is not a pilot at all.
Besides the answers and the tasks it reads the specs, `PILOT.md`, `AGENTS.md`, every
agent adapter and MCP config file the agent catalog names, the agents' rule, sub-agent
and command files, `metrics/estimate.yaml` and `.pilotkit.yaml`. Rules raised here
(besides those of `pilotkit.pilot.tasks`):

- PK-P001 `.copier-answers.yml` cannot be read;
- PK-P002 another file pilotkit reads is not UTF-8 text, is binary, too large, or
  cannot be opened (a broken or looping symlink, a folder);
- PK-P003 `.pilotkit.yaml` is not valid YAML or not a mapping;
- PK-T006 the pilot has no `tasks/` folder, or no task in it;
- PK-M002 an MCP config file does not parse;
- PK-E003 `metrics/estimate.yaml` does not parse or has the wrong shape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilotkit.agents import catalog, guidelines
from pilotkit.agents.mcp import documents, shapes
from pilotkit.errors import PilotkitError
from pilotkit.findings import Finding, finding
from pilotkit.pilot import specs, textfiles
from pilotkit.pilot.estimate import ESTIMATE, Estimate
from pilotkit.pilot.estimate import parse as parse_estimate
from pilotkit.pilot.specs import Requirement
from pilotkit.pilot.tasks import Task
from pilotkit.pilot.tasks import parse as parse_task
from pilotkit.yaml import YamlError, read_located

ANSWERS = ".copier-answers.yml"
SETTINGS = ".pilotkit.yaml"
TASKS_DIR = "tasks"
PILOT_MD = "PILOT.md"


@dataclass(frozen=True)
class Pilot:
    """A pilot as read from disk.

    `texts` holds every other file that was read, by path relative to the root (with
    `/`); `unreadable` the paths that exist but could not be read (each has a PK-P002
    finding). `configs` are the MCP config files that parsed, by path.
    """

    root: Path
    answers: Mapping[str, Any]
    tasks: tuple[Task, ...]
    findings: tuple[Finding, ...] = ()
    by_id: Mapping[str, Task] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)
    unreadable: frozenset[str] = frozenset()
    requirements: tuple[Requirement, ...] = ()
    configs: Mapping[str, documents.Document] = field(default_factory=dict)
    estimate: Estimate | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    settings_lines: Mapping[str, int] = field(default_factory=dict)
    unparsed: frozenset[str] = frozenset()  # ids (from file names) of unreadable task files

    def task(self, task_id: str) -> Task | None:
        return self.by_id.get(task_id)

    def deps(self) -> dict[str, list[str]]:
        """Each task id → the ids it depends on (the first task wins a duplicated id)."""
        return {task_id: list(task.depends_on) for task_id, task in self.by_id.items()}

    def exists(self, path: str) -> bool:
        """Whether PATH (relative) was found, readable or not."""
        return path in self.texts or path in self.unreadable or path in self.configs

    def agents(self) -> list[str]:
        """The agents chosen in the answers."""
        chosen = self.answers.get("agents")
        return [str(name) for name in chosen] if isinstance(chosen, list) else []


def find_root(start: Path) -> Path:
    """The pilot containing START: the nearest directory upward with an answers file."""
    start = start.absolute()
    for candidate in (start, *start.parents):
        if _is_answers(candidate / ANSWERS):
            return candidate
    if (start / TASKS_DIR).is_dir():
        return start
    raise PilotkitError(f"{start} is not a pilot: no {ANSWERS} here or above; run `pilotkit new`")


def _is_answers(path: Path) -> bool:
    """Whether an answers file is at PATH: anything but a folder, even a FIFO (a finding)."""
    return textfiles.present(path) and not path.is_dir()


def load_pilot(path: Path) -> Pilot:
    """Read the pilot at PATH (or the pilot containing it)."""
    root = find_root(path)
    problems: list[Finding] = []
    answers = _answers(root, problems)
    settings, settings_lines = _settings(root, problems)
    unparsed: set[str] = set()
    tasks = _tasks(root, problems, unparsed)
    by_id: dict[str, Task] = {}
    for task in tasks:
        by_id.setdefault(task.id, task)
    reader = textfiles.Reader(root, problems)
    for relative in _other_files(root):
        reader.read(relative)
    configs = _configs(reader)
    estimate = _estimate(reader)  # before the findings are frozen: it may add one
    requirements = reader.texts.get(specs.REQUIREMENTS)
    return Pilot(
        root,
        answers,
        tuple(tasks),
        tuple(problems),
        by_id,
        texts=reader.texts,
        unreadable=frozenset(reader.unreadable),
        requirements=specs.parse_requirements(requirements) if requirements is not None else (),
        configs=configs,
        estimate=estimate,
        settings=settings,
        settings_lines=settings_lines,
        unparsed=frozenset(unparsed - set(by_id)),
    )


def _answers(root: Path, problems: list[Finding]) -> dict[str, Any]:
    path = root / ANSWERS
    if not _is_answers(path):
        return {}
    try:
        data = read_located(textfiles.read_text(path), ANSWERS).data
    except (YamlError, UnicodeDecodeError, OSError) as err:
        line = err.line if isinstance(err, YamlError) else None
        problem = err.problem if isinstance(err, YamlError) else str(err)
        if isinstance(err, OSError) and err.strerror:
            problem = err.strerror
        hint = "restore it from git: it is written by copier, never by hand"
        problems.append(finding("PK-P001", ANSWERS, line, f"cannot be read: {problem}", hint))
        return {}
    return data if isinstance(data, dict) else {}


def read_settings(root: Path) -> tuple[dict[str, Any], dict[str, int], tuple[Finding, ...]]:
    """`.pilotkit.yaml` of the pilot at ROOT alone: its data, each key's line, its problems."""
    problems: list[Finding] = []
    data, lines = _settings(root, problems)
    return data, lines, tuple(problems)


def _settings(root: Path, problems: list[Finding]) -> tuple[dict[str, Any], dict[str, int]]:
    reader = textfiles.Reader(root, problems)
    text = reader.read(SETTINGS)
    if text is None:
        return {}, {}
    try:
        located = read_located(text, SETTINGS)
    except YamlError as err:
        hint = "fix the YAML; the settings are described in pilotkit's rules reference"
        problems.append(finding("PK-P003", SETTINGS, err.line, err.problem, hint))
        return {}, {}
    if located.data is None:
        return {}, {}
    if not isinstance(located.data, dict):
        hint = "write `check:` and its settings below it"
        problems.append(finding("PK-P003", SETTINGS, 1, "is not a mapping", hint))
        return {}, {}
    return located.data, _key_lines(text)


def _key_lines(text: str) -> dict[str, int]:
    """The line of each block-style key of a YAML TEXT, as a dotted path (`check.ignore`)."""
    lines: dict[str, int] = {}
    stack: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^( *)([A-Za-z0-9_-]+)[ \t]*:(?:[ \t]|$)", line)
        if not match:
            continue
        indent = len(match.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match.group(2)))
        lines.setdefault(".".join(key for _, key in stack), number)
    return lines


def _tasks(root: Path, problems: list[Finding], unparsed: set[str] | None = None) -> list[Task]:
    folder = root / TASKS_DIR
    if not folder.is_dir():
        problems.append(
            finding("PK-T006", TASKS_DIR, None, "the pilot has no tasks/ folder", "add task files")
        )
        return []
    found: list[Task] = []
    for entry in sorted(folder.iterdir()):
        if entry.suffix != ".md" or entry.name.lower() == "readme.md":
            continue
        relative = f"{TASKS_DIR}/{entry.name}"
        if entry.is_dir():
            continue
        try:
            raw = textfiles.read_bytes(entry)
        except OSError as err:
            problem, hint = _unreadable(err)
            problems.append(finding("PK-T001", relative, None, problem, hint))
            if unparsed is not None and (named := re.match(r"T\d{2,}", entry.name)):
                unparsed.add(named.group(0))
            continue
        task, task_problems = parse_task(relative, raw)
        problems.extend(task_problems)
        if task is not None:
            found.append(task)
        elif unparsed is not None and (named := re.match(r"T\d{2,}", entry.name)):
            unparsed.add(named.group(0))
    if not found and folder.is_dir():
        problems.append(
            finding("PK-T006", TASKS_DIR, None, "there is no task in tasks/", "add task files")
        )
    return found


def _unreadable(err: OSError) -> tuple[str, str]:
    """What is wrong with a task file that cannot be read, and the fix."""
    if isinstance(err, textfiles.NotAFile):
        return str(err.strerror), "replace it with a regular file, or remove it from tasks/"
    hint = "fix or remove the file (is it a broken or looping symlink?)"
    return f"cannot be read: {err.strerror}", hint


def _other_files(root: Path) -> list[str]:
    """Every file besides the answers and the tasks that the rules read, if it exists."""
    wanted = [PILOT_MD, guidelines.AGENTS_MD, specs.REQUIREMENTS, specs.DESIGN]
    wanted += textfiles.under(root, "specs", "*.md")
    for agent in catalog.load().agents.values():
        wanted += agent.instructions
        wanted += [config.path for config in agent.mcp]
    wanted.append(ESTIMATE)
    for folder in guidelines.FOLDERS:
        wanted += textfiles.under(root, folder, "*")
    return [path for path in dict.fromkeys(wanted) if textfiles.present(root / path)]


def _configs(reader: textfiles.Reader) -> dict[str, documents.Document]:
    configs: dict[str, documents.Document] = {}
    seen: set[str] = set()
    for agent in catalog.load().agents.values():
        for config in agent.mcp:
            text = reader.texts.get(config.path)
            if text is None or config.path in seen:
                continue
            seen.add(config.path)
            who = shapes.client(config.path, config.key)
            parsed = documents.parse(config.path, text, jsonc=who.jsonc)
            if isinstance(parsed, documents.ParseError):
                hint = "fix the syntax; the client ignores a file it cannot parse"
                reader.problems.append(
                    finding(
                        "PK-M002",
                        config.path,
                        parsed.line,
                        parsed.problem,
                        hint,
                        column=parsed.column,
                    )
                )
                continue
            configs[config.path] = parsed
    return configs


def _estimate(reader: textfiles.Reader) -> Estimate | None:
    text = reader.texts.get(ESTIMATE)
    if text is None:
        return None
    try:
        return parse_estimate(text)
    except YamlError as err:
        hint = "fix the YAML: estimated_by, estimated_on, unit, tasks (id: hours), total"
        reader.problems.append(finding("PK-E003", ESTIMATE, err.line, err.problem, hint))
        return None
