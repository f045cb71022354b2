"""Bad input never crashes `check`: each case is a finding with its file (and line)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilotkit import check
from pilotkit.findings import Finding
from tests.checkpilot import (
    default_render_fixture,  # noqa: F401 (a fixture)
    pilot_fixture,  # noqa: F401 (a fixture)
    task_file,
)
from tests.conftest import Cli


def not_utf8(pilot: Path) -> None:
    (pilot / "specs" / "requirements.md").write_bytes(b"# Requirements\n\n## R1 \xff\xfe\n")


def binary_task(pilot: Path) -> None:
    (pilot / "tasks" / "T07-image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def empty_files(pilot: Path) -> None:
    (pilot / "tasks" / "T07-empty.md").write_text("")
    (pilot / "specs" / "requirements.md").write_text("")


def huge_spec(pilot: Path) -> None:
    (pilot / "specs" / "requirements.md").write_text("## R1 — Big\n" + "x" * 5 * 1024 * 1024)


def symlink_loop(pilot: Path) -> None:
    (pilot / "specs" / "design.md").unlink()
    (pilot / "specs" / "design.md").symlink_to("design.md")


def no_specs(pilot: Path) -> None:
    shutil.rmtree(pilot / "specs")


def folder_for_a_file(pilot: Path) -> None:
    (pilot / ".mcp.json").unlink()
    (pilot / ".mcp.json").mkdir()


def broken_front_matter(pilot: Path) -> None:
    path = task_file(pilot, "T02")
    path.write_text(path.read_text().replace("title:", "title: [", 1))


def broken_estimate(pilot: Path) -> None:
    estimate = pilot / "metrics" / "estimate.yaml"
    estimate.write_text("estimated_by: Dana Lee\ntasks: {T01: [4\n")


def hours_that_are_no_numbers(pilot: Path) -> None:
    estimate = pilot / "metrics" / "estimate.yaml"
    text = estimate.read_text().replace("T01: 4", "T01: .nan").replace("T02: 5", "T02: .inf")
    estimate.write_text(text.replace("total: 28", "total: .nan"))


CASES: dict[str, tuple[Callable[[Path], None], list[tuple[str, str, str]]]] = {
    "not UTF-8": (not_utf8, [("PK-P002", "specs/requirements.md:3", "is not UTF-8 text")]),
    "binary task": (binary_task, [("PK-T001", "tasks/T07-image.md:1", "is a binary file")]),
    "empty files": (
        empty_files,
        [
            ("PK-S001", "specs/requirements.md:1", "holds no `## ` requirement"),
            ("PK-T001", "tasks/T07-empty.md:1", "has no front matter"),
        ],
    ),
    "5 MB spec": (huge_spec, [("PK-P002", "specs/requirements.md", "is 5,242,8")]),
    "symlink loop": (symlink_loop, [("PK-P002", "specs/design.md", "cannot be read")]),
    "no specs folder": (
        no_specs,
        [("PK-S001", "specs/requirements.md", "the pilot has no requirements file")],
    ),
    "folder for a file": (folder_for_a_file, [("PK-P002", ".mcp.json", "is a folder")]),
    "broken front matter": (broken_front_matter, [("PK-T002", "tasks/T02-", "invalid YAML")]),
    "broken estimate": (broken_estimate, [("PK-E003", "metrics/estimate.yaml:2", "invalid YAML")]),
    "nan and inf hours": (
        hours_that_are_no_numbers,
        [
            ("PK-E003", "metrics/estimate.yaml:13", "T01: nan is not a number of hours"),
            ("PK-E003", "metrics/estimate.yaml:14", "T02: inf is not a number of hours"),
            ("PK-E003", "metrics/estimate.yaml:19", "`total` is nan but the tasks add up to 19"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_a_finding(name: str, cli: Cli, pilot: Path) -> None:
    plant, expected = CASES[name]
    plant(pilot)
    run = cli("check", pilot)
    assert run.code == 1, run.out
    assert run.err == ""
    reported = [line for line in run.out.splitlines() if ": PK-" in line]
    assert len(reported) == len(expected), run.out
    for line, (rule, where, words) in zip(reported, expected, strict=True):
        assert line.startswith(where) and f" {rule} error: " in line and words in line, line


# ---------------------------------------------------------------- random input

TARGETS = (
    "tasks/T01-csv-writer-for-invoice-rows.md",
    "specs/requirements.md",
    ".mcp.json",
    ".codex/config.toml",
    "metrics/estimate.yaml",
    ".pilotkit.yaml",
    ".claude/agents/planner.md",
    "PILOT.md",
)
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def only_findings(pilot: Path) -> None:
    result = check(pilot)
    assert all(isinstance(item, Finding) for item in result.findings)


@pytest.mark.parametrize("target", TARGETS)
@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_give_only_findings(pilot: Path, target: str, data: bytes) -> None:
    (pilot / target).write_bytes(data)
    only_findings(pilot)


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
keys = st.sampled_from(
    ["id", "title", "status", "depends_on", "requirements", "files", "assignee", "branch"]
) | st.text(max_size=6)


@FUZZ
@given(front=st.dictionaries(keys, values, max_size=10), body=st.text(max_size=200))
def test_random_front_matter_gives_only_findings(
    pilot: Path, front: dict[str, object], body: str
) -> None:
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    (pilot / "tasks" / "T01-csv-writer-for-invoice-rows.md").write_text(text)
    (pilot / ".claude" / "agents" / "planner.md").write_text(text)
    only_findings(pilot)


# ---------------------------------------------------------------- readiness rules

IDS = ("T01", "T02", "T03", "T04", "T05", "T06", "T99")
PIECES = (
    "## Acceptance criteria",
    "## Steps",
    "## Context",
    "## Interfaces",
    "## Data",
    "### Sub",
    "- ",
    "1. ",
    "- [ ] ",
    "No requirement: ",
    "Not written yet: how a reviewer checks",
    "Write every function, class, endpoint, event or file format that more than one task",
    "[describe the user]",
    "```",
    "<!--",
    "-->",
    "TBD",
    "`test_x`",
    'HTTP 404 "gone"',
    "design.md#interfaces",
    "",
)
markdown = st.lists(st.sampled_from(PIECES) | st.text(max_size=20), max_size=25).map("\n".join)
oddities = st.none() | st.booleans() | st.integers(-3, 10**6) | st.floats() | st.text(max_size=5)


@FUZZ
@given(bodies=st.lists(markdown, min_size=3, max_size=3), design=markdown)
def test_random_task_bodies_and_design_give_only_findings(
    pilot: Path, bodies: list[str], design: str
) -> None:
    for task_id, body in zip(("T01", "T03", "T05"), bodies, strict=True):
        path = task_file(pilot, task_id)
        _, front, _ = path.read_text().split("---\n", 2)
        path.write_text(f"---\n{front}---\n{body}")
    (pilot / "specs" / "design.md").write_text(design)
    only_findings(pilot)


@FUZZ
@given(
    deps=st.lists(st.lists(st.sampled_from(IDS), max_size=3), min_size=6, max_size=6),
    statuses=st.lists(st.sampled_from(["todo", "claimed", "done", "blocked"]), min_size=6),
    files=st.lists(st.lists(st.text(min_size=1, max_size=6), max_size=3), min_size=6),
    parallel=oddities,
    agents=oddities | st.lists(st.text(max_size=6), max_size=3),
    hours=st.lists(oddities, min_size=6, max_size=6),
    limits=st.dictionaries(
        st.sampled_from(["max_task_hours", "max_task_criteria", "max_task_files", "filler"]),
        oddities,
    ),
)
def test_random_graphs_answers_and_limits_give_only_findings(
    pilot: Path,
    deps: list[list[str]],
    statuses: list[str],
    files: list[list[str]],
    parallel: object,
    agents: object,
    hours: list[object],
    limits: dict[str, object],
) -> None:
    for index, task_id in enumerate(IDS[:6]):
        path = task_file(pilot, task_id)
        _, front, body = path.read_text().split("---\n", 2)
        data = yaml.safe_load(front)
        data.update(depends_on=deps[index], status=statuses[index], files=files[index])
        data["assignee"] = "agent-1" if statuses[index] != "todo" else None
        path.write_text(f"---\n{yaml.safe_dump(data)}---\n{body}")
    charter = pilot / "PILOT.md"
    charter.write_text(
        charter.read_text().replace(
            "(`parallel_tasks`) | 3 |", f"(`parallel_tasks`) | {parallel} |"
        )
    )
    answers = pilot / ".copier-answers.yml"
    data = yaml.safe_load(answers.read_text())
    data.update(parallel_tasks=parallel, agents=agents)
    answers.write_text(yaml.safe_dump(data))
    estimate = pilot / "metrics" / "estimate.yaml"
    plan = yaml.safe_load(estimate.read_text())
    plan["tasks"] = dict(zip(IDS[:6], hours, strict=True))
    estimate.write_text(yaml.safe_dump(plan))
    (pilot / ".pilotkit.yaml").write_text(yaml.safe_dump({"check": limits}))
    only_findings(pilot)
