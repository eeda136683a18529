"""Rendering a page: the Jinja2 environment, the values every template gets (language,
translator, who is signed in) and remembering a language switch in a cookie."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from api.pages.formatting import day, number, percent, when
from api.pages.i18n import LANG_COOKIE, Lang, language, requested_language, translator
from api.pages.session import signed_in

HERE = Path(__file__).parent
BRUSSELS = ZoneInfo("Europe/Brussels")
templates = Jinja2Templates(directory=str(HERE / "templates"))


def local_time(moment: datetime | str | None) -> str:
    """A moment as people in Flanders read it (Brussels time, to the minute)."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M")


templates.env.filters["local_time"] = local_time


def _in_language(format_: Callable[..., str]) -> Callable[..., str]:
    """A formatting function as a Jinja filter in the rendered page's language."""

    @pass_context
    def filter_(context: Context, value: Any, *args: Any) -> str:
        return format_(value, context.get("lang", "nl"), *args)

    return filter_


for _name, _format in (("when", when), ("day", day), ("number", number), ("percent", percent)):
    templates.env.filters[_name] = _in_language(_format)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render ``name`` with the shared values; a ``?lang=`` switch is stored for next time."""
    lang = language(request)
    principal = signed_in(request)
    other = Lang.EN if lang is Lang.NL else Lang.NL
    values = {
        "lang": lang,
        "other_lang": other,
        "t": translator(lang),
        "principal": principal,
        "role": principal.actor.role.value if principal else None,
        "path": request.url.path,
        # The switch keeps the page's own query (a timeline moment, say) and flips the language.
        "lang_url": str(request.url.include_query_params(lang=other.value)),
        **context,
    }
    response = templates.TemplateResponse(request, name, values, status_code=status)
    if requested_language(request) is not None:
        response.set_cookie(
            LANG_COOKIE, lang.value, max_age=365 * 24 * 3600, samesite="strict", httponly=True
        )
    return response
