"""The embedded template bundle: every released version inside, and inside the wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from pilotkit.template import bundle
from tests.conftest import REPO_ROOT


def git(path: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=path, capture_output=True, text=True, check=True
    ).stdout


def fake_source(root: Path) -> Path:
    """A repository laid out like pilotkit's, with a released v0.1.0 and a newer tree."""
    (root / "template").mkdir(parents=True)
    (root / "copier.yml").write_text("_subdirectory: template\nname: world\n")
    (root / "template" / "hello.txt.jinja").write_text("v1 {{ name }}\n")
    (root / "generator").mkdir()
    (root / "generator" / "code.py").write_text("not part of the template\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first release")
    git(root, "tag", "v0.1.0")
    (root / "template" / "hello.txt.jinja").write_text("v2 {{ name }}\n")
    return root


def test_bundle_holds_every_release_and_the_working_tree(tmp_path: Path) -> None:
    source = fake_source(tmp_path / "src")
    out = tmp_path / "template.bundle"

    bundle.build(source, "0.2.0", out)

    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(out), str(clone)], check=True)
    assert git(clone, "tag").split() == ["v0.1.0", "v0.2.0"]
    assert git(clone, "show", "v0.1.0:template/hello.txt.jinja") == "v1 {{ name }}\n"
    assert git(clone, "show", "v0.2.0:template/hello.txt.jinja") == "v2 {{ name }}\n"
    assert git(clone, "ls-tree", "--name-only", "v0.2.0").split() == ["copier.yml", "template"]


def test_bundle_is_reproducible(tmp_path: Path) -> None:
    source = fake_source(tmp_path / "src")
    bundle.build(source, "0.2.0", tmp_path / "a.bundle")
    bundle.build(source, "0.2.0", tmp_path / "b.bundle")
    heads = [
        git(tmp_path, "bundle", "list-heads", str(tmp_path / name))
        for name in ("a.bundle", "b.bundle")
    ]
    assert heads[0] == heads[1]


def test_fingerprint_follows_the_template_only(tmp_path: Path) -> None:
    source = fake_source(tmp_path / "src")
    before = bundle.fingerprint(source, "0.2.0")
    (source / "generator" / "code.py").write_text("changed\n")
    assert bundle.fingerprint(source, "0.2.0") == before
    (source / "template" / "hello.txt.jinja").write_text("v3\n")
    assert bundle.fingerprint(source, "0.2.0") != before


def lend_dependencies(python: Path) -> None:
    """Let the venv of PYTHON import this environment's packages (copier …), after its own.

    A `.pth` line adds a directory to the end of `sys.path` without running the `.pth`
    files inside it, so this checkout's editable install is not seen, and the wheel
    installed into the venv is the pilotkit that runs, whether the tests run in a
    virtualenv or in the base interpreter.
    """
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "lent-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")


@pytest.mark.slow
def test_wheel_carries_the_template_and_works_away_from_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTHONPATH")  # the installed wheel, not this checkout
    clone = tmp_path / "clone"
    # node_modules (the npm test clients, often a link) is not part of the package, and
    # copying it through links can recurse without end; nor is the coverage data of the
    # suite that runs this test.
    ignored = shutil.ignore_patterns(".venv", "*cache*", "build", "node_modules", ".coverage*")
    shutil.copytree(REPO_ROOT, clone, ignore=ignored)
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(wheels),
            str(clone),
        ],
        check=True,
    )
    wheel = next(wheels.glob("pilotkit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "pilotkit/_embedded/template.bundle" in names
    assert "pilotkit/_embedded/copier.yml" in names  # read in place, like the catalog
    assert "pilotkit/_embedded/template/_pilotkit/catalog.yml" in names
    assert "pilotkit/metrics/prices.yaml" in names  # the price table of `usage import`, `report`

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    lend_dependencies(python)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )
    shutil.rmtree(clone)  # no source checkout left to fall back on
    dest = tmp_path / "pilot"
    proc = subprocess.run(
        [str(env_dir / "bin" / "pilotkit"), "new", str(dest), "--defaults"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    answers = (dest / ".copier-answers.yml").read_text()
    assert f"_src_path: {env_dir}" in answers
    assert "_embedded/template.bundle" in answers
    added = subprocess.run(
        [str(env_dir / "bin" / "pilotkit"), "tasks", "add", "--title", "Export: a CSV!"],
        cwd=dest,
        capture_output=True,
        text=True,
    )
    assert added.returncode == 0, added.stderr
    assert (dest / "tasks" / "T07-export-a-csv.md").is_file()  # named by the template's slug
    catalog = subprocess.run(
        [
            str(python),
            "-c",
            "from pilotkit.agents import catalog; print(sorted(catalog.load().servers))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "filesystem" in catalog.stdout
    origin = subprocess.run(
        [str(python), "-c", "import pilotkit; print(pilotkit.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert origin.stdout.startswith(str(env_dir)), origin.stdout  # the wheel, not a checkout
    table = subprocess.run(
        [
            str(python),
            "-c",
            "from pilotkit.metrics import prices; print(prices.load().rate('gpt-5'))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'output': 10.0" in table.stdout
    lead = tmp_path / "org-template"
    init = subprocess.run(
        [str(env_dir / "bin" / "pilotkit"), "template", "init", str(lead)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert init.returncode == 0, init.stderr
    assert (lead / "template" / "AGENTS.md.jinja").is_file()
    assert "pilotkit template check" in (lead / "README.md").read_text()
