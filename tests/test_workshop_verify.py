"""`pilotkit workshop verify`: the time to pass, the kit's own exercises, the three ways
in (a kit, repositories, bundles), one bundle for the room, and every refusal leaving the
participant's repository as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from pilotkit import git
from pilotkit._version import __version__
from pilotkit.workshop import catalog, edits
from pilotkit.workshop.catalog import exercises
from pilotkit.workshop.exercise import Edit, builtin_paths
from pilotkit.workshop.score import FULL
from pilotkit.workshop.table import duration
from tests.conftest import Cli

Scores = dict[str, dict[str, dict[str, Any]]]


def _kit(cli: Cli, path: Path, *extra: str | Path) -> Path:
    run = cli("workshop", "new", path, "--exercises", "missing-criteria", *extra)
    assert run.code == 0, run.err
    return path


def _scores(cli: Cli, *argv: str | Path) -> Scores:
    run = cli("workshop", "verify", *argv, "--format", "json", "--jobs", "1")
    assert run.code == 0, run.err
    doc = json.loads(run.out)
    return {p["name"]: {e["id"]: e for e in p["exercises"]} for p in doc["participants"]}


def _solution(exercise_id: str) -> tuple[Edit, ...]:
    return next(item for item in exercises() if item.id == exercise_id).solution


def _solve(repo: Path, exercise_id: str = "missing-criteria") -> None:
    git.run(["switch", "--quiet", f"exercise/{exercise_id}"], repo)
    edits.apply(repo, _solution(exercise_id), what="solution")
    git.commit_all(repo, f"Fix {exercise_id}")


def _state(repo: Path) -> tuple[str, str, str]:
    """What a refusal must leave alone: every ref, the work tree, the branch checked out."""
    refs = git.run(["for-each-ref", "--format=%(refname) %(objectname)"], repo).stdout
    status = git.run(["status", "--porcelain", "--untracked-files=all"], repo).stdout
    head = git.run(["symbolic-ref", "--quiet", "HEAD"], repo, check=False).stdout
    return refs, status, head


def _refused(cli: Cli, message: str, *argv: str | Path) -> None:
    run = cli("workshop", "verify", *argv)
    assert (run.code, run.out, run.err) == (2, "", f"pilotkit: error: {message}\n")


def test_time_to_pass_runs_from_the_start_to_the_first_passing_commit(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = _kit(cli, tmp_path / "kit", "--participants", "3")
    p01, p02, p03 = (kit / "participants" / name for name in ("p01", "p02", "p03"))
    untouched = _state(p03)
    log = ["log", "-1", "--format=%ct", "workshop/missing-criteria/start"]
    started = int(git.run(log, p01).stdout)

    def at(minutes: int) -> None:
        monkeypatch.setenv("GIT_COMMITTER_DATE", f"@{started + minutes * 60} +0000")

    # p01: a wrong try at 5 minutes, a hint at 7, the fix at 25, a tidy-up at 40.
    at(5)
    (p01 / "notes.md").write_text("T03 needs criteria?\n")
    git.commit_all(p01, "A note")
    at(7)
    assert cli("workshop", "check", p01, "--hint").code == 1
    at(25)
    _solve(p01)
    at(40)
    (p01 / "notes.md").write_text("Done.\n")
    git.commit_all(p01, "Tidy up")
    # p02 fixes it at 12 minutes, then puts the problem back at 30: the tip fails.
    at(12)
    _solve(p02)
    at(30)
    assert cli("workshop", "reset", p02, "--exercise", "missing-criteria").code == 0

    scores = _scores(cli, kit)
    assert scores["p01"]["missing-criteria"]["time_to_pass"] == 25 * 60
    assert scores["p01"]["missing-criteria"]["hints"] == 1
    assert scores["p02"]["missing-criteria"]["time_to_pass"] is None
    assert scores["p02"]["missing-criteria"]["score"] == 0
    assert scores["p03"]["missing-criteria"]["time_to_pass"] is None
    assert _state(p03) == untouched
    run = cli("workshop", "verify", kit, "--format", "csv")
    assert run.out.splitlines() == [
        "participant,exercise,score,fixed,clean,integrity,hints,time to pass,evidence",
        "p01,missing-criteria,4/4,yes,yes,yes,1,25 min,",
        "p02,missing-criteria,0/4,no,yes,yes,0,,still found: PK-T012",
        "p03,missing-criteria,0/4,no,no,yes,0,,no commits since the start",
    ]
    run = cli("workshop", "verify", kit)
    assert "  missing-criteria: 4/4  (passed after 25 min; 1 hint)" in run.out.splitlines()
    run = cli("workshop", "verify", kit, "--format", "md")
    assert "| p01 | missing-criteria | 4/4 | yes | yes | yes | 1 | 25 min |  |" in run.out
    assert (duration(None), duration(59), duration(3900)) == ("", "0 min", "1 h 05 min")


def test_a_kit_scores_by_its_own_copy_of_each_exercise(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = _kit(cli, tmp_path / "kit", "--participants", "1")
    source = next(path for path in builtin_paths() if "missing-criteria" in path.name)
    assert (kit / ".kit/exercises/missing-criteria.yaml").read_text() == source.read_text()
    key = json.loads((kit / "answer-key.json").read_text())
    answers = git.run(["show", "main:.copier-answers.yml"], kit / ".kit/master").stdout
    assert (key["format"], key["pilotkit"]) == (2, __version__)
    assert key["template"]["src"] is None and key["template"]["ref"] is None
    assert f"_commit: {key['template']['commit']}\n" in answers
    assert f"_src_path: {key['template']['src_path']}\n" in answers
    _solve(kit / "participants" / "p01")
    # A newer pilotkit whose missing-criteria protects the very task the fix edits.
    changed = tmp_path / "04-missing-criteria.yaml"
    changed.write_text(
        source.read_text().replace(
            "protect: [specs/requirements.md]",
            "protect: [specs/requirements.md, tasks/]",
        )
    )
    monkeypatch.setattr(catalog, "builtin_paths", lambda: [changed])
    assert exercises()[0].passing.protect == ("specs/requirements.md", "tasks/")
    assert _scores(cli, kit)["p01"]["missing-criteria"]["score"] == FULL
    # A kit without its copy, or with a key that is not one, is refused in one line.
    copy = kit / ".kit/exercises/missing-criteria.yaml"
    copy.unlink()
    _refused(cli, f"{copy} is missing: the kit no longer holds exercise missing-criteria", kit)
    (kit / "answer-key.json").write_text("{")
    run = cli("workshop", "verify", kit)
    assert run.code == 2
    assert run.err.startswith(f"pilotkit: error: {kit / 'answer-key.json'}: not an answer key")
    assert run.err.count("\n") == 1


def test_a_lead_s_own_exercise_scores_after_the_template_is_gone(cli: Cli, tmp_path: Path) -> None:
    template = tmp_path / "template"
    assert cli("template", "init", template).code == 0
    (template / "_pilotkit" / "workshop").mkdir(parents=True)
    source = next(path for path in builtin_paths() if "missing-criteria" in path.name)
    own = source.read_text().replace("id: missing-criteria", "id: our-criteria")
    (template / "_pilotkit" / "workshop" / "ours.yaml").write_text(own)
    kit = tmp_path / "kit"
    # HEAD: the template's files as on disk, not its newest release tag
    run = cli(
        "workshop",
        "new",
        kit,
        "--template",
        template,
        "--vcs-ref",
        "HEAD",
        "--exercises",
        "our-criteria",
    )
    assert run.code == 0, run.err
    shutil.rmtree(template)
    repo = kit / "participants" / "p01"
    git.run(["switch", "--quiet", "exercise/our-criteria"], repo)
    edits.apply(repo, _solution("missing-criteria"), what="solution")
    git.commit_all(repo, "Fix it")
    assert _scores(cli, kit)["p01"]["our-criteria"]["score"] == FULL


def test_the_three_ways_in_a_kit_repositories_and_bundles(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = _kit(cli, tmp_path / "kit", "--participants", "3")
    p01, p02, p03 = (kit / "participants" / name for name in ("p01", "p02", "p03"))
    _solve(p01)
    _solve(p02)
    untouched = _state(p03)
    assert sorted(_scores(cli, kit)) == ["p01", "p02", "p03"]
    assert sorted(_scores(cli, p01, p02)) == ["p01", "p02"]  # the kit is found above them
    assert sorted(_scores(cli, kit, p02)) == ["p02"]  # as 0.1 had it: KIT_DIR REPO
    monkeypatch.chdir(p01 / "tasks")
    assert sorted(_scores(cli)) == ["p01"]
    monkeypatch.chdir(kit)
    assert sorted(_scores(cli)) == ["p01", "p02", "p03"]
    monkeypatch.chdir(tmp_path)
    # A repository that lives outside its kit needs --kit.
    elsewhere = tmp_path / "elsewhere" / "p02"
    elsewhere.parent.mkdir()
    shutil.move(p02, elsewhere)
    before = _state(elsewhere)
    _refused(
        cli,
        f"{elsewhere}: no workshop kit (answer-key.json) here or above; name it with --kit DIR",
        elsewhere,
    )
    assert _state(elsewhere) == before
    assert _scores(cli, elsewhere, "--kit", kit)["p02"]["missing-criteria"]["score"] == FULL
    # Bundles handed back: in a folder inside the kit, or elsewhere with --kit.
    inside, outside = kit / "handed-in", tmp_path / "inbox"
    for folder in (inside, outside):
        folder.mkdir()
        git.run(["bundle", "create", "--quiet", str(folder / "ana.bundle"), "--all"], p01)
    assert _scores(cli, "--bundles", inside)["ana"]["missing-criteria"]["score"] == FULL
    _refused(
        cli,
        f"--bundles {outside}: no workshop kit (answer-key.json) here or above; "
        "name it with --kit DIR",
        "--bundles",
        outside,
    )
    assert sorted(_scores(cli, "--bundles", outside, "--kit", kit)) == ["ana"]
    # What is neither a kit nor a repository, and two ways in at once.
    (tmp_path / "empty").mkdir()
    _refused(cli, "empty is neither a workshop kit nor a git repository", "empty")
    _refused(cli, "give repositories or --bundles DIR, not both", p01, "--bundles", inside)
    _refused(cli, "--bundles nowhere: not a folder", "--bundles", "nowhere")
    _refused(
        cli,
        f"--bundles {kit / 'bundles'}: the kit's hand-out; collect the bundles participants "
        "return in a folder of their own (e.g. handed-in/)",
        "--bundles",
        kit / "bundles",
    )
    _refused(cli, "name one kit: a KIT_DIR or --kit DIR, not both or two", kit, "--kit", kit)
    assert _state(p03) == untouched  # verifying changed nothing in a repository
    assert git.run(["status", "--porcelain"], p01).stdout == ""


def test_a_named_repository_with_nothing_committed_is_refused(cli: Cli, tmp_path: Path) -> None:
    kit = _kit(cli, tmp_path / "kit", "--participants", "2")
    p01, p02 = kit / "participants" / "p01", kit / "participants" / "p02"
    _solve(p01)
    exercise = next(item for item in exercises() if item.id == "missing-criteria")
    edits.apply(p02, exercise.solution, what="solution")  # fixed, never committed
    before = _state(p02)
    message = (
        f"{p02} has no commit on any exercise since its start; "
        "commit your work first (verify reads committed work only)"
    )
    _refused(cli, message, p02)
    _refused(cli, message, p01, p02)
    assert _state(p02) == before
    # In the whole kit's table, p02 is there with nothing.
    scores = _scores(cli, kit)
    assert scores["p02"]["missing-criteria"]["score"] == 0
    assert scores["p02"]["missing-criteria"]["evidence"] == ["no commits since the start"]
    assert scores["p01"]["missing-criteria"]["score"] == FULL


def test_a_repository_of_another_kit_template_version_or_key_format_is_refused(
    cli: Cli, tmp_path: Path
) -> None:
    template = tmp_path / "template"
    assert cli("template", "init", template).code == 0
    (template / "README.md").write_text("Our template, second version.\n")
    git.commit_all(template, "Second version")
    git.run(["tag", "v1.1.0"], template)
    old = _kit(cli, tmp_path / "old", "--template", template, "--vcs-ref", "v1.0.0")
    new = _kit(cli, tmp_path / "new", "--template", template)
    repo = new / "participants" / "p01"
    _solve(repo)
    before = _state(repo)
    _refused(
        cli,
        f"{repo} is of another template version: its start's .copier-answers.yml says "
        f"{template} at v1.1.0, kit old's key says {template} at v1.0.0; "
        "verify it with the kit it came from",
        repo,
        "--kit",
        old,
    )
    handed = old / "handed-in"
    handed.mkdir()
    git.run(["bundle", "create", "--quiet", str(handed / "p01.bundle"), "--all"], repo)
    run = cli("workshop", "verify", "--bundles", handed)
    assert run.code == 2
    assert run.err.startswith(f"pilotkit: error: {handed / 'p01.bundle'} is of another template")
    assert run.err.count("\n") == 1
    # Another kit: none of the kit's starts is in it.
    other = tmp_path / "other"
    git.init(other)
    (other / "x").write_text("x")
    git.commit_all(other, "x")
    _refused(
        cli,
        f"{other} is not a repository of kit old: none of its exercise starts is there",
        other,
        "--kit",
        old,
    )
    assert git.run(["log", "--format=%s"], other).stdout == "x\n"
    # A key from a pilotkit with another answer-key format.
    path = new / "answer-key.json"
    key = json.loads(path.read_text())
    path.write_text(json.dumps({**key, "format": 3, "pilotkit": "9.0.0"}))
    _refused(
        cli,
        f"{path}: written by pilotkit 9.0.0 in answer-key format 3; this pilotkit "
        f"({__version__}) reads format 2: verify with the pilotkit that made the kit",
        repo,
    )
    del key["format"], key["pilotkit"]  # as the first workshop release wrote it
    path.write_text(json.dumps(key))
    _refused(
        cli,
        f"{path}: written by an older pilotkit in answer-key format 1; this pilotkit "
        f"({__version__}) reads format 2: verify with the pilotkit that made the kit",
        repo,
    )
    assert _state(repo) == before


def test_one_bundle_for_the_room_hands_out_and_comes_back(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a kit named relative to here: bundles land in it all the same
    kit = tmp_path / "kit"
    run = cli(
        "workshop",
        "new",
        "kit",
        "--participants",
        "2",
        "--exercises",
        "missing-criteria,task-graph",
        "--hand-out",
        "one",
    )
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "Created kit kit: 2 participants, 2 exercises, 30 minutes.",
        "Next: hand out participants/<name>/ (or bundles/kit.bundle) and HANDOUT.md.",
    ]
    assert sorted(path.name for path in (kit / "bundles").iterdir()) == ["kit.bundle"]
    room, handed = tmp_path / "room", kit / "handed-in"
    handed.mkdir()
    for name in ("ana", "bo"):
        git.run(["clone", "--quiet", str(kit / "bundles" / "kit.bundle"), str(room / name)])
    ana = room / "ana"
    git.run(["switch", "--quiet", "exercise/missing-criteria"], ana)
    run = cli("workshop", "check", ana)
    assert (run.code, run.out.splitlines()[-1]) == (
        1,
        "1 problem left in 'Fill in missing acceptance criteria'.",
    )
    hint = next(item for item in exercises() if item.id == "missing-criteria").hints[0]
    assert cli("workshop", "check", ana, "--hint").out.endswith(f"Hint 1: {hint}\n")
    _solve(ana)
    assert cli("workshop", "check", ana).code == 0
    _solve(ana, "task-graph")
    run = cli("workshop", "reset", ana, "--exercise", "task-graph")
    assert run.code == 0, run.err
    for name in ("ana", "bo"):  # bo hands back what he was given
        bundle = handed / f"{name}.bundle"
        git.run(["bundle", "create", "--quiet", str(bundle), "--all"], room / name)
    scores = _scores(cli, "--bundles", handed)
    assert scores["ana"]["missing-criteria"]["score"] == FULL
    assert scores["ana"]["missing-criteria"]["hints"] == 1
    assert scores["ana"]["task-graph"]["fixed"] is False
    assert scores["ana"]["task-graph"]["integrity"] is True
    for exercise in ("missing-criteria", "task-graph"):
        assert scores["bo"][exercise]["evidence"] == ["no commits since the start"]
        assert scores["bo"][exercise]["integrity"] is True
    # The participant's own clone is scored the same from where it is.
    assert _scores(cli, ana, "--kit", kit)["ana"]["missing-criteria"]["score"] == FULL
    run = cli(
        "workshop", "new", tmp_path / "none", "--exercises", "task-graph", "--hand-out", "none"
    )
    assert run.code == 0, run.err
    assert not (tmp_path / "none" / "bundles").exists()
