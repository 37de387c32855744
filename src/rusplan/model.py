"""The plan as data: one pydantic model per plan file, and the assembled `Plan`.

These models are the single source of truth for the plan format: the loader
validates against them, `rusplan show` serialises them, and the Norwegian
titles and descriptions become editor hover text in the exported JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, PlainValidator, Tag, WithJsonSchema, field_validator, model_validator
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

_WITHIN_BUDGET = re.compile(r"inn?e?n?for\s*(?:eksisterende\s+|egen\s+|gjeldende\s+)?ramme", re.I)
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
    if "årlig" in squashed or "hvertår" in squashed:
        return {"kind": "annual"}
    if any(w in squashed for w in ("løpende", "fortløpende", "kontinuerlig")):
        return {"kind": "ongoing"}
    if m := re.search(r"\b(19|20)\d{2}\b", text):
        return {"kind": "year", "year": int(m.group(0))}
    return {"kind": "other"}


# --- plan.yaml --------------------------------------------------------------


class Municipality(Strict):
    name: Text = Field(title="Kommune", description="Kommunens navn.")
    number: str | None = Field(None, pattern=r"^\d{4}$", title="Kommunenummer", description="Firesifret kommunenummer.")
    responsible: bool = Field(False, title="Ansvarlig for rullering", description="Kommunen som har ansvaret for rulleringen (interkommunale planer).")
    responsible_period: Period | None = Field(
        None, title="Ansvarsperiode", description="Årene kommunen har ansvaret for rulleringen, når ansvaret går på omgang mellom kommunene."
    )


class Adoption(Strict):
    municipality: Line | None = Field(None, title="Kommune", description="Kommunen hvis kommunestyre vedtok planen (interkommunale planer: ett vedtak per kommune).")
    date: dt.date | None = Field(None, title="Vedtaksdato", description="Datoen planen ble vedtatt.")
    body: Line | None = Field(None, title="Vedtaksorgan", description="Organet som vedtok planen, f.eks. «Molde kommunestyre».")
    case: Line | None = Field(None, title="Saksnummer", description="Saksnummer eller annen referanse til saken.")
    url: Line | None = Field(None, title="Lenke", description="Lenke til saken eller vedtaket.")
    unanimous: bool | None = Field(None, title="Enstemmig", description="Om vedtaket var enstemmig.")
    decision: list[Text] = Field(default_factory=list, title="Vedtak", description="Vedtaket, punkt for punkt.")


class FollowUp(Strict):
    responsible: TextList = Field(default_factory=list, title="Ansvarlig", description="Hvem som har ansvaret for oppfølgingen av planen.")
    text: Prose | None = Field(None, title="Tekst", description="Hvordan planen skal følges opp.")


class RelatedPlan(Strict):
    title: Text = Field(title="Tittel", description="Navnet på planen.")
    period: Period | None = Field(None, title="Periode", description="Planens periode.")
    url: Line | None = Field(None, title="Lenke")
    note: Prose | None = Field(None, title="Merknad", description="F.eks. «Revideres 2026».")


class Reporting(StrEnum):
    annual = "annual"
    none = "none"


Year = Annotated[int, Field(ge=1900, le=2200, title="År", description="Et årstall, f.eks. 2013.")]


def _adoption_shape(value: Any) -> str:
    return "union:many" if isinstance(value, list) else "union:one"


Adoptions = Annotated[
    Annotated[Adoption, Tag("union:one")] | Annotated[list[Adoption], Tag("union:many")],
    Discriminator(_adoption_shape),
]


class Terms(Strict):
    """The plan's own words for its levels; reports, exports and messages about the plan use them."""

    focus_area: Text | None = Field(None, title="Fokusområde", description="F.eks. «Satsingsområde», «Innsatsområde» (standard «Fokusområde»).")
    goal: Text | None = Field(None, title="Mål", description="F.eks. «Delmål», «Hovedmål» (standard «Mål»).")
    result_goal: Text | None = Field(None, title="Resultatmål", description="F.eks. «Målsetting», «Delmål-indikator» (standard «Resultatmål»).")
    measure: Text | None = Field(None, title="Tiltak", description="F.eks. «Aktivitet» (standard «Tiltak»).")


RuleSetting = Annotated[
    str,
    Field(pattern=r"^(off|error|warning|info)$", title="Regelinnstilling", description="off, error, warning eller info."),
]


class PlanMeta(Strict):
    """plan.yaml: what the plan is, who adopted it and how its parts are ordered."""

    id: Id = Field(title="Plan-id", description="Planens stabile id, lik mappenavnet, f.eks. «molde-2020-2024».")
    _ascii_id = field_validator("id", mode="before")(_typeable_id)
    title: Text = Field(title="Tittel", description="Planens tittel.")
    municipalities: list[Municipality] = Field(min_length=1, title="Kommuner", description="Kommunen(e) planen gjelder for.")
    period: Period = Field(title="Planperiode", description="Første og siste år planen gjelder.")
    state: StateValue = Field(title="Status", description="draft (utkast), consultation (på høring), adopted (vedtatt) eller expired (utløpt).")
    adoption: Adoptions | None = Field(
        None, title="Vedtak", description="Når og hvor planen ble vedtatt; interkommunale planer: en liste med ett vedtak per kommunestyre."
    )
    predecessor: Id | None = Field(None, title="Forrige plan", description="Id-en til planen denne rullerer.")
    previous_adoption: dt.date | Year | None = Field(
        None, title="Forrige plan vedtatt", description="Vedtaksdato for forrige plan når den ikke er lagt inn, eller bare året («vedtatt i 2013»)."
    )
    document_date: dt.date | None = Field(None, title="Dokumentdato", description="Datoen plandokumentet er datert.")
    next_revision: Year | None = Field(None, title="Neste fullstendige rullering", description="Året planen skal rulleres fullstendig neste gang.")
    terms: Terms | None = Field(None, title="Planens ord", description="Planens egne ord for nivåene, f.eks. {focus_area: Innsatsområde, goal: Delmål}.")
    language: Language | None = Field(
        None, title="Språk", description="Målformen rapportene om planen skrives på: nb (bokmål, standard) eller nn (nynorsk). --lang går foran."
    )
    vision: Prose | None = Field(None, title="Visjon")
    main_goals: list[Text] = Field(default_factory=list, title="Hovedmål")
    follow_up: FollowUp | None = Field(None, title="Oppfølging", description="Hvem som følger opp planen, og hvordan.")
    reporting: Reporting | None = Field(None, title="Rapportering", description="annual (årlig) eller none.")
    related_plans: list[RelatedPlan] = Field(default_factory=list, title="Relaterte planer")
    working_group: list[Text] = Field(default_factory=list, title="Arbeidsgruppe")
    description: Prose | None = Field(None, title="Beskrivelse", description="Bakgrunn eller sammendrag (enkel Markdown).")
    focus_areas: list[Id] = Field(min_length=1, title="Fokusområder", description="Fokusområdenes id-er i planens rekkefølge; hver har sin fil i focus-areas/.")
    rules: dict[str, RuleSetting] = Field(default_factory=dict, title="Regler", description="Slå av regler eller endre alvorlighetsgrad, f.eks. «RP501: off».")
    style: Line | None = Field(
        None,
        title="Kommunens profil",
        description="Stilfil (YAML) med logo, hovedfarge og bunntekst for rapportene, regnet fra planmappen, f.eks. «../../profil/stil.yaml».",
    )

    @field_validator("rules", mode="before")
    @classmethod
    def _off_is_not_false(cls, value: Any) -> Any:
        """YAML 1.1 reads a bare `off` as false; a secretary means the word."""
        if isinstance(value, dict):
            return {k: "off" if v is False else v for k, v in value.items()}
        return value

    @field_validator("rules")
    @classmethod
    def _rule_codes(cls, value: dict[str, str]) -> dict[str, str]:
        for code in value:
            if not re.fullmatch(r"RP\d{3}", code):
                raise PydanticCustomError("rule_code", "unknown rule code", {"code": code[:20]})
        return value


# --- focus-areas/<id>.yaml ----------------------------------------------------


class Measure(Strict):
    """Tiltak: the unit everything else (status, evaluation, roll-forward) refers to."""

    id: Id = Field(title="Id", description="Tiltakets stabile id, unik i planen.")
    _ascii_id = field_validator("id", mode="before")(_typeable_id)
    number: DisplayNumber | None = None
    title: Text = Field(title="Tiltak", description="Tiltaket slik planen formulerer det.")
    description: Prose | None = Field(None, title="Beskrivelse")
    sub_points: list[Text] = Field(default_factory=list, title="Underpunkter")
    kind: KindValue = Field(Kind.measure, title="Type", description="measure («Tiltak») eller responsibility («Ansvar»: løpende oppgave).")
    responsible: TextList = Field(default_factory=list, title="Ansvarlig", description="Ansvarlige enheter, én per linje (eller én enhet som tekst).")
    partners: TextList = Field(default_factory=list, title="Samarbeidspartnere")
    cost: Cost | None = Field(None, title="Kostnad", description="Kostnaden med planens ordlyd, f.eks. «Innenfor ramme».")
    deadline: Deadline | None = Field(None, title="Frist", description="Et år, en dato, «I planperioden» eller «Årlig».")
    carried_from: Line | None = Field(None, pattern=REF, title="Videreført fra", description="Tiltaket i forrige plan dette viderefører: «plan-id/tiltak-id».")
    review: list[Line] = Field(
        default_factory=list,
        title="Til vurdering",
        description="Det som gjenstår å avgjøre etter rullering, som korte koder: «deadline» (sett ny frist), "
        "«outcome-unknown» (resultatet i forrige plan er ukjent: avgjør om tiltaket skal beholdes). Fjern koden når saken er avgjort.",
    )
    tags: list[Text] = Field(default_factory=list, title="Stikkord")


class Goal(Strict):
    id: Id = Field(title="Id", description="Målets stabile id, unik i planen.")
    _ascii_id = field_validator("id", mode="before")(_typeable_id)
    number: DisplayNumber | None = None
    title: Text = Field(title="Mål", description="Målet slik planen formulerer det.")
    description: Prose | None = Field(None, title="Beskrivelse")
    result_goals: list[Text] = Field(default_factory=list, title="Resultatmål")
    strategies: list[Text] = Field(default_factory=list, title="Strategier")
    responsible: list[Text] = Field(
        default_factory=list, title="Ansvarlig", description="Ansvarlige enheter for målet; gjelder hvert tiltak under målet som ikke har sine egne."
    )
    measures: list[Measure] = Field(default_factory=list, title="Tiltak")


class FocusArea(Strict):
    """focus-areas/<id>.yaml: one chapter of the plan."""

    id: Id = Field(title="Id", description="Fokusområdets stabile id, lik filnavnet.")
    _ascii_id = field_validator("id", mode="before")(_typeable_id)
    number: DisplayNumber | None = None
    title: Text = Field(title="Fokusområde", description="Fokusområdets (satsingsområdets) navn.")
    strategies: list[Text] = Field(default_factory=list, title="Strategier", description="Kommuneplanens strategier fokusområdet er forankret i.")
    description: Prose | None = Field(None, title="Beskrivelse")
    goals: list[Goal] = Field(default_factory=list, title="Mål")


# --- evaluation.yaml ----------------------------------------------------------


class EvaluationItem(Strict):
    measure: Id = Field(title="Tiltak", description="Id-en til tiltaket i forrige plan.")
    number: DisplayNumber | None = None
    title: Line | None = Field(None, title="Tiltak (tekst)")
    outcome: OutcomeValue = Field(
        title="Resultat",
        description="done (gjennomført), partly_done (delvis), not_done (ikke gjennomført), discontinued (avviklet) eller not_evaluated (ikke vurdert).",
    )
    comment: Prose | None = Field(None, title="Kommentar")
    continued: bool = Field(False, title="Videreføres", description="Om tiltaket videreføres i den nye planen.")


class Evaluation(Strict):
    """evaluation.yaml: how the predecessor plan went, measure by measure."""

    plan: Id = Field(title="Evaluert plan", description="Id-en til planen som evalueres (forrige plan).")
    legend: Prose | None = Field(None, title="Tegnforklaring")
    text: Prose | None = Field(None, title="Tekst", description="Generelle merknader til evalueringen.")
    items: list[EvaluationItem] = Field(default_factory=list, title="Tiltak")


# --- status/<year>.yaml -------------------------------------------------------


class StatusItem(Strict):
    measure: Id = Field(title="Tiltak", description="Id-en til tiltaket det rapporteres på.")
    status: StatusValue = Field(title="Status", description="planned, in_progress, done, partly_done, not_done eller discontinued.")
    note: Prose | None = Field(None, title="Merknad")
    date: dt.date | None = Field(None, title="Dato")
    source: Line | None = Field(None, title="Kilde")
    continued: bool = Field(False, title="Videreføres", description="Gjennomført, men fortsetter som fast tiltak.")


class StatusReport(Strict):
    """status/<year>.yaml: reported, never edited into the measures."""

    year: int = Field(ge=1900, le=2200, title="År")
    date: dt.date | None = Field(None, title="Dato")
    source: Line | None = Field(None, title="Kilde")
    summary: Prose | None = Field(None, title="Sammendrag")
    measures: list[StatusItem] = Field(default_factory=list, title="Tiltak")


# --- indicators.yaml ----------------------------------------------------------


_SPAN = re.compile(r"^(\d{4})\s?[–-]\s?(\d{4})$")


def _year_or_span(value: Any) -> int | str:
    """A year (2018), or a span «2015-2016» / «2015–2016» kept with an en dash, the first year before the last."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if text.isascii() and text.isdecimal() and len(text) <= 4:
        return int(text)
    match = _SPAN.match(text)
    if not match or not (1900 <= int(match.group(1)) < int(match.group(2)) <= 2200):
        raise PydanticCustomError("year_span", "not a year or span", {"value": text[:20]})
    return f"{match.group(1)}–{match.group(2)}"


YearKey = Annotated[int | str, PlainValidator(_year_or_span)]


def span_years(key: int | str) -> tuple[int, int]:
    """First and last year of an indicator key: 2018 → (2018, 2018), «2015–2016» → (2015, 2016)."""
    if isinstance(key, int):
        return key, key
    first, _, last = key.partition("–")
    return int(first), int(last)


class Indicator(Strict):
    id: Id = Field(title="Id")
    title: Text = Field(title="Indikator")
    source: Line | None = Field(None, title="Kilde", description="Ungdata, BrukerPlan, KOSTRA, politiet, alkoholomsetning …")
    unit: Line | None = Field(None, title="Enhet", description="antall, prosent, liter, per 1000 …")
    scope: Scope = Field(Scope.municipality, title="Nivå", description="municipality, region, county eller national.")
    area: Line | None = Field(None, title="Område", description="F.eks. en tidligere kommune.")
    group: Line | None = Field(None, title="Gruppe", description="F.eks. «ungdomsskole».")
    municipality: Line | None = Field(None, title="Kommune", description="Kommunen tallene gjelder (interkommunale planer).")
    values: dict[YearKey, float] = Field(min_length=1, title="Verdier", description="År: verdi, eller et spenn av år: verdi («2015–2016»).")
    note: Prose | None = Field(None, title="Merknad")

    @field_validator("values", mode="before")
    @classmethod
    def _one_value_per_span(cls, value: Any) -> Any:
        """«2015-2016» and «2015–2016» are the same span: two values for it would silently lose one."""
        if isinstance(value, dict):
            seen: set[Any] = set()
            for key in value:
                try:
                    same = _year_or_span(key)
                except ValueError:
                    continue  # reported at its key by the key's own validation
                if same in seen:
                    raise PydanticCustomError("year_twice", "two values for a year", {"year": str(same)[:20]})
                seen.add(same)
        return value


class Indicators(Strict):
    indicators: list[Indicator] = Field(default_factory=list, title="Indikatorer")


# --- alcohol.yaml -------------------------------------------------------------

_CLOCK = r"^([01]\d|2[0-4]):[0-5]\d$"


class Hours(Strict):
    start: str = Field(alias="from", pattern=_CLOCK, title="Fra kl.")
    end: str = Field(alias="to", pattern=_CLOCK, title="Til kl.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SalesHours(Strict):
    weekdays: Hours | None = Field(None, title="Hverdager")
    before_holidays: Hours | None = Field(None, title="Dager før søn- og helligdager")


class ServingHours(Strict):
    group_1_2: Hours | None = Field(None, title="Gruppe 1 og 2")
    group_3: Hours | None = Field(None, title="Gruppe 3")


class Alcohol(Strict):
    """alcohol.yaml: the alkoholpolitisk part the law's minimum rules apply to."""

    sales_licences: int | None = Field(None, ge=0, title="Salgsbevillinger")
    serving_licences: int | None = Field(None, ge=0, title="Skjenkebevillinger")
    controls_per_year: int | None = Field(None, ge=0, title="Kontroller per år")
    controls_per_outlet: float | None = Field(None, ge=0, title="Kontroller per sted per år")
    sales_hours: SalesHours | None = Field(None, title="Salgstider")
    serving_hours: ServingHours | None = Field(None, title="Skjenketider")
    note: Prose | None = Field(None, title="Merknad")
    municipality: Line | None = Field(None, title="Kommune", description="Kommunen den alkoholpolitiske delen gjelder (interkommunale planer).")


# --- units.yaml ----------------------------------------------------------------


class Unit(Strict):
    name: Text = Field(title="Enhet", description="Enhetens navn slik kommunen skriver det.")
    aliases: list[Text] = Field(default_factory=list, title="Andre navn", description="Andre skrivemåter planen bruker for samme enhet.")


class Units(Strict):
    """units.yaml: the municipality's units, each with the other names plans use for it."""

    units: list[Unit] = Field(default_factory=list, title="Enheter")


# --- the assembled plan -------------------------------------------------------


class Plan(BaseModel):
    """All files of one plan folder, assembled; what `rusplan show` prints."""

    model_config = ConfigDict(frozen=True)

    meta: PlanMeta
    focus_areas: list[FocusArea]
    evaluation: Evaluation | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    alcohol: Alcohol | None = None
    status_reports: dict[int, StatusReport] = Field(default_factory=dict)
    licences: LicenceRegister | None = None  # noqa: F821 - alcohol/licences.yaml, resolved by alcoholmodel.py
    controls: dict[int, ControlLog] = Field(default_factory=dict)  # noqa: F821 - alcohol/controls/<year>.yaml
    units: list[Unit] = Field(default_factory=list)

    @property
    def id(self) -> str:
        return self.meta.id

    def measures(self):
        """Every measure in plan order, with its focus area and goal."""
        for area in self.focus_areas:
            for goal in area.goals:
                for measure in goal.measures:
                    yield area, goal, measure

    @functools.cached_property
    def measure_index(self) -> dict[str, tuple[FocusArea, Goal, Measure]]:
        """Each measure by id, built once: looking one up per measure must not scan the plan each time."""
        return {measure.id: (area, goal, measure) for area, goal, measure in self.measures()}

    def responsible(self, goal: Goal, measure: Measure) -> tuple[list[str], str | None]:
        """A measure's effective responsible units and where they come from: its own, else its goal's."""
        return effective_responsible(goal, measure)

    def references(self) -> dict[str, str]:
        """Each measure's quotable reference: its number, else goal number and position («2.3»), else its id."""
        numbers = [str(goal.number) for area in self.focus_areas for goal in area.goals if goal.number is not None]
        restart = len(numbers) != len(set(numbers))  # «Delmål 1» in every area: quote the area too
        out: dict[str, str] = {}
        for area in self.focus_areas:
            prefix = area.number if restart else None
            for goal in area.goals:
                for position, measure in enumerate(goal.measures, start=1):
                    out[measure.id] = quotable(goal, position, measure, prefix)
        return out


def effective_responsible(goal: Goal, measure: Measure) -> tuple[list[str], str | None]:
    """(units, "measure" | "goal" | None): a measure without its own responsible gets its goal's."""
    if measure.responsible:
        return list(measure.responsible), "measure"
    if goal.responsible:
        return list(goal.responsible), "goal"
    return [], None


def quotable(goal: Goal, position: int, measure: Measure, prefix: int | str | None = None) -> str:
    """What a council member can quote: «12», «1.1»; unnumbered, «2.3» (goal 2, third measure); else the id.

    `prefix` (the focus area's number) comes first where goal numbers start again in each area: «2.1.3».
    """
    if measure.number is not None:
        return str(measure.number)
    if goal.number is None:
        return measure.id
    return f"{prefix}.{goal.number}.{position}" if prefix is not None else f"{goal.number}.{position}"


# The alcohol register and control logs live in their own module, which builds on this one
# and completes `Plan` (its `licences` and `controls` fields) when it is imported.
import rusplan.alcoholmodel  # noqa: E402, F401
