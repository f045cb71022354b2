"""The command line: argv in, exit code out. The only place that prints.

Each command has a module here that declares its arguments (`register`) and turns them
into a call to the library function of the same name (`run`), then renders the result.
Command modules import the library lazily so that `pilotkit --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NoReturn

from pilotkit import interrupts
from pilotkit._version import __version__
from pilotkit.errors import ExitCode, PilotkitError, ProblemsError, Terminated

if TYPE_CHECKING:  # imported when a command runs, so that `pilotkit --help` stays fast
    from pilotkit.remote import Push, Pushed

# One line per command; the order is the order of `pilotkit --help`.
COMMANDS = (
    "new",
    "import",
    "check",
    "tasks",
    "doctor",
    "log",
    "usage",
    "report",
    "portfolio",
    "update",
    "template",
    "backlog",
    "workshop",
)
# Commands whose module has another name: `import` is a Python keyword.
_MODULES = {"import": "importing"}

EPILOG = """exit codes: 0 ok, 1 problems found, 2 could not run (bad usage or input),
3 bug (the traceback is saved to a file), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM)"""


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors on one line like every other error of pilotkit."""

    # A command whose positionals may follow its options (`import FORMAT SRC --feature X
    # DEST`) sets this: plain argparse binds an optional positional at the first run of
    # positionals and then refuses DEST as unrecognized.
    intermixed = False

    def error(self, message: str) -> NoReturn:
        _one_line(f"{message}; see `{self.prog} --help`")
        raise SystemExit(int(ExitCode.USAGE))

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if not self.intermixed:
            return super().parse_known_args(args, namespace)
        self.intermixed = False  # the intermixed parse calls back into this method
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self.intermixed = True


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with one sub-command per module in COMMANDS."""
    parser = _Parser(
        prog="pilotkit",
        description="Scaffold, run and measure a pilot of async coding agents.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"pilotkit {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show progress details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        _module(name).register(sub)
    return parser


def add_pilot_option(parser: argparse.ArgumentParser) -> None:
    """`--pilot DIR`, as every command that works in one pilot takes it."""
    parser.add_argument(
        "--pilot",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the pilot (default: the one containing the current directory)",
    )


def add_push_options(parser: argparse.ArgumentParser) -> None:
    """`--push`/`--no-push`, `--remote`, `--remote-branch`: every change that can push."""
    parser.add_argument(
        "--push",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="make the change on the remote branch as fetched now and push it, without "
        "force; --no-push: only here, whatever .pilotkit.yaml says",
    )
    _remote_options(parser, "implies --push")


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    """`--fetch`, `--remote`, `--remote-branch`: read the remote branch, not the clone."""
    parser.add_argument(
        "--fetch",
        action="store_true",
        help="read the task files as the remote branch has them now, not this clone",
    )
    _remote_options(parser, "implies --fetch")


def _remote_options(parser: argparse.ArgumentParser, implies: str) -> None:
    parser.add_argument(
        "--remote", metavar="NAME", help=f"the remote (default: the branch's upstream); {implies}"
    )
    parser.add_argument(
        "--remote-branch",
        metavar="BRANCH",
        help=f"the branch on the remote (default: the upstream's); {implies}",
    )


def push_option(args: argparse.Namespace) -> Push:
    """What `add_push_options` read: None where `.pilotkit.yaml` decides."""
    from pilotkit.remote import Push

    enabled = args.push
    if enabled is None and (args.remote or args.remote_branch):
        enabled = True
    return Push(enabled, args.remote, args.remote_branch)


def fetch_option(args: argparse.Namespace) -> Push | None:
    """What `add_fetch_options` read: the remote branch to read, or None for the clone."""
    from pilotkit.remote import Push

    if not (args.fetch or args.remote or args.remote_branch):
        return None
    return Push(True, args.remote, args.remote_branch)


def pushed_line(pushed: Pushed) -> str:
    """The line that says where a change was pushed."""
    if pushed.commit is None:
        return f"Nothing to push: {pushed.where} has it already."
    tries = f" after {pushed.attempts} tries" if pushed.attempts > 1 else ""
    return f"Pushed to {pushed.where} as {pushed.commit}{tries}."


def comma_separated(values: Sequence[str]) -> tuple[str, ...]:
    """The items of a repeatable option that also takes `A,B`: `--select PK-T --select
    PK-S001,PK-S002` gives three; blanks and empty items are dropped."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def main(argv: Sequence[str] | None = None) -> int:
    """Run pilotkit with ARGV (default: sys.argv[1:]) and return the exit code."""
    _forgiving_streams()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="pilotkit: %(message)s",
        stream=sys.stderr,
    )
    with interrupts.handled():  # SIGTERM unwinds like Ctrl-C, and the same clean-up runs
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    """The command's exit code; errors, signals and bugs become one line on stderr."""
    try:
        return int(args.run(args))
    except ProblemsError as err:  # several problems at once: one line each
        for problem in err.problems:
            error(problem)
        return int(err.exit_code)
    except PilotkitError as err:
        error(str(err))
        return int(err.exit_code)
    except KeyboardInterrupt as err:  # Ctrl-C, or SIGTERM as Terminated
        return _stopped(type(err))
    except BrokenPipeError:  # `pilotkit tasks list | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush stays quiet
        return int(ExitCode.OK)
    except Exception:  # a bug: keep the traceback for the report, show one line
        signalled = interrupts.arrived()
        if signalled is not None:  # the signal broke what it landed in: it is why we stop
            return _stopped(signalled)
        return _report_bug()


def _stopped(kind: type[KeyboardInterrupt]) -> int:
    if issubclass(kind, Terminated):
        error("terminated; nothing was written")
        return int(ExitCode.TERMINATED)
    error("interrupted; nothing was written")
    return int(ExitCode.INTERRUPTED)


def error(message: str) -> None:
    """Print a one-line error to stderr (whatever line breaks the message carried)."""
    _one_line(message)


def _one_line(message: str) -> None:
    print(f"pilotkit: error: {' '.join(message.split())}", file=sys.stderr)


def _forgiving_streams() -> None:
    """Text the terminal's encoding cannot show is degraded, never a crash.

    A title such as `Café` on an ASCII terminal (PYTHONIOENCODING=ascii, a C locale on an
    old system) prints as `Caf?`: `?` keeps tables aligned and JSON valid. Errors escape
    (`Caf\\xe9`) as Python's own stderr does, so a file name in a message stays exact.
    """
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=errors)


def color(text: str, code: str) -> str:
    """TEXT in an ANSI colour on a terminal, never with NO_COLOR."""
    if os.environ.get("NO_COLOR") or not sys.stdout.isatty():
        return text
    return f"\033[{code}m{text}\033[0m"


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"pilotkit.cli.{_MODULES.get(name, name)}")


def _report_bug() -> int:
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", prefix="pilotkit-crash-", suffix=".log", delete=False
    ) as log:
        log.write(f"pilotkit {__version__}\n")
        traceback.print_exc(file=log)
    kind = sys.exc_info()[0]
    name = kind.__name__ if kind else "error"
    error(f"internal error ({name}); this is a bug. The traceback is in {log.name}")
    return int(ExitCode.BUG)
