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
    from pilotkit.template.embedded import embedded_template

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


def bench_usage(rounds: int) -> Comparison:
    """`pilotkit usage import` of a 100,000-line Claude Code log, against parsing it bare."""
    import os

    from pilotkit.metrics.usage.sources import claude_project_name

    sys.path.insert(0, str(Path(__file__).parent))
    from usage_log import write_claude_log

    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        root = Path(scratch)
        pilot = root / "pilot"
        subprocess.run(
            [script("pilotkit"), "new", str(pilot), "--defaults"], check=True, capture_output=True
        )
        log = root / "home" / ".claude" / "projects" / claude_project_name(pilot) / "s.jsonl"
        write_claude_log(log, pilot, 100_000)
        env = {**os.environ, "HOME": str(root / "home")}
        env.pop("CLAUDE_CONFIG_DIR", None)
        parse = f"import json\nfor line in open({str(log)!r}, 'rb'): json.loads(line)"

        def ours() -> float:
            shutil.rmtree(pilot / "metrics" / "usage", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run(
                [script("pilotkit"), "usage", "import", "--pilot", str(pilot)],
                check=True,
                stdout=subprocess.DEVNULL,
                env=env,
            )
            return time.perf_counter() - start

        mine, floor = paired(ours, lambda: timed([sys.executable, "-c", parse]), rounds)
        size = log.stat().st_size / 1e6
    note = f"(100,000-line Claude log, {size:.0f} MB; import {mine:.1f} s, target <= 3 s)"
    # ours also de-duplicates, attributes, writes and prices 33,000 records: 2.5x the bare parse
    return Comparison("pilotkit usage import / bare JSON parse", mine, floor, 2.5, note)


def _timed_any(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Like `timed`, but a non-zero exit (doctor finding problems) is a result, not an error."""
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def _full_pilot(root: Path) -> Path:
    """A pilot with every agent and every catalog server, made by the installed pilotkit."""
    from pilotkit.agents import catalog

    loaded = catalog.load()
    dest = root / "pilot"
    agents = f"agents=[{', '.join(loaded.agents)}]"
    servers = f"mcp_servers=[{', '.join(loaded.servers)}]"
    argv = [script("pilotkit"), "new", str(dest), "--defaults", "--no-git", "--data", agents]
    subprocess.run([*argv, "--data", servers], check=True, stdout=subprocess.DEVNULL)
    return dest


def bench_doctor(rounds: int) -> Comparison:
    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        pilot = _full_pilot(Path(scratch))
        ours, theirs = paired(
            lambda: _timed_any([script("pilotkit"), "doctor", str(pilot)]),
            lambda: timed([script("pilotkit"), "--help"]),
            rounds,
        )
    note = "(8 agents, 9 servers, no probe)"
    return Comparison("pilotkit doctor / pilotkit --help", ours, theirs, 3.0, note)


def bench_probe(rounds: int) -> Comparison:
    """doctor's own stdio MCP client against the MCP inspector, on the same server."""
    import os

    clients = Path(__file__).resolve().parents[1] / "tests" / "clients" / "node_modules"
    inspector = clients / ".bin" / "mcp-inspector"
    if not inspector.exists():
        raise SystemExit("bench probe: run `npm ci --prefix tests/clients` first")
    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        root = Path(scratch)
        (root / "node_modules").symlink_to(clients, target_is_directory=True)  # npx, offline
        pilot = root / "pilot"
        argv = [script("pilotkit"), "new", str(pilot), "--defaults", "--no-git"]
        subprocess.run(
            [*argv, "--data", "agents=[claude]", "--data", "mcp_servers=[filesystem]"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        env = {**os.environ, "npm_config_offline": "true"}
        config = str(pilot / ".mcp.json")
        ours, theirs = paired(
            lambda: _timed_any([script("pilotkit"), "doctor", str(pilot), "--probe"], env),
            lambda: _timed_any(
                [
                    str(inspector),
                    "--cli",
                    "--config",
                    config,
                    "--server",
                    "filesystem",
                    "--method",
                    "tools/list",
                ],
                env,
            ),
            rounds,
        )
    note = "(filesystem server via npx; doctor also runs all its checks)"
    return Comparison("doctor --probe / mcp-inspector tools/list", ours, theirs, 1.5, note)


def bench_check(rounds: int) -> Comparison:
    from synthetic import make_pilot  # beside this script

    def check(pilot: Path) -> float:
        start = time.perf_counter()
        proc = subprocess.run(
            [script("pilotkit"), "check", str(pilot)], stdout=subprocess.DEVNULL, check=False
        )
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 1):  # 1: findings, which do not matter here
            raise SystemExit(f"pilotkit check {pilot} failed with exit {proc.returncode}")
        return elapsed

    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        small = make_pilot(Path(scratch) / "small", tasks=200, requirements=50, git=True)
        big = make_pilot(Path(scratch) / "big", tasks=2000, requirements=500, git=True)
        big_time, small_time = paired(lambda: check(big), lambda: check(small), rounds)
    note = f"(2,000 tasks + 500 requirements: {big_time:.2f} s; target about 1 s)"
    return Comparison("pilotkit check: 2,000 tasks / 200 tasks", big_time, small_time, 12.0, note)


def bench_backlog(rounds: int) -> Comparison:
    from backlog_export import write  # beside this script

    def score(export: Path) -> float:
        start = time.perf_counter()
        argv = [
            script("pilotkit"),
            "backlog",
            "score",
            str(export),
            "--reference",
            "BIG-3,BIG-6,BIG-9",
        ]
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL, check=False)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"pilotkit backlog score {export} failed with exit {proc.returncode}")
        return elapsed

    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        small = write(Path(scratch) / "small.csv", 1000)
        big = write(Path(scratch) / "big.csv", 10000)
        big_time, small_time = paired(lambda: score(big), lambda: score(small), rounds)
    note = (
        f"(10,000 tickets: {big_time:.2f} s, 1,000: {small_time:.2f} s; near-linear is about 10x)"
    )
    return Comparison(
        "backlog score: 10,000 / 1,000 Jira tickets", big_time, small_time, 12.0, note
    )


def bench_check_shared(rounds: int) -> Comparison:
    """`check` on 2,000 tasks that all name the same files against 200 such tasks.

    Every pair of tasks overlaps, and the tasks form one chain, so nearly every pair is
    ordered: comparing every pair would make the big pilot cost about 100 times the small
    one; finding the tasks that may run beside each one at once keeps it near 10 (the
    files read and parsed grow tenfold, the start-up does not).
    """
    from synthetic import make_pilot  # beside this script

    def check(pilot: Path) -> float:
        start = time.perf_counter()
        proc = subprocess.run(
            [script("pilotkit"), "check", str(pilot)], stdout=subprocess.DEVNULL, check=False
        )
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 1):  # 1: the overlaps planted one per 50 tasks
            raise SystemExit(f"pilotkit check {pilot} failed with exit {proc.returncode}")
        return elapsed

    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        small = make_pilot(Path(scratch) / "small", 200, 50, git=True, shared=True)
        big = make_pilot(Path(scratch) / "big", 2000, 500, git=True, shared=True)
        big_time, small_time = paired(lambda: check(big), lambda: check(small), rounds)
    note = f"(every task names the same files; 2,000 tasks: {big_time:.2f} s)"
    name = "pilotkit check shared files: 2,000 / 200"
    return Comparison(name, big_time, small_time, 6.0, note)


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


def bench_claim_push(rounds: int) -> Comparison:
    """An uncontended `tasks claim --push` against a bare remote on this machine, and a plain
    `tasks claim`: what the fetch, commit and push add to a claim, network aside."""
    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        root = Path(scratch)
        seed = root / "seed"
        argv = [script("pilotkit"), "new", str(seed), "--defaults"]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        origin = root / "origin.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
        subprocess.run(["git", "-C", str(seed), "push", "-q", str(origin), "main"], check=True)
        clones = {}
        for name in ("pushing", "plain"):
            clones[name] = root / name
            subprocess.run(["git", "clone", "-q", str(origin), str(clones[name])], check=True)
            for key, value in (("user.name", "Bench"), ("user.email", "bench@example.com")):
                subprocess.run(["git", "-C", str(clones[name]), "config", key, value], check=True)
        claimed = [False]

        def claim(where: str, *more: str) -> list[str]:
            pilot = str(clones[where])
            return [
                script("pilotkit"),
                "tasks",
                "claim",
                "T01",
                "--as",
                "bench",
                *more,
                "--pilot",
                pilot,
            ]

        def give_back() -> None:  # untimed: T01 is todo on the remote again
            if claimed[0]:
                release = [script("pilotkit"), "tasks", "release", "T01", "--push"]
                subprocess.run(
                    [*release, "--pilot", str(clones["pushing"])],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            claimed[0] = True

        def undo_plain() -> None:
            subprocess.run(
                ["git", "-C", str(clones["plain"]), "checkout", "-q", "--", "tasks"], check=True
            )

        ours, theirs = paired(
            lambda: timed(claim("pushing", "--push"), give_back),
            lambda: timed(claim("plain"), undo_plain),
            rounds,
        )
    note = f"(local bare remote; fetch, commit and push add {(ours - theirs) * 1000:.0f} ms)"
    return Comparison("tasks claim --push / tasks claim", ours, theirs, 2.0, note)


def bench_portfolio_reports(rounds: int) -> Comparison:
    """`pilotkit portfolio` of 500 report JSON files against 50: linear, and well under a
    lead's opening of even one report by hand."""
    from portfolio_fleet import make_reports  # beside this script

    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        big = make_reports(Path(scratch) / "big", 500)
        small = make_reports(Path(scratch) / "small", 50)
        ours, theirs = paired(
            lambda: timed([script("pilotkit"), "portfolio", str(big)]),
            lambda: timed([script("pilotkit"), "portfolio", str(small)]),
            rounds,
        )
    note = f"(500 report files: {ours:.2f} s; target <= 2 s)"
    return Comparison("pilotkit portfolio: 500 / 50 report files", ours, theirs, 10.0, note, 2.0)


def bench_portfolio_pilots(rounds: int) -> Comparison:
    """`pilotkit portfolio` of 50 pilot folders against 5: each pilot is measured with the
    report's code, so the cost per pilot is a report's, and it grows linearly."""
    from portfolio_fleet import make_pilots  # beside this script

    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        big = make_pilots(Path(scratch) / "big", 50)[0].parent
        small = make_pilots(Path(scratch) / "small", 5)[0].parent
        ours, theirs = paired(
            lambda: timed([script("pilotkit"), "portfolio", str(big)]),
            lambda: timed([script("pilotkit"), "portfolio", str(small)]),
            rounds,
        )
    note = f"(50 pilot folders: {ours:.2f} s; target <= 10 s)"
    return Comparison("pilotkit portfolio: 50 / 5 pilot folders", ours, theirs, 10.0, note, 10.0)


def bench_workshop(rounds: int) -> Comparison:
    """`pilotkit workshop verify` of a room of 30 participants who committed every
    solution, against a room of 3: linear, and seconds rather than minutes. The note also
    says how long `workshop new` took for the 30."""
    from workshop_room import make_room  # beside this script

    with tempfile.TemporaryDirectory(prefix="pilotkit-bench-") as scratch:
        made = make_room(Path(scratch) / "room30", 30)
        make_room(Path(scratch) / "room3", 3)
        ours, theirs = paired(
            lambda: timed([script("pilotkit"), "workshop", "verify", f"{scratch}/room30"]),
            lambda: timed([script("pilotkit"), "workshop", "verify", f"{scratch}/room3"]),
            rounds,
        )
    from pilotkit.workshop.catalog import exercises

    count = len(exercises())
    note = (
        f"(30 participants x {count} exercises: new {made:.1f} s, verify {ours:.1f} s; "
        "target <= 60 s)"
    )
    return Comparison("workshop verify: 30 / 3 participants", ours, theirs, 12.0, note, 60.0)


BENCHMARKS: dict[str, Callable[[int], Comparison]] = {
    "help": bench_help,
    "new": bench_new,
    "usage": bench_usage,
    "doctor": bench_doctor,
    "probe": bench_probe,
    "check": bench_check,
    "check-shared": bench_check_shared,
    "tasks-graph": bench_tasks("graph"),
    "tasks-board": bench_tasks("board"),
    "update": bench_update,
    "claim-push": bench_claim_push,
    "backlog": bench_backlog,
    "portfolio-reports": bench_portfolio_reports,
    "portfolio-pilots": bench_portfolio_pilots,
    "workshop": bench_workshop,
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
