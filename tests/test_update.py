"""`pilotkit update`: real git, real tags, real copier; what a lead sees for each pilot."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from pilotkit._version import __version__
from pilotkit.template import bundle
from tests.conftest import Cli, python_command
from tests.template_repo import TemplateRepo, commit, edit, git, tree

PILOT_OWNED = ("PILOT.md", "specs", "tasks", "metrics")
TASK = "tasks/T01-csv-writer-for-invoice-rows.md"


@pytest.fixture
def repo(tmp_path: Path) -> TemplateRepo:
    return TemplateRepo(tmp_path / "org-template")


def make_pilot(cli: Cli, repo: TemplateRepo, dest: Path, *extra: str) -> Path:
    run = cli("new", dest, "--defaults", "--template", repo.path, *extra)
    assert run.code == 0, run.err
    return dest


def release_v2(repo: TemplateRepo) -> None:
    """Template changes to other lines of the files pilots edit, a new file, and changes to
    pilot-owned files that must never reach a pilot."""
    repo.replace("AGENTS.md.jinja", "## Branch and pull request", "## Branches and pull requests")
    repo.replace("review/agent-pr-review.md", "## Identity", "## Identity and scope")
    repo.write("review/security-review.md", "# Security review\n\n- [ ] No secret in the diff.\n")
    repo.replace("PILOT.md.jinja", "# Pilot charter", "# Charter")
    repo.replace("specs/requirements.md.jinja", "# Requirements", "# The requirements")
    repo.delete("specs/design.md.jinja")
    repo.write("tasks/T99-from-the-template.md", "must never appear in a pilot\n")
    repo.write("metrics/extra.yaml", "must never appear in a pilot\n")
    repo.release("v0.2.0")


def edit_locally(pilot: Path) -> None:
    edit(pilot, "AGENTS.md", "## Pick one task", "## Pick one task (our team's rule)")
    edit(pilot, "review/agent-pr-review.md", "## Scope\n", "## Scope\n\n- [ ] Our own item.\n")
    edit(pilot, TASK, "status: todo", "status: claimed")
    commit(pilot, "Our edits")


def test_update_keeps_local_edits_and_brings_template_changes(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    pilot = make_pilot(cli, repo, tmp_path / "pilot")
    edit_locally(pilot)
    owned_before = tree(pilot, *PILOT_OWNED)
    head_before = git(pilot, "rev-parse", "HEAD")
    release_v2(repo)

    run = cli("update", pilot)

    assert run.code == 0, run.out + run.err
    assert f"{pilot}: updated 0.1.0 → 0.2.0" in run.out
    assert "1 pilot: 1 updated" in run.out
    agents = (pilot / "AGENTS.md").read_text()
    assert "## Pick one task (our team's rule)" in agents
    assert "## Branches and pull requests" in agents
    review = (pilot / "review/agent-pr-review.md").read_text()
    assert "- [ ] Our own item." in review and "## Identity and scope" in review
    assert (pilot / "review/security-review.md").read_text().startswith("# Security review")
    assert tree(pilot, *PILOT_OWNED) == owned_before
    assert yaml.safe_load((pilot / ".copier-answers.yml").read_text())["_commit"] == "v0.2.0"
    # Left for review, never committed on the user's branch.
    assert git(pilot, "rev-parse", "HEAD") == head_before
    assert git(pilot, "branch", "--show-current").strip() == "main"
    assert "?? review/security-review.md" in git(pilot, "status", "--porcelain")


def test_same_line_edited_on_both_sides_is_a_conflict(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    pilot = make_pilot(cli, repo, tmp_path / "pilot")
    edit(pilot, "AGENTS.md", "## Pick one task", "## Pick one task, ours")
    commit(pilot, "Our edit")
    repo.replace("AGENTS.md.jinja", "## Pick one task", "## Pick exactly one task")
    repo.write("review/security-review.md", "# Security review\n")
    repo.release("v0.2.0")

    run = cli("update", pilot)

    assert run.code == 1
    assert f"{pilot}: conflicts in AGENTS.md (0.1.0 → 0.2.0)" in run.out
    agents = (pilot / "AGENTS.md").read_text()
    assert "<<<<<<< before updating" in agents and ">>>>>>> after updating" in agents
    assert "## Pick one task, ours" in agents and "## Pick exactly one task" in agents
    assert "AGENTS.md" in git(pilot, "ls-files", "--unmerged")
    assert (pilot / "review/security-review.md").is_file()  # the rest still arrived


def test_a_fleet_updates_around_dirty_and_broken_pilots(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    clean, dirty, lost = (make_pilot(cli, repo, tmp_path / name) for name in ("a", "b", "c"))
    (dirty / "notes.txt").write_text("untracked work in progress\n")
    gone = tmp_path / "gone-template"
    answers = lost / ".copier-answers.yml"
    answers.write_text(answers.read_text().replace(str(repo.path), str(gone)))
    commit(lost, "Point at a template that is gone")
    release_v2(repo)
    current = make_pilot(cli, repo, tmp_path / "d")  # made after the release
    (current / "wip.txt").write_text("work in progress does not matter when current\n")

    run = cli("update", clean, dirty, lost, current, "--jobs", "2")

    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[:4] == [
        f"{clean}: updated 0.1.0 → 0.2.0",
        f"{dirty}: skipped: uncommitted changes (1 file)",
        f"{lost}: failed: template source {gone} does not exist",
        f"{current}: already current (0.2.0)",
    ]
    assert lines[4] == "4 pilots: 1 updated, 1 already current, 1 skipped, 1 failed"
    assert (clean / "review/security-review.md").is_file()
    assert not (dirty / "review/security-review.md").exists()
    assert git(dirty, "status", "--porcelain") == "?? notes.txt\n"


def test_dry_run_writes_nothing_and_reports_the_diff(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    pilot = make_pilot(cli, repo, tmp_path / "pilot")
    edit_locally(pilot)
    release_v2(repo)
    before = tree(pilot)
    git_before = tree(pilot / ".git")

    text = cli("update", pilot, "--dry-run")
    data = cli("update", pilot, "--dry-run", "--format", "json")

    assert text.code == 0, text.out + text.err
    assert text.out.splitlines()[:4] == [
        f"{pilot}: would update 0.1.0 → 0.2.0",
        "    M AGENTS.md",
        "    M review/agent-pr-review.md",
        "    A review/security-review.md",
    ]
    assert "1 pilot: 1 would update; dry run, nothing was written" in text.out
    report = json.loads(data.out)
    (only,) = report["pilots"]
    assert only["status"] == "updated" and report["dry_run"] is True
    assert "+## Branches and pull requests" in only["diff"]
    assert "+_commit: v0.2.0" in only["diff"]
    assert tree(pilot) == before
    assert tree(pilot / ".git") == git_before


def test_commit_puts_the_update_on_a_new_branch(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    pilot = make_pilot(cli, repo, tmp_path / "pilot")
    edit_locally(pilot)
    main_before = git(pilot, "rev-parse", "main")
    release_v2(repo)

    run = cli("update", pilot, "--commit")

    assert run.code == 0, run.out + run.err
    assert "    on branch pilotkit/update-0.2.0, committed " in run.out
    assert git(pilot, "rev-parse", "main") == main_before
    assert git(pilot, "branch", "--show-current").strip() == "pilotkit/update-0.2.0"
    assert git(pilot, "status", "--porcelain") == ""
    message = git(pilot, "log", "-1", "--format=%B")
    assert message.startswith("Update the pilot's template from 0.1.0 to 0.2.0")
    assert "- added review/security-review.md" in message
    assert "- modified AGENTS.md" in message
    assert git(pilot, "log", "-1", "--format=%an").strip() == "Pilot Tester"

    again = cli("update", pilot, "--commit", "--format", "json")
    assert json.loads(again.out)["pilots"][0]["status"] == "current"


def test_to_picks_a_version_and_refuses_one_that_does_not_exist(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    pilot = make_pilot(cli, repo, tmp_path / "pilot")
    repo.write("review/security-review.md", "# Security review\n")
    repo.release("v0.1.1")
    release_v2(repo)

    missing = cli("update", pilot, "--to", "v9.0.0")
    picked = cli("update", pilot, "--to", "v0.1.1")

    assert missing.code == 1
    assert f"{pilot}: failed: template {repo.path} has no version v9.0.0" in missing.out
    assert picked.code == 0, picked.out
    assert f"{pilot}: updated 0.1.0 → 0.1.1" in picked.out
    assert "## Branch and pull request\n" in (pilot / "AGENTS.md").read_text()


def test_a_template_that_fails_to_render_leaves_the_pilot_as_it_was(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    pilot = make_pilot(cli, repo, tmp_path / "pilot")
    before, head = tree(pilot), git(pilot, "rev-parse", "HEAD")
    repo.write("review/security-review.md", "# Security review\n")
    repo.write("review/broken.md.jinja", "{{ no_such_answer }}\n")
    repo.release("v0.2.0")

    run = cli("update", pilot, "--commit")

    assert run.code == 1
    (line,) = [text for text in run.out.splitlines() if text.startswith(str(pilot))]
    assert line == (
        f"{pilot}: failed: template {repo.path} failed to render in "
        "template/review/broken.md.jinja:1: 'no_such_answer' is undefined"
    )
    assert tree(pilot) == before
    assert git(pilot, "rev-parse", "HEAD") == head
    assert git(pilot, "branch", "--list").strip() == "* main"
    assert git(pilot, "status", "--porcelain", "--ignored") == ""


def test_what_is_not_an_updatable_pilot(cli: Cli, repo: TemplateRepo, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    unversioned = make_pilot(cli, repo, tmp_path / "unversioned", "--no-git")

    run = cli("update", plain, unversioned, tmp_path / "nowhere")

    assert run.code == 1
    assert run.out.splitlines()[:3] == [
        f"{plain}: failed: {plain} is not a pilot: no .copier-answers.yml here or above; "
        "run `pilotkit new`",
        f"{unversioned}: failed: not a git repository; an update needs git to merge local edits",
        f"{tmp_path / 'nowhere'}: failed: {tmp_path / 'nowhere'} is not a directory",
    ]
    assert "Traceback" not in run.out + run.err


def test_the_branch_for_the_update_must_be_new(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    pilot = make_pilot(cli, repo, tmp_path / "pilot")
    git(pilot, "branch", "pilotkit/update-0.2.0")
    release_v2(repo)

    run = cli("update", pilot, "--commit")

    assert run.code == 1
    assert "failed: branch pilotkit/update-0.2.0 already exists" in run.out
    assert git(pilot, "status", "--porcelain") == ""


def test_jobs_must_be_positive(cli: Cli) -> None:
    run = cli("update", "--jobs", "0")
    assert run.code == 2
    assert run.err.strip() == (
        "pilotkit: error: --jobs 0: give 1 or more pilots to update at a time"
    )


def install(repo: TemplateRepo, version: str, where: Path) -> Path:
    """An installation of pilotkit's embedded template, built from REPO as VERSION."""
    out = where / "site-packages" / "pilotkit" / "_embedded" / "template.bundle"
    bundle.build(repo.path, version, out)
    return out


def test_pilots_of_older_installations_update_offline_from_the_installed_bundle(
    cli: Cli, repo: TemplateRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_install = install(repo, "0.1.0", tmp_path / "old-venv")
    kept_install = install(repo, "0.1.0", tmp_path / "kept-venv")
    monkeypatch.setenv("PILOTKIT_TEMPLATE_BUNDLE", str(old_install))
    gone = make_pilot(cli, repo, tmp_path / "gone", "--template", str(old_install))
    monkeypatch.setenv("PILOTKIT_TEMPLATE_BUNDLE", str(kept_install))
    kept = make_pilot(cli, repo, tmp_path / "kept", "--template", str(kept_install))
    edit_locally(gone)
    shutil.rmtree(tmp_path / "old-venv")  # pilotkit reinstalled elsewhere
    release_v2(repo)
    new_install = install(repo, "0.2.0", tmp_path / "new-venv")
    heads = {pilot: git(pilot, "rev-parse", "HEAD") for pilot in (gone, kept)}

    offline = {
        **os.environ,
        "PILOTKIT_TEMPLATE_BUNDLE": str(new_install),
        "GIT_ALLOW_PROTOCOL": "file",  # git may read local files and bundles only
        **{proxy: "http://127.0.0.1:9" for proxy in ("http_proxy", "https_proxy", "ALL_PROXY")},
    }
    proc = subprocess.run(
        python_command("update", str(gone), str(kept)),
        env=offline,
        capture_output=True,
        text=True,
    )

    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        f"{gone}: updated 0.1.0 → 0.2.0",
        f"    template source {old_install} → {new_install}",
        f"{kept}: updated 0.1.0 → 0.2.0",
        f"    template source {kept_install} → {new_install}",
        "2 pilots: 2 updated",
    ]
    assert "## Pick one task (our team's rule)" in (gone / "AGENTS.md").read_text()
    assert "## Branches and pull requests" in (gone / "AGENTS.md").read_text()
    for pilot in (gone, kept):
        answers = yaml.safe_load((pilot / ".copier-answers.yml").read_text())
        assert answers["_src_path"] == str(new_install)
        assert answers["_commit"] == "v0.2.0"
        assert git(pilot, "rev-parse", "HEAD") == heads[pilot]  # no commit left behind
        assert "M  .copier-answers.yml" not in git(pilot, "status", "--porcelain")


def test_a_pilot_from_a_newer_pilotkit_is_refused(
    cli: Cli, repo: TemplateRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = install(repo, "0.1.0", tmp_path / "newer-venv")
    monkeypatch.setenv("PILOTKIT_TEMPLATE_BUNDLE", str(newer))
    pilot = make_pilot(cli, repo, tmp_path / "pilot", "--template", str(newer))
    answers = pilot / ".copier-answers.yml"
    answers.write_text(answers.read_text().replace("_commit: v0.1.0", "_commit: v0.3.0"))
    commit(pilot, "Made by pilotkit 0.3.0")
    monkeypatch.setenv("PILOTKIT_TEMPLATE_BUNDLE", str(install(repo, "0.2.0", tmp_path / "venv")))

    run = cli("update", pilot)

    assert run.code == 1
    assert run.out.splitlines()[0] == (
        f"{pilot}: failed: made from template 0.3.0, which the installed pilotkit does not "
        "have (its newest is 0.2.0); upgrade pilotkit"
    )


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # jinja on copier.yml's regexes
def test_plain_copier_update_keeps_pilot_owned_files(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    """copier.yml alone protects them, for leads who run `copier update` themselves."""
    import copier

    pilot = make_pilot(cli, repo, tmp_path / "pilot")
    edit_locally(pilot)
    owned = tree(pilot, *PILOT_OWNED)
    release_v2(repo)

    copier.run_update(
        pilot,
        defaults=True,
        overwrite=True,
        quiet=True,
        skip_answered=True,
        settings=copier.Settings(),
    )

    assert tree(pilot, *PILOT_OWNED) == owned
    assert (pilot / "review/security-review.md").is_file()


def test_pilot_owned_files_are_kept_even_if_the_template_forgets_them(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    pilot = make_pilot(cli, repo, tmp_path / "pilot")
    edit_locally(pilot)
    owned = tree(pilot, *PILOT_OWNED)
    config = repo.path / "copier.yml"
    lines = config.read_text().splitlines(keepends=True)
    config.write_text("".join(line for line in lines if "_copier_operation" not in line))

    release_v2(repo)
    run = cli("update", pilot)

    assert run.code == 0, run.out
    assert tree(pilot, *PILOT_OWNED) == owned
    assert (pilot / "review/security-review.md").is_file()


def test_progress_shows_on_a_terminal_only(cli: Cli, repo: TemplateRepo, tmp_path: Path) -> None:
    import pexpect

    pilots = [make_pilot(cli, repo, tmp_path / name) for name in ("a", "b")]
    release_v2(repo)
    command = python_command("update", *map(str, pilots))
    child = pexpect.spawn(command[0], command[1:], cwd=tmp_path, encoding="utf-8", timeout=60)

    child.expect_exact("[1/2] ")
    child.expect_exact("[2/2] ")
    child.expect_exact("2 pilots: 2 updated")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0
    piped = cli("update", *pilots)  # captured output is not a terminal
    assert "[1/" not in piped.out + piped.err


def test_ctrl_c_finishes_or_restores_the_pilot_in_progress(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    import pexpect

    pilots = [make_pilot(cli, repo, tmp_path / name) for name in ("a", "b", "c")]
    heads = {pilot: git(pilot, "rev-parse", "HEAD") for pilot in pilots}
    release_v2(repo)
    command = python_command("update", *map(str, pilots))
    child = pexpect.spawn(command[0], command[1:], cwd=tmp_path, encoding="utf-8", timeout=60)

    child.expect_exact("[1/3] ")  # a is done; b is being updated
    time.sleep(0.5)  # into b's copier run (an update takes over a second), which must be undone
    child.sendintr()
    child.expect_exact("interrupted; 1 of 3 pilots done, the others left as they were")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 130
    first, second, third = pilots
    assert (first / "review/security-review.md").is_file()
    for untouched in (second, third):
        assert git(untouched, "status", "--porcelain", "--ignored") == ""
        assert git(untouched, "rev-parse", "HEAD") == heads[untouched]
        assert git(untouched, "branch", "--show-current").strip() == "main"


def test_pilots_sharing_a_repository_are_updated_one_after_another(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    mono = tmp_path / "mono"
    first = make_pilot(cli, repo, mono / "pilots" / "first", "--no-git")
    second = make_pilot(cli, repo, mono / "pilots" / "second", "--no-git")
    git(mono, "init", "--quiet")
    git(mono, "add", "--all")
    git(mono, "commit", "--quiet", "-m", "Two pilots in one repository")
    release_v2(repo)

    run = cli("update", first, second, "--jobs", "2")

    assert run.out.splitlines()[:2] == [
        f"{first}: updated 0.1.0 → 0.2.0",
        f"{second}: skipped: uncommitted changes in its repository (4 files)",
    ]
    assert git(mono, "status", "--porcelain").splitlines() == [
        " M pilots/first/.copier-answers.yml",
        " M pilots/first/AGENTS.md",
        " M pilots/first/review/agent-pr-review.md",
        "?? pilots/first/review/security-review.md",
    ]


@pytest.mark.parametrize("kind", ["file-url", "bundle"])
def test_custom_templates_update_from_their_source(
    cli: Cli, repo: TemplateRepo, tmp_path: Path, kind: str
) -> None:
    handed_out = tmp_path / "handed-out" / "org.bundle"
    if kind == "bundle":
        handed_out.parent.mkdir()
        git(repo.path, "bundle", "create", "--quiet", str(handed_out), "--all")
    src = str(handed_out) if kind == "bundle" else f"git+file://{repo.path}"
    pilot = make_pilot(cli, repo, tmp_path / "pilot", "--template", src)
    release_v2(repo)
    if kind == "bundle":  # the lead hands out a newer bundle at the same place
        git(repo.path, "bundle", "create", "--quiet", str(handed_out), "--all")

    run = cli("update", pilot)

    assert run.code == 0, run.out
    assert run.out.splitlines()[0] == f"{pilot}: updated 0.1.0 → 0.2.0"
    assert yaml.safe_load((pilot / ".copier-answers.yml").read_text())["_src_path"] == src
    assert (pilot / "review/security-review.md").is_file()


def test_a_file_the_template_drops_is_kept_when_the_pilot_edited_it(
    cli: Cli, repo: TemplateRepo, tmp_path: Path
) -> None:
    pilot = make_pilot(cli, repo, tmp_path / "pilot")
    edit(pilot, "review/retrospective.md", "# ", "# Our ")
    commit(pilot, "Our retrospective")
    edited = (pilot / "review/retrospective.md").read_bytes()
    repo.delete("review/retrospective.md")
    repo.delete("review/spec-review.md")
    repo.release("v0.2.0")

    run = cli("update", pilot)

    assert run.code == 1
    assert run.out.splitlines()[:2] == [
        f"{pilot}: conflicts in review/retrospective.md (0.1.0 → 0.2.0)",
        "    review/retrospective.md: removed by the new version but edited here; kept "
        "(delete it if you agree)",
    ]
    assert (pilot / "review/retrospective.md").read_bytes() == edited
    assert not (pilot / "review/spec-review.md").exists()  # not edited: removed as released


def test_a_pilot_of_the_real_embedded_template_from_a_vanished_install_is_current(
    cli: Cli, tmp_path: Path
) -> None:
    pilot = tmp_path / "pilot"
    assert cli("new", pilot, "--defaults").code == 0
    answers = pilot / ".copier-answers.yml"
    recorded = yaml.safe_load(answers.read_text())["_src_path"]
    gone = "/opt/old-venv/lib/python3.11/site-packages/pilotkit/_embedded/template.bundle"
    answers.write_text(answers.read_text().replace(recorded, gone))
    commit(pilot, "Made by a pilotkit that was uninstalled since")

    run = cli("update", pilot)

    assert run.code == 0, run.out
    assert run.out.splitlines()[0] == f"{pilot}: already current ({__version__})"
