"""A new pilot from an import: the answers the source gives, and the rendered files it replaces.

`pilotkit import … DEST` renders the template like `pilotkit new` (same answers, same
staging), then, before the first commit, replaces what the template rendered from its
worked example: the requirements, the tasks, the estimate's hours, the parts of
`PILOT.md` that speak of the example's tasks and hours, the example branch in
`AGENTS.md`, and the example's requirements and tasks in `.copier-answers.yml` (the
specs and tasks are pilot-owned files; copier keeps no copy of them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pilotkit.agents import catalog
from pilotkit.importers.mapping import Mapped
from pilotkit.importers.model import Source
from pilotkit.importers.text import feature_slug, first_sentence
from pilotkit.pilot import graph, markdown, specs, textfiles
from pilotkit.pilot.load import ANSWERS, PILOT_MD, TASKS_DIR
from pilotkit.pilot.plan import ESTIMATE
from pilotkit.template import computed
from pilotkit.yaml import DELETE, edit_text

AGENTS_MD = "AGENTS.md"


def answers(source: Source, mapped: Mapped) -> dict[str, Any]:
    """The answers the source gives (the user's own answers win over these)."""
    deps = {task.id: list(task.depends_on) for task in mapped.tasks}
    widest = max((len(wave) for wave in graph.waves(deps)), default=1)
    count = len(mapped.tasks)
    return {
        "pilot_name": feature_slug(source.feature),
        "feature": first_sentence(source.summary) or source.title,
        "end_point": source.end_point,
        "planned_tasks": count,
        "parallel_tasks": min(widest, count),
        "design_notes": (
            f"Imported from {source.label} ({source.feature}): its design notes are under "
            f"“Imported from {source.label}” at the end of this file."
        ),
    }


def preparer(source: Source, mapped: Mapped) -> Callable[[Path, Mapping[str, Any]], None]:
    """The step that turns the rendered worked example into the imported pilot."""

    def prepare(folder: Path, recorded: Mapping[str, Any]) -> None:
        _requirements(folder, mapped)
        _append(folder / specs.DESIGN, mapped.design)
        example = [task for task in recorded.get("tasks") or [] if isinstance(task, dict)]
        for old in (folder / TASKS_DIR).glob("T*.md"):
            old.unlink()
        for task in mapped.tasks:
            (folder / task.path).write_text(task.text, encoding="utf-8")
        _estimate(folder, source, mapped)
        _charter(folder, source, mapped, recorded)
        if example and mapped.tasks:
            first = example[0]
            task_id, title = str(first.get("id")), str(first.get("title", ""))
            branch = f"task/{task_id}-{computed.task_slug(task_id, title)}"
            ours = f"task/{mapped.tasks[0].path.rsplit('/', 1)[-1].removesuffix('.md')}"
            _replace(folder / AGENTS_MD, branch, ours)
        answers_file = folder / ANSWERS
        if answers_file.is_file():
            changes: dict[tuple[str, ...], object] = {("requirements",): DELETE, ("tasks",): DELETE}
            text = textfiles.read_text(answers_file)
            answers_file.write_text(edit_text(text, changes, ANSWERS), encoding="utf-8")

    return prepare


def _requirements(folder: Path, mapped: Mapped) -> None:
    path = folder / specs.REQUIREMENTS
    rendered = textfiles.read_text(path) if path.is_file() else "# Requirements\n"
    first = next(iter(specs.parse_requirements(rendered)), None)
    header = "\n".join(rendered.splitlines()[: first.line - 1]) if first else rendered
    body = mapped.requirements_text
    path.write_text(header.rstrip("\n") + "\n\n" + body if body else header, encoding="utf-8")


def _append(path: Path, section: str) -> None:
    if section and path.is_file():
        path.write_text(textfiles.read_text(path).rstrip("\n") + "\n\n" + section, "utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    if path.is_file():
        text = textfiles.read_text(path)
        if old in text:
            path.write_text(text.replace(old, new), encoding="utf-8")


def _estimate(folder: Path, source: Source, mapped: Mapped) -> None:
    """The estimate without the example's hours: one commented line per imported task."""
    path = folder / ESTIMATE
    if not path.is_file():
        return
    lines = textfiles.read_text(path).splitlines()
    cut = next((i for i, line in enumerate(lines) if line.startswith("tasks:")), None)
    if cut is None:
        return
    block = [
        f"# The tasks were imported from {source.label} without hours. Before any agent",
        "# starts, write the hours each would take by hand: uncomment its line, put the",
        "# number after the colon, and add `total:` with the sum.",
        "tasks:",
        *(f"  # {task.id}:    # {task.source.title}" for task in mapped.tasks),
    ]
    path.write_text("\n".join([*lines[:cut], *block]) + "\n", encoding="utf-8")


def _charter(folder: Path, source: Source, mapped: Mapped, recorded: Mapping[str, Any]) -> None:
    """PILOT.md's hand estimate, hypothesis and effort estimate, for the imported tasks."""
    path = folder / PILOT_MD
    if not path.is_file():
        return
    count = len(mapped.tasks)
    done = sum(1 for task in mapped.tasks if task.source.done)
    engineer = str(recorded.get("engineer") or "The engineer")
    agents = catalog.load().agents
    chosen = [agents[a].label if a in agents else str(a) for a in recorded.get("agents") or []]
    link = f"[{ESTIMATE}]({ESTIMATE})"
    row = (
        f"| Hand estimate | not made yet: the hours of the {count} tasks imported from "
        f"{source.label} go in {link} before the start |"
    )
    hypothesis = (
        f"With reviewed specs and guidelines, coding agents ({', '.join(chosen)}) working "
        f"in parallel on {count} tasks under {engineer}'s supervision deliver the feature for "
        "less engineer time plus token cost than the hours estimated by hand before the "
        f"start ({link}), without lowering the quality of what is merged."
    )
    already = ""
    if done == count:
        already = " All of them are checked (done) in the source: add the work still to do."
    elif done:
        already = (
            f" {done} of them are checked (done) in the source: the estimate of the others "
            "is the baseline the pilot is measured against."
        )
    effort = (
        f"No hand estimate yet: the {count} tasks were imported from {source.label} "
        f"(`{source.feature}`) without hours.{already} Before any agent starts, {engineer} "
        f"writes the hours each task would take by hand in {link}; `pilotkit check` lists "
        "every task still without hours (PK-E002). The estimate is frozen once the first "
        "task leaves `todo`; `pilotkit check` flags any later edit. It is the "
        "counterfactual the pilot is measured against, so make it in good faith and do "
        "not revise it."
    )
    text = textfiles.read_text(path)
    lines = [row if line.startswith("| Hand estimate |") else line for line in text.splitlines()]
    text = _section(
        _section("\n".join(lines) + "\n", "Hypothesis", hypothesis), "Effort estimate", effort
    )
    path.write_text(text, encoding="utf-8")


def _section(text: str, title: str, body: str) -> str:
    """TEXT with the body of its `## TITLE` section replaced by BODY (unchanged without one)."""
    before, parts = markdown.sections(text, level=2)
    for index, part in enumerate(parts):
        if part.level == 2 and part.title == title:
            parts[index] = markdown.Section(2, title, f"## {title}\n\n{body}\n\n")
            return before + "".join(p.text for p in parts)
    return text
