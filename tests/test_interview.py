"""The interview's logic, through the one prompt seam (a scripted person, no terminal)."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from pilotkit import interview, prompts
from pilotkit.errors import AnswerError
from pilotkit.interview.ask import OTHER_CHOICE
from pilotkit.template.questionnaire import Questionnaire
from tests.conftest import REPO_ROOT, TODAY, Cli
from tests.person import CTRL_C, KEEP, Person, Step

# The pilot name comes from the destination (search-pilot), so it is not asked.
PILOT: list[Step] = [
    ("The feature, in one sentence", "Customers search their invoices by customer name."),
    ("engineer who supervises", "Kim Ode"),
    ("repository the agents will work in", "https://git.example.com/acme/billing"),
]
NAMED: list[Step] = [("Pilot name", KEEP)]  # asked by --ask-all, or on request
SUITABLE: list[Step] = [
    ("working days", "5"),
    ("well-defined tasks", "3"),
    ("at the same time", "2"),
    ("measurable end point", "A search for any customer answers in under 300 ms on staging."),
    ("build the feature by hand", None),
]
REQUIREMENTS: list[Step] = [
    ("R1 statement", "Users can search invoices by customer name."),
    (
        "R1 acceptance criteria",
        "Typing three letters lists matching customers.;Choosing a customer lists their invoices.",
    ),
    ("R2 statement", "Search answers within 300 ms."),
    ("R2 acceptance criteria", "The p95 latency on staging is under 300 ms."),
    ("R3 statement", ""),  # an empty statement ends the list
]
# Asked by --ask-all, or on request; left empty otherwise.
DESIGN: list[Step] = [
    ("Design notes", "Use the existing search index."),
    ("Interfaces the tasks share", "`search(name: str) -> list[Customer]` in src/search/index.py"),
    ("Data the feature reads", KEEP),
    ("Risks that could send", KEEP),
    ("Open questions", KEEP),
]
# The design sections as asked on request: left empty.
DESIGN_LEFT: list[Step] = [
    ("Interfaces the tasks share", KEEP),
    ("Data the feature reads", KEEP),
    ("Risks that could send", KEEP),
    ("Open questions", KEEP),
]


def after(*ids: str) -> list[tuple[str, str]]:
    """The choices of a task's links list that make it depend on IDS."""
    return [("depends_on", i) for i in ids]


def covers(*ids: str) -> list[tuple[str, str]]:
    """The choices of a task's links list that make it cover IDS."""
    return [("requirements", i) for i in ids]


TASKS: list[Step] = [
    ("T01 title", "Search index for customers"),
    ("T01 covers requirements", covers("R1")),
    ("T01 files", "src/search/index.py tests/search/*.py"),
    ("T02 title", "Search API"),
    ("T02 depends on, and covers", [*after("T01"), *covers("R1", "R2")]),
    ("T02 files", "src/api/search.py"),
    ("T03 title", "Search box"),
    ("T03 depends on, and covers", [*after("T01"), *covers("R1")]),
    ("T03 files", "'web/src/search box.tsx'"),
    # The third of 3 planned tasks ends the list.
    ("Hand estimates in hours", "5 4 6.5"),  # all the tasks' estimates in one answer
]
AGENTS: list[Step] = [
    ("Which coding agents", ["claude", "cursor"]),
    ("Which MCP servers", ["filesystem", "git"]),
]
BUDGET: list[Step] = [("Token budget", "250")]
EVERYTHING = [*PILOT, *SUITABLE, *REQUIREMENTS, *TASKS, *AGENTS, *BUDGET]
CREATE: Step = ("Create the pilot", interview.CREATE)
# The questions left at their default, as --ask-all (or the final choice) asks them.
CRITERIA: list[Step] = [("What result would count as success", KEEP), ("When do you stop", KEEP)]
DATE: list[Step] = [("Date of the hand estimate", "2026-03-02")]
CI: list[Step] = [("Who must review the specs", KEEP), ("Propose template updates", KEEP)]


@pytest.fixture(scope="module")
def questions() -> Questionnaire:
    return Questionnaire(REPO_ROOT)


def interview_with(
    monkeypatch: pytest.MonkeyPatch,
    questions: Questionnaire,
    steps: list[Step],
    given: dict[str, Any] | None = None,
    dest: Path = Path("/tmp/search-pilot"),
    **options: Any,
) -> tuple[dict[str, Any] | None, Person]:
    person = Person(list(steps)).install(monkeypatch)
    answers = interview.run(questions, given or {}, dest=dest, **options)
    person.done()
    return answers, person


def test_the_whole_interview_gives_the_answers(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    answers, person = interview_with(monkeypatch, questions, [*EVERYTHING, CREATE])

    assert answers is not None
    assert answers["pilot_name"] == "search-pilot"  # from the destination's name
    assert answers["hand_days"] == 5.0 and answers["planned_tasks"] == 3
    assert answers["requirements"] == [
        {
            "id": "R1",
            "statement": "Users can search invoices by customer name.",
            "acceptance": [
                "Typing three letters lists matching customers.",
                "Choosing a customer lists their invoices.",
            ],
        },
        {
            "id": "R2",
            "statement": "Search answers within 300 ms.",
            "acceptance": ["The p95 latency on staging is under 300 ms."],
        },
    ]
    assert answers["tasks"][1] == {
        "id": "T02",
        "title": "Search API",
        "depends_on": ["T01"],
        "requirements": ["R1", "R2"],
        "files": ["src/api/search.py"],
        "estimate_hours": 4,
    }
    assert answers["tasks"][2]["files"] == ["web/src/search box.tsx"]
    assert answers["tasks"][2]["estimate_hours"] == 6.5
    assert answers["agents"] == ["claude", "cursor"]
    assert answers["custom_mcp_servers"] == []
    assert answers["design_notes"] == ""  # optional, left empty: never the worked example's
    assert "atlassian_url" not in answers  # asked only when Atlassian is chosen
    # Left at their defaults, unasked, and recorded like any answer.
    assert answers["estimate_date"] == TODAY
    assert answers["success_criteria"].startswith("The feature ships with engineer time")
    assert person.refused == []
    assert "Verdict: good candidate. Every suitability check passes." in person.said
    final = person.prompts[-1]
    assert [value for _, value in final.choices] == [
        interview.CREATE,
        interview.ASK_LATER,
        interview.STOP,
    ]
    assert final.choices[1][0].endswith(
        "pilot_name, success_criteria, stop_criteria, design_notes, design_interfaces, "
        "design_data, design_risks, design_questions, estimate_date, reviewers, scheduled_updates"
    )


def test_defaults_are_shown_and_enter_keeps_them(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    steps = [*PILOT, ("working days", KEEP), *SUITABLE[1:]]
    steps += [*REQUIREMENTS, *TASKS, *AGENTS, *BUDGET, CREATE]
    answers, person = interview_with(monkeypatch, questions, steps)
    shown = {p.message: p.default for p in person.prompts}
    assert shown["How many working days would the feature take one engineer by hand?"] == "4"
    assert answers is not None and answers["hand_days"] == 4.0


def test_the_worked_examples_content_is_a_hint_that_enter_does_not_take(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    feature = ("The feature, in one sentence", ("", "Customers search invoices."))
    steps = [*NAMED, feature, *PILOT[1:], *SUITABLE, *CRITERIA, *REQUIREMENTS]
    steps += [("Design notes", KEEP), *DESIGN_LEFT, *TASKS, *AGENTS, *BUDGET, *DATE, *CI, CREATE]
    answers, person = interview_with(monkeypatch, questions, steps, ask_all=True)
    assert answers is not None
    assert answers["feature"] == "Customers search invoices."
    assert answers["design_notes"] == ""  # optional: Enter leaves it empty
    assert person.refused == [
        ("The feature, in one sentence", "describe the feature in one sentence")
    ]
    asked = {p.message: p for p in person.prompts}
    design = asked[
        "Design notes for the agents (architecture, constraints, decisions already made)"
    ]
    assert design.default == "" and design.instruction == "(optional; Enter for none)"


def test_only_earlier_tasks_can_be_dependencies(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    _, person = interview_with(monkeypatch, questions, [*EVERYTHING, CREATE])
    offered = {p.message: p.choices for p in person.prompts}
    assert [value for _, value in offered["T01 covers requirements"]] == covers("R1", "R2")
    assert offered["T03 depends on, and covers"] == [
        ("── depends on (earlier tasks) ──", prompts.HEADING),
        ("T01  Search index for customers", ("depends_on", "T01")),
        ("T02  Search API", ("depends_on", "T02")),
        ("── covers (requirements) ──", prompts.HEADING),
        ("R1  Users can search invoices by customer name.", ("requirements", "R1")),
        ("R2  Search answers within 300 ms.", ("requirements", "R2")),
    ]


def test_tasks_follow_the_plan_and_share_out_the_hand_estimate(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    _, person = interview_with(monkeypatch, questions, [*EVERYTHING, CREATE])
    titles = [p.instruction for p in person.prompts if p.message.endswith(" title")]
    assert titles == [
        "(1 of 3 planned)",
        "(2 of 3 planned, empty to finish)",
        "(3 of 3 planned, empty to finish)",
    ]
    assert "  3 of 3 planned. Add more later: pilotkit tasks add" in person.said
    # 5 days are 40 hours, shared by the 3 tasks to the half hour.
    hours = [p.default for p in person.prompts if "Hand estimates" in p.message]
    assert hours == ["13.5 13.5 13.5"]
    assert "  15.5 h by hand in all; the plan says 40 h." in person.said


def test_the_estimates_need_one_positive_number_per_task(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    extra: list[Step] = [
        ("T04 title", "Search docs"),
        ("T04 depends on, and covers", covers("R1")),
        ("T04 files", "docs/search.md"),
        ("T05 title", ""),  # fewer tasks than planned: an empty title ends the list
        ("Hand estimates in hours", ("5 4 6.5", "5 4 0 2", "5 4 6.5 2")),
    ]
    planned = [("well-defined tasks", "5"), ("at the same time", "3")]
    suitable = [SUITABLE[0], *planned, *SUITABLE[3:]]
    steps = [*PILOT, *suitable, *REQUIREMENTS, *TASKS[:-1], *extra, *AGENTS, *BUDGET]
    answers, person = interview_with(monkeypatch, questions, [*steps, CREATE])
    assert answers is not None
    assert [t["estimate_hours"] for t in answers["tasks"]] == [5, 4, 6.5, 2]
    assert "  17.5 h by hand in all; the plan says 40 h." in person.said
    message = "Hand estimates in hours, for T01–T04 in order"
    assert person.refused == [
        (message, "give 4 numbers, one per task (T01–T04); got 3"),
        (message, "T03 needs estimate_hours, a positive number of at most 1000"),
    ]


def test_the_questions_left_at_their_default_are_asked_on_request(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    later: list[Step] = [
        ("Create the pilot", interview.ASK_LATER),
        ("Pilot name", "search-trial"),
        ("What result would count as success", "Half the hand estimate."),
        ("When do you stop", KEEP),
        ("Design notes", "Reuse the search index."),
        *DESIGN_LEFT,
        ("Date of the hand estimate", ("2 March", "2026-03-02")),
        ("Who must review the specs", ("dana", "@dana-lee @example-org/pilot-leads")),
        ("Propose template updates", True),
        ("Create the pilot", interview.CREATE),
    ]
    answers, person = interview_with(monkeypatch, questions, [*EVERYTHING, *later])
    assert answers is not None
    assert answers["reviewers"] == "@dana-lee @example-org/pilot-leads"
    assert answers["scheduled_updates"] is True
    assert answers["pilot_name"] == "search-trial"
    assert answers["success_criteria"] == "Half the hand estimate."
    assert answers["design_notes"] == "Reuse the search index."
    assert answers["stop_criteria"].startswith("Token spend passes the budget")
    assert answers["estimate_date"] == "2026-03-02"
    assert person.refused == [
        (
            "Date of the hand estimate (YYYY-MM-DD); it is frozen once agents start",
            "use the form YYYY-MM-DD",
        ),
        (
            "Who must review the specs, agent guidelines, MCP configs and estimate: GitHub "
            "@user or @org/team names, separated by spaces (empty: no CODEOWNERS file)",
            "`dana` is not a GitHub @user or @org/team; give names such as @dana-lee "
            "@example-org/pilot-leads",
        ),
    ]
    assert person.said.count("Summary") == 2  # shown again with the new answers
    assert [value for _, value in person.prompts[-1].choices] == [interview.CREATE, interview.STOP]


def test_ask_all_asks_every_question_in_its_turn(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    steps = [*NAMED, *PILOT, *SUITABLE, *CRITERIA, *REQUIREMENTS, *DESIGN, *TASKS, *AGENTS]
    steps += [*BUDGET, *DATE, *CI]
    answers, person = interview_with(monkeypatch, questions, [*steps, CREATE], ask_all=True)
    assert answers is not None and answers["estimate_date"] == "2026-03-02"
    assert [value for _, value in person.prompts[-1].choices] == [interview.CREATE, interview.STOP]


def test_answers_seen_in_git_are_filled_in_and_changed_on_request(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    local = {"engineer": "Ana Díaz", "repository": "https://git.example.com/acme/billing.git"}
    steps = [step for step in EVERYTHING if step not in PILOT[1:]]
    answers, person = interview_with(monkeypatch, questions, [*steps, CREATE], local=local)
    assert answers is not None
    assert answers["engineer"] == "Ana Díaz"
    assert answers["repository"] == "https://git.example.com/acme/billing.git"
    assert "pilot_name, engineer, repository, success_criteria" in person.prompts[-1].choices[1][0]

    # Asked in their turn with --ask-all, the suggestions are the defaults.
    steps = [*NAMED, PILOT[0], ("engineer who", KEEP), ("repository the", KEEP), *SUITABLE]
    steps += [*CRITERIA, *REQUIREMENTS, *DESIGN, *TASKS, *AGENTS, *BUDGET, *DATE, *CI, CREATE]
    answers, person = interview_with(monkeypatch, questions, steps, local=local, ask_all=True)
    shown = {p.message: p.default for p in person.prompts}
    assert shown["The engineer who supervises the agents"] == "Ana Díaz"
    assert answers is not None and answers["engineer"] == "Ana Díaz"


def test_tab_completes_paths_of_the_repository_when_it_is_on_this_machine(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire, tmp_path: Path
) -> None:
    def completed(
        given: dict[str, Any], local: dict[str, str] | None = None, checkout: Path | None = None
    ) -> set[Any]:
        filled = {*given, *(local or {})}  # answered, or filled in: not asked
        needles = {"engineer": "engineer who supervises", "repository": "repository the agents"}
        skip = tuple(needle for name, needle in needles.items() if name in filled)
        steps = [step for step in [*EVERYTHING, CREATE] if not step[0].startswith(skip or "\0")]
        _, person = interview_with(
            monkeypatch, questions, steps, given, local=local or {}, checkout=checkout
        )
        return {p.paths for p in person.prompts if "files or globs" in p.message}

    checkout = tmp_path / "billing"
    checkout.mkdir()
    url = "https://git.example.com/acme/billing"
    assert completed({"repository": str(checkout)}) == {checkout}  # a local path
    assert completed({"repository": url}) == {None}  # a URL, and pilotkit runs elsewhere
    # The checkout pilotkit runs in, when the repository is the one filled in from it.
    local = {"engineer": "Kim Ode", "repository": url}
    assert completed({}, local, checkout) == {checkout}
    other = {"repository": "https://git.example.com/acme/other"}
    assert completed(other, local, checkout) == {None}


def test_a_suggestion_the_template_refuses_is_not_offered(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    steps = [("Pilot name", ("", "Search Pilot", "search-pilot")), *EVERYTHING, CREATE]
    answers, person = interview_with(monkeypatch, questions, steps, dest=Path("/tmp/2026"))
    assert answers is not None and answers["pilot_name"] == "search-pilot"
    asked = {p.message: p for p in person.prompts}
    assert asked["Pilot name (a slug, used for branches and the repo name)"].default == ""
    slug = "use lowercase letters, digits and single hyphens, starting with a letter"
    assert [problem.split(" (e.g.")[0] for _, problem in person.refused] == [slug, slug]


@pytest.mark.parametrize(
    ("needle", "bad", "message"),
    [
        ("working days", "0", "give a positive number of days"),
        ("working days", "a week", "give a number"),
        ("well-defined tasks", "2.5", "give a whole number"),
        ("at the same time", "9", "cannot run more tasks at once (9) than there are tasks (3)"),
        ("R1 statement", " ", "R1 has no statement"),
        ("R1 acceptance criteria", "", "R1 needs a list of acceptance criteria"),
        ("R2 acceptance criteria", " ; ", "R2 needs a list of acceptance criteria"),
        ("T01 title", "", "T01 has no title"),
        ("T01 files", "/etc/passwd", "T01 file /etc/passwd must be a relative path inside"),
        ("T01 files", "src/../../x.py", "must be a relative path inside the repository"),
        ("T01 files", "", "T01 needs a list of files or globs it may change"),
        ("T01 files", "'unclosed", "No closing quotation"),
        ("Hand estimates in hours", "5 0 6.5", "T02 needs estimate_hours, a positive number"),
        ("Hand estimates in hours", "5 soon 6.5", "T02 needs estimate_hours, a positive number"),
        ("Hand estimates in hours", "5 4", "give 3 numbers, one per task (T01–T03); got 2"),
        ("Token budget", "-5", "give a positive budget"),
    ],
)
def test_a_wrong_answer_is_refused_with_the_templates_message(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire, needle: str, bad: str, message: str
) -> None:
    steps = [*EVERYTHING, CREATE]
    index = next(i for i, (n, _) in enumerate(steps) if n == needle)
    steps[index] = (needle, (bad, steps[index][1] or KEEP))

    answers, person = interview_with(monkeypatch, questions, steps)

    assert len(person.refused) == 1, person.refused
    assert message in person.refused[0][1]
    assert answers is not None  # the corrected answer went through


def test_custom_servers_are_built_in_a_loop_and_checked(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    custom: list[Step] = [
        ("Which coding agents", None),
        ("Which MCP servers", ["github", OTHER_CHOICE]),
        ("Custom MCP server name", ("github", "Billing DB", "billing-db")),
        (
            "billing-db: the command that starts it",
            ("npx billing-mcp@latest", "npx billing-mcp@1.2.0"),
        ),
        ("billing-db: environment variables", ("s3cr3t-value", "BILLING_DB_URL")),
        ("Custom MCP server name", "docs"),
        (
            "docs: the command that starts it, or its URL",
            ("ftp://docs", "https://docs.example.com/mcp"),
        ),
        ("docs: variable that holds its bearer token", ("my token", "DOCS_TOKEN")),
        ("docs: environment variables", ""),
        ("Custom MCP server name", ""),  # an empty name ends the list
    ]
    steps = [*PILOT, *SUITABLE, *REQUIREMENTS, *TASKS, *custom, *BUDGET]
    answers, person = interview_with(monkeypatch, questions, [*steps, CREATE])

    assert answers is not None
    assert answers["mcp_servers"] == ["github"]
    assert answers["custom_mcp_servers"] == [
        {
            "name": "billing-db",
            "command": "npx",
            "args": ["billing-mcp@1.2.0"],
            "env": ["BILLING_DB_URL"],
        },
        {
            "name": "docs",
            "url": "https://docs.example.com/mcp",
            "bearer_env": "DOCS_TOKEN",
            "env": [],
        },
    ]
    messages = [problem for _, problem in person.refused]
    assert messages == [
        "server name github is already taken",
        "server name Billing DB must be lowercase letters, digits and hyphens",
        "billing-db uses @latest; pin a version",
        "billing-db env entry s3cr3t-value must be a variable NAME like MY_TOKEN, not a value",
        "docs url must start with https:// or http://",
        "docs bearer_env must be a variable NAME like MY_TOKEN, not a value",
    ]


def test_with_given_servers_a_custom_one_is_offered_by_a_question(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    custom: list[Step] = [
        ("Which coding agents", None),
        ("Add a custom MCP server", True),
        ("Custom MCP server name", "docs"),
        ("docs: the command that starts it", "https://docs.example.com/mcp"),
        ("docs: variable that holds its bearer token", ""),
        ("docs: environment variables", ""),
        ("Custom MCP server name", ""),
    ]
    steps = [*PILOT, *SUITABLE, *REQUIREMENTS, *TASKS, *custom, *BUDGET, CREATE]
    answers, _ = interview_with(monkeypatch, questions, steps, {"mcp_servers": ["git"]})
    assert answers is not None
    assert answers["custom_mcp_servers"] == [
        {"name": "docs", "url": "https://docs.example.com/mcp", "env": []}
    ]


def test_other_server_chosen_by_mistake_adds_none(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    custom: list[Step] = [
        ("Which coding agents", None),
        ("Which MCP servers", ["git", OTHER_CHOICE]),
        ("Custom MCP server name", ""),
    ]
    steps = [*PILOT, *SUITABLE, *REQUIREMENTS, *TASKS, *custom, *BUDGET, CREATE]
    answers, _ = interview_with(monkeypatch, questions, steps)
    assert answers is not None
    assert answers["mcp_servers"] == ["git"] and answers["custom_mcp_servers"] == []


def test_atlassian_url_keeps_its_default_unless_asked_for(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    agents: list[Step] = [("Which coding agents", None), ("Which MCP servers", ["atlassian"])]
    steps = [*PILOT, *SUITABLE, *REQUIREMENTS, *TASKS, *agents, *BUDGET]
    answers, person = interview_with(monkeypatch, questions, [*steps, CREATE])
    assert answers is not None
    assert answers["atlassian_url"] == "https://mcp.atlassian.com/v1/mcp"
    assert "atlassian_url" in person.prompts[-1].choices[1][0]

    asked = [*agents, ("URL of the Atlassian", ("http://jira.example.com", KEEP))]
    steps = [*NAMED, *PILOT, *SUITABLE, *CRITERIA, *REQUIREMENTS, *DESIGN, *TASKS, *asked]
    steps += [*BUDGET, *DATE, *CI]
    answers, person = interview_with(monkeypatch, questions, [*steps, CREATE], ask_all=True)
    assert answers is not None
    assert answers["atlassian_url"] == "https://mcp.atlassian.com/v1/mcp"
    assert person.refused == [
        ("URL of the Atlassian (Jira, Confluence) remote MCP server", "give an https:// URL")
    ]


def test_choosing_no_agent_is_refused(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    person = Person([]).install(monkeypatch)
    agents = questions.question("agents")
    assert agents is not None
    problem = questions.problem(agents, [], questions.context({}))
    assert problem == "choose at least one agent"
    del person


def test_given_answers_are_not_asked(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    given = {"pilot_name": "given-name", "engineer": "Ana Díaz", "hand_days": 6, "tasks": None}
    steps = [
        s
        for s in EVERYTHING
        if s[0] not in {"Pilot name", "engineer who supervises", "working days"}
    ]
    given.pop("tasks")
    answers, person = interview_with(monkeypatch, questions, [*steps, CREATE], given)
    assert answers is not None
    assert answers["pilot_name"] == "given-name" and answers["hand_days"] == 6.0
    assert not any("Pilot name" in p.message for p in person.prompts)


def test_given_requirements_are_offered_to_tasks(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    given = {"requirements": [{"id": "R1", "statement": "S.", "acceptance": ["A."]}]}
    tasks: list[Step] = [
        ("T01 title", "Only task"),
        ("T01 covers requirements", covers("R1")),
        ("T01 files", "src/x.py"),
        ("T02 title", ""),  # fewer than the 3 planned
        ("Hand estimates in hours, for T01 in order", ("3 4", "3")),
    ]
    steps = [*PILOT, *SUITABLE, *tasks, *AGENTS, *BUDGET]
    answers, person = interview_with(monkeypatch, questions, [*steps, CREATE], given)
    assert answers is not None and answers["tasks"][0]["requirements"] == ["R1"]
    assert person.refused == [
        ("Hand estimates in hours, for T01 in order", "give one number (T01); got 2")
    ]


def test_a_given_answer_the_template_refuses_stops_before_any_question(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    Person([]).install(monkeypatch)
    with pytest.raises(AnswerError) as caught:
        interview.run(questions, {"pilot_name": "Not A Slug"}, dest=Path("/tmp/x"))
    assert caught.value.question == "pilot_name"
    assert "lowercase letters" in caught.value.reason


def test_everything_given_asks_nothing(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    given = {
        q.name: questions.default(q, questions.context({}))
        for q in questions.questions
        if not questions.is_computed(q)
    }
    answers, person = interview_with(monkeypatch, questions, [], given)
    assert answers is not None and person.prompts == []


POOR: list[Step] = [
    ("working days", "1"),
    ("well-defined tasks", "3"),
    ("at the same time", "1"),
    ("measurable end point", "Done."),
    ("build the feature by hand", None),
]


def test_a_poor_verdict_says_why_and_stops_on_request(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    answers, person = interview_with(
        monkeypatch, questions, [*PILOT, *POOR, ("What now?", interview.STOP)]
    )
    assert answers is None
    assert "Verdict: poor candidate." in person.said
    reasons = [line for line in person.said if line.startswith("  - ")]
    assert [r.split(":")[0] for r in reasons] == [
        "  - Too small",
        "  - Too entangled",
        "  - No measurable end point",
    ]
    decision = person.prompts[-1]
    assert decision.default == interview.CHANGE  # going on takes an explicit choice


def test_a_poor_verdict_can_be_fixed_by_changing_the_answers(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    change: list[Step] = [
        ("What now?", interview.CHANGE),
        ("working days", "6"),
        ("well-defined tasks", KEEP),
        ("at the same time", "2"),
        ("measurable end point", "Search answers in under 300 ms for every customer."),
        ("build the feature by hand", None),
    ]
    rest = [*REQUIREMENTS, *TASKS, *AGENTS, *BUDGET, CREATE]
    answers, person = interview_with(monkeypatch, questions, [*PILOT, *POOR, *change, *rest])
    assert answers is not None
    assert answers["hand_days"] == 6.0 and answers["parallel_tasks"] == 2
    changed = [p for p in person.prompts if "working days" in p.message]
    assert changed[1].default == "1"  # the earlier answer is offered again
    assert "Verdict: good candidate. Every suitability check passes." in person.said


def test_going_on_with_a_poor_verdict_is_in_the_summary(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    rest = [*REQUIREMENTS, *TASKS, *AGENTS, *BUDGET, CREATE]
    answers, person = interview_with(
        monkeypatch, questions, [*PILOT, *POOR, ("What now?", interview.GO_ON), *rest]
    )
    assert answers is not None and answers["hand_days"] == 1.0
    assert any("poor candidate (you chose to go on)" in line for line in person.said)


def test_the_summary_shows_every_answer(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    _, person = interview_with(monkeypatch, questions, [*EVERYTHING, CREATE])
    summary = person.said[person.said.index("Summary") + 1 :]
    text = "\n".join(summary)
    for needle in [
        "pilot_name           search-pilot",
        "verdict              good candidate",
        "R1  Users can search invoices by customer name. · 2 acceptance criteria",
        "R2  Search answers within 300 ms. · 1 acceptance criterion",
        "T02  Search API · 4 h · after T01 · covers R1, R2 · files src/api/search.py",
        "agents               Claude Code, Cursor",
        "token_budget_usd     250",
    ]:
        assert needle in text, needle


def test_the_summary_warns_of_what_check_would_find(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    # T01 → T02 → T03, one chain, though 2 tasks were said to run at once; T03 covers
    # nothing and takes 9.5 hours.
    chain = [*TASKS[:6], ("T03 title", "Search box")]
    chain += [("T03 depends on, and covers", after("T02")), TASKS[8]]
    chain.append(("Hand estimates in hours", "5 4 9.5"))
    _, person = interview_with(
        monkeypatch, questions, [*PILOT, *SUITABLE, *REQUIREMENTS, *chain, *AGENTS, *BUDGET, CREATE]
    )
    summary = person.said[person.said.index("Summary") + 1 :]
    assert "  verdict              poor candidate: Tasks in one chain" in summary
    assert summary[-3:] == [
        "warning: parallel_tasks is 2, but the tasks entered let at most 1 run at a time "
        "(the longest chain is T01 → T02 → T03 (3 tasks)): drop a dependency that does not "
        "hold, or answer 1",
        "warning: T03 covers no requirement: link the one it implements, or say why on a "
        "`No requirement:` line of its Context",
        "warning: T03 takes 9.5 hours, more than 8: split it",
    ]
    assert "Create the pilot" in person.prompts[-1].message  # asked after the warnings


def test_declining_at_the_end_gives_nothing(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    answers, _ = interview_with(
        monkeypatch, questions, [*EVERYTHING, ("Create the pilot", interview.STOP)]
    )
    assert answers is None


# ---------------------------------------------------------------- through the CLI
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# Through the CLI, git's user.name (the test identity) fills in the engineer.
ON_THE_CLI = [step for step in EVERYTHING if step[0] != "engineer who supervises"]


@pytest.fixture
def on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.chdir(tmp_path)  # outside any repository: no repository is suggested


@pytest.mark.usefixtures("on_a_terminal")
def test_cli_suggests_from_git_and_asks_all_on_request(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "billing"
    checkout.mkdir()
    for args in (["init", "--quiet"], ["remote", "add", "origin", "https://git.example.com/b"]):
        subprocess.run(["git", *args], cwd=checkout, check=True)
    monkeypatch.chdir(checkout)
    # Asked with --ask-all, git's suggestions are the defaults Enter takes.
    suggested = [(needle, KEEP) for needle, _ in PILOT[1:]]
    steps = [*NAMED, PILOT[0], *suggested, *SUITABLE, *CRITERIA, *REQUIREMENTS, *DESIGN, *TASKS]
    person = Person([*steps, *AGENTS, *BUDGET, *DATE, *CI, CREATE]).install(monkeypatch)

    run = cli("new", tmp_path / "search-pilot", "--ask-all")

    assert run.code == 0, run.err
    person.done()
    recorded = yaml.safe_load((tmp_path / "search-pilot" / ".copier-answers.yml").read_text())
    assert recorded["engineer"] == "Pilot Tester"  # git's user.name
    assert recorded["repository"] == "https://git.example.com/b"
    assert recorded["estimate_date"] == "2026-03-02"


@pytest.mark.usefixtures("on_a_terminal")
def test_cli_interview_makes_the_pilot(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = Person([*ON_THE_CLI, CREATE]).install(monkeypatch)
    dest = tmp_path / "search-pilot"

    run = cli("new", dest)

    assert run.code == 0, run.err
    person.done()
    assert "Created pilot search-pilot" in run.out
    recorded = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert [t["id"] for t in recorded["tasks"]] == ["T01", "T02", "T03"]
    assert sorted(p.name for p in (dest / "tasks").glob("*.md")) == [
        "T01-search-index-for-customers.md",
        "T02-search-api.md",
        "T03-search-box.md",
    ]
    assert recorded["agents"] == ["claude", "cursor"] and (dest / "CLAUDE.md").is_file()
    assert "**Verdict: good candidate.**" in (dest / "PILOT.md").read_text()


@pytest.mark.usefixtures("on_a_terminal")
def test_cli_flags_prefill_and_skip(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("feature: Customers search their invoices.\nengineer: Kim Ode\n")
    steps = [
        s
        for s in EVERYTHING
        if s[0] not in {"The feature, in one sentence", "engineer who supervises", "Pilot name"}
    ]
    person = Person([*steps, CREATE]).install(monkeypatch)

    run = cli("new", tmp_path / "p", "--answers", answers, "--data", "pilot_name=from-data")

    assert run.code == 0, run.err
    person.done()
    recorded = yaml.safe_load((tmp_path / "p" / ".copier-answers.yml").read_text())
    assert recorded["pilot_name"] == "from-data" and recorded["engineer"] == "Kim Ode"


@pytest.mark.usefixtures("on_a_terminal")
def test_cli_given_answer_refused_before_the_interview(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Person([]).install(monkeypatch)
    answers = tmp_path / "answers.yml"
    answers.write_text("engineer: Kim\nhand_days: -1\n")
    run = cli("new", tmp_path / "p", "--answers", answers)
    assert run.code == 2
    assert run.err.strip() == (
        f"pilotkit: error: {answers}:2: hand_days: give a positive number of days, at most 1000"
    )


@pytest.mark.usefixtures("on_a_terminal")
def test_cli_unknown_question_refused_before_the_interview(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Person([]).install(monkeypatch)
    run = cli("new", tmp_path / "p", "--data", "colour=blue")
    assert run.code == 2
    assert "unknown question colour (--data colour)" in run.err


@pytest.mark.usefixtures("on_a_terminal")
def test_cli_destination_refused_before_the_interview(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Person([]).install(monkeypatch)
    dest = tmp_path / "p"
    dest.mkdir()
    (dest / "mine.txt").write_text("x")
    run = cli("new", dest)
    assert run.code == 2 and "not empty" in run.err


@pytest.mark.usefixtures("on_a_terminal")
def test_cli_declining_writes_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Person([*ON_THE_CLI, ("Create the pilot in", interview.STOP)]).install(monkeypatch)
    run = cli("new", tmp_path / "out" / "p")
    assert run.code == 0
    assert "Nothing written" in run.out
    assert not (tmp_path / "out").exists()


@pytest.mark.usefixtures("on_a_terminal")
def test_cli_ctrl_c_writes_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Person([*ON_THE_CLI[:2], ("working days", CTRL_C)]).install(monkeypatch)
    run = cli("new", tmp_path / "out" / "p")
    assert run.code == 130
    assert run.err.strip() == "pilotkit: error: interrupted; nothing was written"
    assert not (tmp_path / "out").exists()


@pytest.mark.usefixtures("on_a_terminal")
def test_cli_defaults_never_interviews(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Person([]).install(monkeypatch)
    assert cli("new", tmp_path / "p", "--defaults").code == 0


@pytest.mark.parametrize("name", ["requirements", "tasks", "custom_mcp_servers"])
def test_every_list_checks_each_field_on_the_spot(questions: Questionnaire, name: str) -> None:
    # Field checks need a complete item the template accepts, to fill the fields not
    # asked yet; without one they would silently wait for the whole item.
    from pilotkit.interview import items, lists

    question = questions.question(name)
    assert question is not None
    context = questions.context({})
    default = questions.default(question, context)
    groups: dict[str, Sequence[Sequence[str]]] = {
        "requirements": lists.REQUIREMENT_FIELDS,
        "tasks": lists.TASK_FIELDS,
        "custom_mcp_servers": lists.SERVER_FIELDS,
    }
    fields = groups[name]
    check = items.ListCheck(
        questions,
        question,
        context,
        fields,
        items.first_example(default, lists.EXAMPLE_SERVER),
        ("depends_on", "requirements"),
    )
    assert check.example is not None


@pytest.mark.usefixtures("on_a_terminal")
def test_cli_keeps_the_answers_when_the_render_fails(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pilotkit.template.engine import TemplateError

    def broken(*_args: object, **_kwargs: object) -> None:
        raise TemplateError("template failed to render in PILOT.md.jinja:3: boom")

    dest = tmp_path / "search-pilot"
    with monkeypatch.context() as patch:
        Person([*ON_THE_CLI, CREATE]).install(patch)
        patch.setattr("pilotkit.template.engine.render", broken)
        run = cli("new", dest)

    assert run.code == 2
    line = run.err.strip()
    assert line.startswith("pilotkit: error: template failed to render in PILOT.md.jinja:3: boom;")
    assert "\n" not in line and not dest.exists()
    kept = Path(re.search(r"kept in (\S+):", line).group(1))  # type: ignore[union-attr]
    assert kept.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert yaml.safe_load(kept.read_text())["requirements"][1]["id"] == "R2"

    Person([]).install(monkeypatch)  # every question answered: nothing to ask
    again = cli("new", dest, "--answers", kept)
    assert again.code == 0, again.err
    kept.unlink()


def test_with_five_tasks_or_more_controls_built_by_hand_are_asked_and_checked(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    extra: list[Step] = [
        ("T04 title", "Search docs"),
        ("T04 depends on, and covers", covers("R1")),
        ("T04 files", "docs/search.md"),
        ("T05 title", "Search telemetry"),
        ("T05 depends on, and covers", covers("R2")),
        ("T05 files", "src/search/metrics.py"),
        ("Hand estimates in hours", "5 4 6.5 2 3"),
        ("Control tasks you will build by hand", ("T09", "T01 T02 T03", "t04, T05")),
    ]
    planned = [("well-defined tasks", "5"), ("at the same time", "3")]
    suitable = [SUITABLE[0], *planned, *SUITABLE[3:]]
    steps = [*PILOT, *suitable, *REQUIREMENTS, *TASKS[:-1], *extra, *AGENTS, *BUDGET]

    answers, person = interview_with(monkeypatch, questions, [*steps, CREATE])

    assert answers is not None
    assert [t.get("mode") for t in answers["tasks"]] == [None, None, None, "hand", "hand"]
    message = "Control tasks you will build by hand"
    assert person.refused == [
        (message, "T09 is not a task (the tasks are T01, T02, T03, T04, T05)"),
        (message, "keep most tasks for the agents: at most 2 of 5 as controls"),
    ]
    from pilotkit.interview.summary import summary

    rows = summary(questions, answers, None)
    assert any("T05  Search telemetry · 3 h · control, built by hand" in row for row in rows)


def test_with_fewer_than_five_tasks_no_control_is_asked(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    _, person = interview_with(monkeypatch, questions, [*EVERYTHING, CREATE])
    assert not any("Control tasks" in p.message for p in person.prompts)
