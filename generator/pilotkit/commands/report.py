"""`pilotkit report`: everything measured about a pilot, as one `Report`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pilotkit import clock
from pilotkit.agents.credentials import without_credentials
from pilotkit.errors import PilotkitError, ProblemsError
from pilotkit.metrics import baseline, history, prices, prs
from pilotkit.metrics.baseline import Baseline
from pilotkit.metrics.delivery import History, not_measured
from pilotkit.metrics.report.evaluation import DEFAULT_MIN_DONE
from pilotkit.metrics.report.model import Report, build
from pilotkit.metrics.usage import store
from pilotkit.numbers import positive, whole
from pilotkit.pilot import journal, textfiles
from pilotkit.pilot.load import Pilot, load_pilot
from pilotkit.pilot.tasks import hours as task_hours
from pilotkit.template import source
from pilotkit.yaml import YamlError, read_located, read_text

ESTIMATE = Path("metrics") / "estimate.yaml"
DEFAULT_WINDOW_DAYS = 14
# Ten years is beyond any failure window that means something; millions of days would
# run past the calendar's end (year 9999) and crash the date arithmetic.
MOST_WINDOW_DAYS = 3650


@dataclass(frozen=True)
class ReportResult:
    report: Report
    root: Path
    # Journal problems the report went past (only with `skip_journal_errors`): the
    # figures leave those entries out, and a reader must be told.
    skipped: tuple[str, ...] = ()


def report(
    path: Path,
    *,
    repo: Path | None = None,
    prs_file: Path | None = None,
    main_branch: str | None = None,
    since: date | None = None,
    until: date | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    hourly_rate: float | None = None,
    as_of: date | None = None,
    baseline_days: int | None = None,
    min_done: int = DEFAULT_MIN_DONE,
    skip_journal_errors: bool = False,
) -> ReportResult:
    """Measure the pilot at PATH: estimate vs actual, tokens vs budget, delivery, ROI.

    Delivery metrics come from PRS_FILE (a `gh pr list --json` or `glab mr list --output
    json` export) or the git history of REPO (default: the `repository` answer when it is
    a local path), in the window from SINCE (default: the estimate's date) to UNTIL
    (default: AS_OF, today), with a baseline of BASELINE_DAYS before it (default: as long
    as the window; 0 for none). Effort and ROI count done agent tasks; with fewer than
    MIN_DONE of them the report says it is too early to conclude. A journal entry that
    does not validate stops the report, one line per problem; with SKIP_JOURNAL_ERRORS
    (a portfolio of many pilots) the report leaves it out and lists it in `skipped`.
    """
    pilot = load_pilot(path)
    as_of = as_of or clock.today()
    until = until or as_of
    whole(window_days, "--window", "days", most=MOST_WINDOW_DAYS)
    whole(min_done, "--min-done", "done tasks", least=0, most=10_000)
    if baseline_days is not None:
        whole(baseline_days, "--baseline", "days", least=0, most=MOST_WINDOW_DAYS)
    if hourly_rate is not None:
        positive(hourly_rate, "--hourly-rate", "dollars an hour")
    # Failures are looked for WINDOW_DAYS past UNTIL, and the last week's row ends up to
    # six days after it: both must stay inside the calendar.
    if date.max - until < timedelta(days=window_days + 6):
        raise PilotkitError(
            f"--until {until}: the {window_days}-day failure window after it runs past the "
            "calendar's end; give an earlier day"
        )
    estimate, meta = read_estimate(pilot.root)
    written = journal.load(pilot.root, set(pilot.by_id))
    problems = tuple(f"{f.location()}: {f.message} ({f.hint})" for f in written.errors())
    if problems and not skip_journal_errors:
        raise ProblemsError(list(problems))
    since = since or _date(meta.get("estimated_on"))
    first, _ = baseline.start(since, until, baseline_days)
    source = _history(pilot, repo, prs_file, main_branch, first or since)
    if isinstance(source, History):
        delivery = source.window(since, until, window_days)
        before = baseline.measure(source, since, until, baseline_days, window_days)
    else:
        delivery = not_measured(source, until, window_days)
        before = Baseline(0, note="no baseline: delivery is not measured")
    result = build(
        pilot,
        estimate=estimate,
        estimate_meta=meta,
        entries=written.entries,
        records=store.load(pilot.root),
        table=prices.load(pilot.root),
        delivery=delivery,
        hourly_rate=hourly_rate,
        as_of=as_of,
        baseline=before,
        min_done=min_done,
    )
    return ReportResult(result, pilot.root, problems)


def read_estimate(root: Path) -> tuple[dict[str, float], dict[str, str | None]]:
    """Hours per task from `metrics/estimate.yaml`, and who estimated when."""
    path = root / ESTIMATE
    if not textfiles.present(path):
        return {}, {}
    try:
        located = read_located(read_text(path), str(ESTIMATE))
    except YamlError as err:
        raise PilotkitError(str(err)) from None
    data: Any = located.data or {}
    tasks = data.get("tasks") if isinstance(data, dict) else None
    if not isinstance(tasks, dict):
        line = located.line("tasks", 1)
        raise PilotkitError(f"{ESTIMATE}:{line}: `tasks` must map each task id to its hours")
    hours: dict[str, float] = {}
    for task_id, value in tasks.items():
        given = task_hours(value)
        if given is None:
            line = located.line("tasks", 1)
            raise PilotkitError(f"{ESTIMATE}:{line}: {task_id}: {value!r} is not a number of hours")
        hours[str(task_id)] = given
    meta = {
        key: str(data[key]) if data.get(key) else None for key in ("estimated_by", "estimated_on")
    }
    return hours, meta


def _history(
    pilot: Pilot,
    repo: Path | None,
    prs_file: Path | None,
    main_branch: str | None,
    since: date | None,
) -> History | str:
    """The merged changes from SINCE on, or why delivery cannot be measured."""
    task_ids = set(pilot.by_id)
    if prs_file is not None:
        return prs.read(prs_file, task_ids)
    answer = pilot.answers.get("repository")
    shown = shown_repository(pilot.root, answer, repo)
    if repo is None:
        folder = source.local_folder(answer, pilot.root) if isinstance(answer, str) else None
        repo = folder.resolve() if folder else None
    if repo is None:
        return (
            "the target repository is not a local path; give --repo DIR (a clone of it) "
            "or --prs FILE (a `gh pr list --state merged --json …` or `glab mr list --merged "
            "--output json` export)"
        )
    return history.read(repo, task_ids, branch=main_branch, since=since, shown=shown)


def shown_repository(root: Path, answer: object, given: Path | None) -> str:
    """The repository as the report names it: as the user named it, never by an absolute path.

    The report is committed and shared, so a path of the machine it ran on has no place
    in it. A remote `repository` answer names the target even when --repo GIVEN is a
    clone of it (credentials taken out); otherwise GIVEN or the answer as typed, when
    relative; an absolute one is shown relative to the pilot, or by its directory name.
    """
    text = answer.strip() if isinstance(answer, str) else ""
    if text and source.is_url(text):
        return without_credentials(text)
    named = str(given) if given is not None else text
    if not named:
        return "the repository"
    if not named.startswith("~") and not Path(named).is_absolute():
        return named
    path = (root / Path(named).expanduser()).resolve()
    inside = path.is_relative_to(root.resolve())
    return path.relative_to(root.resolve()).as_posix() if inside else path.name


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
