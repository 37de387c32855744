"""The values a plan file holds: ids and texts within their limits, the words for statuses,
outcomes, states and kinds (in bokmål and nynorsk as people write them), and costs and
deadlines kept as worded with their meaning derived.

The file models in model.py are built from these; the limits here are what keeps a
stranger's plan text from costing unbounded time (docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
REF = r"^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$"

# How long a text each field accepts (docs/security.md). Every command reads these fields
# first, so the limits bound the time any later step spends on one value; the longest text
# in the bundled plans is a 2 915-character description.
MAX_ID = 100  # an id
MAX_LINE = 1_000  # a title, a name, a list item, the wording of a cost or a deadline
MAX_PROSE = 20_000  # a description, a note, a comment

Id = Annotated[
    str, Field(pattern=SLUG, max_length=MAX_ID, title="Id", description="Stabil id: små bokstaver a–z, sifre og bindestrek. Endres aldri.")
]
_DISPLAY_NUMBER = re.compile(r"(?:[0-9]{1,6}[a-z]?|[a-z])(?:\.(?:[0-9]{1,6}[a-z]?|[a-z]))*\.?", re.I)


def _display_number(value: Any) -> Any:
    """«1», «1.3», «3a»: digits, dots and a letter. An unquoted 1.3 comes as text from the loader."""
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str) and (len(value) > 40 or not _DISPLAY_NUMBER.fullmatch(value.strip())):
        raise PydanticCustomError("display_number", "display number", {"value": value[:40]})
    return value.strip() if isinstance(value, str) else value


DisplayNumber = Annotated[
    int | str,
    BeforeValidator(_display_number),
    Field(title="Nummer", description="Visningsnummer slik dokumentet skriver det (1, «1.1», «3a»). Kan nummereres om."),
]
Text = Annotated[str, Field(min_length=1, max_length=MAX_LINE)]
Line = Annotated[str, Field(max_length=MAX_LINE)]
Prose = Annotated[str, Field(max_length=MAX_PROSE)]


def _one_or_many(value: Any) -> Any:
    """`responsible: Servicetorget` is a list of one, as a secretary would mean it."""
    return [value] if isinstance(value, str) else value


_ONE_TEXT = {"type": "string", "minLength": 1, "maxLength": MAX_LINE}
TextList = Annotated[
    list[Text],
    BeforeValidator(_one_or_many),
    WithJsonSchema({"anyOf": [_ONE_TEXT, {"type": "array", "items": _ONE_TEXT}]}),
]


def _typeable_id(value: Any) -> Any:
    """An id written with æ, ø or å is refused with the ASCII id to use (æ→ae, ø→o, å→a)."""
    if isinstance(value, str) and any(ch in value for ch in "æøåÆØÅ"):
        from rusplan.asciiid import ascii_id

        raise PydanticCustomError("ascii_id", "id with æ, ø or å", {"id": ascii_id(value[:200])})
    return value


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key would otherwise silently lose text."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Status(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    partly_done = "partly_done"
    not_done = "not_done"
    discontinued = "discontinued"


class Outcome(StrEnum):
    done = "done"
    partly_done = "partly_done"
    not_done = "not_done"
    discontinued = "discontinued"
    not_evaluated = "not_evaluated"


class State(StrEnum):
    draft = "draft"
    consultation = "consultation"
    adopted = "adopted"
    expired = "expired"


class Kind(StrEnum):
    measure = "measure"
    responsibility = "responsibility"


class Language(StrEnum):
    """The languages a plan's reports can be written in: bokmål and nynorsk."""

    nb = "nb"
    nn = "nn"


class Scope(StrEnum):
    municipality = "municipality"
    region = "region"
    county = "county"
    national = "national"


# The Norwegian words a secretary writes, accepted as the codes they mean (bokmål and nynorsk).
WORDS: dict[str, dict[str, str]] = {
    "Status": {
        "planlagt": "planned", "pågår": "in_progress", "i gang": "in_progress", "gjennomført": "done", "gjennomførd": "done",
        "delvis gjennomført": "partly_done", "delvis gjennomførd": "partly_done", "ikke gjennomført": "not_done",
        "ikkje gjennomført": "not_done", "ikkje gjennomførd": "not_done", "avviklet": "discontinued", "avvikla": "discontinued",
    },
    "State": {"utkast": "draft", "på høring": "consultation", "på høyring": "consultation", "høring": "consultation",
              "høyring": "consultation", "vedtatt": "adopted", "vedteken": "adopted", "utløpt": "expired", "utgått": "expired"},
    "Kind": {"tiltak": "measure", "ansvar": "responsibility"},
}
WORDS["Outcome"] = {word: code for word, code in WORDS["Status"].items() if code in Outcome.__members__}
WORDS["Outcome"] |= {"ikke vurdert": "not_evaluated", "ikkje vurdert": "not_evaluated"}


def accepted_words(enum: type[StrEnum], *, variants: bool = True) -> list[str]:
    """The values a field of this kind accepts: the Norwegian words (or only the first for each code), then the codes."""
    words = WORDS.get(enum.__name__, {})
    shown = list(words) if variants else list({code: word for word, code in reversed(words.items())}.values())[::-1]
    return [*shown, *(member.value for member in enum)]


def _worded(enum: type[StrEnum]) -> Any:
    """An enum field that also takes the Norwegian word for each code; the schema offers both."""
    words = WORDS.get(enum.__name__, {})

    def to_code(value: Any) -> Any:
        return words.get(" ".join(value.lower().split()), value) if isinstance(value, str) and len(value) < 100 else value

    return Annotated[enum, BeforeValidator(to_code), WithJsonSchema({"type": "string", "enum": accepted_words(enum)})]


StatusValue = _worded(Status)
OutcomeValue = _worded(Outcome)
StateValue = _worded(State)
KindValue = _worded(Kind)


class Period(Strict):
    start: int = Field(ge=1900, le=2200, title="Fra år", description="Første år i planperioden.")
    end: int = Field(ge=1900, le=2200, title="Til år", description="Siste år i planperioden.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise PydanticCustomError("period_order", "end before start", {"start": self.start, "end": self.end})
        return self


# --- cost and deadline: keep the wording, derive the meaning ---------------

# «innenfor (eksisterende) ramme», nynorsk «innanfor (eksisterande) ramma»: one optional word, no nested repeats
_WITHIN_BUDGET = re.compile(r"inn?[ae]?n?for\s*(?:eksisterende\s+|eksisterande\s+|egen\s+|eiga?\s+|gjeldende\s+|gjeldande\s+)?ramm[ea]", re.I)
_GRANT = re.compile(r"tilskudd|tilskot|prosjektmidler|øremerke", re.I)
_INVESTMENT = re.compile(r"investering", re.I)
_NUMBER = re.compile(r"\d[\d .]*")  # a run of digits, spaces and points: runs never overlap, so finditer is linear
_UNIT_AFTER = re.compile(r"\s*(?:kr\b|kroner|nok\b|,-)", re.I)
_UNIT_BEFORE = ("kr.", "kr", "nok")


def amount_nok(text: str) -> int | None:
    """The first amount in kroner in `text` («kr 50 000», «50 000 kr», «50 000,-»), in time linear in its length.

    Reads what the pattern `(?:kr\\.?|nok)\\s*(\\d[\\d .]*\\d|\\d)|(\\d[\\d .]*\\d|\\d)\\s*(?:kr\\b|kroner|nok\\b|,-)`
    found with `re.search`, which backtracked: quadratic, so «1 1 1 …» (16 KB) took 7 s.
    Both forms take a number from the start of a run to its last digit, so the first run with
    a unit before or after it gives the amount.
    """
    for run in _NUMBER.finditer(text):
        number = run.group().rstrip(" .")
        before = run.start()
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if text[max(before - 3, 0) : before].lower().endswith(_UNIT_BEFORE) or _UNIT_AFTER.match(text, run.start() + len(number)):
            return int(re.sub(r"\D", "", number))
    return None


class Cost(Strict):
    """Kostnad: the plan's own wording plus what it means."""

    text: Line = Field(title="Tekst", description="Kostnaden slik planen formulerer den, f.eks. «Innenfor ramme/tilskudd».")
    within_budget: bool = Field(False, title="Innenfor ramme", description="Dekkes innenfor eksisterende budsjettramme.")
    grant: bool = Field(False, title="Tilskudd", description="Finansieres helt eller delvis med tilskudd.")
    investment: bool = Field(False, title="Investering", description="Krever investering.")
    amount_nok: int | None = Field(None, ge=0, title="Beløp (kr)", description="Beløp i kroner, når planen oppgir det.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = {"text": str(value)}
        if isinstance(value, dict) and isinstance(value.get("text"), str) and len(value["text"]) <= MAX_LINE:  # longer: the length finding
            value = {**dict(_cost_meaning(value["text"])), **value}
        return value


@functools.lru_cache(maxsize=4096)
def _cost_meaning(text: str) -> tuple[tuple[str, Any], ...]:
    """What a cost's wording means; plans repeat a few wordings («Innenfor ramme») hundreds of times, so it is read once."""
    derived: dict[str, Any] = {
        "within_budget": bool(_WITHIN_BUDGET.search(text)),
        "grant": bool(_GRANT.search(text)),
        "investment": bool(_INVESTMENT.search(text)),
    }
    amount = amount_nok(text)
    if amount is not None:
        derived["amount_nok"] = amount
    return tuple(derived.items())


class DeadlineKind(StrEnum):
    year = "year"
    date = "date"
    period = "period"
    annual = "annual"
    ongoing = "ongoing"
    other = "other"


_DATE_NO = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


class Deadline(Strict):
    """Frist: the plan's own wording plus what it means."""

    text: Line = Field(title="Tekst", description="Fristen slik planen formulerer den: et år, en dato, «I planperioden», «Årlig».")
    kind: DeadlineKind = Field(DeadlineKind.other, title="Type", description="year, date, period (i planperioden), annual (årlig), ongoing (løpende) eller other.")
    year: int | None = Field(None, title="År", description="Året fristen gjelder, når det kan leses ut.")
    date: dt.date | None = Field(None, title="Dato", description="Datoen fristen gjelder, når planen oppgir en.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            value = {"text": value.strftime("%d.%m.%Y"), "kind": "date", "date": value, "year": value.year}
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            value = {"text": str(value)}
        if isinstance(value, dict) and isinstance(value.get("text"), str) and "kind" not in value and len(value["text"]) <= MAX_LINE:
            value = {**dict(_deadline_meaning(value["text"])), **value}
        return value


@functools.lru_cache(maxsize=4096)
def _deadline_meaning(text: str) -> tuple[tuple[str, Any], ...]:
    """parse_deadline, read once per wording («I planperioden», «2026» recur in every plan)."""
    return tuple(parse_deadline(text).items())


def parse_deadline(text: str) -> dict[str, Any]:
    """Read what a deadline's wording means; unknown wording stays `other`."""
    squashed = re.sub(r"\s+", "", text).lower()
    if m := _YEAR.match(text):
        return {"kind": "year", "year": int(m.group(1))}
    if m := _DATE_NO.search(text):
        day, month, year = (int(g) for g in m.groups())
        try:
            return {"kind": "date", "date": dt.date(year, month, day), "year": year}
        except ValueError:
            return {"kind": "other"}
    if "planperiode" in squashed:
        return {"kind": "period"}
    if any(w in squashed for w in ("årlig", "årleg", "hvertår", "kvartår")):  # bokmål and nynorsk
        return {"kind": "annual"}
    if any(w in squashed for w in ("løpende", "løpande", "fortløpende", "fortløpande", "kontinuerlig", "kontinuerleg")):
        return {"kind": "ongoing"}
    if m := re.search(r"\b(19|20)\d{2}\b", text):
        return {"kind": "year", "year": int(m.group(0))}
    return {"kind": "other"}
