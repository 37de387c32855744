"""Every text a person reads, in one catalog: bokmål, English (and the languages added beside them).

The catalog is gettext's: one `locale/<lang>/LC_MESSAGES/rusplan.po` per language, compiled
to the `.mo` file beside it (docs/translating.md). A message is looked up by its key (the
msgid) and worded with `{placeholders}`; a count picks the plural form the language's
`Plural-Forms` header says. A key a language lacks falls back to bokmål, never to the key;
a test checks that every key is in every language with the same placeholders.
"""

from __future__ import annotations

import functools
import gettext
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rusplan.safetext import visible

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "rusplan"
DEFAULT = "nb"
LANGUAGES = ("nb", "nn", "en")  # the first is the default and every other language's fallback
COUNT = "n"  # the parameter that picks a plural form


@functools.cache
def catalog(lang: str) -> gettext.NullTranslations:
    """One language's compiled catalog, falling back to bokmål for what it lacks."""
    found = gettext.translation(DOMAIN, LOCALE, languages=[lang])
    if lang != DEFAULT:
        found.add_fallback(catalog(DEFAULT))
    return found


def language(lang: str | None = None) -> str:
    """The reader's language: the flag, else RUSPLAN_LANG, else bokmål. «en-GB» is en, «nno» is nn."""
    chosen = (lang or os.environ.get("RUSPLAN_LANG") or DEFAULT).strip().lower().replace("_", "-")
    for code in LANGUAGES:
        if chosen == code or chosen.startswith(code + "-") or chosen == {"nn": "nno", "nb": "nob", "en": "eng"}.get(code):
            return code
    return DEFAULT


def has(key: str) -> bool:
    """Whether the catalog knows `key` (keys are never their own text)."""
    return catalog(DEFAULT).gettext(key) != key


def template(key: str, lang: str = DEFAULT, count: int | None = None) -> str:
    """The unworded text of `key`; with a count, its plural form for that count when it has plural forms."""
    found = catalog(language(lang))
    if count is not None and (form := found.ngettext(key, key, count)) != key:
        return form
    return found.gettext(key)


def render(key: str, params: dict[str, Any], lang: str = DEFAULT) -> str:
    """The message worded; text in it from a plan, a file name or git is made `visible` (one line, no controls).

    A message whose text has a plural form is worded for the parameter `n`.
    """
    count = params.get(COUNT) if isinstance(params.get(COUNT), int) else None
    worded = {k: v.text(lang) if isinstance(v, Msg) else visible(v) if isinstance(v, str) else v for k, v in params.items()}
    return template(key, lang, count).format(**worded)


def text(key: str, lang: str = DEFAULT, /, **params: Any) -> str:
    """`key` worded for `lang`: the short form of `Msg.of(key, **params).text(lang)`."""
    return render(key, params, lang)


@dataclass(frozen=True)
class Msg:
    """A message to be worded later, in the reader's language; params may nest Msgs."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, message_key: str, /, **params: Any) -> Msg:
        return cls(message_key, tuple(params.items()))

    def text(self, lang: str = DEFAULT) -> str:
        return render(self.key, dict(self.params), lang)


class WordedError(Exception):
    """An error whose message is worded in the reader's language; str() is bokmål."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.text(DEFAULT))
        self.msg = msg

    def text(self, lang: str = DEFAULT) -> str:
        return self.msg.text(lang)
