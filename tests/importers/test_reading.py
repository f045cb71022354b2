"""The pieces every importer shares: which words are files, and how order becomes dependencies."""

from __future__ import annotations

import pytest

from pilotkit.importers import ordering, text


@pytest.mark.parametrize(
    ("sentence", "files"),
    [
        ("Create User model in src/models/user.py", ("src/models/user.py",)),
        ('Add `include("x")` to `settings.gradle.kts`', ("settings.gradle.kts",)),
        ("Create the package at `src/notes/export/`", ("src/notes/export/**",)),
        ("Negotiates HTTP/3, falls back to HTTP/1.1", ()),
        ("Uses `HttpClient.Version.HTTP_3` and `java.net.http`", ()),
        ("Run `./gradlew :app:build` with `azul/setup-zulu`", ()),
        ("See https://example.com/docs/page.md and `/games/{id}/join`", ()),
        ("Never `../outside.py` nor `/etc/passwd.txt`", ()),
        ("Edit `web/src/App.tsx` and web/src/App.tsx again", ("web/src/App.tsx",)),
    ],
)
def test_the_paths_a_task_names(sentence: str, files: tuple[str, ...]) -> None:
    assert text.paths(sentence) == files


def test_a_bare_file_name_takes_the_path_named_elsewhere() -> None:
    known = text.known_names(["src/a/GameSessionManager.java", "src/b/Other.java"])
    assert text.paths("Log in `GameSessionManager.java`", known) == (
        "src/a/GameSessionManager.java",
    )
    assert text.paths("Update `README.md`", known) == ("README.md",)


def test_phases_groups_and_parallel_runs() -> None:
    after = ordering.phases([[["a"], ["b", "c"]], [["d"]], [], [["e", "f"]]])
    assert after == {
        "a": (),
        "b": ("a",),
        "c": ("a",),
        "d": ("b", "c"),
        "e": ("d",),
        "f": ("d",),
    }


def test_chain() -> None:
    assert ordering.chain(["1.1", "1.2", "2.1"]) == {"1.1": (), "1.2": ("1.1",), "2.1": ("1.2",)}
