"""Numbers, dates and lists as a report writes them: «241 393», «77,4 %», «3. mars 2022», «Molde og Aukra».

The words (month names, «og») come from the catalog in the report's language; the
number style (non-breaking thin groups, decimal comma) is the Norwegian one in every language,
as the reports are Norwegian council documents.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from rusplan.messages import COUNT, template


def word(key: str, lang: str = "nb", /, **params: Any) -> str:
    """A report's word or phrase from the catalog, filled in as it is.

    Not `messages.text`, which makes plan text one terminal-safe line: a document escapes
    plan text itself (autoescape, the Markdown finalizer, `safetext.document`).
    A parameter `n` picks the plural form.
    """
    count = params.get(COUNT) if isinstance(params.get(COUNT), int) else None
    return template(key, lang, count).format(**params)


def format_date(value: dt.date | None, lang: str = "nb") -> str | None:
    """«3. mars 2022» (in English «3 March 2022»)."""
    if not value:
        return None
    return word("report.date", lang, day=value.day, month=word(f"report.month.{value.month}", lang), year=value.year)


def format_number(value: float) -> str:
    """32 → «32», 241393 → «241 393», 77.4 → «77,4» (non-breaking space, decimal comma)."""
    if float(value).is_integer():
        shown = f"{int(value):,}".replace(",", "\u00a0")
    else:
        whole, _, decimals = f"{value:,.2f}".rstrip("0").partition(".")
        shown = whole.replace(",", "\u00a0") + ("," + decimals if decimals else "")
    return shown.replace("-", "−")


def format_value(value: float, unit: str | None) -> str:
    number = format_number(value)
    if not unit or unit == "antall":
        return number
    if unit == "prosent":
        return f"{number}\u00a0%"
    return f"{number}\u00a0{unit}"


def display(number: int | str | None) -> str:
    return "" if number is None else str(number)


def safe_url(url: str | None) -> str | None:
    """Only web and mail links leave the plan; a `javascript:` URL is dropped."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https", "mailto") else None


def join_names(names: list[str], lang: str = "nb") -> str:
    """«Molde», «Molde og Aukra», «Molde, Aukra og Vestnes»."""
    if len(names) <= 1:
        return "".join(names)
    return word("report.list_and", lang, first=", ".join(names[:-1]), last=names[-1])


_NB_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "Æ": "{", "Ø": "|", "Å": "}"})


def nb_sort_key(value: str) -> str:
    """Norwegian alphabetical order: … x y z æ ø å."""
    return value.casefold().translate(_NB_ORDER)
