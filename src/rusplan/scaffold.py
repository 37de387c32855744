"""A new plan folder for a municipality: `rusplan init plans/<id>`.

The files are written for a person to fill in: every field is present with a
Norwegian comment saying what belongs there, and an example goal and measure
are shown as comments so nothing invented ends up in the plan. The folder
validates as written. It is built in a temporary folder beside the target and
renamed into place, so an interrupted init leaves nothing half-written, and an
existing target is never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rusplan import atomic
from rusplan.asciiid import ascii_id
from rusplan.messages import Msg, WordedError
from rusplan.model import SLUG, State
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
    focus_areas: tuple[str, ...] = field(default=("Forebygging",))
    other_municipalities: tuple[str, ...] = ()  # inter-municipal plans: the municipalities besides the first, which leads the revision
    original_name: str | None = None  # the folder name as typed, when it had to be made ASCII («ålesund-2025-2028»)

    @property
    def municipalities(self) -> tuple[str, ...]:
        return (self.municipality, *self.other_municipalities)


# --- defaults ---------------------------------------------------------------------


def _name_from_slug(slug: str) -> str:
    """`nord-aurdal` → «Nord-Aurdal»: a first guess; æ, ø and å are not in ids, so the secretary checks it."""
    return "-".join(part.capitalize() for part in slug.split("-") if part)


def default_period(today: dt.date) -> tuple[int, int]:
    """Four years ending with the licence period that is current or next (2025–2028 in 2026)."""
    end = licence_year_from(today.year)
    if end < today.year + 2:
        end += 4
    return end - 3, end


def default_title(municipality: str, start: int, end: int, others: tuple[str, ...] = ()) -> str:
    if others:
        names = (municipality, *others)
        return f"Interkommunal ruspolitisk handlingsplan for {', '.join(names[:-1])} og {names[-1]} {start}–{end}"
    return f"Ruspolitisk handlingsplan for {municipality} kommune {start}–{end}"


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


def defaults(target: Path, today: dt.date | None = None) -> NewPlan:
    """What `rusplan init` proposes for a folder name: municipality and period read from `<name>-<start>-<end>`."""
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
        title=default_title(name, start, end),
        predecessor=find_predecessor(target.parent, plan_id),
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
    """YAML lines with their comments aligned: `("key: value", "comment")`; an empty first item is a comment line."""
    out = []
    for text, comment in rows:
        if not text:
            out.append(f"# {comment}".rstrip())
        elif comment:
            out.append(f"{text.ljust(COMMENT_COLUMN - 1)} # {comment}")
        else:
            out.append(text)
    return "\n".join(out) + "\n"


def plan_yaml(new: NewPlan, area_ids: list[str]) -> str:
    municipality = [("  - name: " + scalar(new.municipality), "kommunens navn")]
    if new.municipality_number:
        municipality.append(("    number: " + scalar(new.municipality_number), "kommunenummer, fire sifre"))
    municipality.append(("    responsible: true", "interkommunale planer: kommunen som leder rulleringen"))
    for other in new.other_municipalities:
        municipality.append(("  - name: " + scalar(other), "kommunen er med i den interkommunale planen"))
    several = bool(new.other_municipalities)
    return _lines([
        ("", "Planens metadata. Alle nøkler er forklart i docs/plan-format.md;"),
        ("", "med YAML-utvidelsen i VS Code får du forslag og hjelpetekst mens du skriver."),
        ("id: " + scalar(new.id), "planens id: lik mappenavnet, endres aldri"),
        ("title: " + scalar(new.title), "planens tittel slik dokumentet skriver den"),
        ("municipalities:", "kommunen(e) planen gjelder for"),
        *municipality,
        (f"period: {{start: {new.start}, end: {new.end}}}", "første og siste år planen gjelder"),
        ("state: " + new.state, "draft (utkast) | consultation (høring) | adopted (vedtatt) | expired"),
        ("adoption: null", "fylles ut når planen er vedtatt, se eksemplet under"),
        *(_adoptions_example(new) if several else [
            ("", "adoption:"),
            ("", "  date: null                        # vedtaksdato, f.eks. 2028-06-18"),
            ("", "  body: Kommunestyret               # organet som vedtok planen"),
            ("", "  case: null                        # saksnummer"),
            ("", "  url: null                         # lenke til saken eller vedtaket"),
            ("", "  unanimous: true                   # enstemmig vedtak?"),
            ("", "  decision: []                      # vedtaket, punkt for punkt"),
        ]),
        ("predecessor: " + scalar(new.predecessor), "id-en til planen denne rullerer, om den er lagt inn"),
        ("previous_adoption: null", "vedtaksdato for forrige plan når den ikke er lagt inn, eller bare året (2013)"),
        ("document_date: null", "datoen plandokumentet er datert"),
        ("next_revision: null", "året for neste fullstendige rullering, f.eks. 2027"),
        ("terms: null", "planens egne ord, f.eks. {focus_area: Innsatsområde, goal: Delmål}"),
        ("language: null", "målformen rapportene skrives på: nb (bokmål) | nn (nynorsk)"),
        ("vision: null", "planens visjon"),
        ("main_goals: []", "hovedmål, ett per linje"),
        ("follow_up: null", "oppfølging: {responsible: [enhet], text: hvordan}"),
        ("reporting: annual", "annual (årlig statusrapport i status/<år>.yaml) | none"),
        ("related_plans: []", "andre planer: - {title: ..., period: {start: .., end: ..}}"),
        ("working_group: []", "arbeidsgruppen, navn eller roller"),
        ("description: null", "bakgrunn eller sammendrag (enkel Markdown)"),
        ("focus_areas:", "fokusområdene i planens rekkefølge; hvert har sin fil i focus-areas/"),
        *[(f"  - {area_id}", "") for area_id in area_ids],
        ("rules: {}", "slå av eller endre regler, f.eks. {RP302: off}"),
        ("style: null", "stilfil med kommunens logo, hovedfarge og bunntekst for rapportene (docs/documents.md)"),
    ])


def _adoptions_example(new: NewPlan) -> list[tuple[str, str]]:
    """Inter-municipal plans: one adoption per council, shown as a commented example."""
    rows = [("", "adoption:                           # ett vedtak per kommunestyre; ukjente felt kan stå som null")]
    for name in new.municipalities:
        rows += [("", f"  - municipality: {name}"), ("", "    date: null"), ("", "    body: null"), ("", "    case: null")]
    return rows


def focus_area_yaml(area_id: str, number: int, title: str) -> str:
    return _lines([
        ("", "Ett fokusområde (satsingsområde): mål, og tiltak under hvert mål."),
        ("", "Filnavnet er fokusområdets id. Status rapporteres i status/<år>.yaml, ikke her."),
        ("id: " + scalar(area_id), "lik filnavnet, endres aldri"),
        (f"number: {number}", "visningsnummer; kan nummereres om"),
        ("title: " + scalar(title), "fokusområdets navn slik planen skriver det"),
        ("strategies: []", "kommuneplanens strategier fokusområdet bygger på"),
        ("description: null", "innledende tekst (enkel Markdown)"),
        ("goals: []", "målene; bytt ut [] med mål som i eksemplet under"),
        ("", "goals:"),
        ("", f"  - id: {area_id}-m1".ljust(COMMENT_COLUMN - 3) + " # målets id, unik i planen"),
        ("", "    number: 1"),
        ("", "    title: Tidlig innsats for barn og unge"),
        ("", "    result_goals: []                # «Resultatmål»"),
        ("", "    strategies: []                  # «Strategier»"),
        ("", "    measures:"),
        ("", f"      - id: {area_id}-t1".ljust(COMMENT_COLUMN - 3) + " # tiltakets id, unik i planen; status og evaluering viser til den"),
        ("", "        number: 1                   # hele tall teller gjennom planen, «1.1» teller innen målet"),
        ("", "        title: Utarbeide felles prosedyre for melding til barnevernet"),
        ("", "        kind: measure               # measure («Tiltak») | responsibility («Ansvar», løpende oppgave)"),
        ("", "        responsible: [Skole, barnehage]  # ansvarlige enheter slik planen skriver dem"),
        ("", "        partners: []                # samarbeidspartnere"),
        ("", "        cost: Innenfor ramme        # kostnaden med planens ordlyd"),
        ("", "        deadline: I planperioden    # et år, en dato, «I planperioden» eller «Årlig»"),
    ])


def files(new: NewPlan, schemas: str | None = None) -> dict[str, str]:
    """Relative path to text for every file of the new plan; `schemas` adds modelines (folder relative to the plan)."""
    check(new)
    if schemas and not schemas_path_ok(schemas):
        raise ScaffoldError("scaffold.bad_schemas", path=schemas)
    area_ids = [slugify(title) for title in new.focus_areas]
    out = {"plan.yaml": plan_yaml(new, area_ids)}
    for number, (area_id, title) in enumerate(zip(area_ids, new.focus_areas, strict=True), start=1):
        out[f"focus-areas/{area_id}.yaml"] = focus_area_yaml(area_id, number, title.strip())
    if schemas:
        kinds = {"plan.yaml": KINDS["plan"]}
        out = {name: modeline(kinds.get(name, KINDS["focus-area"]), schemas) + "\n" + text for name, text in out.items()}
    return out


def create(target: Path, new: NewPlan, schemas: str | None = None) -> list[Path]:
    """Write the plan folder; refuses an existing target. Returns the files written."""
    texts = files(new, schemas)
    if target.exists() or target.is_symlink():
        raise ScaffoldError("scaffold.exists", path=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_folder(target, texts)
    return [target / name for name in texts]
