"""`pilotkit backlog candidates`: the epics of the exports that would make a good pilot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pilotkit.backlog import config as backlog_config
from pilotkit.backlog.pilots import Candidate, candidates
from pilotkit.backlog.ranking import Exports, score_all


def backlog_candidates(given: Exports, template: str | None = None) -> list[Candidate]:
    """Judge every epic of the exports GIVEN with the suitability checks of TEMPLATE (default:
    the embedded template, the one `pilotkit new` renders)."""
    from pilotkit.commands.new import resolve_template
    from pilotkit.template import suitability
    from pilotkit.template.checkout import checkout
    from pilotkit.template.questionnaire import Questionnaire

    scores = score_all(given)
    settings = backlog_config.load(given.config)
    src, ref = resolve_template(template, None)
    with checkout(src, ref) as files:
        questionnaire = Questionnaire(files.root, files.ref)

        def judge(answers: Mapping[str, Any]) -> tuple[bool, tuple[str, ...]]:
            verdict = suitability.verdict(questionnaire, answers)
            return (True, ()) if verdict is None else (verdict.good, verdict.reasons)

        return candidates(scores.backlog.tickets, scores.scored, judge, settings.hours_per_point)
