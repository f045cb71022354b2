"""`pilotkit template init DEST`: start an organisation's own template from pilotkit's.

DEST becomes a git repository holding `copier.yml` and `template/` exactly as the
installed pilotkit's embedded template has them at its version (read from the bundle,
never from a source checkout), a README telling the lead how to change, test, release
and roll it out, a changelog, and a first commit tagged as the first version.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pilotkit import git
from pilotkit.errors import PilotkitError
from pilotkit.template import bundle, source
from pilotkit.template.destination import check_destination, staging
from pilotkit.template.embedded import embedded_template

FIRST_TAG = "v1.0.0"
_README = Path(__file__).with_name("readme.md")
_GITIGNORE = "# Leftovers of a merge or an update.\n*.rej\n*.orig\n__pycache__/\n"


@dataclass(frozen=True)
class TemplateInitResult:
    dest: Path
    based_on: str
    tag: str
    commit: str | None
    git_problem: str | None = None


def template_init(dest: Path, *, tag: str = FIRST_TAG) -> TemplateInitResult:
    """Create a template repository at DEST from the embedded template, tagged TAG."""
    if source.version(tag) is None:
        raise PilotkitError(f"--tag {tag}: give a version tag such as v1.0.0")
    dest = dest.expanduser().resolve()
    check_destination(dest)
    embedded = embedded_template()
    based_on = source.label(embedded.ref)
    with staging(dest) as scratch:
        scratch.mkdir()
        _extract(embedded.path, embedded.ref, scratch)
        (scratch / "README.md").write_text(_readme(dest.name, based_on, tag), encoding="utf-8")
        (scratch / "CHANGELOG.md").write_text(_changelog(tag, based_on), encoding="utf-8")
        (scratch / ".gitignore").write_text(_GITIGNORE, encoding="utf-8")
        git.init(scratch)
        done = git.commit_all(scratch, f"Start our pilot template from pilotkit {based_on}")
        if done.sha:
            git.run(["tag", tag], scratch)
        scratch.replace(dest)
    return TemplateInitResult(dest, based_on, tag, done.sha, done.problem)


def _extract(bundle_path: Path, ref: str, into: Path) -> None:
    """Write `copier.yml` and `template/` of REF in the bundle into INTO."""
    with tempfile.TemporaryDirectory(prefix="pilotkit-template-") as scratch:
        clone = Path(scratch) / "embedded"
        git.run(["clone", "--quiet", "--no-checkout", str(bundle_path), str(clone)])
        work_tree = ["--work-tree", str(into)]
        git.run([*work_tree, "checkout", ref, "--", *bundle.TEMPLATE_PATHS], clone)


def _readme(name: str, based_on: str, tag: str) -> str:
    text = _README.read_text(encoding="utf-8")
    return text.replace("{name}", name).replace("{based_on}", based_on).replace("{tag}", tag)


def _changelog(tag: str, based_on: str) -> str:
    return (
        "# Changelog\n\nWhat pilots get when they update to each version. Newest first.\n\n"
        f"## {source.label(tag)}\n\n- Started from pilotkit's template {based_on}.\n"
    )
