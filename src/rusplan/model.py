"""The plan as data: one pydantic model per plan file, and the assembled `Plan`.

These models are the single source of truth for the plan format: the loader
validates against them, `rusplan show` serialises them, and the Norwegian
titles and descriptions become editor hover text in the exported JSON Schema.

Why one module of about 450 lines: it is the plan format, file by file, in the order
docs/plan-format.md describes it; a reader checks a field against the docs in one place.
The value types the files share (ids, texts, words, cost, deadline) are in values.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, PlainValidator, Tag, field_validator
from pydantic_core import PydanticCustomError

from rusplan.values import (  # noqa: F401 - the value types, also importable from here
    MAX_ID,
    MAX_LINE,
    MAX_PROSE,
    REF,
    SLUG,
    WORDS,
    Cost,
    Deadline,
    DeadlineKind,
    DisplayNumber,
    Id,
    Kind,
    KindValue,
    Language,
    Line,
    Outcome,
    OutcomeValue,
    Period,
    Prose,
    Scope,
    State,
    StateValue,
    Status,
    StatusValue,
    Strict,
    Text,
    TextList,
    _typeable_id,
    accepted_words,
    amount_nok,
    parse_deadline,
)

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
