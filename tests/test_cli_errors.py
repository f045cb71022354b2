"""The command line on bad usage: one line, exit 2, like every other error."""

from __future__ import annotations

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["tasks", "add", "--hours", "abc"],
            "argument --hours: invalid float value: 'abc'; see `pilotkit tasks add --help`",
        ),
        (
            ["tasks", "claim"],
            "the following arguments are required: ID, --as; see `pilotkit tasks claim --help`",
        ),
        (
            ["report", "--since", "yesterday"],
            "argument --since: 'yesterday' is not a date (YYYY-MM-DD); "
            "see `pilotkit report --help`",
        ),
    ],
)
def test_a_usage_error_is_one_line_like_every_other_error(
    cli: Cli, argv: list[str], message: str
) -> None:
    run = cli(*argv)

    assert run.code == 2
    assert run.err == f"pilotkit: error: {message}\n"
    assert run.out == ""
