"""`tasks list`, `tasks next` and `tasks graph` on real pilots: what a person reads."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.tasks.conftest import set_field, task_file, write_task


def test_list_shows_every_task(cli: Cli, pilot_dir: Path) -> None:
    set_field(pilot_dir, "T01", "status", "claimed")
    set_field(pilot_dir, "T01", "assignee", "claude-1")
    run = cli("tasks", "list", "--pilot", pilot_dir)
    assert run.code == 0 and run.err == ""
    lines = run.out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "STATUS", "ASSIGNEE", "WAVE"]
    assert lines[1].split()[-3:] == ["claimed", "claude-1", "1"]
    assert lines[1].startswith("T01  CSV writer for invoice rows  ")
    assert [line.split()[0] for line in lines[1:]] == ["T01", "T02", "T03", "T04", "T05", "T06"]
    assert lines[3].endswith("expo…  todo     -         1")  # long titles are cut


def test_list_filters(cli: Cli, pilot_dir: Path) -> None:
    set_field(pilot_dir, "T02", "status", "claimed")
    set_field(pilot_dir, "T02", "assignee", "codex-1")
    set_field(pilot_dir, "T03", "status", "done")
    by_status = cli(
        "tasks", "list", "--status", "claimed", "--status", "done", "--pilot", pilot_dir
    )
    assert [line.split()[0] for line in by_status.out.splitlines()[1:]] == ["T02", "T03"]
    by_name = cli("tasks", "list", "--assignee", "codex-1", "--pilot", pilot_dir)
    assert [line.split()[0] for line in by_name.out.splitlines()[1:]] == ["T02"]
    nobody = cli("tasks", "list", "--assignee", "nobody", "--pilot", pilot_dir)
    assert nobody.out == "No task matches.\n"
    bad = cli("tasks", "list", "--status", "doing", "--pilot", pilot_dir)
    assert bad.code == 2 and "invalid choice: 'doing'" in bad.err


def test_list_as_json(cli: Cli, pilot_dir: Path) -> None:
    data = json.loads(cli("tasks", "list", "--format", "json", "--pilot", pilot_dir).out)
    assert data["version"] == 1
    assert data["tasks"][3] == {
        "id": "T04",
        "title": "Export API endpoint",
        "status": "todo",
        "assignee": None,
        "branch": None,
        "wave": 2,
        "hours": 5.0,
        "path": "tasks/T04-export-api-endpoint.md",
        "note": None,
    }


def test_list_warns_about_unreadable_files(cli: Cli, pilot_dir: Path) -> None:
    task_file(pilot_dir, "T06").write_text("not a task\n")
    run = cli("tasks", "list", "--pilot", pilot_dir)
    assert run.code == 0
    assert run.err == (
        "pilotkit: warning: tasks/T06-end-to-end-test-and-user-docs.md:1: has no front matter; "
        "run `pilotkit check` (tasks it cannot read are left out)\n"
    )
    assert "T06" not in run.out


def test_next_puts_the_critical_path_first(cli: Cli, pilot_dir: Path) -> None:
    run = cli("tasks", "next", "--pilot", pilot_dir)
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "Ready to start, best first (the most work waits behind the first):"
    assert [line.split()[0] for line in lines[2:5]] == ["T02", "T01", "T03"]
    assert lines[2].endswith("on the critical path")
    assert lines[-1] == "Take one: pilotkit tasks claim T02 --as NAME"


def test_next_follows_the_states(cli: Cli, pilot_dir: Path) -> None:
    for task_id in ("T01", "T02", "T03"):
        set_field(pilot_dir, task_id, "status", "done")
    data = json.loads(cli("tasks", "next", "--format", "json", "--pilot", pilot_dir).out)
    assert [row["id"] for row in data["tasks"]] == ["T04"]
    set_field(pilot_dir, "T04", "status", "claimed")
    run = cli("tasks", "next", "--pilot", pilot_dir)
    assert run.out == "No task is ready to start: every todo task waits for a dependency.\n"


def test_next_shows_a_file_conflict_last(cli: Cli, pilot_dir: Path) -> None:
    write_task(pilot_dir, "T01", status="claimed", assignee="claude-1", files="[src/q.py]")
    write_task(pilot_dir, "T02", files="['src/*.py']")
    data = json.loads(cli("tasks", "next", "--format", "json", "--pilot", pilot_dir).out)
    assert [row["id"] for row in data["tasks"]] == ["T03", "T02"]
    assert data["tasks"][1]["note"] == (
        "waits: its files overlap T01, claimed by claude-1 (`src/*.py` and `src/q.py`)"
    )


def test_graph_text_on_the_default_pilot(cli: Cli, pilot_dir: Path) -> None:
    run = cli("tasks", "graph", "--pilot", pilot_dir)
    assert run.code == 0 and run.err == ""
    lines = run.out.splitlines()
    assert lines[0] == (
        "6 tasks in 4 waves. Critical path: 20 h (T02 → T04 → T05 → T06). "
        "Max useful parallelism: 3."
    )
    assert lines[2] == "Wave 1: 3 tasks, 13 h"
    assert lines[4].split()[:2] == ["T02*", "Invoice"]
    assert "Wave 2: 1 task, 5 h" in lines
    assert lines[-1] == "* on the critical path (the longest chain of estimated hours)"


def test_graph_json(cli: Cli, pilot_dir: Path) -> None:
    data = json.loads(cli("tasks", "graph", "--format", "json", "--pilot", pilot_dir).out)
    assert data["version"] == 1
    assert data["waves"] == [["T01", "T02", "T03"], ["T04"], ["T05"], ["T06"]]
    assert data["critical_path"] == {"hours": 20.0, "tasks": ["T02", "T04", "T05", "T06"]}
    assert data["max_parallelism"] == 3 and data["cycle"] is None
    assert [t["critical"] for t in data["tasks"]] == [False, True, False, True, True, True]


def test_graph_dot(cli: Cli, pilot_dir: Path) -> None:
    out = cli("tasks", "graph", "--format", "dot", "--pilot", pilot_dir).out
    assert out.startswith("digraph tasks {\n") and out.endswith("}\n")
    assert '  subgraph cluster_wave1 {\n    label="Wave 1";\n' in out
    assert '"T02" -> "T04" [penwidth=3];' in out and '"T01" -> "T04";' in out
    assert out.count("{") == out.count("}")


# The default pilot's critical path is T02 → T04 → T05 → T06 (20 h). T04 → T06 joins two
# tasks on it, but skips T05: it is not part of the chain and must not be drawn bold.
CRITICAL_EDGES = [("T02", "T04"), ("T04", "T05"), ("T05", "T06")]


def test_graph_dot_bolds_only_the_critical_chain(cli: Cli, pilot_dir: Path) -> None:
    out = cli("tasks", "graph", "--format", "dot", "--pilot", pilot_dir).out
    bold = re.findall(r'^  "(T\d+)" -> "(T\d+)" \[penwidth=3\];$', out, re.MULTILINE)
    assert bold == CRITICAL_EDGES
    assert '  "T04" -> "T06";\n' in out


def test_graph_dot_is_read_by_graphviz(cli: Cli, pilot_dir: Path) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (`apt-get install -y graphviz`)")
    out = cli("tasks", "graph", "--format", "dot", "--pilot", pilot_dir).out
    svg = subprocess.run(["dot", "-Tsvg"], input=out, capture_output=True, text=True)
    assert svg.returncode == 0 and svg.stderr == "", svg.stderr
    assert "<svg" in svg.stdout and "T06 End&#45;to&#45;end test and user docs" in svg.stdout
    # What Graphviz itself parsed: every edge, and which of them it draws bold.
    parsed = subprocess.run(["dot", "-Tjson"], input=out, capture_output=True, text=True)
    graph = json.loads(parsed.stdout)
    names = {item["_gvid"]: item["name"] for item in graph["objects"] if "nodes" not in item}
    edges = {(names[e["tail"]], names[e["head"]]): e.get("penwidth") for e in graph["edges"]}
    assert len(edges) == 6
    assert sorted(edge for edge, width in edges.items() if width == "3") == CRITICAL_EDGES


def test_parallelism_follows_the_hours(cli: Cli, pilot_dir: Path) -> None:
    # T01 (1 h) then T04 can start while T02 (9 h) still runs: four tasks at once.
    write_task(pilot_dir, "T04", depends_on="[T01]")
    estimate = pilot_dir / "metrics" / "estimate.yaml"
    text = estimate.read_text().replace("T01: 4", "T01: 1").replace("T02: 5", "T02: 9")
    estimate.write_text(text)
    data = json.loads(cli("tasks", "graph", "--format", "json", "--pilot", pilot_dir).out)
    assert data["max_parallelism"] == 3
    write_task(pilot_dir, "T05", depends_on="[T01]")
    data = json.loads(cli("tasks", "graph", "--format", "json", "--pilot", pilot_dir).out)
    assert data["max_parallelism"] == 4


def test_graph_cycle_is_an_error_naming_it(cli: Cli, pilot_dir: Path) -> None:
    write_task(pilot_dir, "T01", depends_on="[T06]")
    before = {p: p.read_bytes() for p in (pilot_dir / "tasks").iterdir()}
    for fmt in ("text", "json", "mermaid", "dot"):
        run = cli("tasks", "graph", "--format", fmt, "--pilot", pilot_dir)
        assert run.code == 1 and run.out == ""
        assert run.err == (
            "pilotkit: error: tasks/T01-a-task.md:5: dependency cycle: "
            "T01 → T06 → T04 → T01; remove one of these dependencies\n"
        )
    assert {p: p.read_bytes() for p in (pilot_dir / "tasks").iterdir()} == before


@pytest.mark.parametrize("action", ["list", "next", "graph", "board"])
def test_outside_a_pilot(cli: Cli, tmp_path: Path, action: str) -> None:
    run = cli("tasks", action, "--pilot", tmp_path)
    assert run.code == 2 and run.err.count("\n") == 1 and "is not a pilot" in run.err
