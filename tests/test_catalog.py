"""The one catalog (src/rusplan/locale): complete in every language, compiled as written, plurals that agree.

The `.po` files are what translators edit; the `.mo` files beside them are what rusplan
reads. These tests read the `.po` files with Babel, the ecosystem's reader of gettext
catalogs, and compare them with what rusplan's own lookup gives.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT
from rusplan import messages
from rusplan.messages import LANGUAGES, Msg, has, language, template

SOURCE = ROOT / "src" / "rusplan"


def po(lang: str):
    with open(messages.LOCALE / lang / "LC_MESSAGES" / f"{messages.DOMAIN}.po", "rb") as file:
        return read_po(file)


def forms(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def entries(lang: str) -> dict[str, tuple[str, ...]]:
    return {m.id if isinstance(m.id, str) else m.id[0]: forms(m) for m in po(lang) if m.id}


def test_every_key_is_in_every_language_with_the_same_placeholders():
    reference = entries(LANGUAGES[0])
    for lang in LANGUAGES[1:]:
        theirs = entries(lang)
        assert sorted(set(reference) - set(theirs)) == [], f"missing in {lang}"
        assert sorted(set(theirs) - set(reference)) == [], f"only in {lang}"
        for key, texts in reference.items():
            expected = placeholders(texts[-1]) - {messages.COUNT}  # a singular may say «one» instead of {n}
            assert [placeholders(t) - {messages.COUNT} for t in theirs[key]] == [expected] * len(theirs[key]), (lang, key)
            assert all(t.strip() for t in theirs[key]), (lang, key)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compiled_catalog_says_what_the_po_file_says(lang):
    """A .po edited without `pybabel compile -d src/rusplan/locale -D rusplan` fails here."""
    for message in po(lang):
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert template(message.id, lang) == message.string, message.id
        else:
            assert [template(message.id[0], lang, count=n) for n in (1, 2)] == list(message.string), message.id


def test_plural_forms_follow_the_count():
    assert Msg.of("diff.plan_overview", title="Plan", n=1, start=2020, end=2024).text("nb") == "Plan (1 fokusområde, planperiode 2020–2024)"
    assert Msg.of("diff.plan_overview", title="Plan", n=3, start=2020, end=2024).text("en") == "Plan (3 focus areas, plan period 2020–2024)"


def test_every_key_the_code_names_is_in_the_catalog():
    named = set()
    for path in SOURCE.rglob("*.py"):
        named |= set(re.findall(r'Msg\.of\(\s*"([a-z0-9_.]+)"', path.read_text(encoding="utf-8")))
    assert named and sorted(k for k in named if not has(k)) == []


@pytest.mark.parametrize(("asked", "given"), [("nb", "nb"), ("en", "en"), ("en-GB", "en"), ("EN_us", "en"), ("", "nb"), ("xx", "nb"), ("nob", "nb")])
def test_a_language_is_chosen_from_what_people_write(asked, given, monkeypatch):
    monkeypatch.delenv("RUSPLAN_LANG", raising=False)
    assert language(asked) == given


def test_a_key_a_language_lacks_falls_back_to_bokmal_not_to_the_key(tmp_path, monkeypatch):
    """A new language with one text translated: every other text is bokmål, never a key."""
    import shutil

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    shutil.copytree(messages.LOCALE / "nb", tmp_path / "nb")
    partial = Catalog(locale="se")
    partial.add("empty_file", "Fiila lea guoros.")
    (tmp_path / "se" / "LC_MESSAGES").mkdir(parents=True)
    with open(tmp_path / "se" / "LC_MESSAGES" / f"{messages.DOMAIN}.mo", "wb") as file:
        write_mo(file, partial)
    monkeypatch.setattr(messages, "LOCALE", tmp_path)
    monkeypatch.setattr(messages, "LANGUAGES", (*LANGUAGES, "se"))
    messages.catalog.cache_clear()
    try:
        assert template("empty_file", "se") == "Fiila lea guoros."
        assert template("yaml_syntax", "se") == template("yaml_syntax", "nb") != "yaml_syntax"
    finally:
        messages.catalog.cache_clear()
    assert not has("no.such.key")


def test_the_catalog_files_are_where_the_package_reads_them():
    assert {p.parent.parent.name for p in Path(messages.LOCALE).glob("*/LC_MESSAGES/rusplan.mo")} == set(LANGUAGES)
