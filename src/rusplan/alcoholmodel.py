"""The alcohol policy part in full: the licence register and the yearly control logs.

`alcohol/licences.yaml` lists the outlets and their licences; `alcohol/controls/<year>.yaml`
logs every control of that year with the breaches found and the penalty points
given. The counts in `alcohol.yaml` are derived from these when they exist.
The penalty categories and their points (alkoholforskriften § 10-3) live here,
beside the model, so the rules, the reports and the schema read one table.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from rusplan.model import Hours, Id, Line, Prose, Strict, Text

LICENCES_FILE = "alcohol/licences.yaml"
CONTROLS_DIR = "alcohol/controls"


class LicenceKind(StrEnum):
    sales = "sales"
    serving = "serving"
    ambulatory = "ambulatory"
    single_occasion = "single_occasion"
    monopoly = "monopoly"


# Licences the municipality grants for a licence period and must control (alkoholforskriften § 9-7).
PERMANENT = (LicenceKind.sales, LicenceKind.serving)


class ControlKind(StrEnum):
    sales = "sales"
    serving = "serving"
    technical = "technical"


# The breaches alkoholforskriften § 10-3 gives points for, as Helsedirektoratet and municipalities summarise it.
class Category(StrEnum):
    minor = "minor"
    assistance_duty = "assistance_duty"
    responsible_operation = "responsible_operation"
    obstructing_control = "obstructing_control"
    intoxicated = "intoxicated"
    hours = "hours"
    spirits_under_20 = "spirits_under_20"
    staff_age = "staff_age"
    intoxicated_on_premises = "intoxicated_on_premises"
    internal_control = "internal_control"
    turnover_report = "turnover_report"
    fee = "fee"
    manager = "manager"
    advertising = "advertising"
    other = "other"


# Points for a normal case of each breach (alkoholforskriften § 10-3); «other» has none fixed.
POINTS: dict[Category, int] = {
    Category.minor: 8,
    Category.assistance_duty: 8,
    Category.responsible_operation: 8,
    Category.obstructing_control: 8,
    Category.intoxicated: 4,
    Category.hours: 4,
    Category.spirits_under_20: 4,
    Category.staff_age: 4,
    Category.intoxicated_on_premises: 2,
    Category.internal_control: 2,
    Category.turnover_report: 2,
    Category.fee: 2,
    Category.manager: 2,
    Category.advertising: 1,
}

CATEGORY_HELP = (
    "Bruddkategori (alkoholforskriften § 10-3): 8 prikker: minor (salg/skjenking til person under 18 år), "
    "assistance_duty (bistandsplikten), responsible_operation (forsvarlig drift), obstructing_control (hindring av kontroll); "
    "4 prikker: intoxicated (til åpenbart påvirket person), hours (salgs-, utleverings- eller skjenketid), "
    "spirits_under_20 (gruppe 3 til person på 18 eller 19 år), staff_age (alderskravet for den som selger eller skjenker); "
    "2 prikker: intoxicated_on_premises (åpenbart påvirket person gis adgang eller blir ikke bedt om å gå), "
    "internal_control (internkontroll), turnover_report (omsetningsoppgave), fee (bevillingsgebyr), manager (styrer og stedfortreder); "
    "1 prikk: advertising (reklameforbudet); other (annet brudd: oppgi points)."
)


class SalesHoursPolicy(Strict):
    weekdays: Hours | None = Field(None, title="Hverdager", description="Salgstid mandag–fredag, f.eks. from: \"08:00\", to: \"20:00\".")
    before_holidays: Hours | None = Field(None, title="Dager før søn- og helligdager", description="Salgstid lørdag og dager før helligdager, f.eks. 08:00–18:00.")
    sundays_and_holidays: Hours | None = Field(
        None, title="Søn- og helligdager", description="Salg er ikke tillatt på søn- og helligdager (alkoholloven § 3-7); står det en tid her, er det et brudd."
    )


class ServingHoursPolicy(Strict):
    group_1_2: Hours | None = Field(None, title="Gruppe 1 og 2", description="Skjenketid for øl og vin (høyst 06:00–03:00).")
    group_3: Hours | None = Field(None, title="Gruppe 3", description="Skjenketid for brennevin (høyst 13:00–03:00, og ikke utenfor tiden for gruppe 1 og 2).")


class Decision(Strict):
    date: dt.date | None = Field(None, title="Vedtaksdato")
    body: Line | None = Field(None, title="Vedtaksorgan", description="F.eks. «kommunestyret».")
    case: Line | None = Field(None, title="Saksnummer")


class Withdrawal(Strict):
    """Inndragning: the decision that follows 12 points (alkoholforskriften § 10-2)."""

    decided: dt.date = Field(title="Vedtatt", description="Datoen inndragningen ble vedtatt.")
    start: dt.date | None = Field(None, alias="from", title="Fra", description="Første dag bevillingen er inndratt.")
    end: dt.date | None = Field(None, alias="to", title="Til", description="Siste dag bevillingen er inndratt.")
    case: Line | None = Field(None, title="Saksnummer")
    note: Prose | None = Field(None, title="Merknad")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Licence(Strict):
    """One licence of an outlet: kind, groups, hours and validity."""

    id: Id = Field(title="Id", description="Bevillingens stabile id, unik i registeret.")
    kind: LicenceKind = Field(
        title="Type",
        description="sales (salgsbevilling), serving (skjenkebevilling), ambulatory (ambulerende skjenkebevilling), "
        "single_occasion (bevilling for en enkelt anledning) eller monopoly (Vinmonopolets utsalg: ikke kommunal bevilling).",
    )
    groups: list[int] = Field(default_factory=list, title="Alkoholgrupper", description="1 (øl, cider, rusbrus), 2 (vin) og/eller 3 (brennevin).")
    sales_hours: SalesHoursPolicy | None = Field(None, title="Salgstider", description="Bevillingens salgstider (salgsbevilling, gruppe 1).")
    serving_hours: ServingHoursPolicy | None = Field(None, title="Skjenketider", description="Bevillingens skjenketider inne.")
    outdoor_hours: ServingHoursPolicy | None = Field(None, title="Skjenketider ute", description="Skjenketider for uteservering.")
    valid_from: dt.date | None = Field(None, title="Gyldig fra")
    valid_to: dt.date | None = Field(None, title="Gyldig til", description="Siste dag bevillingen gjelder; senest 30. september året etter kommunevalg (§ 1-6).")
    decision: Decision | None = Field(None, title="Vedtak", description="Vedtaket som ga bevillingen.")
    continued: Decision | None = Field(
        None, title="Videreført", description="Kommunestyrets vedtak om at bevillingen fortsetter i en ny bevillingsperiode (alkoholloven § 1-6)."
    )
    conditions: list[Text] = Field(default_factory=list, title="Vilkår", description="Vilkår satt i bevillingen.")
    withdrawals: list[Withdrawal] = Field(default_factory=list, title="Inndragninger", description="Vedtak om inndragning av bevillingen.")
    note: Prose | None = Field(None, title="Merknad")

    @field_validator("groups")
    @classmethod
    def _groups(cls, value: list[int]) -> list[int]:
        for group in value:
            if group not in (1, 2, 3):
                raise PydanticCustomError("alcohol_group", "no such alcohol group", {"group": group})
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Licence:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise PydanticCustomError("valid_order", "valid_to before valid_from", {"start": self.valid_from.isoformat(), "end": self.valid_to.isoformat()})
        return self


class Outlet(Strict):
    """A salgs- or skjenkested with its licences."""

    id: Id = Field(title="Id", description="Stedets stabile id; kontrolloggen viser til den.")
    name: Text = Field(title="Navn", description="Stedets navn.")
    owner: Line | None = Field(None, title="Bevillingshaver", description="Selskapet eller personen som har bevillingen.")
    address: Line | None = Field(None, title="Adresse")
    municipality: Line | None = Field(None, title="Kommune", description="I en interkommunal plan: kommunen stedet ligger i (som i plan.yaml).")
    licences: list[Licence] = Field(default_factory=list, title="Bevillinger")
    note: Prose | None = Field(None, title="Merknad")


class ControlPolicy(Strict):
    min_controllers_serving: int = Field(
        2, ge=1, le=10, title="Kontrollører ved skjenkekontroll", description="Minste antall kontrollører ved kontroll av skjenkested (alkoholforskriften § 9-5: to)."
    )
    min_controllers_sales: int = Field(
        1, ge=1, le=10, title="Kontrollører ved salgskontroll", description="Minste antall kontrollører ved kontroll av salgssted (alkoholforskriften § 9-5: én)."
    )


class LicenceRegister(Strict):
    """alcohol/licences.yaml: every outlet in the municipality and its licences."""

    outlets: list[Outlet] = Field(default_factory=list, title="Salgs- og skjenkesteder")
    control_policy: ControlPolicy = Field(default_factory=ControlPolicy, title="Kontrollrutiner", description="Krav kommunen stiller til kontrollene.")
    note: Prose | None = Field(None, title="Merknad")

    def outlet(self, outlet_id: str) -> Outlet | None:
        return next((o for o in self.outlets if o.id == outlet_id), None)


class Breach(Strict):
    category: Category = Field(title="Brudd", description=CATEGORY_HELP)
    text: Prose | None = Field(None, title="Beskrivelse", description="Hva kontrollen avdekket.")
    points: int | None = Field(None, ge=0, le=100, title="Prikker", description="Prikkene som ble tildelt; uten verdi gjelder forskriftens antall for kategorien.")
    decided: dt.date | None = Field(None, title="Prikker vedtatt", description="Datoen prikkene ble tildelt.")
    note: Prose | None = Field(None, title="Merknad", description="Begrunnelse når prikkene avviker fra forskriften (formildende eller skjerpende omstendigheter).")

    @model_validator(mode="after")
    def _other_needs_points(self) -> Breach:
        if self.category is Category.other and self.points is None:
            raise PydanticCustomError("other_needs_points", "category other needs points", {})
        return self

    @property
    def standard_points(self) -> int | None:
        return POINTS.get(self.category)

    @property
    def given(self) -> int:
        """The points given: as written, else the regulation's for the category."""
        return self.points if self.points is not None else POINTS.get(self.category, 0)


class Control(Strict):
    date: dt.date = Field(title="Dato", description="Datoen kontrollen ble gjort.")
    time: Line | None = Field(None, pattern=r"^([01]\d|2[0-4]):[0-5]\d$", title="Klokkeslett")
    outlet: Id = Field(title="Sted", description="Id-en til stedet i alcohol/licences.yaml.")
    kind: ControlKind = Field(title="Type", description="sales (salgskontroll), serving (skjenkekontroll) eller technical (teknisk kontroll).")
    controllers: int | None = Field(None, ge=0, le=20, title="Kontrollører", description="Antall kontrollører som gjorde kontrollen.")
    breaches: list[Breach] = Field(default_factory=list, title="Brudd", description="Brudd kontrollen avdekket; tom liste: ingen merknader.")
    note: Prose | None = Field(None, title="Merknad")


class ControlLog(Strict):
    """alcohol/controls/<year>.yaml: every control of one year."""

    year: int = Field(ge=1900, le=2200, title="År")
    complete: bool | None = Field(
        None, title="Året er ferdig ført", description="true når loggen er komplett; uten verdi regnes et år som er over som ferdig."
    )
    controls: list[Control] = Field(default_factory=list, title="Kontroller")
    note: Prose | None = Field(None, title="Merknad")


# --- derived views ---------------------------------------------------------------------


def active_in(licence: Licence, year: int) -> bool:
    """Whether the licence was valid on some day of `year`."""
    start = licence.valid_from or dt.date.min
    end = licence.valid_to or dt.date.max
    return start <= dt.date(year, 12, 31) and end >= dt.date(year, 1, 1)


def controlled_outlets(register: LicenceRegister, year: int) -> list[Outlet]:
    """Outlets with a sales or serving licence valid in `year`: the ones § 9-7 counts."""
    return [o for o in register.outlets if any(lic.kind in PERMANENT and active_in(lic, year) for lic in o.licences)]


def outlets_with(register: LicenceRegister, first: int, last: int, kinds=PERMANENT) -> list[Outlet]:
    """Outlets holding a licence of one of `kinds` valid at some time in the years `first`–`last`."""
    return [o for o in register.outlets if any(lic.kind in kinds and any(active_in(lic, y) for y in range(first, last + 1)) for lic in o.licences)]


def licence_period_end(start: dt.date) -> dt.date:
    """30 September the year after the municipal election, for a licence starting on `start` (alkoholloven § 1-6).

    Elections are held every four years (2019, 2023, 2027 …), so licence periods end in 2020, 2024, 2028 ….
    """
    year = start.year + (-start.year) % 4
    end = dt.date(year, 9, 30)
    return end if end >= start else dt.date(year + 4, 9, 30)


def control_points(control: Control) -> list[tuple[int, Breach]]:
    """Each breach of a control with the points it counts for: like breaches found in one control count once (§ 10-2)."""
    seen: set[Category] = set()
    out = []
    for index, breach in enumerate(control.breaches):
        if breach.category in seen and breach.category is not Category.other:
            continue
        seen.add(breach.category)
        out.append((index, breach))
    return out


def _complete_plan() -> None:
    """`Plan` names the register and the logs before this module exists; resolve them now."""
    from rusplan import model

    model.Plan.model_rebuild(_types_namespace={"LicenceRegister": LicenceRegister, "ControlLog": ControlLog})


_complete_plan()
