"""A kit for three participants, scored from what each committed: untouched, solved by
hand, cheating, and fixed without committing."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from pilotkit import git
from pilotkit.commands.workshop.new import new_kit
from pilotkit.workshop import edits
from pilotkit.workshop.catalog import exercises
from pilotkit.workshop.edits import EditError
from pilotkit.workshop.exercise import builtin_paths
from pilotkit.workshop.score import FULL
from tests.conftest import Cli


def _kit(cli: Cli, tmp_path: Path, *extra: str) -> Path:
    kit = tmp_path / "kit"
    run = cli("workshop", "new", kit, "--participants", "3", *extra)
    assert run.code == 0, run.err
    return kit


def _scores(cli: Cli, kit: Path, *extra: str | Path) -> dict[str, dict[str, dict[str, Any]]]:
    run = cli("workshop", "verify", kit, *extra, "--format", "json")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    return {p["name"]: {e["id"]: e for e in p["exercises"]} for p in doc["participants"]}


def _solve(repo: Path, exercise_id: str) -> None:
    exercise = next(item for item in exercises() if item.id == exercise_id)
    git.run(["checkout", "--quiet", f"exercise/{exercise_id}"], repo)
    edits.apply(repo, exercise.solution, what="solution")
    git.commit_all(repo, f"Fix {exercise_id}")


def test_untouched_solved_cheating_and_uncommitted(cli: Cli, tmp_path: Path) -> None:
    kit = _kit(cli, tmp_path)
    p01, p02, p03 = (kit / "participants" / name for name in ("p01", "p02", "p03"))
    for item in exercises():
        _solve(p02, item.id)
    # p01 fixes an exercise but does not commit: it does not count.
    exercise = next(item for item in exercises() if item.id == "missing-criteria")
    git.run(["checkout", "--quiet", "exercise/missing-criteria"], p01)
    edits.apply(p01, exercise.solution, what="solution")
    # p03 cheats three ways.
    git.run(["checkout", "--quiet", "exercise/mcp-hygiene"], p03)
    (p03 / ".pilotkit.yaml").write_text("check:\n  ignore: [PK-M]\n")
    git.commit_all(p03, "Quiet the MCP rules")
    git.run(["checkout", "--quiet", "exercise/missing-criteria"], p03)
    git.run(["rm", "--quiet", "tasks/T03-admin-permission-check-and-audit-entry-for-expor.md"], p03)
    git.commit_all(p03, "Drop the task without criteria")
    _solve(p03, "task-graph")
    git.run(["tag", "--force", "workshop/task-graph/start", "HEAD"], p03)

    scores = _scores(cli, kit)
    assert all(not e["fixed"] and e["score"] == 0 for e in scores["p01"].values())
    assert "no commits since the start" in scores["p01"]["missing-criteria"]["evidence"]
    assert all(e["score"] == FULL for e in scores["p02"].values()), scores["p02"]
    for cheat in ("mcp-hygiene", "missing-criteria", "task-graph"):
        assert scores["p03"][cheat]["integrity"] is False, cheat
        assert scores["p03"][cheat]["score"] == 0, cheat
    assert scores["p03"]["mcp-hygiene"]["evidence"] == [
        ".pilotkit.yaml ignores PK-M, a rule of this exercise"
    ]
    assert (
        "the start tag workshop/task-graph/start was moved or deleted"
        in (scores["p03"]["task-graph"]["evidence"])
    )
    # Verifying changed nothing in the participant's repository.
    assert git.run(["status", "--porcelain"], p01).stdout.strip() != ""
    assert git.run(["worktree", "list"], p02).stdout.count("\n") == 1


def test_bundles_are_scored_like_repositories(cli: Cli, tmp_path: Path) -> None:
    kit = _kit(cli, tmp_path, "--exercises", "missing-criteria")
    repo = kit / "participants" / "p02"
    _solve(repo, "missing-criteria")
    bundles = tmp_path / "handed-in"
    bundles.mkdir()
    git.run(["bundle", "create", "--quiet", str(bundles / "p02.bundle"), "--all"], repo)
    scores = _scores(cli, kit, "--bundles", bundles)
    assert scores == {"p02": {"missing-criteria": scores["p02"]["missing-criteria"]}}
    assert scores["p02"]["missing-criteria"]["score"] == FULL
    run = cli("workshop", "verify", kit, "--bundles", bundles, "--format", "csv")
    assert run.out == (
        "participant,exercise,score,fixed,clean,integrity,hints,time to pass,evidence\n"
        "p02,missing-criteria,4/4,yes,yes,yes,0,0 min,\n"
    )
    run = cli("workshop", "verify", kit, "--format", "md")
    assert "| p02 | missing-criteria | 4/4 | yes | yes | yes | 0 | 0 min |  |" in run.out
    assert (
        "| p01 | missing-criteria | 0/4 | no | no | yes | 0 |  | no commits since the start |"
        in run.out
    )
    (bundles / "p03.bundle").write_text("not a bundle\n")
    run = cli("workshop", "verify", kit, "--bundles", bundles)
    assert (run.code, run.err) == (
        2,
        f"pilotkit: error: {bundles / 'p03.bundle'} is not a git bundle\n",
    )


def test_guides_agenda_adds_up_and_the_handout_gives_nothing_away(cli: Cli, tmp_path: Path) -> None:
    kit = _kit(cli, tmp_path)
    guide = (kit / "FACILITATOR.md").read_text()
    handout = (kit / "HANDOUT.md").read_text()
    start = 0
    for item in exercises():
        row = f"| {start // 60}:{start % 60:02d} | "
        start += item.minutes
        assert f"{row}{start // 60}:{start % 60:02d} | {item.title} | {item.minutes} |" in guide
        assert item.goal in handout
        for secret in (*item.hints, *item.debrief, *item.mistakes):
            assert secret in guide and secret not in handout
        for edit in item.solution:
            for line in edit.text.splitlines():
                assert len(line) < 12 or line not in handout
    assert re.search(r"PK-[A-Z]\d{3}", handout) is None
    assert "answer-key" not in handout
    key = json.loads((kit / "answer-key.json").read_text())
    assert sorted(key["exercises"]) == sorted(item.id for item in exercises())
    for name in ("p01", "p02", "p03"):
        files = git.run(["ls-files"], kit / "participants" / name).stdout
        assert "answer-key" not in files and "FACILITATOR" not in files


def test_bad_input_is_one_line_and_creates_nothing(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    run = cli("workshop", "new", tmp_path / "full")
    assert (run.code, run.err) == (
        2,
        f"pilotkit: error: {tmp_path / 'full'} exists and is not empty; "
        "name a new folder for the kit\n",
    )
    run = cli("workshop", "new", tmp_path / "kit", "--exercises", "nope")
    assert (run.code, run.err) == (
        2,
        "pilotkit: error: --exercises nope: no such exercise; "
        "`pilotkit workshop list` shows them\n",
    )
    assert not (tmp_path / "kit").exists()
    run = cli("workshop", "verify", tmp_path / "full")
    assert (run.code, run.err) == (
        2,
        f"pilotkit: error: {tmp_path / 'full'} is neither a workshop kit nor a git repository\n",
    )


def test_check_gives_hints_in_order_and_verify_counts_them(cli: Cli, tmp_path: Path) -> None:
    kit = _kit(cli, tmp_path, "--exercises", "missing-criteria")
    repo = kit / "participants" / "p01"
    hints = next(item for item in exercises() if item.id == "missing-criteria").hints
    run = cli("workshop", "check", repo)
    assert run.code == 1
    assert run.out.endswith("1 problem left in 'Fill in missing acceptance criteria'.\n")
    run = cli("workshop", "check", repo, "--hint")
    assert run.out.endswith(f"Hint 1: {hints[0]}\n")
    run = cli("workshop", "check", repo, "--hint")
    assert run.out.endswith(f"Hint 2: {hints[1]}\n")
    run = cli("workshop", "check", repo, "--hint")
    assert run.out.endswith("No more hints for this exercise.\n")
    _solve(repo, "missing-criteria")
    run = cli("workshop", "check", repo)
    assert run.code == 0, run.out
    scores = _scores(cli, kit)
    assert scores["p01"]["missing-criteria"]["hints"] == 2
    assert scores["p01"]["missing-criteria"]["score"] == FULL


def test_reset_puts_one_exercise_back_and_keeps_the_rest(cli: Cli, tmp_path: Path) -> None:
    kit = _kit(cli, tmp_path, "--exercises", "missing-criteria,task-graph")
    repo = kit / "participants" / "p01"
    _solve(repo, "task-graph")
    _solve(repo, "missing-criteria")
    (repo / "notes.txt").write_text("mine\n")  # untracked work stays
    run = cli("workshop", "reset", repo, "--exercise", "missing-criteria")
    assert run.code == 0, run.err
    assert run.out.startswith("Reset exercise missing-criteria to its start in commit ")
    scores = _scores(cli, kit)
    assert scores["p01"]["missing-criteria"]["fixed"] is False
    assert scores["p01"]["task-graph"]["score"] == FULL
    assert (repo / "notes.txt").read_text() == "mine\n"
    log = git.run(["log", "--format=%s", "exercise/missing-criteria"], repo).stdout
    assert log.splitlines()[:2] == [
        "Reset exercise missing-criteria to its start",
        "Fix missing-criteria",
    ]
    run = cli("workshop", "reset", repo, "--exercise", "missing-criteria")
    assert (run.code, run.err) == (
        2,
        "pilotkit: error: exercise missing-criteria is already at its start; nothing to reset\n",
    )


def test_list_and_selftest_through_the_command_line(cli: Cli) -> None:
    run = cli("workshop", "list")
    assert run.code == 0
    assert run.out.splitlines()[0] == (
        "mcp-hygiene           15 min  Give agents tools, safely: Clean up the MCP configs"
    )
    assert len(run.out.splitlines()) == len(exercises())
    run = cli("workshop", "selftest")
    assert run.code == 0, run.out
    count = len(exercises())
    assert run.out.splitlines()[-1] == f"{count} of {count} exercises pass their selftest."


def test_a_broken_exercise_fails_the_selftest_and_a_kit_leaves_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    template = tmp_path / "template"
    assert cli("template", "init", template).code == 0
    folder = template / "_pilotkit" / "workshop"
    folder.mkdir(parents=True)
    source = next(path for path in builtin_paths() if "missing-criteria" in path.name)
    # The plant's heading is not in the task any more: the exercise cannot be planted.
    (folder / "broken.yaml").write_text(
        source.read_text().replace('heading: "## Acceptance criteria"', 'heading: "## Done"')
    )
    # HEAD: the template as it is on disk (a kit renders its newest tag by default).
    found = {item.id: item for item in exercises(str(template), "HEAD")}
    assert found["missing-criteria"].plant[0].heading == "## Done"
    run = cli("workshop", "selftest", "--template", template, "--vcs-ref", "HEAD")
    assert run.code == 1
    assert run.out.splitlines()[:2] == [
        "(plant): FAILED",
        "  exercise missing-criteria's plant, edit 1 (delete_section "
        "tasks/T03-admin-permission-check-and-audit-entry-for-expor.md): "
        "the heading '## Done' must occur once, found 0",
    ]
    kit = tmp_path / "kit"
    with pytest.raises(EditError) as caught:
        new_kit(kit, exercise_ids=["missing-criteria"], template=str(template), vcs_ref="HEAD")
    assert "exercise missing-criteria's plant, edit 1 (delete_section" in str(caught.value)
    assert not kit.exists()


def test_roster_names_and_a_repository_of_another_kit(cli: Cli, tmp_path: Path) -> None:
    roster = tmp_path / "people.txt"
    roster.write_text("# the room\nana\nbo-li\n")
    kit = tmp_path / "kit"
    assert cli("workshop", "new", kit, "--roster", roster, "--exercises", "task-graph").code == 0
    assert sorted(p.name for p in (kit / "participants").iterdir()) == ["ana", "bo-li"]
    other = tmp_path / "other"
    git.init(other)
    (other / "x").write_text("x")
    git.commit_all(other, "x")
    run = cli("workshop", "verify", kit, other)
    assert (run.code, run.err) == (
        2,
        f"pilotkit: error: {other} is not a repository of kit kit: "
        "none of its exercise starts is there\n",
    )
    assert git.run(["log", "--format=%s"], other).stdout == "x\n"


def test_a_room_too_big_or_a_roster_that_is_no_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    huge = "9" * 400
    run = cli("workshop", "new", kit, "--participants", huge)
    assert (run.code, run.err) == (
        2,
        f"pilotkit: error: --participants {huge}: give a number of participants from 1 to 500\n",
    )
    fifo = tmp_path / "people.fifo"
    os.mkfifo(fifo)
    run = cli("workshop", "new", kit, "--roster", fifo)  # would wait for a writer forever
    assert (run.code, run.err) == (
        2,
        f"pilotkit: error: --roster {fifo}: cannot be read "
        "(is a FIFO (named pipe), not a regular file)\n",
    )
    crowd = tmp_path / "crowd.txt"
    crowd.write_text("".join(f"p{n}\n" for n in range(501)))
    run = cli("workshop", "new", kit, "--roster", crowd)
    assert (run.code, run.err) == (
        2,
        f"pilotkit: error: --roster {crowd}: 501 names; a kit holds at most 500\n",
    )
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Zo\xe9\n".encode("latin-1"))
    run = cli("workshop", "new", kit, "--roster", latin1)
    assert (run.code, run.err) == (
        2,
        f"pilotkit: error: --roster {latin1}: not UTF-8 text; save it as UTF-8\n",
    )
    assert not kit.exists()


def test_a_hint_never_drops_a_commit_made_while_it_is_recorded(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = _kit(cli, tmp_path, "--exercises", "missing-criteria")
    repo = kit / "participants" / "p01"
    real = git.run

    def racing(args: list[str], *rest: Any, **options: Any) -> Any:
        if args[0] == "update-ref":  # a second `check --hint` commits first
            real(["commit", "--quiet", "--allow-empty", "-m", "Meanwhile"], repo)
        return real(args, *rest, **options)

    monkeypatch.setattr(git, "run", racing)
    run = cli("workshop", "check", repo, "--hint")
    monkeypatch.undo()
    assert (run.code, run.err) == (
        2,
        f"pilotkit: error: {repo}: the branch moved while the hint was recorded; ask again\n",
    )
    subjects = real(["log", "--format=%s", "-2"], repo).stdout.splitlines()
    assert subjects[0] == "Meanwhile" and not subjects[1].startswith("Take hint")
