"""Delivery metrics from the target repository: merged changes, lead time, failures.

Definitions (also written on the report):

- a **merged change** is a merge commit on the main branch's first-parent line, or a
  squash-merged commit whose subject ends in `(#N)`; with a PR export, a merged pull
  request;
- **lead time** runs from the first commit of the change (its earliest author date) to
  its merge; squash merges have no first commit left, so no lead time without a PR export;
- a change **failed** when, within the window after its merge, a later commit reverts it
  (`This reverts commit <sha>` naming one of its commits, `Revert "<its title>"`, or
  `Reverts …#N` for its pull request, `This reverts merge request !N` for a GitLab one) or
  fixes it (a subject saying fix, fixes, fixed or hotfix that names its task id, its pull
  request `#N` or one of its commit hashes); **change failure rate** = failed ÷ merged.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from pilotkit.metrics.usage.attribution import task_in_text

FIX = re.compile(r"\b(fix|fixes|fixed|fixing|hotfix)\b", re.IGNORECASE)
REVERTS = re.compile(r"This reverts commit ([0-9a-f]{7,40})", re.IGNORECASE)
REVERTS_PR = re.compile(r"^Reverts (?:[\w.-]+/[\w.-]+)?#(\d+)\b", re.MULTILINE)
REVERT_TITLE = re.compile(r'^Revert "(.+)"\s*$')
PR_MERGE = re.compile(r"^Merge pull request #(\d+) from (\S+)")
BRANCH_MERGE = re.compile(r"^Merge (?:remote-tracking )?branch '([^']+)'")
SQUASH = re.compile(r"\(#(\d+)\)\s*$")
HEX = re.compile(r"\b[0-9a-f]{7,40}\b")
PR_REF = re.compile(r"#(\d+)\b")
MR_REF = re.compile(r"!(\d+)\b")  # GitLab names a merge request !N (#N is an issue there)
REVERTS_MR = re.compile(r"This reverts merge request !(\d+)\b")


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    authored: datetime
    committed: datetime
    subject: str
    body: str = ""
    branch: str = ""  # a pull request's head branch; merge commits name theirs in the subject


@dataclass(frozen=True)
class Change:
    """One merged change and what became of it."""

    id: str
    title: str
    task: str | None
    merged_at: datetime
    first_commit_at: datetime | None
    pr: int | None = None
    shas: tuple[str, ...] = ()
    failed_by: str | None = None
    pending: bool = False
    sigil: str = "#"  # how its pull request is named: #N on GitHub, !N for a GitLab MR

    @property
    def lead_time_hours(self) -> float | None:
        if self.first_commit_at is None:
            return None
        return max((self.merged_at - self.first_commit_at).total_seconds(), 0) / 3600


@dataclass(frozen=True)
class Week:
    start: date  # the Monday
    merged: int
    task_changes: int

    @property
    def label(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Delivery:
    """Merged changes in a window, and the figures computed from them."""

    source: str
    window_days: int
    since: date | None
    until: date
    changes: tuple[Change, ...] = ()
    weeks: tuple[Week, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def measured(self) -> bool:
        return bool(self.source) and not self.source.startswith("not measured")

    @property
    def failed(self) -> int:
        return sum(1 for c in self.changes if c.failed_by)

    @property
    def change_failure_rate(self) -> float | None:
        return self.failed / len(self.changes) if self.changes else None

    @property
    def throughput_per_week(self) -> float | None:
        return len(self.changes) / len(self.weeks) if self.weeks else None

    @property
    def median_lead_time_hours(self) -> float | None:
        times = [c.lead_time_hours for c in self.changes if c.lead_time_hours is not None]
        return statistics.median(times) if times else None

    @property
    def lead_time_changes(self) -> int:
        """How many changes the median lead time is taken over (a squash merge has none)."""
        return sum(1 for c in self.changes if c.lead_time_hours is not None)

    @property
    def pending(self) -> int:
        """Changes still inside their failure window: their outcome is not final."""
        return sum(1 for c in self.changes if c.pending)


@dataclass(frozen=True)
class History:
    """Merged changes as read from one source, before a window is applied: the changes,
    the later commits that may revert or fix them, and the first day the source knows (the
    repository's first commit, or the first pull request of an export)."""

    source: str
    changes: tuple[Change, ...]
    later: tuple[Commit, ...]
    first_day: date | None
    beginning: str = "the repository's first commit"

    def window(
        self, since: date | None, until: date, window_days: int, observed: date | None = None
    ) -> Delivery:
        """The delivery figures of the changes merged from SINCE to UNTIL, their failures
        looked for up to OBSERVED (default UNTIL) plus the failure window."""
        horizon = max(until, observed or until) + timedelta(days=window_days)
        later = [c for c in self.later if c.committed.date() <= horizon]
        return assess(
            self.source,
            self.changes,
            later,
            since=since,
            until=until,
            window_days=window_days,
            observed=observed,
        )


def not_measured(reason: str, until: date, window_days: int) -> Delivery:
    return Delivery(f"not measured: {reason}", window_days, None, until)


def assess(
    source: str,
    changes: Iterable[Change],
    later: Sequence[Commit],
    *,
    since: date | None,
    until: date,
    window_days: int,
    observed: date | None = None,
) -> Delivery:
    """Keep the changes merged in [SINCE, UNTIL], mark failures among LATER commits.

    A change is still pending when less than the failure window separates its merge from
    OBSERVED (default UNTIL), the last day the later commits were looked at.
    """
    window = timedelta(days=window_days)
    end = datetime.combine(until, datetime.max.time(), UTC)
    seen = datetime.combine(observed or until, datetime.max.time(), UTC)
    start = datetime.combine(since, datetime.min.time(), UTC) if since else None
    kept = sorted(
        (c for c in changes if c.merged_at <= end and (start is None or c.merged_at >= start)),
        key=lambda c: c.merged_at,
    )
    marked = []
    for change in kept:
        culprit = _failure(change, later, window)
        pending = culprit is None and seen - change.merged_at < window
        marked.append(replace(change, failed_by=culprit, pending=pending))
    return Delivery(source, window_days, since, until, tuple(marked), _weeks(marked, since, until))


def _failure(change: Change, commits: Sequence[Commit], window: timedelta) -> str | None:
    own = set(change.shas)
    for commit in sorted(commits, key=lambda c: c.committed):
        if (
            commit.sha in own
            or not change.merged_at < commit.committed <= change.merged_at + window
        ):
            continue
        if _reverts(commit, change):
            return f"reverted by {commit.sha[:7]} ({commit.subject})"
        if FIX.search(f"{commit.subject} {commit.branch}") and names(
            commit.subject + "\n" + commit.body, change
        ):
            return f"fixed by {commit.sha[:7]} ({commit.subject})"
    return None


def _reverts(commit: Commit, change: Change) -> bool:
    for sha in REVERTS.findall(commit.body):
        if any(own.startswith(sha) for own in change.shas):
            return True
    reverted = REVERTS_MR if change.sigil == "!" else REVERTS_PR
    if change.pr is not None and str(change.pr) in reverted.findall(commit.body):
        return True
    title = REVERT_TITLE.match(commit.subject)
    return bool(title and title.group(1).strip() == change.title.strip())


def names(text: str, change: Change) -> bool:
    """Whether TEXT names CHANGE: its task id, its pull request or one of its hashes."""
    if change.task and task_in_text(text, {change.task}) == change.task:
        return True
    refs = MR_REF if change.sigil == "!" else PR_REF
    if change.pr is not None and str(change.pr) in refs.findall(text):
        return True
    return any(own.startswith(token) for token in HEX.findall(text) for own in change.shas)


def _weeks(changes: Sequence[Change], since: date | None, until: date) -> tuple[Week, ...]:
    if not changes and since is None:
        return ()
    first = since or changes[0].merged_at.date()
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= until:
        sunday = monday + timedelta(days=6)
        inside = [c for c in changes if monday <= c.merged_at.date() <= sunday]
        weeks.append(Week(monday, len(inside), sum(1 for c in inside if c.task)))
        monday += timedelta(days=7)
    return tuple(weeks)


def changes_from_git(
    first_parent: Sequence[Commit],
    branch_commits: Mapping[str, Sequence[Commit]],
    task_ids: Collection[str],
) -> list[Change]:
    """The merged changes on a first-parent line; BRANCH_COMMITS: merge sha → its commits."""
    found = []
    for commit in first_parent:
        if len(commit.parents) >= 2:
            found.append(_merge_change(commit, branch_commits.get(commit.sha, ()), task_ids))
        elif squash := SQUASH.search(commit.subject):
            task = task_in_text(commit.subject + "\n" + commit.body, task_ids)
            found.append(
                Change(
                    id=commit.sha[:7],
                    title=SQUASH.sub("", commit.subject).strip(),
                    task=task,
                    merged_at=commit.committed,
                    first_commit_at=None,
                    pr=int(squash.group(1)),
                    shas=(commit.sha,),
                )
            )
    return found


def _merge_change(merge: Commit, commits: Sequence[Commit], task_ids: Collection[str]) -> Change:
    pr_match = PR_MERGE.match(merge.subject)
    branch_match = BRANCH_MERGE.match(merge.subject)
    branch = pr_match.group(2) if pr_match else branch_match.group(1) if branch_match else ""
    body_title = merge.body.strip().splitlines()[0] if merge.body.strip() else ""
    title = body_title if pr_match and body_title else branch or merge.subject
    task = task_in_text(branch, task_ids) or task_in_text(
        "\n".join([merge.subject, merge.body, *(c.subject for c in commits)]), task_ids
    )
    first = min((c.authored for c in commits), default=None)
    return Change(
        id=merge.sha[:7],
        title=title,
        task=task,
        merged_at=merge.committed,
        first_commit_at=first,
        pr=int(pr_match.group(1)) if pr_match else None,
        shas=(merge.sha, *(c.sha for c in commits)),
    )


def parse_time(value: str) -> datetime:
    """An ISO 8601 or Unix-seconds time as an aware UTC datetime."""
    if value.isdigit():
        return datetime.fromtimestamp(int(value), UTC)
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
