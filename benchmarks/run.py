"""pilotkit's benchmarks: `python benchmarks/run.py` prints ratios measured in one run.

Machines are shared and noisy, so each comparison interleaves its two commands, runs
them as fresh processes the same number of times, and reports medians and their ratio.
A ratio is only meaningful within one run; absolute times are shown for context.
"""

from __future__ import annotations

import argparse
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

    @property
    def ratio(self) -> float:
        return self.ours / self.theirs

    def row(self) -> str:
        verdict = "ok" if self.ratio <= self.target else "OVER TARGET"
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


def bench_update(rounds: int) -> Comparison:
    """Wall time of `pilotkit update` on 20 pilots with --jobs 2 against --jobs 1.

    Each run updates fresh copies of the same 20 pilots (one local edit each) from a
    template repository tagged v0.1.0 to v0.2.0. A round is two fleets of 20 updates, so
    this runs one round per 15 of the other benchmarks' rounds (one by default).
    """
    fleet = 20
    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        root = Path(scratch)
        pilots = _update_fleet(root, fleet)
        counter = iter(range(10**6))

        def with_jobs(jobs: int) -> Callable[[], float]:
            def measure() -> float:
                copy = root / f"run{next(counter)}"
                shutil.copytree(pilots, copy, symlinks=True)
                paths = [str(copy / f"p{index:02}") for index in range(fleet)]
                return timed([script("pilotkit"), "update", *paths, "--jobs", str(jobs)])

            return measure

        # No warm-up round: one run is 20 updates, long enough to swamp a cold file cache.
        runs = max(1, rounds // 15)
        two, one = [], []
        for _ in range(runs):
            two.append(with_jobs(2)())
            one.append(with_jobs(1)())
    note = f"(wall time, {fleet} pilots, median of {runs}: --jobs 2 / --jobs 1)"
    name = f"pilotkit update {fleet} pilots --jobs 2 / --jobs 1"
    return Comparison(name, statistics.median(two), statistics.median(one), 1.0, note)


def _update_fleet(root: Path, count: int) -> Path:
    """COUNT pilots made from a template at v0.1.0, and the template released as v0.2.0."""
    repo = Path(__file__).resolve().parents[1]
    template = root / "template"
    template.mkdir()
    shutil.copy(repo / "copier.yml", template / "copier.yml")
    shutil.copytree(repo / "template", template / "template")
    git = ["git", "-C", str(template)]
    subprocess.run([*git, "init", "--quiet"], check=True)
    release = [*git, "commit", "--quiet", "--all", "-m", "release"]
    subprocess.run([*git, "add", "--all"], check=True)
    subprocess.run(release, check=True)
    subprocess.run([*git, "tag", "v0.1.0"], check=True)
    pilots = root / "pilots"
    first = pilots / "p00"
    new = [script("pilotkit"), "new", str(first), "--defaults", "--template", str(template)]
    subprocess.run(new, check=True, stdout=subprocess.DEVNULL)
    agents = first / "AGENTS.md"
    agents.write_text(agents.read_text().replace("## Never", "## Never (our rules)", 1))
    subprocess.run(
        ["git", "-C", str(first), "commit", "--quiet", "--all", "-m", "edit"], check=True
    )
    for index in range(1, count):
        shutil.copytree(first, pilots / f"p{index:02}", symlinks=True)
    checklist = template / "template" / "review" / "agent-pr-review.md"
    checklist.write_text(checklist.read_text() + "\n- [ ] Added in v0.2.0.\n")
    (template / "template" / "review" / "security-review.md").write_text("# Security\n")
    subprocess.run([*git, "add", "--all"], check=True)
    subprocess.run(release, check=True)
    subprocess.run([*git, "tag", "v0.2.0"], check=True)
    return pilots


BENCHMARKS: dict[str, Callable[[int], Comparison]] = {
    "help": bench_help,
    "new": bench_new,
    "update": bench_update,
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
        failed |= result.ratio > result.target
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
