"""`--push` that cannot run: one line with the fix, exit 2, and the clone exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import Cli, python_command
from tests.remote.conftest import clone, git, state


def refused(cli: Cli, repo: Path, *argv: str) -> str:
    """Run a claim with --push in REPO, expect exit 2 and nothing changed; return the line."""
    before = state(repo)
    args = argv or ("tasks", "claim", "T02", "--as", "codex-1", "--push")
    run = cli(*args, "--pilot", repo)
    assert run.code == 2, run.err
    assert run.out == ""
    assert run.err.startswith("pilotkit: error: ") and run.err.count("\n") == 1, run.err
    assert state(repo) == before
    return run.err.removeprefix("pilotkit: error: ").rstrip("\n")


def test_no_remote(cli: Cli, mine: Path) -> None:
    git(mine, "remote", "remove", "origin")
    assert refused(cli, mine) == (
        "the pilot's repository has no remote: add one (`git remote add origin URL`) and push "
        "main to it (`git push -u origin main`), or run without --push"
    )


def test_no_upstream(cli: Cli, mine: Path) -> None:
    git(mine, "switch", "-q", "-c", "mine")
    assert refused(cli, mine) == (
        "branch mine has no upstream: set one with `git push -u origin mine`, "
        "or name the remote with --remote (or `remote.name` in .pilotkit.yaml)"
    )


def test_not_a_git_repository(cli: Cli, pristine_pilot: Path) -> None:
    run = cli("tasks", "claim", "T02", "--as", "a", "--push", "--pilot", pristine_pilot)
    assert run.code == 2
    assert "is not in a git repository: --push and --fetch work in a clone" in run.err


def test_a_detached_head(cli: Cli, mine: Path) -> None:
    git(mine, "switch", "-q", "--detach")
    assert refused(cli, mine).startswith("HEAD is detached: check out the pilot's branch")


def test_a_missing_remote_branch(cli: Cli, mine: Path) -> None:
    message = refused(cli, mine, "tasks", "claim", "T02", "--as", "a", "--remote-branch", "nope")
    assert message == (
        "origin has no branch nope: push it there once (`git push -u origin main`) or name "
        "another with --remote-branch; nothing was changed"
    )


def test_a_remote_that_is_not_there(cli: Cli, mine: Path, tmp_path: Path) -> None:
    git(mine, "remote", "set-url", "origin", (tmp_path / "gone.git").as_uri())
    message = refused(cli, mine)
    assert message.startswith("could not fetch origin/main: ")
    assert "gone.git' does not appear to be a git repository" in message
    assert message.endswith(
        "make `git fetch origin` work (the remote's address, your credentials, the network), "
        "then retry; nothing was changed"
    )


class _AskForPassword(BaseHTTPRequestHandler):
    """A git server on loopback that turns down every request for lack of credentials."""

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="pilot"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *_: object) -> None:  # its requests are not the test's output
        return


@pytest.fixture
def password_server() -> Iterator[str]:
    """The URL of a repository on a loopback HTTP server that refuses every credential."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AskForPassword)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/pilot.git"
    finally:
        server.shutdown()
        server.server_close()


def test_an_authentication_failure(
    cli: Cli, mine: Path, tmp_path: Path, password_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    askpass = tmp_path / "askpass.sh"
    askpass.write_text("#!/bin/sh\necho wrong\n")
    askpass.chmod(0o755)
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setenv("GIT_ASKPASS", str(askpass))
    git(mine, "remote", "set-url", "origin", password_server.replace("://", "://agent:secret@"))

    message = refused(cli, mine)

    assert message.startswith("could not fetch origin/main: Authentication failed for 'http://")
    assert "secret" not in message
    assert "then retry; nothing was changed" in message


def test_a_remote_rewritten_by_a_force_push(
    cli: Cli, origin: Path, mine: Path, tmp_path: Path
) -> None:
    other = clone(origin, tmp_path / "rewriter")
    git(other, "commit", "-q", "--amend", "-m", "Start the pilot, rewritten")
    git(other, "push", "-q", "--force", "origin", "main")
    seen = git(mine, "rev-parse", "--short=7", "origin/main")

    message = refused(cli, mine)

    assert message == (
        f"origin/main was rewritten (force-pushed): it no longer contains {seen}, which this "
        "clone fetched before; look at what changed (`git log origin/main`), bring your branch "
        "onto it on purpose (`git reset --keep`), then retry; the clone is as it was"
    )


def test_local_commits_the_remote_does_not_have(cli: Cli, mine: Path) -> None:
    (mine / "specs" / "design.md").write_text("a local decision\n")
    git(mine, "commit", "-q", "-am", "Decide locally")
    assert refused(cli, mine) == (
        "main has 1 commit(s) that origin/main does not: push them first (`git push`), or "
        "move them away; then retry; the clone is as it was"
    )


def test_unrelated_uncommitted_changes_are_left_as_they_are(cli: Cli, mine: Path) -> None:
    design = mine / "specs" / "design.md"
    design.write_text("half a thought\n")
    git(mine, "add", "specs/design.md")
    (mine / "PILOT.md").write_text("also changed\n")
    assert refused(cli, mine) == (
        "the clone has uncommitted changes (PILOT.md, specs/design.md): commit them (or stash "
        "them), then retry; nothing was changed, they are as you left them"
    )
    assert design.read_text() == "half a thought\n"


def _hook(origin: Path, body: str) -> None:
    hook = origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\n" + body)
    hook.chmod(0o755)


def test_a_push_the_remote_turns_down(cli: Cli, origin: Path, mine: Path) -> None:
    before = git(origin, "rev-parse", "main")
    _hook(origin, "echo 'main is frozen until Monday' >&2\nexit 1\n")
    assert refused(cli, mine) == (
        "origin refused the push to main ([remote rejected] (pre-receive hook declined): main "
        "is frozen until Monday); the clone is as it was"
    )
    assert git(origin, "rev-parse", "main") == before


def test_a_connection_lost_in_the_middle_of_the_push(cli: Cli, origin: Path, mine: Path) -> None:
    before = git(origin, "rev-parse", "main")
    _hook(origin, "sleep 0.2\nkill -9 $PPID\n")  # the receiving git dies mid-push
    message = refused(cli, mine)
    assert message.startswith("could not push to origin/main: ")
    assert message.endswith(
        "the clone is as it was; whether origin took the change is unknown: "
        "`pilotkit tasks list --fetch` shows it"
    )
    assert git(origin, "rev-parse", "main") == before


def test_no_git_identity(cli: Cli, mine: Path, isolated: Path) -> None:
    (isolated / ".gitconfig").write_text("[user]\n\tuseConfigOnly = true\n")
    assert refused(cli, mine) == (
        "git has no user identity to commit with: set it with "
        '`git config user.name "Your Name"` and `git config user.email you@example.com`'
    )


def _claim_once(mine: Path, sign: Path) -> subprocess.Popen[str]:
    """`tasks claim T02 --push` started in its own process, returned once the remote's hook
    has made SIGN (so a signal sent next lands while the push is under way)."""
    proc = subprocess.Popen(
        python_command("tasks", "claim", "T02", "--as", "codex-1", "--push", "--pilot", str(mine)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 30
    while not sign.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return proc


def test_sigterm_during_the_push_puts_the_clone_back(origin: Path, mine: Path) -> None:
    started = origin / "hook-started"
    _hook(origin, f"touch '{started}'\nsleep 3\nexit 1\n")
    before = state(mine)
    proc = _claim_once(mine, started)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert out == ""
    assert err == "pilotkit: error: terminated; nothing was written\n"
    assert state(mine) == before


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [
        (signal.SIGTERM, 143, "pilotkit: error: terminated; nothing was written\n"),
        (signal.SIGINT, 130, "pilotkit: error: interrupted; nothing was written\n"),
    ],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_signal_after_a_lost_round_puts_the_clone_back(
    origin: Path, mine: Path, tmp_path: Path, signum: signal.Signals, code: int, line: str
) -> None:
    # Another agent's claim exists on the remote but is not on main yet: the hook puts it
    # there while the first push waits, so that push loses the round and is tried again.
    other = clone(origin, tmp_path / "other")
    (other / "specs" / "design.md").write_text("their decision\n")
    git(other, "commit", "-q", "-am", "Their change")
    git(other, "push", "-q", "origin", "HEAD:refs/heads/theirs")
    theirs = git(other, "rev-parse", "HEAD")
    lost = origin / "lost-a-round"
    _hook(
        origin,
        f"if [ ! -e '{lost}' ]; then\n"
        f"  touch '{lost}'\n"
        f"  env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main {theirs}\n"
        "  exit 0\n"
        "fi\n"
        "sleep 5\nexit 1\n",
    )
    before = state(mine)
    proc = _claim_once(mine, lost)
    time.sleep(0.3)  # in the pause, the second fetch or the second push: each must undo
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=30)

    assert (proc.returncode, out, err) == (code, "", line)
    assert state(mine) == before
    assert git(origin, "rev-parse", "main") == theirs
