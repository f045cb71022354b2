"""Errors a person can act on, and the exit codes pilotkit uses everywhere."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes, the same for every command (documented in docs/reference/exit-codes.md)."""

    OK = 0
    PROBLEMS = 1
    USAGE = 2
    BUG = 3
    INTERRUPTED = 130  # SIGINT (Ctrl-C): 128 + 2, as a shell reports it
    TERMINATED = 143  # SIGTERM (CI runners, `timeout`, container stops): 128 + 15


class PilotkitError(Exception):
    """A problem with the input or the environment; `str()` is the one line a person reads."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class AnswerError(PilotkitError):
    """An answer the template refused; callers add where the answer came from."""

    def __init__(self, question: str, reason: str) -> None:
        super().__init__(f"{question}: {reason}")
        self.question = question
        self.reason = reason


class ProblemsError(PilotkitError):
    """Several problems with the input, reported together: one line each in `problems`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived (see `pilotkit.interrupts`).

    A KeyboardInterrupt, so that every clean-up written for Ctrl-C runs for it too; the
    command line tells the two apart only for the exit code and the message.
    """
