"""The workshop's list edits and the exercises built on them: `append` and `remove` keep
every other byte of a file; the backlog and usage exercises are solved the way a
participant would, with the real commands the hints name, and score full marks."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pilotkit import git
from pilotkit.workshop import edits
from pilotkit.workshop.catalog import choose, exercises
from pilotkit.workshop.edits import EditError
from pilotkit.workshop.exercise import Edit, Exercise, read
from pilotkit.workshop.score import FULL
from pilotkit.yaml import YamlError
from tests.conftest import REPO_ROOT, Cli, python_command

TASK = """\
---
id: T03
title: "Admin permission check"
status: todo
depends_on: []   # none yet
requirements: [R4]
files:
  - "src/billing/export/permissions.py"
  - "tests/billing/export/test_permissions.py"
assignee: null
---

# T03: Admin permission check
"""


def _apply(root: Path, *items: Edit) -> None:
    edits.apply(root, items, what="the plant")


def test_append_and_remove_edit_front_matter_lists_in_place(tmp_path: Path) -> None:
    task = tmp_path / "tasks" / "T03.md"
    task.parent.mkdir()
    task.write_bytes(TASK.encode())
    _apply(
        tmp_path,
        Edit("append", "tasks/T03.md", key="depends_on", value="T06"),
        Edit("append", "tasks/T03.md", key="files", value="src/billing/export/query.py"),
        Edit("remove", "tasks/T03.md", key="requirements", value="R4"),
    )
    assert task.read_text() == (
        TASK.replace("depends_on: []", "depends_on: [T06]")
        .replace(
            '  - "tests/billing/export/test_permissions.py"\n',
            '  - "tests/billing/export/test_permissions.py"\n  - "src/billing/export/query.py"\n',
        )
        .replace("requirements: [R4]", "requirements: []")
    )
    _apply(
        tmp_path,
        Edit("remove", "tasks/T03.md", key="depends_on", value="T06"),
        Edit("remove", "tasks/T03.md", key="files", value="src/billing/export/query.py"),
        Edit("append", "tasks/T03.md", key="requirements", value="R4"),
    )
    assert task.read_text() == TASK


def test_list_edits_keep_crlf_and_the_byte_order_mark(tmp_path: Path) -> None:
    original = ("\ufeff" + TASK.replace("\n", "\r\n")).encode()
    task = tmp_path / "T03.md"
    task.write_bytes(original)
    _apply(tmp_path, Edit("append", "T03.md", key="files", value="docs/export.md"))
    assert task.read_bytes() == original.replace(
        b'test_permissions.py"\r\n', b'test_permissions.py"\r\n  - "docs/export.md"\r\n'
    )
    _apply(tmp_path, Edit("remove", "T03.md", key="files", value="docs/export.md"))
    assert task.read_bytes() == original


def test_list_edits_at_a_dotted_yaml_key_and_in_json(tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("# rules\ncheck:\n  ignore: [PK-S006]  # noisy\n  markers:\n  - TBD\n")
    config = tmp_path / "config.json"
    config.write_text('{"servers": {"fs": {"args": ["-y", "server"]}}}\n')
    _apply(
        tmp_path,
        Edit("append", "settings.yaml", key="check.ignore", value="PK-T021"),
        Edit("remove", "settings.yaml", key="check.markers", value="TBD"),
        Edit("append", "config.json", key="servers.fs.args", value="/srv"),
    )
    assert (
        settings.read_text()
        == "# rules\ncheck:\n  ignore: [PK-S006, PK-T021]  # noisy\n  markers: []\n"
    )
    assert json.loads(config.read_text()) == {"servers": {"fs": {"args": ["-y", "server", "/srv"]}}}


CODEX = (
    "# Codex project settings\r\n"
    "[mcp_servers.filesystem]\r\n"
    'command = "npx"\r\n'
    'args = ["-y", "@modelcontextprotocol/server-filesystem@2026.8.31", "."]\r\n'
    "startup_timeout_sec = 60  # the first start downloads\r\n"
    'env = { ROOT = "." }\r\n'
    "tags = [\r\n"
    '  "a",\r\n'
    "]\r\n"
)


def test_set_toml_changes_one_value_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / ".codex" / "config.toml"
    path.parent.mkdir()
    path.write_bytes(CODEX.encode())
    floating = ["-y", "@modelcontextprotocol/server-filesystem@latest", "."]
    edits.apply(
        tmp_path,
        [
            Edit("set_toml", ".codex/config.toml", "mcp_servers.filesystem.args", floating),
            Edit("set_toml", ".codex/config.toml", "mcp_servers.filesystem.command", "uvx"),
        ],
        what="plant",
    )
    expected = CODEX.replace("2026.8.31", "latest").replace('"npx"', '"uvx"')
    assert path.read_bytes() == expected.encode()  # CRLF, the comments, every other byte

    def refused(key: str, value: Any) -> str:
        with pytest.raises(EditError) as caught:
            edits.apply(tmp_path, [Edit("set_toml", ".codex/config.toml", key, value)], what="x")
        return str(caught.value)

    prefix = "x, edit 1 (set_toml .codex/config.toml): "
    assert refused("mcp_servers.filesystem.cwd", ".") == (
        prefix + "'`mcp_servers.filesystem.cwd` is not set; set_toml changes a key that is there'"
    )
    assert refused("mcp_servers.filesystem.tags", ["b"]) == (
        prefix + "`mcp_servers.filesystem.tags` spans more than its line; edit it with `replace`"
    )
    assert refused("mcp_servers.filesystem.env.ROOT", "/") == (
        prefix + "`mcp_servers.filesystem.env.ROOT` has no line of its own; edit it with `replace`"
    )
    assert path.read_bytes() == expected.encode()  # a refused edit writes nothing


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            Edit("remove", "T03.md", key="depends_on", value="T09"),
            "the plant, edit 1 (remove T03.md): T03.md:5: `depends_on` holds no item 'T09'",
        ),
        (
            Edit("append", "T03.md", key="status", value="done"),
            "the plant, edit 1 (append T03.md): T03.md:4: `status` is not a list",
        ),
        (
            Edit("append", "T03.md", key="reviewers", value="dana"),
            "the plant, edit 1 (append T03.md): T03.md: has no `reviewers` list",
        ),
        (
            Edit("append", "T03.md", key="files", value={"path": "a.py"}),
            "the plant, edit 1 (append T03.md): `files`: a mapping is appended only at a "
            "top-level YAML key",
        ),
        (
            Edit("remove", "c.json", key="servers", value="fs"),
            "the plant, edit 1 (remove c.json): `servers` is not a list",
        ),
    ],
)
def test_a_list_edit_that_does_not_fit_names_the_file_and_key(
    tmp_path: Path, item: Edit, message: str
) -> None:
    (tmp_path / "T03.md").write_text(TASK)
    (tmp_path / "c.json").write_text('{"servers": {"fs": {}}}\n')
    before = (tmp_path / "T03.md").read_bytes()
    with pytest.raises(EditError) as caught:
        _apply(tmp_path, item)
    assert str(caught.value) == message
    assert (tmp_path / "T03.md").read_bytes() == before


EXERCISE = """\
id: demo
title: Demo
step: A step
minutes: 5
goal: A goal.
plant:
  - op: append
    path: tasks/T01.md
    key: depends_on
    value: T06
expect: [PK-T009]
pass:
  usage_records: 2
solution:
  - op: remove
    path: tasks/T01.md
    key: depends_on
    value: "T06"
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("    key: depends_on\n", ""), "demo.yaml:6: `plant`: edit 1: `append` needs `key`"),
        (('    value: "T06"\n', ""), "demo.yaml:14: `solution`: edit 1: `remove` needs `key`"),
        (
            ("usage_records: 2", "usage_records: some"),
            "demo.yaml:12: `pass`: usage_records must be a whole number",
        ),
    ],
)
def test_a_malformed_list_edit_or_pass_names_its_file_line_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(EXERCISE.replace(*change, 1))
    with pytest.raises(YamlError) as caught:
        read(path)
    assert str(caught.value).startswith(f"{tmp_path}/{message}")
    path.write_text(EXERCISE)
    assert read(path).passing.usage_records == 2


# Participants, solving with the real commands in real processes.


def _exercise(exercise_id: str) -> Exercise:
    return next(item for item in exercises() if item.id == exercise_id)


def _hinted(exercise: Exercise, command: str) -> None:
    """The command a participant runs is the one a hint gives."""
    assert any(command in " ".join(hint.split()) for hint in exercise.hints), command


def _pilotkit(
    repo: Path, *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        python_command(*argv),
        cwd=repo,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _kit(cli: Cli, tmp_path: Path, exercise_id: str) -> tuple[Path, Path]:
    kit = tmp_path / "kit"
    run = cli("workshop", "new", kit, "--participants", "1", "--exercises", exercise_id)
    assert run.code == 0, run.err
    repo = kit / "participants" / "p01"
    git.run(["switch", "--quiet", f"exercise/{exercise_id}"], repo)
    return kit, repo


def _score(cli: Cli, kit: Path, exercise_id: str) -> dict[str, Any]:
    run = cli("workshop", "verify", kit, "--format", "json")
    assert run.code == 0, run.err
    (participant,) = json.loads(run.out)["participants"]
    return next(item for item in participant["exercises"] if item["id"] == exercise_id)


def test_a_participant_turns_the_ticket_into_a_task_with_backlog_to_task(
    cli: Cli, tmp_path: Path
) -> None:
    exercise = _exercise("backlog-ticket")
    kit, repo = _kit(cli, tmp_path, exercise.id)
    found = _pilotkit(repo, "check")
    assert found.returncode == 1
    assert "PK-T011 error: R5 is covered by no task" in found.stdout
    _hinted(exercise, "pilotkit backlog score backlog/")
    scored = _pilotkit(repo, "backlog", "score", "backlog/")
    assert "SHOP-21" in scored.stdout and "ready" in scored.stdout, scored.stdout
    command = "backlog to-task SHOP-21 --from backlog/ --requirement R5"
    _hinted(exercise, f"pilotkit {command}")
    made = _pilotkit(repo, *command.split())
    assert made.returncode == 0, made.stderr
    assert "Created tasks/T07-keep-each-export-downloadable-for-seven-days.md (T07)" in made.stdout
    assert _pilotkit(repo, "check").returncode == 0
    assert _pilotkit(repo, "workshop", "check").stdout == (
        "Nothing left to fix in 'Turn a backlog ticket into a task': commit it, then move on.\n"
    )
    git.commit_all(repo, "T07 from SHOP-21")
    score = _score(cli, kit, exercise.id)
    assert (score["score"], score["evidence"]) == (FULL, [])
    # The YAML solution wrote what the command writes.
    task = repo / "tasks" / "T07-keep-each-export-downloadable-for-seven-days.md"
    written = next(
        item for item in exercise.solution if item.path == task.relative_to(repo).as_posix()
    )
    assert task.read_text() == written.text


def test_a_participant_who_deletes_the_requirement_scores_nothing(cli: Cli, tmp_path: Path) -> None:
    kit, repo = _kit(cli, tmp_path, "backlog-ticket")
    spec = repo / "specs" / "requirements.md"
    spec.write_text(spec.read_text().split("\n## R5")[0] + "\n")
    assert _pilotkit(repo, "check").returncode == 0
    assert _pilotkit(repo, "workshop", "check").stdout == (
        "not yet: 6 tasks remain; at least 7\n"
        "not yet: R5 is covered by no task\n"
        "2 problems left in 'Turn a backlog ticket into a task'.\n"
    )
    git.commit_all(repo, "Drop R5")
    score = _score(cli, kit, "backlog-ticket")
    assert (score["score"], score["fixed"], score["integrity"]) == (0, True, False)
    assert "specs/requirements.md changed since the start; it is protected" in score["evidence"]


BAD_ENTRY = """\
  - kind: correction
    date: "2026-11-26"
    task: T2
    agent: claude-2
    what: the query ignored the team filter; pointed the agent back to R1 and its test
    minutes: 20
    cause: misread the spec
"""


def test_a_participant_imports_the_usage_and_corrects_the_journal(cli: Cli, tmp_path: Path) -> None:
    exercise = _exercise("usage-and-journal")
    kit, repo = _kit(cli, tmp_path, exercise.id)
    found = _pilotkit(repo, "check")
    assert found.returncode == 1
    assert "PK-J003 error: task 'T2' is not a task of this pilot" in found.stdout
    assert "PK-J005 error: cause 'misread the spec' is not one pilotkit knows" in found.stdout
    # The journal corrected the way the docs say: the bad entry out, logged again.
    journal = repo / "metrics" / "journal.yaml"
    assert BAD_ENTRY in journal.read_text()
    journal.write_text(journal.read_text().replace(BAD_ENTRY, ""))
    _hinted(exercise, "pilotkit log correction")
    logged = _pilotkit(
        repo,
        *("log", "correction", "--task", "T02", "--agent", "claude-2", "--minutes", "20"),
        *("--cause", "spec-gap", "--date", "2026-11-26"),
        *("--what", "the query ignored the team filter; pointed the agent back to R1 and its test"),
    )
    assert logged.returncode == 0, logged.stderr
    assert _pilotkit(repo, "check").returncode == 0
    # `workshop check` says the exercise is not done: the usage is not imported yet.
    progress = _pilotkit(repo, "workshop", "check")
    assert (progress.returncode, progress.stdout) == (
        1,
        "not yet: 0 usage records in metrics/usage/; at least 4 expected\n"
        "1 problem left in 'Measure a pilot from its logs and journal'.\n",
    )
    git.commit_all(repo, "Correct the journal")
    # The journal alone is not the exercise: no usage is imported yet.
    score = _score(cli, kit, exercise.id)
    assert (score["score"], score["fixed"]) == (0, True)
    assert score["evidence"] == ["0 usage records in metrics/usage/; at least 4 expected"]
    # The usage imported with the hint's own commands, in a shell.
    hint = " ".join(exercise.hints[-1].split())
    moved = hint.split("run: `")[1].split("`")[0]
    imported = "CLAUDE_CONFIG_DIR=agent-logs/claude pilotkit usage import"
    _hinted(exercise, imported)
    shell = subprocess.run(
        [
            "bash",
            "-c",
            f'pilotkit() {{ "$PILOTKIT_PYTHON" -m pilotkit "$@"; }}\n{moved}\n{imported}',
        ],
        cwd=repo,
        env={**os.environ, "PILOTKIT_PYTHON": python_command()[0]},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert shell.returncode == 0, shell.stderr
    assert "Claude Code: 2 log files, 7 lines → 4 records in 2 sessions" in shell.stdout
    records = [
        json.loads(line) for line in (repo / "metrics/usage/claude.jsonl").read_text().splitlines()
    ]
    assert sorted(record["task"] for record in records) == ["T01", "T01", "T02", "T02"]
    progress = _pilotkit(repo, "workshop", "check")
    assert progress.returncode == 0, progress.stdout
    git.commit_all(repo, "Import the agents' usage")
    score = _score(cli, kit, exercise.id)
    assert (score["score"], score["evidence"]) == (FULL, [])
    # The YAML solution stores what the import stores.
    stored = next(item for item in exercise.solution if item.path == "metrics/usage/claude.jsonl")
    assert (repo / "metrics/usage/claude.jsonl").read_text() == stored.text


def test_the_reference_lists_every_builtin_exercise_and_the_agenda_adds_up() -> None:
    docs = REPO_ROOT / "docs"
    reference = (docs / "reference" / "workshop-exercises.md").read_text()
    table = reference.split("## The built-in catalog")[1]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| `")]
    listed = [(row[0].strip("| `"), int(row[1]), row[3].rstrip(" |")) for row in rows]
    assert listed == [(item.id, item.minutes, ", ".join(item.expect)) for item in exercises()]
    chosen = choose(exercises(), agenda="2h")
    howto = (docs / "how-to" / "run-a-workshop.md").read_text()
    minutes = sum(item.minutes for item in chosen)
    assert f"12 participants, {len(chosen)} exercises, {minutes} minutes." in howto


def test_a_participant_who_deletes_the_bad_entry_scores_nothing(cli: Cli, tmp_path: Path) -> None:
    exercise = _exercise("usage-and-journal")
    kit, repo = _kit(cli, tmp_path, exercise.id)
    journal = repo / "metrics" / "journal.yaml"
    journal.write_text(journal.read_text().replace(BAD_ENTRY, ""))
    stored = next(item for item in exercise.solution if item.path == "metrics/usage/claude.jsonl")
    edits.apply(repo, [stored], what="the usage")
    assert _pilotkit(repo, "check").returncode == 0
    git.commit_all(repo, "Drop the bad correction")
    score = _score(cli, kit, exercise.id)
    assert (score["score"], score["fixed"], score["integrity"]) == (0, True, False)
    assert score["evidence"] == [
        "1 journal entries the report can count; at least 2 (correct an entry rather than "
        "delete it)"
    ]


def test_a_kit_named_relative_to_the_current_folder_is_made(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As the how-to writes it: `pilotkit workshop new guild-2026-12`.
    monkeypatch.chdir(tmp_path)
    run = cli("workshop", "new", "guild", "--exercises", "guideline-adapters")
    assert run.code == 0, run.err
    bundle = tmp_path / "guild" / "bundles" / "p01.bundle"
    git.run(["clone", "--quiet", str(bundle), str(tmp_path / "work")])
    branches = git.run(["branch", "--remotes"], tmp_path / "work").stdout
    assert "origin/exercise/guideline-adapters" in branches
