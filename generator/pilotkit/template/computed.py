"""The embedded template's computed values (`when: false`) that pilotkit needs outside a render.

copier.yml states such a fact once, in Jinja; pilotkit evaluates the same Jinja the way
copier does (`questionnaire`), reading copier.yml in place (`embedded.in_place_root`), so
a file added to a pilot later is named as the template names the files it renders.
"""

from __future__ import annotations

from functools import cache

from pilotkit.errors import PilotkitError
from pilotkit.template.embedded import in_place_root
from pilotkit.template.questionnaire import Questionnaire


@cache
def embedded_questionnaire() -> Questionnaire:
    """The embedded template's questionnaire, read once per process."""
    return Questionnaire(in_place_root())


def task_slug(task_id: str, title: str) -> str:
    """The slug in the file name `tasks/<TASK_ID>-<slug>.md` the template gives a task
    with TITLE (its computed `task_slugs`)."""
    questions = embedded_questionnaire()
    question = questions.question("task_slugs")
    if question is None:
        raise PilotkitError(f"{questions.root}: copier.yml has no task_slugs; reinstall pilotkit")
    slugs = questions.default(question, {"tasks": [{"id": task_id, "title": title}]})
    return str(slugs[task_id])
