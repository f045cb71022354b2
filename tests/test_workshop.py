"""`pilotkit workshop`: the built-in exercises prove themselves; a malformed exercise file
is refused with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pilotkit.commands.workshop.selftest import selftest
from pilotkit.workshop.exercise import builtin_paths, read
from pilotkit.workshop.score import FULL
from pilotkit.yaml import YamlError


def test_every_builtin_exercise_passes_its_selftest() -> None:
    proofs = selftest()
    assert [proof.id for proof in proofs] == [read(path).id for path in builtin_paths()]
    assert len(proofs) >= 6
    for proof in proofs:
        assert proof.problems == (), proof.id
        assert proof.raised == tuple(sorted(proof.expect))
        assert not proof.untouched_fixed
        assert proof.solved_score == FULL


GOOD = """\
id: demo
title: Demo
step: A step
minutes: 5
goal: A goal.
plant:
  - op: delete
    path: README.md
expect: [PK-T012]
solution:
  - op: write
    path: README.md
    text: hello
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("minutes: 5", "minutes: soon"), "demo.yaml:4: `minutes`: must be a whole number"),
        (("  - op: delete", "  - op: shred"), "demo.yaml:6: `plant`: edit 1: `op` must be one of"),
        (("goal: A goal.", "gaol: A goal."), "demo.yaml:5: `gaol`: unknown field"),
        (("expect: [PK-T012]", "expect: PK-T012"), "demo.yaml:9: `expect`: must be a list"),
    ],
)
def test_a_malformed_exercise_names_its_file_line_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(GOOD.replace(*change))
    with pytest.raises(YamlError) as caught:
        read(path)
    assert str(caught.value).startswith(f"{tmp_path}/{message}")


def test_a_well_formed_exercise_reads() -> None:
    exercise = read(builtin_paths()[0])
    assert exercise.id == "mcp-hygiene"
    assert exercise.minutes == 15
    assert exercise.expect == ("PK-M004", "PK-M005", "PK-M007")
