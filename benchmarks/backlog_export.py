"""A synthetic Jira CSV export of N tickets, for the `backlog score` benchmark.

The tickets vary the way a real backlog does: some well specified (sections, criteria,
paths, estimates), some thin, some vague; descriptions in wiki markup over several lines,
with Jira's repeated headers, CRLF and a BOM.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HEADER = [
    "Summary", "Issue key", "Issue id", "Issue Type", "Status", "Labels", "Labels",
    "Component/s", "Description", "Custom field (Story point estimate)", "Original Estimate",
    "Outward issue link (Blocks)", "Parent",
]  # fmt: skip
GOOD = """Accountants need {thing} {n} because the ledger import fails without it.

h3. Scope
* {{{{src/module_{m}/feature_{n}.py}}}} and {{{{GET /api/items/{n}}}}}
* Out of scope: the admin page.

h3. Acceptance criteria
* Returns 200 with {n} rows for a month of data.
* A bad month returns 400 with the message "month must be YYYY-MM".
* {{{{test_feature_{n}}}}} passes.

h3. How to test
Run {{{{pytest tests/module_{m}/test_feature_{n}.py}}}}."""
THIN = "Make {thing} {n} work better, and faster. TBD with the team, etc."
VAGUE = """{thing} {n} should be robust and user-friendly.

* handle errors properly
* as needed"""
THINGS = ("the invoice export", "search", "the dashboard", "the report", "checkout")


def write(path: Path, count: int) -> Path:
    """Write COUNT tickets to PATH as Jira exports them."""
    rows = [HEADER]
    for n in range(1, count + 1):
        kind = (GOOD, THIN, VAGUE)[n % 3]
        thing = THINGS[n % len(THINGS)]
        text = kind.format(thing=thing, n=n, m=n % 40).replace("\n", "\r\n")
        rows.append([
            f"{thing.capitalize()} {n}", f"BIG-{n}", str(10000 + n), "Story", "To Do",
            "backend", "q4" if n % 2 else "", f"module-{n % 40}", text,
            str(1 + n % 8), str(3600 * (1 + n % 6)), f"BIG-{n - 1}" if n % 5 == 0 else "",
            f"BIG-{n - n % 50}" if n % 50 else "",
        ])  # fmt: skip
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes("\ufeff".encode() + out.getvalue().encode())
    return path
