"""pilotkit's benchmarks: `python benchmarks/run.py` prints ratios measured in one run.

Machines are shared and noisy, so each comparison interleaves its two commands, runs
them as fresh processes the same number of times, and reports medians and their ratio.
A ratio is only meaningful within one run; absolute times are shown for context.
"""

from __future__ import annotations

import argparse
import atexit
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

SCRIPTS = Path(sysconfig.get_path("scripts"))


@dataclass(frozen=True)
class Comparison:
    name: str
    ours: float
    theirs: float
    target: float
    note: str
    limit: float | None = None  # an absolute target for `ours`, in seconds, if any

    @property
    def ratio(self) -> float:
        return self.ours / self.theirs

    @property
    def over(self) -> bool:
        return self.ratio > self.target or (self.limit is not None and self.ours > self.limit)

    def row(self) -> str:
        verdict = "OVER TARGET" if self.over else "ok"
        return (
            f"{self.name:<44} {self.ours * 1000:8.0f} ms {self.theirs * 1000:8.0f} ms "
            f"{self.ratio:6.2f}x  (target <= {self.target}x, {verdict}) {self.note}"
        )


def script(name: str) -> str:
    """The console script of this environment (no shell shims in between)."""
    path = SCRIPTS / name
    return str(path) if path.exists() else shutil.which(name) or name


def timed(argv: Sequence[str], before: Callable[[], None] | None = None) -> float:
    if before:
        before()
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def paired(
    ours: Callable[[], float], theirs: Callable[[], float], rounds: int
) -> tuple[float, float]:
    """Median times of two measurements, interleaved round by round."""
    ours(), theirs()  # warm the file cache for both
    a, b = [], []
    for _ in range(rounds):
        a.append(ours())
        b.append(theirs())
    return statistics.median(a), statistics.median(b)


def bench_help(rounds: int) -> Comparison:
    ours, theirs = paired(
        lambda: timed([script("pilotkit"), "--help"]),
        lambda: timed([script("copier"), "--help"]),
        rounds,
    )
    return Comparison("pilotkit --help / copier --help", ours, theirs, 0.5, "")


def bench_new(rounds: int) -> Comparison:
    from pilotkit.embedded import embedded_template

    template = embedded_template()
    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        root = Path(scratch)
        counter = iter(range(10**6))

        def ours() -> float:
            return timed([script("pilotkit"), "new", str(root / f"p{next(counter)}"), "--defaults"])

        def theirs() -> float:
            dest = root / f"c{next(counter)}"
            argv = [script("copier"), "copy", "--quiet", "--defaults", "--vcs-ref", template.ref]
            return timed([*argv, str(template.path), str(dest)])

        mine, copier = paired(ours, theirs, rounds)
    note = "(pilotkit also runs git init + first commit)"
    return Comparison("pilotkit new --defaults / copier copy --defaults", mine, copier, 1.5, note)


_SYNTHETIC: dict[int, Path] = {}


def synthetic_pilot(tasks: int) -> Path:
    """A synthetic pilot with TASKS tasks, made once per run (removed at exit)."""
    if tasks not in _SYNTHETIC:
        from synthetic import make_pilot

        scratch = Path(tempfile.mkdtemp(prefix="pilotkit-bench-"))
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)
        _SYNTHETIC[tasks] = make_pilot(scratch / "pilot", tasks, max(1, tasks // 4), git=True)
    return _SYNTHETIC[tasks]


def bench_tasks(action: str) -> Callable[[int], Comparison]:
    """`pilotkit tasks ACTION` on 2,000 tasks against 200: about a second, about linear."""

    def bench(rounds: int) -> Comparison:
        big, small = synthetic_pilot(2000), synthetic_pilot(200)

        def run(pilot: Path) -> float:
            board = pilot / "BOARD.md"  # `board` always writes: no board to keep
            return timed(
                [script("pilotkit"), "tasks", action, "--pilot", str(pilot)],
                lambda: board.unlink(missing_ok=True),
            )

        ours, theirs = paired(lambda: run(big), lambda: run(small), rounds)
        note = "(new processes; target about 1 s for 2,000 tasks)"
        name = f"pilotkit tasks {action}: 2,000 / 200 tasks"
        return Comparison(name, ours, theirs, 12, note, limit=1.2)

    return bench


BENCHMARKS: dict[str, Callable[[int], Comparison]] = {
    "help": bench_help,
    "new": bench_new,
    "tasks-graph": bench_tasks("graph"),
    "tasks-board": bench_tasks("board"),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument(
        "--only", choices=sorted(BENCHMARKS), action="append", help="run only these"
    )
    args = parser.parse_args(argv)
    chosen = args.only or list(BENCHMARKS)
    print(f"{'comparison':<44} {'ours':>11} {'theirs':>11} {'ratio':>7}   medians of {args.rounds}")
    failed = False
    for name in chosen:
        result = BENCHMARKS[name](args.rounds)
        print(result.row(), flush=True)
        failed |= result.over
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
