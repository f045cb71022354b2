"""What a heading and a code fence are, once, for sections, briefs and the specs' rules."""

from __future__ import annotations

from pilotkit.pilot import markdown, specs

TEXT = """Intro.

## R1 — Search

Users search.

```md
## R9 — not a requirement: inside a fence
```

  ~~~
  # nor this, in an indented fence
  ~~~

## R2 — Fast ##
"""


def test_a_heading_inside_a_fence_is_code_for_every_reader() -> None:
    before, parts = markdown.sections(TEXT, level=2)
    assert before == "Intro.\n\n"
    assert [part.title for part in parts] == ["R1 — Search", "R2 — Fast"]
    assert [r.id for r in specs.parse_requirements(TEXT)] == ["R1", "R2"]
    assert [number for number, _ in specs.prose(TEXT)] == [1, 2, 3, 4, 5, 6, 10, 14, 15]


def test_demote_leaves_code_alone() -> None:
    assert markdown.demote("# A\n```\n# code\n```\n", 1) == "## A\n```\n# code\n```\n"
