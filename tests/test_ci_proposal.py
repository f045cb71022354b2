"""The scheduled update workflow's script, run as the workflow runs it: in a fresh clone of
the pilot's repository (a bare repository in a temp dir stands in for the forge), with a
stand-in `gh` first on PATH that records its calls and keeps the one pull request."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Cli
from tests.template_repo import TemplateRepo, commit, edit, git

BRANCH = "pilotkit/template-update"
STEP = "Update the template and open or refresh the pull request"
PR_URL = "https://github.com/example-org/invoice-export/pull/1"
GH_STUB = f"""#!{sys.executable}
import json, os, sys
from pathlib import Path

state = Path(os.environ["GH_STUB_STATE"])
args = sys.argv[1:]
body = sys.stdin.read() if "--body-file" in args else None
with (state / "calls.jsonl").open("a") as log:
    log.write(json.dumps({{"args": args, "body": body}}) + "\\n")
pr = state / "pr.json"
if args[:2] == ["auth", "setup-git"]:
    sys.exit(0)
if args[:2] == ["pr", "list"]:
    print(pr.read_text() if pr.exists() else "[]")
elif args[:2] == ["pr", "create"]:
    pr.write_text(json.dumps([{{"number": 1, "url": "{PR_URL}"}}]))
    print("{PR_URL}")
elif args[:2] == ["pr", "edit"]:
    print("{PR_URL}")
else:
    sys.exit(f"gh stand-in: unexpected call {{args}}")
"""


class Forge:
    """A bare repository as the pilot's `origin`, and the stand-in `gh`'s state."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.origin = base / "origin.git"
        self.state = base / "gh-state"
        self.state.mkdir(parents=True)
        self.bin = base / "bin"
        self.bin.mkdir()
        stub = self.bin / "gh"
        stub.write_text(GH_STUB)
        stub.chmod(0o755)
        self.runs = 0

    def calls(self) -> list[dict[str, Any]]:
        log = self.state / "calls.jsonl"
        lines = log.read_text().splitlines() if log.exists() else []
        return [json.loads(line) for line in lines]

    def branches(self) -> list[str]:
        return git(self.origin, "branch", "--format=%(refname:short)").split()

    def run_workflow(self) -> subprocess.CompletedProcess[str]:
        """The workflow's script step, in a fresh full clone, as the runner runs it."""
        self.runs += 1
        clone = self.base / f"run-{self.runs}"
        git(self.base, "clone", "--quiet", str(self.origin), str(clone))
        workflow = yaml.safe_load((clone / ".github/workflows/pilotkit-update.yml").read_text())
        step = next(s for s in workflow["jobs"]["update"]["steps"] if s.get("name") == STEP)
        env = {
            **os.environ,
            **{key: "a-token-for-the-job" for key in step["env"]},  # ${{ github.token }}
            "PATH": os.pathsep.join(
                [str(self.bin), sysconfig.get_path("scripts"), os.environ["PATH"]]
            ),
            "GH_STUB_STATE": str(self.state),
        }
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
        )

    def message(self, ref: str = BRANCH) -> str:
        return git(self.origin, "log", "-1", "--format=%B", ref)


def release(repo: TemplateRepo, tag: str, note: str, change: tuple[str, str, str]) -> None:
    """Release TAG with CHANGE (file, old, new) and NOTE as its changelog section."""
    log = repo.path / "template" / "_pilotkit" / "CHANGELOG.md"
    text = log.read_text()
    first = text.index("\n## ")
    log.write_text(f"{text[:first]}\n## {tag[1:]}\n\n- {note}\n{text[first:]}")
    repo.replace(*change)
    repo.release(tag)


@pytest.fixture
def repo(tmp_path: Path) -> TemplateRepo:
    return TemplateRepo(tmp_path / "org-template")


@pytest.fixture
def forge(cli: Cli, repo: TemplateRepo, tmp_path: Path) -> Forge:
    """A pilot with scheduled updates, made from REPO at v0.1.0, pushed to its forge."""
    pilot = tmp_path / "pilot"
    run = cli(
        "new", pilot, "--defaults", "--template", repo.path,
        "--data", "scheduled_updates=true", "--data", "pilotkit_requirement=pilotkit==0.1.0",
    )  # fmt: skip
    assert run.code == 0, run.err
    forge = Forge(tmp_path / "forge")
    git(tmp_path, "clone", "--quiet", "--bare", str(pilot), str(forge.origin))
    return forge


def test_a_run_opens_one_pull_request_and_the_next_refreshes_it(
    repo: TemplateRepo, forge: Forge
) -> None:
    main_before = git(forge.origin, "rev-parse", "main")
    release(repo, "v0.2.0", "Reviews get a security checklist.", REVIEW_CHANGE)

    first = forge.run_workflow()

    assert first.returncode == 0, first.stdout + first.stderr
    assert "updated 0.1.0 → 0.2.0" in first.stdout
    assert f"pushed to origin {BRANCH}; pull request {PR_URL} (opened)" in first.stdout
    assert forge.branches() == ["main", BRANCH]
    assert git(forge.origin, "rev-parse", "main") == main_before  # main only by a merge
    assert git(forge.origin, "rev-list", "--count", f"main..{BRANCH}").strip() == "1"
    message = forge.message()
    assert message.startswith("Update the pilot's template from 0.1.0 to 0.2.0")
    assert "0.2.0:\n- Reviews get a security checklist." in message
    created = [c for c in forge.calls() if c["args"][:2] == ["pr", "create"]]
    assert len(created) == 1
    args = created[0]["args"]
    assert args[args.index("--head") + 1] == BRANCH and args[args.index("--base") + 1] == "main"
    assert args[args.index("--title") + 1] == "Update the pilot's template to 0.2.0"
    assert "### 0.2.0\n\n- Reviews get a security checklist." in created[0]["body"]

    release(repo, "v0.3.0", "AGENTS.md names the test command.", AGENTS_CHANGE)
    second = forge.run_workflow()

    assert second.returncode == 0, second.stdout + second.stderr
    assert f"pull request {PR_URL} (refreshed)" in second.stdout
    assert forge.branches() == ["main", BRANCH]  # the same branch, rebuilt
    assert git(forge.origin, "rev-list", "--count", f"main..{BRANCH}").strip() == "1"
    message = forge.message()
    assert message.startswith("Update the pilot's template from 0.1.0 to 0.3.0")
    assert "0.3.0:\n- AGENTS.md names the test command." in message
    assert "0.2.0:\n- Reviews get a security checklist." in message
    calls = [c["args"][:2] for c in forge.calls()]
    assert calls.count(["pr", "create"]) == 1
    edited = [c for c in forge.calls() if c["args"][:2] == ["pr", "edit"]]
    assert len(edited) == 1 and edited[0]["args"][2] == "1"
    assert "### 0.3.0" in edited[0]["body"] and "### 0.2.0" in edited[0]["body"]

    tip = git(forge.origin, "rev-parse", BRANCH)
    third = forge.run_workflow()  # no newer version: nothing pushed, no pull request touched

    assert third.returncode == 0, third.stdout + third.stderr
    assert f"already proposed: origin {BRANCH} holds this update" in third.stdout
    assert git(forge.origin, "rev-parse", BRANCH) == tip
    assert [c["args"][:2] for c in forge.calls()][len(calls) :] == [["auth", "setup-git"]]


def test_a_pilot_pinned_to_a_version_updates_with_the_newest_from_the_index(
    forge: Forge,
) -> None:
    workflow = yaml.safe_load(
        git(forge.origin, "show", "main:.github/workflows/pilotkit-update.yml")
    )
    steps = workflow["jobs"]["update"]["steps"]
    install = next(step for step in steps if "PILOTKIT_REQUIREMENT" in step.get("env", {}))
    assert install["env"]["PILOTKIT_REQUIREMENT"] == "pilotkit"  # not the pilot's ==0.1.0
    assert install["run"] == 'python -m pip install --upgrade "$PILOTKIT_REQUIREMENT"'
    assert steps.index(install) < [step.get("name") for step in steps].index(STEP)


def test_conflicts_are_proposed_with_their_list_and_main_stays_as_it_was(
    repo: TemplateRepo, forge: Forge, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    git(tmp_path, "clone", "--quiet", str(forge.origin), str(work))
    edit(work, "AGENTS.md", "## Pick one task", "## Pick exactly one task")
    commit(work, "Our rule for picking tasks")
    git(work, "push", "--quiet", "origin", "main")
    main_before = git(forge.origin, "rev-parse", "main")
    release(
        repo,
        "v0.2.0",
        "Clearer heading.",
        ("AGENTS.md.jinja", "## Pick one task", "## Choose one task"),
    )

    run = forge.run_workflow()

    assert run.returncode == 1, run.stdout + run.stderr  # a person is needed: the run says so
    assert "conflicts in AGENTS.md (0.1.0 → 0.2.0)" in run.stdout
    assert git(forge.origin, "rev-parse", "main") == main_before
    assert "<<<<<<<" in git(forge.origin, "show", f"{BRANCH}:AGENTS.md")
    assert "Conflicts to resolve" in forge.message() and "- AGENTS.md" in forge.message()
    (created,) = [c for c in forge.calls() if c["args"][:2] == ["pr", "create"]]
    title = created["args"][created["args"].index("--title") + 1]
    assert title == "Update the pilot's template to 0.2.0 (conflicts to resolve)"
    assert "**Conflicts to resolve.**" in created["body"] and "- `AGENTS.md`" in created["body"]


def test_a_branch_a_person_pushed_to_is_left_alone(
    repo: TemplateRepo, forge: Forge, tmp_path: Path
) -> None:
    release(repo, "v0.2.0", "Security checklist.", REVIEW_CHANGE)
    assert forge.run_workflow().returncode == 0
    work = tmp_path / "work"
    git(tmp_path, "clone", "--quiet", "--branch", BRANCH, str(forge.origin), str(work))
    edit(work, "README.md", "# invoice-export", "# invoice-export (updated)")
    commit(work, "Our touch on the update")
    git(work, "push", "--quiet", "origin", BRANCH)
    tip = git(forge.origin, "rev-parse", BRANCH)
    release(repo, "v0.3.0", "AGENTS.md names the test command.", AGENTS_CHANGE)

    run = forge.run_workflow()

    assert run.returncode == 1
    assert f"skipped: origin/{BRANCH} has a commit a person pushed" in run.stdout
    assert "Our touch on the update" in run.stdout
    assert git(forge.origin, "rev-parse", BRANCH) == tip


REVIEW_CHANGE = ("review/agent-pr-review.md", "## Identity", "## Identity and scope")
AGENTS_CHANGE = ("AGENTS.md.jinja", "## When you are blocked", "## When you are stuck")
