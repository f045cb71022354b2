"""`pilotkit tasks export --to github|jira-csv|json`: hand tasks to trackers without retyping.

- `github`: one issue per task (title, the task's brief as body, labels for the task,
  its wave and the pilot, an optional assignee such as a coding agent's account) as a
  bash script of `gh` calls and its JSON twin; with `run`, the calls are made and each
  issue's number and URL recorded in its task file (`issue`, `issue_url`).
- `jira-csv`: the CSV Jira's importer maps as it is (`pilotkit.trackers.jira`).
- `json`: the tasks with their graph, for any other tool.

A task that records an issue is not exported to a tracker again, so a second export
creates nothing new; the JSON export lists every selected task with its issue.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit.commands.tasks.query import task_graph
from pilotkit.errors import PilotkitError
from pilotkit.files import Output, write_all
from pilotkit.pilot import diagrams
from pilotkit.pilot.plan import Plan
from pilotkit.pilot.tasks import Task
from pilotkit.trackers import drafts, github, jira
from pilotkit.trackers.github import Created
from pilotkit.trackers.record import record_issue, ref

TARGETS = ("github", "jira-csv", "json")
JSON_VERSION = 1


@dataclass(frozen=True)
class Exported:
    """What an export produced, and for which tasks."""

    to: str
    text: str  # the script, the CSV or the JSON
    tasks: tuple[str, ...]  # the tasks in it
    skipped: tuple[tuple[str, str], ...] = ()  # (task, issue) exported before
    created: tuple[Created, ...] = ()
    written: tuple[Path, ...] = ()
    repository: str | None = None


def export_tasks(
    path: Path,
    *,
    to: str,
    ids: Sequence[str] = (),
    ready: bool = False,
    output: Path | None = None,
    run: bool = False,
    assignee: str | None = None,
    repo: str | None = None,
) -> Exported:
    """Export the selected tasks of the pilot at PATH to the tracker format TO."""
    _check_options(to, output=output, run=run, assignee=assignee, repo=repo)
    the_plan = task_graph(path)  # a cycle is refused: no tracker can order it
    selected = drafts.select(the_plan, ids, ready=ready)
    if to == "json":
        text = json.dumps(_graph(the_plan, selected), indent=2, ensure_ascii=False) + "\n"
        written = _write([(output, text)])
        return Exported(to, text, tuple(t.id for t in selected), written=written)
    skipped = tuple((t.id, ref(t.issue)) for t in selected if t.issue is not None)
    fresh = drafts.make(the_plan, [t for t in selected if t.issue is None])
    if to == "jira-csv":
        text = jira.csv_text(fresh, assignee=assignee)
        written = _write([(output, text)]) if fresh else ()
        return Exported(to, text, _ids(fresh), skipped, written=written)
    return _github(
        path, the_plan, fresh, skipped, output=output, run=run, assignee=assignee, repo=repo
    )


def _check_options(
    to: str, *, output: Path | None, run: bool, assignee: str | None, repo: str | None
) -> None:
    if to not in TARGETS:
        raise PilotkitError(f"--to {to}: use one of {', '.join(TARGETS)}")
    if to != "github" and (run or repo):
        raise PilotkitError(f"--run and --repo go with --to github, not --to {to}")
    if to == "json" and assignee:
        raise PilotkitError("--assignee goes with --to github or jira-csv")
    if to == "github" and output is not None and output.suffix == ".json":
        raise PilotkitError(
            f"--output {output}: name the script (issues.sh); its JSON goes beside it"
        )


def _github(
    path: Path,
    the_plan: Plan,
    fresh: list[drafts.Draft],
    skipped: tuple[tuple[str, str], ...],
    *,
    output: Path | None,
    run: bool,
    assignee: str | None,
    repo: str | None,
) -> Exported:
    repository = repo or drafts.github_repository(_answer(the_plan, "repository"))
    pilot = drafts.pilot_name(the_plan)
    twin = output.with_suffix(".json") if output is not None else None
    script = github.script(
        fresh,
        repo=repository,
        assignee=assignee,
        pilot=pilot,
        json_name=twin.name if twin else None,
    )
    data = github.as_dict(
        fresh, repo=repository, assignee=assignee, pilot=pilot,
        skipped=[{"task": task, "issue": issue} for task, issue in skipped],
    )  # fmt: skip
    twin_text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    written = _write([(output, script), (twin, twin_text)]) if fresh else ()
    created: list[Created] = []
    if run and fresh:
        if repository is None:
            raise PilotkitError(
                "--run needs the repository whose issues the agents take: give --repo "
                "OWNER/REPO (the pilot's `repository` answer is not a GitHub address)"
            )
        created = github.create(
            fresh,
            repo=repository,
            assignee=assignee,
            pilot=pilot,
            record=lambda made: _record(path, made),
        )
    return Exported("github", script, _ids(fresh), skipped, tuple(created), written, repository)


def _record(path: Path, made: Created) -> None:
    record_issue(path, made.task_id, made.number, made.url)


def _write(outputs: Sequence[tuple[Path | None, str]]) -> tuple[Path, ...]:
    chosen = [Output(path, text, "--output") for path, text in outputs if path is not None]
    write_all(chosen)
    return tuple(output.path for output in chosen)


def _ids(fresh: Sequence[drafts.Draft]) -> tuple[str, ...]:
    return tuple(draft.task.id for draft in fresh)


def _answer(the_plan: Plan, key: str) -> str | None:
    value = the_plan.pilot.answers.get(key)
    return value if isinstance(value, str) else None


def _graph(the_plan: Plan, selected: Sequence[Task]) -> dict[str, Any]:
    """The tasks with their graph: `tasks graph --format json`, each task in full."""
    graph = diagrams.as_dict(the_plan)
    wanted = {task.id: task for task in selected}
    tasks = []
    for entry in graph["tasks"]:
        task = wanted.get(entry["id"])
        if task is None:
            continue
        tasks.append(
            {
                **entry,
                "requirements": list(task.requirements),
                "files": list(task.files),
                "branch": task.branch,
                "labels": list(drafts.labels(the_plan, task)),
                "issue": task.issue,
                "issue_url": task.issue_url,
                "source": task.extra.get("source"),
            }
        )
    return {
        **graph,
        "version": JSON_VERSION,
        "pilot": drafts.pilot_name(the_plan),
        "tasks": tasks,
    }
