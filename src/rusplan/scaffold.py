"""A new plan folder for a municipality: `rusplan init plans/<id>`.

The files are written for a person to fill in: every field is present with a
comment in the reader's language (the catalog's `scaffold.comment.*`) saying what
belongs there, and an example goal and measure are shown as comments so nothing
invented ends up in the plan. The plan's own words (its default title, first focus
area and the examples) are in the plan's language: nynorsk for a nynorsk reader, who
also gets `language: nn`, else bokmål. The folder validates as written. It is built
in a temporary folder beside the target and renamed into place, so an interrupted
init leaves nothing half-written, and an existing target is never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rusplan import atomic, messages
from rusplan.asciiid import ascii_id
from rusplan.messages import Msg, WordedError
from rusplan.model import SLUG, Language, State
from rusplan.rules.period import licence_year_from
from rusplan.schema import KINDS, modeline, schemas_path_ok

_AE_OE_AA = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})
STATES = tuple(state.value for state in State)
COMMENT_COLUMN = 38


class ScaffoldError(WordedError):
    """Something the user must change before a plan can be created; `msg` says what."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(Msg.of(key, **params))


@dataclass(frozen=True)
class NewPlan:
    id: str
    municipality: str
    start: int
    end: int
    title: str
    municipality_number: str | None = None
    state: str = "draft"
    predecessor: str | None = None
    focus_areas: tuple[str, ...] = field(default_factory=lambda: (messages.template("scaffold.focus_area"),))
    other_municipalities: tuple[str, ...] = ()  # inter-municipal plans: the municipalities besides the first, which leads the revision
    original_name: str | None = None  # the folder name as typed, when it had to be made ASCII («ålesund-2025-2028»)

    @property
    def municipalities(self) -> tuple[str, ...]:
        return (self.municipality, *self.other_municipalities)


# --- defaults ---------------------------------------------------------------------


def plan_language(lang: str = "") -> str:
    """The language of the plan's own words: the reader's (`--lang`, else RUSPLAN_LANG) when a plan
    may be written in it (nb, nn: model.Language), else bokmål. An English reader gets English
    comments in a bokmål plan, since the plan is a Norwegian municipality's document."""
    chosen = messages.language(lang)
    return chosen if chosen in {written.value for written in Language} else messages.DEFAULT


def _plan_word(key: str, lang: str) -> str:
    """One of the plan's own words (`scaffold.<key>`), unworded: a name put into it is the plan's text, kept as typed."""
    return messages.template(f"scaffold.{key}", plan_language(lang))


def _name_from_slug(slug: str) -> str:
    """`nord-aurdal` → «Nord-Aurdal»: a first guess; æ, ø and å are not in ids, so the secretary checks it."""
    return "-".join(part.capitalize() for part in slug.split("-") if part)


def default_period(today: dt.date) -> tuple[int, int]:
    """Four years ending with the licence period that is current or next (2025–2028 in 2026)."""
    end = licence_year_from(today.year)
    if end < today.year + 2:
        end += 4
    return end - 3, end


def default_title(municipality: str, start: int, end: int, others: tuple[str, ...] = (), lang: str = "") -> str:
    """The title a plan gets unless one is given, in the plan's language."""
    if others:
        names = (municipality, *others)
        return _plan_word("title_inter", lang).format(names=", ".join(names[:-1]), last=names[-1], start=start, end=end)
    return _plan_word("title", lang).format(municipality=municipality, start=start, end=end)


def split_names(answers: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """`-m A -m B` and «A, B» alike: every name once, in the order given."""
    names: list[str] = []
    for answer in answers:
        for name in answer.split(","):
            name = " ".join(name.split())
            if name and name not in names:
                names.append(name)
    return tuple(names)


def find_predecessor(parent: Path, plan_id: str) -> str | None:
    """The latest plan beside the new one with the same name part (`molde-2020-2024` for `molde-2024-2028`)."""
    match = re.match(r"^(?P<name>.+?)-(?P<start>\d{4})-(?P<end>\d{4})$", plan_id)
    if not match or not parent.is_dir():
        return None
    candidates = []
    for folder in parent.iterdir():
        other = re.match(rf"^{re.escape(match['name'])}-(\d{{4}})-(\d{{4}})$", folder.name)
        if other and folder.name != plan_id and (folder / "plan.yaml").is_file() and int(other.group(2)) <= int(match["end"]):
            candidates.append((int(other.group(2)), int(other.group(1)), folder.name))
    return max(candidates)[2] if candidates else None


def defaults(target: Path, today: dt.date | None = None, lang: str = "") -> NewPlan:
    """What `rusplan init` proposes for a folder name: municipality and period read from `<name>-<start>-<end>`;
    title and first focus area in the plan's language."""
    typed = target.name
    norwegian = ascii_id(typed) if re.fullmatch(SLUG, typed.translate(_AE_OE_AA)) else typed
    plan_id = norwegian  # only æ, ø and å are changed for the secretary; any other mistake is refused, with a proposal
    match = re.match(r"^(?P<name>.+?)-(?P<start>\d{4})-(?P<end>\d{4})$", typed)
    if match:
        name, start, end = _name_from_slug(match["name"]), int(match["start"]), int(match["end"])
    else:
        name = _name_from_slug(plan_id)
        start, end = default_period(today or dt.date.today())
    return NewPlan(
        id=plan_id,
        municipality=name,
        start=start,
        end=end,
        title=default_title(name, start, end, lang=lang),
        predecessor=find_predecessor(target.parent, plan_id),
        focus_areas=(_plan_word("focus_area", lang),),
        original_name=typed if typed != plan_id else None,
    )


def slugify(title: str) -> str:
    """A focus area's id from its title: «Barn og unge» → `barn-og-unge`, «Oppfølging» → `oppfolging`."""
    return ascii_id(title)


# --- checking -----------------------------------------------------------------------


def check(new: NewPlan) -> None:
    """Refuse what would not validate, with a message saying what to change."""
    if not re.fullmatch(SLUG, new.id):
        proposal = ascii_id(new.id)
        if re.fullmatch(SLUG, proposal):
            raise ScaffoldError("scaffold.bad_id_proposal", id=new.id, proposal=proposal)
        raise ScaffoldError("scaffold.bad_id", id=new.id)
    if not new.municipality.strip() or any(not name.strip() for name in new.other_municipalities):
        raise ScaffoldError("scaffold.no_municipality")
    if len(set(new.municipalities)) != len(new.municipalities):
        twice = next(name for name in new.municipalities if new.municipalities.count(name) > 1)
        raise ScaffoldError("scaffold.municipality_twice", name=twice)
    if not new.title.strip():
        raise ScaffoldError("scaffold.no_title")
    if new.municipality_number is not None and not re.fullmatch(r"\d{4}", new.municipality_number):
        raise ScaffoldError("scaffold.bad_number", number=new.municipality_number)
    for year in (new.start, new.end):
        if not 1900 <= year <= 2200:
            raise ScaffoldError("scaffold.bad_year", year=year)
    if new.end < new.start:
        raise ScaffoldError("scaffold.period_backwards", start=new.start, end=new.end)
    if new.state not in STATES:
        raise ScaffoldError("scaffold.unknown_state", state=new.state, states=", ".join(STATES))
    if new.predecessor is not None and not re.fullmatch(SLUG, new.predecessor):
        raise ScaffoldError("scaffold.bad_predecessor", id=new.predecessor)
    if new.predecessor == new.id:
        raise ScaffoldError("scaffold.own_predecessor")
    if not new.focus_areas:
        raise ScaffoldError("scaffold.no_focus_area")
    ids = [slugify(title) for title in new.focus_areas]
    for title, area_id in zip(new.focus_areas, ids, strict=True):
        if not title.strip() or not re.fullmatch(SLUG, area_id):
            raise ScaffoldError("scaffold.bad_focus_area", title=title)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ScaffoldError("scaffold.focus_area_twice", id=duplicates[0])


# --- writing the files ----------------------------------------------------------------


def scalar(value: str | int | None) -> str:
    """A value as YAML that reads back as exactly that value: plain when safe, double-quoted otherwise."""
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    candidates = [value] if value and value == value.strip() and "#" not in value else []
    candidates += [json.dumps(value, ensure_ascii=False), json.dumps(value)]  # a JSON string is a YAML double-quoted scalar
    for text in candidates:
        try:
            if "\n" not in text and yaml.safe_load(f"k: {text}") == {"k": value}:
                return text
        except yaml.YAMLError:
            continue
    raise ScaffoldError("scaffold.not_yaml", value=repr(value))


def _lines(rows: list[tuple[str, str]]) -> str:
    """YAML lines with their comments aligned: `("key: value", "comment")`; an empty first item makes comment
    lines, one `#` line per line of the comment, so no text can leave its comment."""
    out = []
    for text, comment in rows:
        if not text:
            out += [f"# {line}".rstrip() for line in comment.splitlines() or [""]]
        elif comment:
            out.append(f"{text.ljust(COMMENT_COLUMN - 1)} # {' '.join(comment.splitlines())}")
        else:
            out.append(text)
    return "\n".join(out) + "\n"


def _example(code: str, comment: str = "") -> tuple[str, str]:
    """A commented-out example line (`_lines`), its own comment aligned with the others."""
    return "", f"{code.ljust(COMMENT_COLUMN - 3)} # {comment}" if comment else code


def _say(key: str, lang: str) -> str:
    """A comment for the reader: `scaffold.comment.<key>`, in the reader's language."""
    return messages.text(f"scaffold.comment.{key}", lang)


def plan_yaml(new: NewPlan, area_ids: list[str], lang: str = "") -> str:
    def row(text: str, key: str) -> tuple[str, str]:
        return text, _say(key, lang)

    municipality = [row("  - name: " + scalar(new.municipality), "municipality_name")]
    if new.municipality_number:
        municipality.append(row("    number: " + scalar(new.municipality_number), "municipality_number"))
    municipality.append(row("    responsible: true", "responsible"))
    for other in new.other_municipalities:
        municipality.append(row("  - name: " + scalar(other), "other_municipality"))
    several = bool(new.other_municipalities)
    language = plan_language(lang)
    return _lines([
        ("", _say("plan", lang)),
        row("id: " + scalar(new.id), "id"),
        row("title: " + scalar(new.title), "title"),
        row("municipalities:", "municipalities"),
        *municipality,
        row(f"period: {{start: {new.start}, end: {new.end}}}", "period"),
        row("state: " + new.state, "state"),
        row("adoption: null", "adoption"),
        *(_adoptions_example(new, lang) if several else _adoption_example(lang)),
        row("predecessor: " + scalar(new.predecessor), "predecessor"),
        row("previous_adoption: null", "previous_adoption"),
        row("document_date: null", "document_date"),
        row("next_revision: null", "next_revision"),
        row("terms: null", "terms"),
        row("language: " + ("null" if language == messages.DEFAULT else language), "language"),
        row("vision: null", "vision"),
        row("main_goals: []", "main_goals"),
        row("follow_up: null", "follow_up"),
        row("reporting: annual", "reporting"),
        row("related_plans: []", "related_plans"),
        row("working_group: []", "working_group"),
        row("description: null", "description"),
        row("focus_areas:", "focus_areas"),
        *[(f"  - {area_id}", "") for area_id in area_ids],
        row("rules: {}", "rules"),
        row("style: null", "style"),
    ])


def _adoption_example(lang: str) -> list[tuple[str, str]]:
    """One council's adoption, shown as a commented example."""
    return [
        _example("adoption:"),
        _example("  date: null", _say("adoption.date", lang)),
        _example("  body: " + _plan_word("example.body", lang), _say("adoption.body", lang)),
        _example("  case: null", _say("adoption.case", lang)),
        _example("  url: null", _say("adoption.url", lang)),
        _example("  unanimous: true", _say("adoption.unanimous", lang)),
        _example("  decision: []", _say("adoption.decision", lang)),
    ]


def _adoptions_example(new: NewPlan, lang: str) -> list[tuple[str, str]]:
    """Inter-municipal plans: one adoption per council, shown as a commented example."""
    rows = [_example("adoption:", _say("adoptions", lang))]
    for name in new.municipalities:
        rows += [("", f"  - municipality: {name}"), ("", "    date: null"), ("", "    body: null"), ("", "    case: null")]
    return rows


def focus_area_yaml(area_id: str, number: int, title: str, lang: str = "") -> str:
    def row(text: str, key: str) -> tuple[str, str]:
        return text, _say(f"area.{key}", lang)

    def word(key: str) -> str:
        return _plan_word(f"example.{key}", lang)

    return _lines([
        ("", _say("area", lang)),
        row("id: " + scalar(area_id), "id"),
        row(f"number: {number}", "number"),
        row("title: " + scalar(title), "title"),
        row("strategies: []", "strategies"),
        row("description: null", "description"),
        row("goals: []", "goals"),
        _example("goals:"),
        _example(f"  - id: {area_id}-m1", _say("goal.id", lang)),
        _example("    number: 1"),
        _example("    title: " + word("goal_title")),
        _example("    result_goals: []", _say("goal.result_goals", lang)),
        _example("    strategies: []", _say("goal.strategies", lang)),
        _example("    measures:"),
        _example(f"      - id: {area_id}-t1", _say("measure.id", lang)),
        _example("        number: 1", _say("measure.number", lang)),
        _example("        title: " + word("measure_title")),
        _example("        kind: measure", _say("measure.kind", lang)),
        ("", f"        responsible: [{word('responsible')}]  # {_say('measure.responsible', lang)}"),  # longer than the column: two spaces
        _example("        partners: []", _say("measure.partners", lang)),
        _example("        cost: " + word("cost"), _say("measure.cost", lang)),
        _example("        deadline: " + word("deadline"), _say("measure.deadline", lang)),
    ])


def files(new: NewPlan, schemas: str | None = None, lang: str = "") -> dict[str, str]:
    """Relative path to text for every file of the new plan, commented in `lang` (default: RUSPLAN_LANG, else
    bokmål); `schemas` adds modelines (folder relative to the plan)."""
    check(new)
    lang = messages.language(lang)
    if schemas and not schemas_path_ok(schemas):
        raise ScaffoldError("scaffold.bad_schemas", path=schemas)
    area_ids = [slugify(title) for title in new.focus_areas]
    out = {"plan.yaml": plan_yaml(new, area_ids, lang)}
    for number, (area_id, title) in enumerate(zip(area_ids, new.focus_areas, strict=True), start=1):
        out[f"focus-areas/{area_id}.yaml"] = focus_area_yaml(area_id, number, title.strip(), lang)
    if schemas:
        kinds = {"plan.yaml": KINDS["plan"]}
        out = {name: modeline(kinds.get(name, KINDS["focus-area"]), schemas) + "\n" + text for name, text in out.items()}
    return out


def create(target: Path, new: NewPlan, schemas: str | None = None, lang: str = "") -> list[Path]:
    """Write the plan folder, commented in `lang`; refuses an existing target. Returns the files written."""
    texts = files(new, schemas, lang)
    if target.exists() or target.is_symlink():
        raise ScaffoldError("scaffold.exists", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_folder(target, texts)
    return [target / name for name in texts]
