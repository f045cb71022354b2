"""SIGTERM is handled like Ctrl-C: a real `pilotkit` process, signalled at several moments.

CI runners, `timeout` and container stops send SIGTERM. Whenever it (or SIGINT) arrives,
an update leaves the pilot exactly as it was (branch, HEAD, files, a clean status) or
finished, and `new` or `template init` leave nothing beside their destination. Each
moment is a marker the test polls for (the update's branch, copier's scratch folders in
the process's own TMPDIR, the pilot's AGENTS.md changing, pilotkit's scratch folder),
plus a fixed delay, so that the signal lands in the same phase on a slow machine too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Cli, Run, isolated_env, python_command
from tests.template_repo import TemplateRepo, commit, edit, git, tree

BRANCH = "pilotkit/update-0.2.0"
OURS = "## Pick one task (our team's rule)"  # the pilot's committed local edit
THEIRS = "## Branches and pull requests"  # the template's change in v0.2.0


@dataclass(frozen=True)
class Moment:
    """When to send the signal: once MARKER(pilot or parent, tmp) holds, after DELAY seconds."""

    name: str
    marker: Callable[[Path, Path], bool]
    delay: float = 0.0


def names(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def crash_logs(tmp: Path) -> list[str]:
    """Traceback files pilotkit wrote: a signal must never look like a bug.

    (copier's own scratch folders may stay in the temporary directory: interrupted, copier
    leaves the git command it was running to finish on its own, which can race copier's
    removal of that folder.)
    """
    return [name for name in names(tmp) if name.startswith("pilotkit-crash-")]


def scratch(prefix: str) -> Callable[[Path, Path], bool]:
    """A folder whose name starts with PREFIX exists in the process's TMPDIR."""
    return lambda _, tmp: any(name.startswith(prefix) for name in names(tmp))


def agents_changed(pilot: Path, _: Path) -> bool:
    try:
        return THEIRS in (pilot / "AGENTS.md").read_text()
    except FileNotFoundError:  # between copier's removal and its new version
        return False


def copier_done(pilot: Path, tmp: Path) -> bool:
    """copier has written the pilot and removed its scratch folders: pilotkit's last steps."""
    return agents_changed(pilot, tmp) and not scratch("copier.")(pilot, tmp)


UPDATE_MOMENTS = {
    "branch-made": Moment("the update's branch exists", lambda p, _: has_branch(p)),
    "cloning": Moment("copier clones the template", scratch("copier._vcs.clone")),
    "rendering": Moment("copier renders both versions", scratch("copier._main.old_copy"), 0.3),
    "merging": Moment("copier writes the pilot", agents_changed),
    "settling": Moment("pilotkit reads and commits the result", copier_done),
}


def has_branch(pilot: Path) -> bool:
    return (pilot / ".git" / "refs" / "heads" / BRANCH).exists()


@pytest.fixture(scope="module")
def updatable(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Iterator[Path]:
    """A pilot at template 0.1.0 with a committed edit to AGENTS.md; 0.2.0 is released."""
    root = tmp_path_factory.mktemp("updatable")
    with isolated_env(root / "home", shared_cache):
        repo = TemplateRepo(root / "org-template")
        pilot = root / "pilot"
        made = subprocess.run(
            python_command("new", str(pilot), "--defaults", "--template", str(repo.path)),
            capture_output=True,
            text=True,
        )
        assert made.returncode == 0, made.stderr
        edit(pilot, "AGENTS.md", "## Pick one task", OURS)
        commit(pilot, "Our rule for picking tasks")
        repo.replace("AGENTS.md.jinja", "## Branch and pull request", THEIRS)
        repo.release("v0.2.0")
        yield pilot


def state(pilot: Path) -> tuple[str, str, str, dict[str, bytes]]:
    """Branches, HEAD, every status line (ignored files too) and every file of PILOT."""
    return (
        git(pilot, "branch", "--list", "--format=%(refname:short)"),
        git(pilot, "rev-parse", "HEAD"),
        git(pilot, "status", "--porcelain", "--ignored"),
        tree(pilot),
    )


def start(argv: list[str], tmp: Path) -> subprocess.Popen[str]:
    """`python -m pilotkit ARGV` in a process group of its own, with TMP as its TMPDIR."""
    tmp.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        python_command(*argv),
        env={**os.environ, "TMPDIR": str(tmp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def signal_at(
    proc: subprocess.Popen[str], moment: Moment, where: Path, tmp: Path, number: int
) -> None:
    """Send signal NUMBER to PROC at MOMENT; fail if the process ends before it."""
    wait_for(proc, moment, where, tmp)
    proc.send_signal(number)


def wait_for(proc: subprocess.Popen[str], moment: Moment, where: Path, tmp: Path) -> None:
    """Return at MOMENT; fail if the process ends before it."""
    deadline = time.monotonic() + 120
    while not moment.marker(where, tmp):
        if proc.poll() is not None:
            pytest.fail(f"finished before {moment.name}: {proc.communicate()}")
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail(f"{moment.name} never came")
        time.sleep(0.005)
    time.sleep(moment.delay)


def finish(proc: subprocess.Popen[str]) -> Run:
    """What the process showed; also that it left no process behind (workers included)."""
    out, err = proc.communicate(timeout=120)
    deadline = time.monotonic() + 10
    while _group_alive(proc.pid):
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("processes of the stopped pilotkit were still running")
        time.sleep(0.02)
    return Run(proc.returncode, out, err)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


WORDS = {signal.SIGTERM: ("terminated", 143), signal.SIGINT: ("interrupted", 130)}
CASES = [
    *(("SIGTERM", "commit", name) for name in UPDATE_MOMENTS),
    *(("SIGTERM", "no-commit", name) for name in UPDATE_MOMENTS if name != "branch-made"),
    *(
        ("SIGINT", mode, name)
        for mode in ("commit", "no-commit")
        for name in ("rendering", "settling")
    ),
]


@pytest.mark.parametrize(
    ("signame", "mode", "moment"), CASES, ids=["-".join(case) for case in CASES]
)
def test_a_signalled_update_leaves_the_pilot_as_it_was(
    updatable: Path, tmp_path: Path, signame: str, mode: str, moment: str
) -> None:
    number = signal.Signals[signame]
    word, code = WORDS[number]
    pilot = tmp_path / "pilot"
    shutil.copytree(updatable, pilot, symlinks=True)
    before = state(pilot)
    proc = start(
        ["update", str(pilot), *(["--commit"] if mode == "commit" else [])], tmp_path / "tmp"
    )

    signal_at(proc, UPDATE_MOMENTS[moment], pilot, tmp_path / "tmp", number)
    run = finish(proc)

    if run.code == 0 and moment == "settling":  # a busy machine: the last steps won the race
        assert_finished(pilot, before, mode == "commit")
        return
    assert (run.code, run.out) == (code, ""), run.err
    assert run.err == f"pilotkit: {word}; 0 of 1 pilots done, the others left as they were\n"
    assert state(pilot) == before
    assert OURS in (pilot / "AGENTS.md").read_text()
    assert crash_logs(tmp_path / "tmp") == []


def assert_finished(
    pilot: Path, before: tuple[str, str, str, dict[str, bytes]], commit: bool
) -> None:
    """The update is done: both edits in AGENTS.md, committed on its branch or left for review."""
    text = (pilot / "AGENTS.md").read_text()
    assert OURS in text and THEIRS in text
    branches, head, _, _ = state(pilot)
    assert crash_logs(pilot.parent / "tmp") == []
    if commit:
        assert git(pilot, "branch", "--show-current") == f"{BRANCH}\n"
        assert git(pilot, "rev-parse", "HEAD~1") == before[1]
        assert git(pilot, "status", "--porcelain") == ""
    else:
        assert (branches, head) == before[:2]
        assert " M AGENTS.md\n" in git(pilot, "status", "--porcelain")


def test_sigterm_twice_to_the_group_as_timeout_sends_it(updatable: Path, tmp_path: Path) -> None:
    # `timeout` signals the process, then its whole group: git and copier's children get
    # it too, and pilotkit gets it twice. The second must not cut the restore short.
    pilot = tmp_path / "pilot"
    shutil.copytree(updatable, pilot, symlinks=True)
    before = state(pilot)
    proc = start(["update", str(pilot), "--commit"], tmp_path / "tmp")

    signal_at(proc, UPDATE_MOMENTS["merging"], pilot, tmp_path / "tmp", signal.SIGTERM)
    os.killpg(proc.pid, signal.SIGTERM)
    run = finish(proc)

    assert run.code == 143, run.err
    assert run.err == "pilotkit: terminated; 0 of 1 pilots done, the others left as they were\n"
    assert state(pilot) == before


def test_an_entry_logged_during_an_update_survives_the_updates_undoing(
    updatable: Path, tmp_path: Path
) -> None:
    # The update holds the pilot's lock: the log waits for it instead of writing into a
    # work tree that the interrupted update then resets (which dropped the entry).
    pilot = tmp_path / "pilot"
    shutil.copytree(updatable, pilot, symlinks=True)
    branches, head, _, _ = state(pilot)
    journal = (pilot / "metrics" / "journal.yaml").read_text()
    proc = start(["update", str(pilot), "--commit"], tmp_path / "tmp")

    wait_for(proc, UPDATE_MOMENTS["branch-made"], pilot, tmp_path / "tmp")
    argv = ["log", "session", "--minutes", "30", "--note", "during the update"]
    logger = start([*argv, "--pilot", str(pilot)], tmp_path / "log-tmp")
    with contextlib.suppress(subprocess.TimeoutExpired):
        logger.wait(timeout=1.5)  # done by now without the lock; waiting for it with
    signal_at(proc, UPDATE_MOMENTS["rendering"], pilot, tmp_path / "tmp", signal.SIGINT)
    run, logged = finish(proc), finish(logger)

    assert run.code == 130, run.err
    assert logged.code == 0, logged.err
    assert git(pilot, "branch", "--list", "--format=%(refname:short)") == branches
    assert git(pilot, "rev-parse", "HEAD") == head
    assert git(pilot, "status", "--porcelain") == " M metrics/journal.yaml\n"
    assert (pilot / "metrics" / "journal.yaml").read_text().startswith(journal[:-13])
    assert "    note: during the update\n" in (pilot / "metrics" / "journal.yaml").read_text()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_every_worker_and_each_pilot_is_restored(
    updatable: Path, tmp_path: Path, number: int
) -> None:
    # Sent to the parent alone (as `kill PID` or a container stop does): the workers,
    # each in the middle of copier, are told to stop and restore their pilot.
    pilots = [tmp_path / name for name in ("a", "b")]
    for pilot in pilots:
        shutil.copytree(updatable, pilot, symlinks=True)
    before = {pilot: state(pilot) for pilot in pilots}
    proc = start(["update", *map(str, pilots), "--jobs", "2", "--commit"], tmp_path / "tmp")

    both = Moment("both workers render", lambda _, tmp: _count(tmp, "copier._main.old_copy") == 2)
    signal_at(proc, both, tmp_path, tmp_path / "tmp", number)
    run = finish(proc)

    word, code = WORDS[signal.Signals(number)]
    assert (run.code, run.out) == (code, ""), run.err
    assert run.err == f"pilotkit: {word}; 0 of 2 pilots done, the others left as they were\n"
    for pilot in pilots:
        assert state(pilot) == before[pilot]
    assert crash_logs(tmp_path / "tmp") == []


def _count(folder: Path, prefix: str) -> int:
    return sum(name.startswith(prefix) for name in names(folder))


def scratch_beside(parent: Path, *inside: str) -> Callable[[Path, Path], bool]:
    """pilotkit's scratch folder beside the destination exists (and holds INSIDE)."""

    def marker(_: Path, __: Path) -> bool:
        return any(
            holder.name.startswith(".dest.pilotkit-")
            and (not inside or (holder / "dest" / Path(*inside)).exists())
            for holder in parent.iterdir()
        )

    return marker


def creation_moments(parent: Path, rendered: str) -> list[Moment]:
    return [
        Moment("the scratch folder is made", scratch_beside(parent)),
        Moment("copier renders", scratch_beside(parent), 0.4),
        Moment("a file is rendered", scratch_beside(parent, rendered)),
        Moment("git commits", scratch_beside(parent, ".git")),
    ]


@pytest.mark.parametrize(
    ("number", "index"),
    [*((signal.SIGTERM, index) for index in range(4)), (signal.SIGINT, 3)],
    ids=["SIGTERM-scratch", "SIGTERM-copier", "SIGTERM-rendered", "SIGTERM-git", "SIGINT-git"],
)
def test_a_signalled_new_leaves_nothing_beside_the_destination(
    tmp_path: Path, number: int, index: int
) -> None:
    parent = tmp_path / "out"
    parent.mkdir()
    proc = start(["new", str(parent / "dest"), "--defaults"], tmp_path / "tmp")

    signal_at(proc, creation_moments(parent, "AGENTS.md")[index], parent, tmp_path, number)
    run = finish(proc)

    if run.code == 0 and index == 3:  # a busy machine: the commit won the race
        assert_created(parent, tmp_path / "tmp")
        return
    word, code = WORDS[signal.Signals(number)]
    assert (run.code, run.out, run.err) == (
        code,
        "",
        f"pilotkit: error: {word}; nothing was written\n",
    )
    assert names(parent) == []
    assert crash_logs(tmp_path / "tmp") == []


def assert_created(parent: Path, tmp: Path) -> None:
    """Finished after all: the destination, committed and clean, and nothing beside it."""
    assert names(parent) == ["dest"]
    assert git(parent / "dest", "status", "--porcelain") == ""
    assert git(parent / "dest", "log", "--format=%s").count("\n") == 1
    assert crash_logs(tmp) == []


@pytest.mark.parametrize("index", [0, 3], ids=["scratch", "git"])
def test_a_terminated_template_init_leaves_nothing(tmp_path: Path, index: int) -> None:
    parent = tmp_path / "out"
    parent.mkdir()
    proc = start(["template", "init", str(parent / "dest")], tmp_path / "tmp")

    signal_at(proc, creation_moments(parent, "copier.yml")[index], parent, tmp_path, signal.SIGTERM)
    run = finish(proc)

    if run.code == 0 and index == 3:  # a busy machine: the commit won the race
        assert_created(parent, tmp_path / "tmp")
        return
    assert (run.code, run.err) == (143, "pilotkit: error: terminated; nothing was written\n")
    assert names(parent) == []
    assert crash_logs(tmp_path / "tmp") == []


def test_help_lists_both_signal_exit_codes(cli: Cli) -> None:
    run = cli("--help")
    assert run.code == 0
    assert "130 interrupted (Ctrl-C), 143 terminated (SIGTERM)" in " ".join(run.out.split())


def test_a_signal_that_breaks_copiers_io_is_reported_as_the_signal(
    updatable: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signal can land where copier turns it into another error (a closed pipe: EBADF).

    The pilot is restored, and the run ends as the signal's, not as a failed update.
    """
    from pilotkit.template import engine

    pilot = tmp_path / "pilot"
    shutil.copytree(updatable, pilot, symlinks=True)
    before = state(pilot)

    def broken_by_a_signal(*_args: object, **_kwargs: object) -> None:
        with contextlib.suppress(KeyboardInterrupt):  # copier's I/O swallows the interrupt
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.5)
        raise OSError(9, "Bad file descriptor")

    monkeypatch.setattr(engine, "update", broken_by_a_signal)
    run = cli("update", pilot, "--commit")

    assert run.code == 143, run.out + run.err
    assert run.err == "pilotkit: terminated; 0 of 1 pilots done, the others left as they were\n"
    assert state(pilot) == before


def test_a_signal_after_the_work_is_done_is_ignored() -> None:
    from pilotkit import interrupts
    from pilotkit.errors import Terminated

    with pytest.raises(Terminated), interrupts.handled():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.5)
    with interrupts.handled():
        interrupts.settled()  # what the command line calls once the result is final
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.2)


class _Polls:
    """Like a subprocess wrapper whose destructor polls its child: a signal lands in it."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGTERM)


def test_a_signal_lost_in_a_destructor_still_stops_the_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from pilotkit import interrupts
    from pilotkit.errors import Terminated

    reported: list[object] = []  # what Python would print as "Exception ignored … Traceback"
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    steps = []
    with pytest.raises(Terminated), interrupts.handled():
        _Polls()  # collected at once: Python ignores what its __del__ raises
        steps.append("went on")
        interrupts.check()  # what rollout calls after copier returns
        steps.append("not reached")

    assert steps == ["went on"]
    assert reported == []


def test_a_signal_as_the_scratch_folder_is_made_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from pilotkit import interrupts
    from pilotkit.errors import Terminated
    from pilotkit.template import destination

    made = tempfile.mkdtemp

    def signalled_as_it_returns(*args: str, **kwargs: str) -> str:
        path = made(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # lands before the caller has the name
        time.sleep(0.2)
        return path

    monkeypatch.setattr(tempfile, "mkdtemp", signalled_as_it_returns)
    parent = tmp_path / "out"
    with (
        pytest.raises(Terminated),
        interrupts.handled(),
        destination.staging(parent / "dest"),
    ):
        pytest.fail("the work started after the signal")

    assert not parent.exists()  # neither the scratch folder nor the parent it created


def test_a_signal_turned_into_another_error_ends_as_the_signal(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wherever a signal lands, what it breaks on its way is not reported as a bug (exit 3)."""
    from pilotkit.commands.template import init

    def broken_by_a_signal(*_args: object, **_kwargs: object) -> None:
        with contextlib.suppress(KeyboardInterrupt):  # a library swallows the interrupt
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.5)
        raise RuntimeError("a pipe closed under it")

    monkeypatch.setattr(init, "_extract", broken_by_a_signal)
    run = cli("template", "init", tmp_path / "out" / "dest")

    assert (run.code, run.out, run.err) == (
        143,
        "",
        "pilotkit: error: terminated; nothing was written\n",
    )
    assert not (tmp_path / "out").exists()
