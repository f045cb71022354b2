"""The interview of `pilotkit new`: the template's questions, asked well, in a terminal.

copier.yml says what to ask and what is valid (`pilotkit.template.questionnaire` evaluates it the
way copier does). The interview adds what copier's flat questionnaire cannot: section
headings, the suitability verdict as soon as its answers are in (a poor verdict needs an
explicit "go on"), loops that build the requirement, task and custom server lists item
by item, a summary, and a final confirmation. Questions already answered (`--answers`,
`--data`) are checked, then not asked again.

It keeps the person's time short (`benchmarks/interview.py` measures it): answers seen in
the person's environment (see `suggest`: the pilot name from the destination, the engineer
and repository from git) and the few questions whose default suits almost every pilot
(`LATER`) are filled in without a prompt, shown in the summary and asked only on request
(the final choice, or `ask_all`); lists end on an empty entry rather than an "add
another?" after each item; a task's links are one multi-select and the tasks' estimates
one answer. The worked example's own content (`EXAMPLES`) is shown as a hint, never
taken by Enter. All terminal I/O goes through `pilotkit.prompts`; the result is the
answers, which `pilotkit.new` renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pilotkit import prompts
from pilotkit.errors import AnswerError
from pilotkit.interview import suggest
from pilotkit.interview.ask import OTHER_CHOICE, ask_question
from pilotkit.interview.lists import LOOPS, OTHER, LoopInput
from pilotkit.interview.summary import summary, warnings
from pilotkit.template import suitability
from pilotkit.template.questionnaire import NO_DEFAULT, Question, Questionnaire, Unanswered
from pilotkit.template.source import local_folder

# Headings shown before the first question of each part of pilotkit's own template.
SECTIONS = {
    "pilot_name": "The pilot",
    "hand_days": "Suitability: is this feature a good pilot?",
    "requirements": "Requirements: what the feature must do",
    "design_notes": "Design",
    "tasks": "Tasks: the work the agents take, in parallel where possible",
    "agents": "Agents and MCP servers",
    "token_budget_usd": "Budget and estimate",
    "reviewers": "CI and reviews",
}
GO_ON, CHANGE, STOP = "go on", "change", "stop"
CREATE, ASK_LATER = "create", "ask the rest"
# Questions whose template default suits almost every pilot: left at that default (and
# recorded like any answer) unless the person asks for them at the end, or `ask_all`.
DESIGN = ("design_notes", "design_interfaces", "design_data", "design_risks", "design_questions")
LATER = (
    "success_criteria",
    "stop_criteria",
    *DESIGN,
    "atlassian_url",
    "estimate_date",
    "reviewers",
    "scheduled_updates",
)
# Questions whose template default belongs to the worked example (its name, engineer,
# repository, feature): shown as an example in the empty input, never taken by Enter, so
# a search pilot cannot end up with the CSV export's end point or a made-up engineer.
EXAMPLES = ("pilot_name", "feature", "engineer", "repository", "end_point", *DESIGN)


def run(
    questionnaire: Questionnaire,
    given: Mapping[str, Any],
    *,
    dest: Path,
    ask_all: bool = False,
    local: Mapping[str, Any] | None = None,
    checkout: Path | None = None,
) -> dict[str, Any] | None:
    """Ask every question GIVEN does not answer; the answers, or None when the person declines.

    LOCAL holds defaults seen in the person's environment (`suggest.from_git`), offered
    instead of the template's where its validator accepts them. CHECKOUT is the work tree
    pilotkit runs in: when it is the repository answered, Tab completes its paths. ASK_ALL
    asks the `LATER` questions in their turn too. Raises AnswerError for a given answer
    the template refuses, and KeyboardInterrupt on Ctrl-C.
    """
    session = _Session(
        questionnaire, dict(given), dest, ask_all=ask_all, local=local or {}, checkout=checkout
    )
    session.check_given()
    try:
        for question in questionnaire.questions:
            session.visit(question)
    except Declined:
        return None
    if not session.asked:
        return session.answers
    return session.answers if session.confirm() else None


class Declined(Exception):
    """The person chose to stop at the suitability verdict."""


class _Session:
    def __init__(
        self,
        questionnaire: Questionnaire,
        answers: dict[str, Any],
        dest: Path,
        *,
        ask_all: bool,
        local: Mapping[str, Any],
        checkout: Path | None,
    ) -> None:
        self.q = questionnaire
        self.answers = answers
        self.dest = dest
        self.ask_all = ask_all
        self.suggested = {"pilot_name": suggest.pilot_name(dest), **local}
        self.asked = 0
        self.inputs = suitability.inputs(questionnaire)
        self.shown_verdict: suitability.Verdict | None = None
        self.gone_on = False  # a poor verdict from the suitability answers, and "go on"
        self.gated = False
        self.later: list[str] = []  # LATER questions left at their default, in order
        self.wanted: dict[str, bool] = {}  # loops opened (or not) by an "Other…" choice
        self.heading: str | None = None  # the section's heading, until a question is asked
        self.checkout = checkout

    def visit(self, question: Question) -> None:
        if self.q.is_computed(question):
            return
        context = self.q.context(self.answers)
        if question.name in self.answers:
            self._check_given(question, context, undefined=False)
            return
        if not self.q.is_asked(question, context):
            return
        self.gate()
        self.heading = SECTIONS.get(question.name, self.heading)
        if self._leave_at_default(question, context):
            return
        if self.heading:
            prompts.say()
            prompts.say(self.heading, style="bold")
            self.heading = None
        self.answers[question.name] = self.ask(question, context)
        self.asked += 1
        self.gate()

    def _leave_at_default(self, question: Question, context: Mapping[str, Any]) -> bool:
        """Record, without asking, a LATER question's default or a suggestion seen in the
        person's environment, when the template accepts it; both are asked on request."""
        if self.ask_all:
            return False
        if question.name in LATER:
            value = self._default(question, context)
        else:
            value = self._suggestion(question, context)
        if value is NO_DEFAULT or self.q.problem(question, value, context):
            return False
        self.answers[question.name] = value
        self.later.append(question.name)
        return True

    def confirm(self) -> bool:
        """The summary, then: create, answer the questions left at their default, or stop."""
        while True:
            prompts.say()
            prompts.say("Summary", style="bold")
            verdict = self.shown_verdict and suitability.verdict(self.q, self.answers)
            for line in summary(self.q, self.answers, verdict, gone_on=self.gone_on):
                prompts.say(line)
            for line in warnings(self.answers):  # what `check` would say, said first
                prompts.say(line)
            options = [("Create it", CREATE)]
            if self.later:
                names = ", ".join(self.later)
                options.append((f"First change those filled in for you: {names}", ASK_LATER))
            options.append(("Stop here; write nothing", STOP))
            decision = prompts.ask_select(
                f"Create the pilot in {self.dest}?", options, default=CREATE
            )
            if decision != ASK_LATER:
                return bool(decision == CREATE)
            for name in self.later:
                question = self.q.question(name)
                if question is not None:
                    context = self.q.context(self.answers)
                    self.answers[name] = self.ask(question, context, default=self.answers[name])
            self.later = []

    def check_given(self) -> None:
        """Check the given answers before asking anything, as far as they alone allow."""
        for question in self.q.questions:
            if question.name in self.answers and not self.q.is_computed(question):
                try:
                    self._check_given(question, self.q.context(self.answers), undefined=True)
                except Unanswered:
                    continue  # it needs an answer still to be asked; checked in its turn

    def _check_given(
        self, question: Question, context: Mapping[str, Any], *, undefined: bool
    ) -> None:
        try:
            value = self.q.parse(question, self.answers[question.name], context)
        except ValueError as err:
            raise AnswerError(question.name, str(err)) from None
        problem = self.q.problem(question, value, context, undefined=undefined)
        if problem:
            raise AnswerError(question.name, problem)
        self.answers[question.name] = value

    def ask(self, question: Question, context: Mapping[str, Any], default: Any = None) -> Any:
        """One question, by kind: a loop for the known lists, else by its copier type."""
        name = question.name
        if default is None and name in LOOPS and self.q.type_of(question, context) == "yaml":
            given = LoopInput(
                self.q, question, context, self.answers, self.wanted.get(name), self._files()
            )
            return LOOPS[name](given)
        if default is None:
            default = self._default(question, context)
        other = self._other(question, context)
        if other is None:
            # The worked example's answer, as a hint, only where no default is offered.
            bare = default is NO_DEFAULT or default == ""
            example = self._example(question, context) if bare else None
            return ask_question(self.q, question, context, default, example=example)
        loop, label = other
        chosen = ask_question(self.q, question, context, default, other=label)
        self.wanted[loop] = OTHER_CHOICE in chosen
        return [value for value in chosen if value is not OTHER_CHOICE]

    def _files(self) -> Path | None:
        """Where the repository answered is on this machine: a path to a folder, or the
        checkout pilotkit runs in when the answer is the one suggested from it."""
        repository = self.answers.get("repository")
        if not isinstance(repository, str):
            return None
        folder = local_folder(repository, Path.cwd())
        if folder:
            return folder
        suggested = self.suggested.get("repository")
        return self.checkout if self.checkout and repository == suggested else None

    def _other(self, question: Question, context: Mapping[str, Any]) -> tuple[str, str] | None:
        """The loop an "Other…" entry at the end of this multi-select opens, and its label."""
        if question.name not in OTHER or not question.multiselect:
            return None
        loop, label = OTHER[question.name]
        target = self.q.question(loop)
        if target is None or loop in self.answers or self.q.type_of(target, context) != "yaml":
            return None
        return loop, label

    def _default(self, question: Question, context: Mapping[str, Any]) -> Any:
        likelier = self._suggestion(question, context)
        if likelier is not NO_DEFAULT:
            return likelier
        if question.name in EXAMPLES:  # empty for a LATER (optional) one, else no default
            optional = question.name in LATER and not self.q.problem(question, "", context)
            return "" if optional else NO_DEFAULT
        try:
            return self.q.default(question, context)
        except ValueError:
            return NO_DEFAULT

    def _suggestion(self, question: Question, context: Mapping[str, Any]) -> Any:
        """The answer seen in the person's environment, if the template accepts it."""
        likelier = self.suggested.get(question.name)
        if (
            likelier
            and self.q.type_of(question, context) == "str"
            and not self.q.problem(question, likelier, context)
        ):
            return likelier
        return NO_DEFAULT

    def _example(self, question: Question, context: Mapping[str, Any]) -> str | None:
        """The worked example's answer to an EXAMPLES question, shown as a hint."""
        if question.name not in EXAMPLES:
            return None
        try:
            value = self.q.default(question, context)
        except ValueError:
            return None
        return str(value) if value not in (None, NO_DEFAULT) else None

    def gate(self) -> None:
        """Show the suitability verdict once its answers are in; a poor one needs a decision."""
        if self.gated or not self.inputs or not all(n in self.answers for n in self.inputs):
            return
        self.gated = True
        while True:
            # The five answers alone: changing them cannot change the tasks' dependencies,
            # which the summary judges once they are entered.
            given = {name: self.answers[name] for name in self.inputs}
            verdict = suitability.verdict(self.q, given)
            self.shown_verdict = verdict
            if verdict is None:
                return
            prompts.say()
            if verdict.good:
                prompts.say(
                    "Verdict: good candidate. Every suitability check passes.", style="bold"
                )
                return
            prompts.say("Verdict: poor candidate.", style="bold")
            for reason in verdict.reasons:
                prompts.say(f"  - {reason}")
            decision = prompts.ask_select(
                "What now?",
                [
                    ("Change my answers", CHANGE),
                    ("Go on with this feature anyway", GO_ON),
                    ("Stop here; write nothing", STOP),
                ],
                default=CHANGE,
            )
            if decision == GO_ON:
                self.gone_on = True
                return
            if decision == STOP:
                raise Declined
            self._reanswer_inputs()

    def _reanswer_inputs(self) -> None:
        for name in self.inputs:
            question = self.q.question(name)
            if question is None:
                continue
            context = self.q.context(self.answers)
            self.answers[name] = self.ask(question, context, default=self.answers[name])
            self.asked += 1
