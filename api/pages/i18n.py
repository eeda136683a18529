"""The pages' words (``messages.json``: Dutch and English side by side per key), and how a
request picks its language.

Dutch is the default; ``?lang=en`` switches and is remembered in a cookie. Imports nothing
from the rest of the project, so every page module can use it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from importlib.resources import files

from fastapi import Request

LANG_COOKIE = "leerspoor_lang"


class Lang(StrEnum):
    NL = "nl"
    EN = "en"


# The pages' words: one entry per key, Dutch and English side by side, in data files (the
# wallet-exchange pages keep theirs apart).
MESSAGE_FILES = ("messages.json", "messages_wallets.json")
MESSAGES: dict[str, tuple[str, str]] = {
    key: (pair["nl"], pair["en"])
    for name in MESSAGE_FILES
    for key, pair in json.loads((files("api.pages") / name).read_text(encoding="utf-8")).items()
}


def translate(lang: Lang, key: str, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``values`` filled in; the key itself when
    missing, so a forgotten entry shows up on the page instead of crashing it."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[0] if lang is Lang.NL else pair[1]
    return text.format(**values) if values else text


def translator(lang: Lang) -> Callable[..., str]:
    def t(key: str, **values: object) -> str:
        return translate(lang, key, **values)

    return t


def requested_language(request: Request) -> Lang | None:
    """The language asked for with ``?lang=``, if it is one we have."""
    asked = request.query_params.get("lang")
    return Lang(asked) if asked in (Lang.NL, Lang.EN) else None


def language(request: Request) -> Lang:
    """``?lang=`` first, then the cookie, then Dutch."""
    asked = requested_language(request)
    if asked is not None:
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    return Lang(remembered) if remembered in (Lang.NL, Lang.EN) else Lang.NL
