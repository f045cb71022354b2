"""Literal secrets: tokens with a known prefix, random-looking values in settings that
should only ever hold a reference to an environment variable, and passwords or tokens
written into URLs."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# Credentials with a known prefix; the same list as the pilot's `no-literal-tokens` hook.
TOKENS = re.compile(
    r"ghp_[A-Za-z0-9]{20,}|gh[ousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"
    r"|\bsk-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}"
    r"|ATATT[A-Za-z0-9_=-]{20,}|glpat-[A-Za-z0-9_-]{20,}"
)
SECRET_KEYS = ("env", "headers", "environment", "http_headers", "bearer_token")
_REFERENCE = re.compile(
    r"\$\{(?:env:|input:)?[A-Za-z_][A-Za-z0-9_.-]*(?::-[^}]*)?\}|\{(?:env|file):[^}]+\}"
    r"|\$[A-Za-z_][A-Za-z0-9_]*|\$\{\{[^}]*\}\}"
)
_WORD = re.compile(r"[A-Za-z0-9+/=_.~-]{20,}")
PREFIX = re.compile(r"github_pat_|gh[pousr]_|sk-|xox[a-z]-|AKIA|ATATT|glpat-")


def looks_secret(value: str) -> bool:
    """A long, high-entropy word that is not a variable reference, path or URL."""
    rest = _REFERENCE.sub(" ", value)
    for word in _WORD.findall(rest):
        if "://" in value or word.startswith(("/", "./")) or not re.search(r"\d", word):
            continue
        counts = Counter(word)
        entropy = -sum(n / len(word) * math.log2(n / len(word)) for n in counts.values())
        if entropy >= 3.5:
            return True
    return False


# --- Credentials in URLs ----------------------------------------------------------------
#
# `scheme://user:password@host/…`: the part before the last `@` of the authority is the
# userinfo. A password is a secret; so is a user name that is a token, as in
# `https://ghp_…@github.com/…`, where git's HTTP transport takes it for the password.
_USERINFO = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*)://([^\s/?#]*)@")
_HTTP = {"http", "https"}
_URL_END = re.compile(r"[\s\"'<>`]")  # a URL in prose, JSON or YAML ends at one of these
MASK = "****"


@dataclass(frozen=True)
class _Userinfo:
    """The userinfo of one URL in a text: where it is, its scheme, user and password."""

    start: int  # of the userinfo, after `://`
    end: int  # of the userinfo, before its `@`
    scheme: str
    user: str
    password: str | None  # None: no `:` at all

    @property
    def secret(self) -> bool:
        return bool(self.password) or (self.password is None and _token_like(self.user))


def _userinfos(text: str) -> list[_Userinfo]:
    found = []
    for match in _USERINFO.finditer(text):
        user, colon, password = match.group(2).partition(":")
        found.append(
            _Userinfo(
                match.start(2), match.end(2), match.group(1), user, password if colon else None
            )
        )
    return found


def _token_like(user: str) -> bool:
    return bool(PREFIX.match(user)) or looks_secret(user)


def masked_urls(text: str) -> list[str]:
    """Each URL in TEXT that carries a password or a token before its host, up to the next
    space, with the secret masked (`https://kim:****@host/org/repo.git`)."""
    found = []
    for info in _userinfos(text):
        if not info.secret:
            continue
        user = MASK if info.password is None or _token_like(info.user) else info.user
        shown = user if info.password is None else f"{user}:{MASK}"
        begin = info.start - len(info.scheme) - len("://")
        rest = _URL_END.split(text[info.end :], maxsplit=1)[0].rstrip(".,;:)]}")
        found.append(text[begin : info.start] + shown + rest)
    return found


def in_answer(value: Any) -> str:
    """Why VALUE (an answer: text, or lists and mappings of it) must not be written into a
    pilot: a URL in it carries a password or token. Empty when nothing does."""
    urls = [url for text in _texts(value) for url in masked_urls(text)]
    if not urls:
        return ""
    return (
        f"{urls[0]} holds a password or token, which pilotkit never writes into a pilot: "
        "give the URL without it (git's credential helper or an environment variable "
        "supplies it)"
    )


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def without_credentials(url: str) -> str:
    """URL without the credentials before its host, so that it can be offered and written.

    Over http(s) a token often stands alone where the user name goes, so everything
    before the host goes; over ssh the user name (`git@`) is needed and only a password
    goes. A path, or scp-like `git@host:owner/repo`, has no secret to take out.
    """
    for info in reversed(_userinfos(url)):
        if info.scheme.lower() in _HTTP:
            url = url[: info.start] + url[info.end + 1 :]
        else:
            url = url[: info.start] + info.user + url[info.end :]
    return url
