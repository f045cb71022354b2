"""Many pilots for the portfolio's benchmarks: `make_pilots(root, 50)` copies of one pilot
with work logged, and `make_reports(root, 500)` report JSON files made from its report.

Each copy gets its own name, engineer (one of five), template version (one of three),
agents and journal (three done tasks, sessions and corrections of varied causes), so the
portfolio has groups to cut and lessons to count. Deterministic for given sizes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CAUSES = ("spec-gap", "scope", "ignored-guideline", "tool-failure", "failing-tests")


def _base(root: Path) -> Path:
    pilot = root / "base"
    argv = [sys.executable, "-m", "pilotkit", "new", str(pilot), "--defaults", "--no-git"]
    subprocess.run([*argv, "--data", "agents=[claude, codex]"], check=True, capture_output=True)
    return pilot


def _vary(pilot: Path, index: int) -> None:
    answers = pilot / ".copier-answers.yml"
    text = answers.read_text()
    text = text.replace("pilot_name: invoice-export", f"pilot_name: pilot-{index:03}")
    text = text.replace("engineer: ", f"engineer: eng{index % 5} # ", 1)
    text = text.replace("_commit: v0.1.0", f"_commit: v0.{index % 3 + 1}.0")
    answers.write_text(text)
    for task in ("T01", "T02", "T03"):
        path = next((pilot / "tasks").glob(f"{task}-*.md"))
        agent = "claude-1" if index % 2 else "codex-1"
        path.write_text(
            path.read_text()
            .replace("status: todo", "status: done", 1)
            .replace("assignee: null", f"assignee: {agent}", 1)
        )
    entries = []
    for n, task in enumerate(("T01", "T02", "T03")):
        agent = "claude-1" if index % 2 else "codex-1"
        minutes = 60 + index % 7 * 10 + n
        entries.append(
            f"  - {{kind: session, date: 2026-11-28, task: {task}, minutes: {minutes},"
            f" agent: {agent}}}\n"
        )
        cause = CAUSES[(index + n) % len(CAUSES)]
        entries.append(
            f"  - {{kind: correction, date: 2026-11-28, task: {task}, agent: {agent},"
            f" minutes: 15, cause: {cause}, what: steered back on {task}}}\n"
        )
    journal = pilot / "metrics" / "journal.yaml"
    journal.write_text(
        journal.read_text().replace("entries: []\n", "entries:\n" + "".join(entries))
    )


def make_pilots(root: Path, count: int) -> list[Path]:
    """COUNT pilots under ROOT/pilots, each with three done tasks and a journal."""
    import shutil

    base = _base(root)
    pilots = []
    for index in range(count):
        dest = root / "pilots" / f"p{index:03}"
        shutil.copytree(base, dest, symlinks=True)
        _vary(dest, index)
        pilots.append(dest)
    return pilots


def make_reports(root: Path, count: int) -> Path:
    """COUNT report JSON files under ROOT/reports, made from one real report."""
    pilot = make_pilots(root / "one", 1)[0]
    out = subprocess.run(
        [sys.executable, "-m", "pilotkit", "report", "--pilot", str(pilot), "--format", "json",
         "--until", "2026-11-28"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    report = json.loads(out)
    folder = root / "reports"
    folder.mkdir(parents=True)
    for index in range(count):
        report["pilot"] = f"pilot-{index:04}"
        report["about"]["engineer"] = f"eng{index % 20}"
        report["about"]["template_version"] = f"v0.{index % 3 + 1}.0"
        report["estimate"]["on"] = f"2026-{index % 12 + 1:02}-01"
        effort = report["effort"]
        effort["engineer_minutes"] = 300 + index % 97
        effort["engineer_hours"] = effort["engineer_minutes"] / 60
        effort["ratio"] = effort["engineer_hours"] / effort["estimate_hours"]
        (folder / f"report-{index:04}.json").write_text(json.dumps(report, indent=2))
    return folder
