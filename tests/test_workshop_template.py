"""Exercises versioned with the template: a base per set of answers, a template's own
exercises at the version a kit renders, and the template-update exercise solved the way a
participant solves it, with the real `pilotkit update` in its own process."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pilotkit import git
from pilotkit.commands.template.check import template_check
from pilotkit.workshop import kit
from pilotkit.workshop.exercise import builtin_paths
from pilotkit.workshop.kit import branch, build_master
from pilotkit.workshop.score import FULL
from tests.conftest import Cli, python_command

MISSING = next(path for path in builtin_paths() if "missing-criteria" in path.name).read_text()


def _exercise(exercise_id: str, title: str, answers: str = "") -> str:
    """The built-in missing-criteria exercise under another id, title and answers."""
    text = MISSING.replace("id: missing-criteria", f"id: {exercise_id}")
    text = text.replace("title: Fill in missing acceptance criteria", f"title: {title}")
    return text + answers


def _scores(cli: Cli, kit_dir: Path) -> dict[str, dict[str, Any]]:
    run = cli("workshop", "verify", kit_dir, "--format", "json")
    assert run.code == 0, run.err
    return {
        p["name"]: {e["id"]: e for e in p["exercises"]} for p in json.loads(run.out)["participants"]
    }


def test_each_distinct_set_of_answers_gets_its_own_base_rendered_once(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = tmp_path / "template"
    assert cli("template", "init", template).code == 0
    folder = template / "_pilotkit" / "workshop"
    folder.mkdir(parents=True)
    other = "answers:\n  pilot_name: payroll-sync\n"
    (folder / "a.yaml").write_text(_exercise("ex-a", "A"))
    (folder / "b.yaml").write_text(_exercise("ex-b", "B", other))
    (folder / "c.yaml").write_text(_exercise("ex-c", "C", other))
    renders: list[Path] = []
    render = kit.render_base

    def counted(dest: Path, *args: Any, **kwargs: Any) -> None:
        renders.append(dest)
        render(dest, *args, **kwargs)

    monkeypatch.setattr(kit, "render_base", counted)
    from pilotkit.workshop.catalog import exercises

    # HEAD: the template as it is on disk, uncommitted exercises included.
    chosen = [item for item in exercises(str(template), "HEAD") if item.id.startswith("ex-")]
    master = build_master(tmp_path / "master", chosen, str(template), "HEAD")
    assert len(renders) == 2  # three exercises, two distinct sets of answers

    def pilot_name(exercise_id: str) -> str:
        shown = git.run(["show", f"{branch(exercise_id)}:.copier-answers.yml"], master.path)
        return next(line for line in shown.stdout.splitlines() if line.startswith("pilot_name"))

    assert pilot_name("ex-a") == "pilot_name: invoice-export"
    assert pilot_name("ex-b") == pilot_name("ex-c") == "pilot_name: payroll-sync"
    # ex-b and ex-c plant on the same base commit, ex-a on another, unrelated one.
    parent = {
        e: git.run(["rev-parse", f"{branch(e)}~1"], master.path).stdout for e in master.starts
    }
    assert parent["ex-b"] == parent["ex-c"] != parent["ex-a"]
    assert set(master.base) == {"ex-a", "ex-b", "ex-c"}
    assert all("PK-T012" not in rules for rules in master.base.values())
    assert all("PK-T012" in master.found[e] for e in master.starts)
    # The kit made from them scores each exercise against its own start.
    kit_dir = tmp_path / "kit"
    run = cli(
        "workshop",
        "new",
        kit_dir,
        "--template",
        template,
        "--vcs-ref",
        "HEAD",
        "--exercises",
        "ex-a,ex-b",
    )
    assert run.code == 0, run.err
    scores = _scores(cli, kit_dir)["p01"]
    assert [scores[e]["fixed"] for e in ("ex-a", "ex-b")] == [False, False]


def _tagged_template(cli: Cli, root: Path) -> Path:
    """A template git repository tagged v1.0.0 and v2.0.0, whose exercises differ."""
    repo = root / "tmpl"
    assert cli("template", "init", repo).code == 0  # a repository, its first commit v1.0.0
    folder = repo / "_pilotkit" / "workshop"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(_exercise("mine", "Version one's exercise"))
    git.commit_all(repo, "v1")
    git.run(["tag", "--force", "v1.0.0"], repo)
    (folder / "mine.yaml").write_text(_exercise("mine", "Version two's exercise"))
    (folder / "later.yaml").write_text(_exercise("later", "Only in version two"))
    git.commit_all(repo, "v2")
    git.run(["tag", "v2.0.0"], repo)
    # Uncommitted: not part of any version, so no kit sees it.
    (folder / "draft.yaml").write_text(_exercise("draft", "A draft"))
    return repo


def _listed(cli: Cli, *argv: str | Path) -> dict[str, str]:
    run = cli("workshop", "list", *argv)
    assert run.code == 0, run.err
    return {line.split()[0]: line.split(": ", 1)[1] for line in run.out.splitlines()}


def test_list_new_and_selftest_read_the_template_s_exercises_at_its_version(
    cli: Cli, tmp_path: Path
) -> None:
    repo = _tagged_template(cli, tmp_path)
    url = f"file://{repo}"
    v1 = _listed(cli, "--template", repo, "--vcs-ref", "v1.0.0")
    assert v1["mine"] == "Version one's exercise" and "later" not in v1 and "draft" not in v1
    for source in (repo, url):
        newest = _listed(cli, "--template", source)  # copier's pick: the newest tag
        assert newest["mine"] == "Version two's exercise" and "later" in newest
        assert "draft" not in newest
        assert _listed(cli, "--template", source, "--vcs-ref", "v1.0.0") == v1
    head = _listed(cli, "--template", repo, "--vcs-ref", "HEAD")  # HEAD: as on disk
    assert head["draft"] == "A draft"
    kit_dir = tmp_path / "kit"
    run = cli("workshop", "new", kit_dir, "--template", url, "--vcs-ref", "v1.0.0")
    assert run.code == 0, run.err
    key = json.loads((kit_dir / "answer-key.json").read_text())
    assert "later" not in key["exercises"]
    copy = (kit_dir / key["exercises"]["mine"]["file"]).read_text()
    assert "Version one's exercise" in copy and "Version two's" not in copy
    participant = kit_dir / "participants/p01"
    shown = git.run(["log", "--format=%s", "-1", branch("mine")], participant)
    assert shown.stdout == "Plant exercise mine: Version one's exercise\n"
    # The participant's check finds the template's exercise through the pilot's template.
    git.run(["checkout", "--quiet", branch("mine")], participant)
    run = cli("workshop", "check", participant)
    assert run.code == 1 and '1 problem left in "Version one\'s exercise"' in run.out
    run = cli("workshop", "selftest", "--template", repo, "--vcs-ref", "v1.0.0")
    assert run.code == 0, run.out
    assert run.out.splitlines()[-1].endswith(f"of {len(v1)} exercises pass their selftest.")
    # `template check` runs the same selftest, on the version it checks.
    report = template_check(repo, vcs_ref="v2.0.0", only=["claude alone"], workshop=True)
    proved = {proof.id: proof.ok for proof in report.exercises}
    assert proved["later"] and proved["mine"] and proved["template-update"]


def test_a_malformed_exercise_in_the_template_is_one_line_naming_it(
    cli: Cli, tmp_path: Path
) -> None:
    repo = _tagged_template(cli, tmp_path)
    bad = repo / "_pilotkit" / "workshop" / "later.yaml"
    bad.write_text(bad.read_text().replace("minutes: 10", "minutes: soon"))
    git.commit_all(repo, "v3, broken")
    git.run(["tag", "v3.0.0"], repo)
    for action in ("list", "selftest"):
        run = cli("workshop", action, "--template", repo)
        assert (run.code, run.out) == (2, "")
        assert run.err == (
            "pilotkit: error: _pilotkit/workshop/later.yaml:4: `minutes`: must be a whole "
            f"number of minutes above 0 (template {repo} at v3.0.0)\n"
        )
    kit_dir = tmp_path / "kit"
    run = cli("workshop", "new", kit_dir, "--template", repo)
    assert run.code == 2 and run.err.startswith("pilotkit: error: _pilotkit/workshop/later.yaml:4:")
    assert not kit_dir.exists()
    assert _listed(cli, "--template", repo, "--vcs-ref", "v2.0.0")["later"] == "Only in version two"


def _update(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        python_command("update"), cwd=repo, capture_output=True, text=True, check=False
    )


def _check(repo: Path) -> str:
    proc = subprocess.run(
        python_command("check", "--format", "json"), cwd=repo, capture_output=True, text=True
    )
    return " ".join(sorted({item["rule"] for item in json.loads(proc.stdout)["findings"]}))


def test_a_participant_rolls_out_the_template_update_from_a_bundle(
    cli: Cli, tmp_path: Path
) -> None:
    kit_dir = tmp_path / "kit"
    run = cli("workshop", "new", kit_dir, "--exercises", "template-update", "--participants", "2")
    assert run.code == 0, run.err
    # The room without a server: p01 works in a clone of their bundle, somewhere else.
    repo = tmp_path / "laptop" / "p01"
    git.run(["clone", "--quiet", str(kit_dir / "bundles" / "p01.bundle"), str(repo)])
    git.run(["checkout", "--quiet", branch("template-update")], repo)
    answers = (repo / ".copier-answers.yml").read_text()
    assert "_src_path: .workshop/template.bundle\n" in answers
    assert "PK-P005" in _check(repo)  # the pilot is behind the template the kit carries
    proc = _update(repo)
    assert proc.returncode == 1, proc.stderr
    assert "conflicts in AGENTS.md" in proc.stdout
    agents = (repo / "AGENTS.md").read_text()
    assert "<<<<<<< before updating\n" in agents and ">>>>>>> after updating\n" in agents
    assert "PK-P004" in _check(repo) and "PK-P005" not in _check(repo)
    # The relative source stays, so the pilot updates wherever it is cloned next.
    assert "_src_path: .workshop/template.bundle\n" in (repo / ".copier-answers.yml").read_text()
    lines = agents.splitlines(keepends=True)
    start = lines.index("<<<<<<< before updating\n")
    end = lines.index(">>>>>>> after updating\n")
    merged = [  # both sentences, re-wrapped as an editor would: still both there
        "   `blocked`, and name the task your pull request closes in its title. Ask the\n",
        "   engineer before you touch the billing module.\n",
    ]
    (repo / "AGENTS.md").write_text("".join(lines[:start] + merged + lines[end + 1 :]))
    git.commit_all(repo, "Take the template's update, keep our billing rule")
    assert "PK-P004" not in _check(repo) and "PK-P005" not in _check(repo)
    assert "_commit: v" in (repo / ".copier-answers.yml").read_text()
    bundle = tmp_path / "returned"
    bundle.mkdir()
    git.run(["bundle", "create", "--quiet", str(bundle / "p01.bundle"), "--all"], repo)
    run = cli("workshop", "verify", kit_dir, "--bundles", bundle, "--format", "json")
    assert run.code == 0, run.err
    (score,) = json.loads(run.out)["participants"][0]["exercises"]
    assert (score["score"], score["evidence"]) == (FULL, [])


def test_the_template_update_cannot_be_faked(cli: Cli, tmp_path: Path) -> None:
    kit_dir = tmp_path / "kit"
    assert cli("workshop", "new", kit_dir, "--exercises", "template-update").code == 0
    repo = kit_dir / "participants" / "p01"
    newest = git.run(["ls-remote", "--tags", str(repo / ".workshop/template.bundle")]).stdout
    tag = max(line.rpartition("refs/tags/")[2] for line in newest.splitlines())
    # Moving the recorded version by hand silences PK-P005 but brings no template change.
    answers = repo / ".copier-answers.yml"
    text = answers.read_text()
    current = next(line for line in text.splitlines() if line.startswith("_commit:"))
    answers.write_text(text.replace(current, f"_commit: {tag}"))
    git.commit_all(repo, "We are on the newest version now")
    assert "PK-P005" not in _check(repo)
    score = _scores(cli, kit_dir)["p01"]["template-update"]
    assert score["score"] == 0 and not score["integrity"]
    assert score["evidence"] == [
        "AGENTS.md no longer says 'name the task your pull request closes in its title.'"
    ]


def test_conflict_markers_and_rejected_hunks_are_findings(cli: Cli, tmp_path: Path) -> None:
    pilot = tmp_path / "pilot"
    assert cli("new", pilot, "--defaults").code == 0
    guide = pilot / "AGENTS.md"
    guide.write_text(
        guide.read_text()
        + "<<<<<<< before updating\nours\n=======\ntheirs\n>>>>>>> after updating\n"
    )
    (pilot / ".mcp.json.rej").write_text("@@ -1 +1 @@\n")
    run = cli("check", pilot, "--select", "PK-P004", "--format", "json")
    assert run.code == 1
    found = [(f["path"], f["line"]) for f in json.loads(run.out)["findings"]]
    line = guide.read_text().splitlines().index("<<<<<<< before updating") + 1
    assert found == [(".mcp.json.rej", None), ("AGENTS.md", line)]
