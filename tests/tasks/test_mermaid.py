"""`tasks graph --format mermaid` is a valid Mermaid flowchart.

Checked twice: by Mermaid's own parser (the npm package, pinned in `mermaid/`, run by
node under jsdom; no browser needed), and by a small strict parser here that knows the
part of the flowchart grammar the output uses: every statement one of these forms,
every node used declared, every class assigned defined, subgraphs closed, and labels
that cannot break their quoting.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.agent_clients import CLIENTS, INSTALL
from tests.conftest import Cli
from tests.tasks.conftest import write_task

ID = r"[A-Za-z][A-Za-z0-9_]*"
LABEL = r'"(?:[^"#]|#(?:quot|lt|gt|35);)*"'  # no raw quote; entity codes only
RESERVED = {"end", "subgraph", "graph", "flowchart", "class", "classDef", "style", "direction"}
STATEMENTS = {
    "subgraph": re.compile(rf"^subgraph ({ID})\[({LABEL})\]$"),
    "end": re.compile(r"^end$"),
    "direction": re.compile(r"^direction (TB|TD|BT|LR|RL)$"),
    "node": re.compile(rf"^({ID})\[({LABEL})\]$"),
    "edge": re.compile(rf"^({ID}) --> ({ID})$"),
    "classDef": re.compile(rf"^classDef ({ID}) ([a-z-]+:[^,;\s]+(?:,[a-z-]+:[^,;\s]+)*)$"),
    "class": re.compile(rf"^class ({ID}(?:,{ID})*) ({ID})$"),
}


def parse(text: str) -> dict[str, list[str]]:
    """Check TEXT; return the declared nodes, the edges and the classes used."""
    lines = text.splitlines()
    assert re.fullmatch(r"flowchart (TB|TD|BT|LR|RL)", lines[0]), lines[0]
    nodes: list[str] = []
    edges: list[str] = []
    defined: set[str] = set()
    used: list[str] = []
    depth = 0
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.strip()
        kind = next((k for k, pattern in STATEMENTS.items() if pattern.match(line)), None)
        assert kind, f"line {number} is not valid Mermaid: {raw!r}"
        match = STATEMENTS[kind].match(line)
        assert match
        if kind == "subgraph":
            depth += 1
        elif kind == "end":
            depth -= 1
            assert depth >= 0, f"line {number}: `end` without `subgraph`"
        elif kind == "node":
            assert match.group(1) not in RESERVED and match.group(1) not in nodes
            nodes.append(match.group(1))
        elif kind == "edge":
            edges.append(f"{match.group(1)}->{match.group(2)}")
        elif kind == "classDef":
            defined.add(match.group(1))
        elif kind == "class":
            used += match.group(1).split(",")
            assert match.group(2) in defined, f"line {number}: class {match.group(2)} undefined"
    assert depth == 0, "a subgraph is never closed"
    for edge in edges:
        assert set(edge.split("->")) <= set(nodes), f"edge {edge} uses an undeclared node"
    assert set(used) <= set(nodes)
    return {"nodes": nodes, "edges": edges, "classes": used}


def test_default_pilot_is_valid_mermaid(cli: Cli, pilot_dir: Path) -> None:
    run = cli("tasks", "graph", "--format", "mermaid", "--pilot", pilot_dir)
    assert run.code == 0
    parsed = parse(run.out)
    assert parsed["nodes"] == ["T01", "T02", "T03", "T04", "T05", "T06"]
    assert sorted(parsed["edges"]) == sorted(
        ["T01->T04", "T02->T04", "T03->T04", "T04->T05", "T04->T06", "T05->T06"]
    )
    assert 'subgraph wave1["Wave 1"]' in run.out
    assert '    T04["T04 Export API endpoint (5 h)"]' in run.out
    assert "  class T02,T04,T05,T06 critical" in run.out


def test_awkward_titles_stay_valid(cli: Cli, pilot_dir: Path) -> None:
    title = "'Quote \"this\" <b>bold</b> # not a comment; end --> x'"
    write_task(pilot_dir, "T01", title=title, status="in-review", assignee="a")
    run = cli("tasks", "graph", "--format", "mermaid", "--pilot", pilot_dir)
    parse(run.out)
    assert "#quot;this#quot; #lt;b#gt;bold#lt;/b#gt; #35; not a comment; end --#gt; x" in run.out
    assert "  class T01 in_review" in run.out


def test_the_parser_rejects_broken_mermaid() -> None:
    good = 'flowchart LR\n  subgraph wave1["Wave 1"]\n    T01["a"]\n  end\n'
    parse(good)
    for broken in (
        good.replace('"a"', '"a "b" c"'),  # a raw quote ends the label
        good.replace("  end\n", ""),  # subgraph never closed
        good + "  T01 --> T09\n",  # undeclared node
        good + "  class T01 missing\n",  # undefined class
        good.replace("T01", "end"),  # reserved word as id
    ):
        try:
            parse(broken)
        except AssertionError:
            continue
        raise AssertionError(f"accepted broken Mermaid:\n{broken}")


@pytest.fixture(scope="session")
def mermaid_parse() -> Path:
    """Mermaid's parser, installed with the agent clients (`npm ci --prefix tests/clients`)."""
    installed = CLIENTS / "node_modules" / "mermaid" / "package.json"
    assert installed.is_file(), f"Mermaid is not installed in tests/clients; run `{INSTALL}`"
    return CLIENTS / "mermaid-parse.mjs"


@pytest.mark.slow
def test_mermaids_own_parser_accepts_the_output(
    cli: Cli, pilot_dir: Path, tmp_path: Path, mermaid_parse: Path
) -> None:
    default = tmp_path / "default.mmd"
    default.write_text(cli("tasks", "graph", "--format", "mermaid", "--pilot", pilot_dir).out)
    title = "'Quote \"this\" <b>bold</b> # not; end --> x [y] {z} (w)'"
    write_task(pilot_dir, "T01", title=title, status="blocked", assignee="a")
    awkward = tmp_path / "awkward.mmd"
    awkward.write_text(cli("tasks", "graph", "--format", "mermaid", "--pilot", pilot_dir).out)
    broken = tmp_path / "broken.mmd"
    broken.write_text('flowchart LR\n  T01["a "b" c"]\n')  # proves the parser can say no
    run = subprocess.run(
        ["node", str(mermaid_parse), str(default), str(awkward), str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = run.stdout.splitlines()
    assert lines[0] == f"{default} ok flowchart-v2", run.stdout + run.stderr
    assert lines[1] == f"{awkward} ok flowchart-v2", run.stdout + run.stderr
    assert lines[2].startswith(f"{broken} ERROR Parse error")
