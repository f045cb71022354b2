"""How a pilot's CI installs pilotkit: the running pilotkit's requirement, and its checks.

pip records where it installed a distribution from in `direct_url.json` (PEP 610):

- a VCS URL and commit → `pilotkit @ git+URL@COMMIT`: CI installs exactly that commit;
- an archive on a server → `pilotkit @ URL`;
- a local folder (editable or not) or a local wheel or sdist → nothing CI can install.

A distribution without the file came from a package index (PEP 610 forbids the file
then): `pilotkit==VERSION`. A pilotkit that runs from a source tree, not from an installed
distribution, is local too. The result is the default of the template's
`pilotkit_requirement` answer; `--data` overrides it (an internal index, a fork's URL).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from pilotkit._version import __version__
from pilotkit.errors import AnswerError

ANSWER = "pilotkit_requirement"
WORKFLOW = ".github/workflows/pilot.yml"
EXAMPLE = "pilotkit @ git+https://github.com/ORG/pilotkit@COMMIT"
# How an existing pilot changes the answer: copier re-renders the files that use it, at
# the template version the pilot already has.
FIX = (
    f"run `copier update --defaults --vcs-ref=:current: --data {ANSWER}='{EXAMPLE}'` in "
    "the pilot and commit (`pilotkit==VERSION` once pilotkit is on your package index)"
)


@dataclass(frozen=True)
class Origin:
    """How the running pilotkit was installed: the requirement CI can install (empty when
    none can be), and the install in words (`an editable install of /src/pilotkit`)."""

    requirement: str
    how: str


@dataclass(frozen=True)
class Problem:
    """What is wrong with a `pilotkit_requirement` answer: `unset`, `local` or `invalid`."""

    kind: str
    message: str


class RecordError(AnswerError):
    """The install record (`direct_url.json`) cannot be read: no default for the answer."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(
            ANSWER,
            f"cannot tell how this pilotkit was installed: {where} {problem}; give the "
            f"requirement CI installs with --data {ANSWER}='{EXAMPLE}'",
        )


def running() -> Origin:
    """The running pilotkit's origin, from its installed distribution's record."""
    try:
        dist = metadata.distribution("pilotkit")
    except metadata.PackageNotFoundError:
        return Origin("", f"a source tree ({_package_dir()}), not an installed package")
    if dist.version != __version__:
        return Origin(
            "", f"a source tree ({_package_dir()}), not the installed pilotkit {dist.version}"
        )
    where = _record_path(dist)
    try:
        text = dist.read_text("direct_url.json")
    except (OSError, UnicodeDecodeError) as err:
        raise RecordError(where, f"cannot be read ({err})") from None
    return from_record(text, dist.version, where)


def from_record(text: str | None, version: str, where: str = "direct_url.json") -> Origin:
    """The origin that install record TEXT describes (None: no record, an index install)."""
    if text is None:
        return Origin(f"pilotkit=={version}", f"an install of {version} from a package index")
    try:
        record = json.loads(text)
    except ValueError as err:
        raise RecordError(where, f"is not valid JSON ({err})") from None
    if not isinstance(record, dict) or not isinstance(record.get("url"), str):
        raise RecordError(where, "has no `url`")
    url = record["url"]
    if "vcs_info" in record:
        return _from_vcs(url, record["vcs_info"], record.get("subdirectory"), where)
    if isinstance(record.get("archive_info"), dict):
        if _scheme(url) == "file":
            return Origin("", f"an install from the local file {_path(url)}")
        return Origin(f"pilotkit @ {url}", f"an install from {url}")
    if isinstance(record.get("dir_info"), dict):
        if record["dir_info"].get("editable") is True:
            return Origin("", f"an editable install of {_path(url)}")
        return Origin("", f"an install from the local folder {_path(url)}")
    raise RecordError(where, "has none of `vcs_info`, `archive_info` or `dir_info`")


def _from_vcs(url: str, info: Any, subdirectory: Any, where: str) -> Origin:
    if not isinstance(info, dict):
        raise RecordError(where, "has a `vcs_info` that is not an object")
    vcs, commit = info.get("vcs"), info.get("commit_id")
    if not isinstance(vcs, str) or not isinstance(commit, str) or not vcs or not commit:
        raise RecordError(where, "has a `vcs_info` without `vcs` and `commit_id`")
    url = _without_credentials(url)
    requirement = f"pilotkit @ {vcs}+{url}@{commit}"
    if isinstance(subdirectory, str) and subdirectory:
        requirement += f"#subdirectory={subdirectory}"
    return Origin(requirement, f"an install from {vcs}+{url} at commit {commit[:12]}")


def invalid(text: str) -> str | None:
    """Why TEXT is not a requirement for pilotkit (PEP 508), or None when it is one."""
    try:
        parsed = Requirement(text)
    except InvalidRequirement as err:
        first = str(err).splitlines()[0] if str(err) else "invalid"
        return f"`{text}` is not a valid requirement (PEP 508): {first}"
    if canonicalize_name(parsed.name) != "pilotkit":
        return f"`{text}` installs {parsed.name}, not pilotkit"
    return None


def problem(answer: object) -> Problem | None:
    """What keeps CI from installing pilotkit with ANSWER, or None when nothing does."""
    if not isinstance(answer, str):
        return Problem("invalid", f"{ANSWER} is not text; give a requirement such as {EXAMPLE}")
    text = answer.strip()
    if not text:
        return Problem("unset", f"{ANSWER} is empty, so CI ({WORKFLOW}) cannot install pilotkit")
    reason = invalid(text)
    if reason:
        return Problem("invalid", f"{ANSWER}: {reason}")
    url = Requirement(text).url or ""
    if _scheme(url).rpartition("+")[2] == "file":  # `file:` and `git+file:` alike
        return Problem(
            "local",
            f"{ANSWER} names {url}, which only this machine can reach, "
            f"so CI ({WORKFLOW}) cannot install pilotkit",
        )
    return None


def warning(answers: Mapping[str, Any], origin: Origin | None = None) -> str | None:
    """The one line that says CI cannot install pilotkit with the pilot's ANSWERS, with
    the fix; None when it can, or when the template has no such answer. ORIGIN: the
    running pilotkit, when it gave the answer."""
    if ANSWER not in answers:
        return None
    found = problem(answers[ANSWER])
    if found is None:
        return None
    why = (
        f" (this pilotkit is {origin.how})"
        if origin is not None and found.kind != "invalid"
        else ""
    )
    return f"{found.message}{why}; to fix it, {FIX}"


def refreshed(recorded: object, origin: Origin) -> str | None:
    """The answer an update records for a pilot that recorded RECORDED, run by the pilotkit
    of ORIGIN: ORIGIN's requirement when RECORDED is what pilotkit itself would have
    written (empty, a `==` version, or the same VCS URL at another commit), so CI installs
    the pilotkit of the template version the pilot moves to. None keeps RECORDED: a
    person's own choice (a range, a tag or branch, another URL), or a running pilotkit CI
    could not install."""
    if not origin.requirement or not isinstance(recorded, str):
        return None
    text = recorded.strip()
    if not text:
        return origin.requirement
    try:
        old, new = Requirement(text), Requirement(origin.requirement)
    except InvalidRequirement:
        return None
    if canonicalize_name(old.name) != "pilotkit" or old.extras or old.marker:
        return None
    if old.url is None and new.url is None:
        pinned = [spec.operator for spec in old.specifier] == ["=="]
        return origin.requirement if pinned else None
    old_repo, new_repo = _at_commit(old.url or ""), _at_commit(new.url or "")
    return origin.requirement if old_repo and old_repo == new_repo else None


# A VCS URL pinned to a commit, as `from_record` writes it: the URL, `@`, hex, a fragment.
_PINNED_VCS = re.compile(r"^(?P<repo>[a-z]+\+[^#]+)@[0-9a-fA-F]{7,40}(?:#.*)?$")


def _at_commit(url: str) -> str | None:
    """The repository of URL when URL is a VCS URL pinned to a commit, else None. The
    scheduled update workflow installs the same repository without the commit
    (`template/_pilotkit/ci.jinja`); keep the two patterns alike."""
    found = _PINNED_VCS.match(url)
    return found.group("repo") if found else None


def _scheme(url: str) -> str:
    return urlsplit(url).scheme.lower()


def _path(url: str) -> str:
    """A `file://` URL as the path a person knows."""
    parts = urlsplit(url)
    return unquote(parts.path) if parts.scheme == "file" else url


def _without_credentials(url: str) -> str:
    """URL without a user name or password (PEP 610 allows only `git@` for SSH)."""
    parts = urlsplit(url)
    if parts.password is None and parts.username in (None, "git"):
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _record_path(dist: metadata.Distribution) -> str:
    for file in dist.files or ():
        if file.name == "direct_url.json" and file.parent.name.endswith(".dist-info"):
            return str(Path(str(dist.locate_file(file))))
    return "the installed pilotkit's direct_url.json"


def _package_dir() -> str:
    return str(Path(__file__).resolve().parents[1])
