"""A report as a plain document: headings, paragraphs, lists and tables, for Word and PDF.

Built from the same report contexts the Jinja templates get (render.plan_context,
status_context, revision_context), so Word, PDF, HTML and Markdown cannot
disagree about what a report says. The headings follow the Markdown report's
one for one (title, `##` chapters, `###` sections, `####` measures); a test
holds them to that. Charts become the tables of the numbers they draw, which
Word and PDF show without an image library. Plan text that is Markdown
becomes paragraphs and lists of plain text: no markup from a plan reaches the
Word or PDF writer as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

LANG = "nb-NO"


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Heading:
    level: int  # 1 chapter, 2 section, 3 measure (Markdown ##, ###, ####)
    text: str


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    note: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Run, ...], ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None
    numeric: frozenset[int] = frozenset()
    widths: tuple[float, ...] | None = None  # relative column widths


Block = Heading | Para | Bullets | Table


@dataclass
class Document:
    """One report: the title page's lines, then the blocks in reading order."""

    report: str
    title: str  # the document's title (H1 / Title)
    doc_title: str  # document property and running header
    kicker: str | None
    subtitle: str | None
    facts: list[tuple[str, str]]
    municipality: str
    plan_id: str
    generated: str | None
    generated_iso: str | None
    blocks: list[Block] = field(default_factory=list)
    lang: str = LANG

    def headings(self) -> list[tuple[int, str]]:
        return [(b.level, b.text) for b in self.blocks if isinstance(b, Heading)]

    @property
    def colophon(self) -> str:
        made = f", {self.generated}" if self.generated else ""
        return f"Laget med rusplan fra planmappen {self.plan_id}{made}."


# --- small builders ---------------------------------------------------------------------------


def _p(*parts: str | Run, note: bool = False) -> Para:
    return Para(tuple(p if isinstance(p, Run) else Run(p) for p in parts), note)


def _labelled(pairs: list[tuple[str, str | None]]) -> Para:
    """«Ansvarlig: Helse · Frist: 2022», labels in bold."""
    runs: list[Run] = []
    for label, value in pairs:
        if value is None:
            continue
        if runs:
            runs.append(Run(" · "))
        runs += [Run(f"{label}: ", bold=True), Run(value)]
    return Para(tuple(runs))


def _bullets(items: list[str], ordered: bool = False) -> Bullets:
    return Bullets(tuple((Run(i),) for i in items), ordered)


def _dash(value: str | None) -> str:
    return value or "–"


@lru_cache(maxsize=1)
def _markdown_it():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")


def _inline_runs(token: Any) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = 0
    href: str | None = None
    for child in token.children or []:
        if child.type == "strong_open":
            bold += 1
        elif child.type == "strong_close":
            bold -= 1
        elif child.type in ("text", "code_inline"):
            runs.append(Run(child.content, bold > 0))
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold > 0))
        elif child.type == "link_open":
            href = str(child.attrs.get("href") or "")
        elif child.type == "link_close":
            if href and urlsplit(href).scheme.lower() in ("http", "https", "mailto"):
                runs.append(Run(f" ({href})"))
            href = None
    return tuple(runs)


def markdown_blocks(text: str | None) -> list[Block]:
    """Plan Markdown as paragraphs and lists; a heading inside plan text becomes a bold paragraph."""
    if not text:
        return []
    tokens = _markdown_it().parse(str(text))
    blocks: list[Block] = []
    lists: list[tuple[bool, list[tuple[Run, ...]]]] = []
    bold_next = False
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append((token.type == "ordered_list_open", []))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            ordered, items = lists.pop()
            if lists:
                lists[-1][1].extend(items)
            else:
                blocks.append(Bullets(tuple(items), ordered))
        elif token.type == "heading_open":
            bold_next = True
        elif token.type == "inline":
            runs = _inline_runs(token)
            if bold_next:
                runs = tuple(Run(r.text, True) for r in runs)
                bold_next = False
            if lists:
                lists[-1][1].append(runs)
            elif runs:
                blocks.append(Para(runs))
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(_p(token.content.strip()))
    return blocks


# --- the three reports, as the Markdown templates lay them out ---------------------------------


def build(context: dict[str, Any]) -> Document:
    """The document for a report context from render.build_context."""
    builders = {"plan": _plan, "status": _status, "revision": _revision}
    return builders[context["report"]](context)


def _kicker(plan: Any) -> str:
    return f"{plan.municipality} {'kommune' if len(plan.municipalities) == 1 else 'kommuner'}"


def _base(context: dict[str, Any], title: str, subtitle: str | None, facts: list[tuple[str, str]]) -> Document:
    plan = context["plan"]
    return Document(
        report=context["report"],
        title=title,
        doc_title=title if context["report"] == "plan" else f"{title}: {plan.title}",
        kicker=_kicker(plan),
        subtitle=subtitle,
        facts=facts,
        municipality=_kicker(plan),
        plan_id=plan.id,
        generated=context.get("generated"),
        generated_iso=context.get("generated_iso"),
    )


def _with_period(title: str, period: str) -> str:
    return title if period in title else f"{title} ({period})"


def measure_table(measures: list[Any], area: bool = False) -> Table:
    """The measure overview: number, measure, (focus area), responsible, cost and deadline when any has them."""
    cost = any(t.cost for t in measures)
    deadline = any(t.deadline for t in measures)
    header = ["Nr." if any(t.number for t in measures) else "Type", "Tiltak"]
    widths = [0.8, 5.0]
    if area:
        header.append("Fokusområde")
        widths.append(2.0)
    header.append("Ansvarlig")
    widths.append(2.2)
    if cost:
        header.append("Kostnad")
        widths.append(1.6)
    if deadline:
        header.append("Frist")
        widths.append(1.2)
    rows = []
    for t in measures:
        title = t.title + (": " + "; ".join(t.sub_points) if t.sub_points else "")
        row = [t.number or t.kind_label, title]
        if area:
            row.append(t.area_heading)
        row.append(", ".join(t.responsible) or "–")
        if cost:
            row.append(_dash(t.cost))
        if deadline:
            row.append(_dash(t.deadline))
        rows.append(tuple(row))
    return Table(tuple(header), tuple(rows), widths=tuple(widths))


def status_table(rows: list[Any], note: bool = True, area: bool = False, flag: bool = True) -> Table:
    header = ["Nr.", "Tiltak"] + (["Fokusområde"] if area else []) + ["Status"] + (["Merknad"] if note else []) + ["Frist"]
    widths = [0.8, 4.0] + ([2.0] if area else []) + [1.6] + ([3.0] if note else []) + [1.2]
    out = []
    for r in rows:
        status = r.status_label + (f" ({r.reported_year})" if r.reported_year and not r.current else "")
        row = [r.measure.number or r.measure.kind_label, r.measure.title]
        if area:
            row.append(r.measure.area_heading)
        row.append(status)
        if note:
            row.append(_dash(r.note))
        row.append(_dash(r.measure.deadline) + (" (forsinket)" if flag and r.overdue else ""))
        out.append(tuple(row))
    return Table(tuple(header), tuple(out), widths=tuple(widths))


def _outcome(o: Any) -> str:
    return o.label if o else "ikke vurdert"


def _plan(context: dict[str, Any]) -> Document:
    plan = context["plan"]
    areas = context["focus_areas"]
    evaluation = context["evaluation"]
    facts = [("Kommune", plan.municipality + (f" ({plan.lead_municipality} har ansvaret for rulleringen)" if plan.lead_municipality else ""))]
    facts += [("Planperiode", plan.period), ("Status", plan.state_label.capitalize())]
    if plan.adoption:
        a = plan.adoption
        adopted = " av ".join(x for x in (a.date, a.body) if x) + (", enstemmig" if a.unanimous else "")
        facts.append(("Vedtatt", adopted))
        if a.case:
            facts.append(("Saksnummer", a.case))
    if plan.predecessor:
        facts.append(("Forrige plan", f"{evaluation.plan_title} ({plan.predecessor})" if evaluation and evaluation.plan_title else plan.predecessor))
    if plan.previous_adoption:
        facts.append(("Forrige plan vedtatt", plan.previous_adoption))
    if plan.annual_reporting:
        facts.append(("Rapportering", "Årlig"))
    facts.append(("Tiltak", f"{context['measure_count']} i {len(areas)} {'fokusområde' if len(areas) == 1 else 'fokusområder'}"))
    doc = _base(context, plan.title, None, facts)
    b = doc.blocks

    b.append(Heading(1, "Om planen"))
    b += markdown_blocks(plan.description)
    if plan.vision:
        b += [Heading(2, "Visjon"), *markdown_blocks(plan.vision)]
    if plan.main_goals:
        b += [Heading(2, "Hovedmål"), _bullets(plan.main_goals)]
    if plan.adoption and plan.adoption.decision:
        b += [Heading(2, "Vedtak"), _bullets(plan.adoption.decision, ordered=True)]
    if plan.follow_up_responsible or plan.follow_up_text:
        b.append(Heading(2, "Oppfølging og rapportering"))
        if plan.follow_up_responsible:
            b.append(_labelled([("Ansvarlig for oppfølgingen", ", ".join(plan.follow_up_responsible))]))
        b += markdown_blocks(plan.follow_up_text)
    if plan.related_plans:
        b.append(Heading(2, "Andre planer"))
        items = []
        for r in plan.related_plans:
            text = r.title + (f" ({r.period})" if r.period else "") + (f" – {r.note}" if r.note else "") + (f" ({r.url})" if r.url else "")
            items.append(text)
        b.append(_bullets(items))
    if plan.working_group:
        b += [Heading(2, "Arbeidsgruppe"), _bullets(plan.working_group)]

    for area in areas:
        b.append(Heading(1, area.heading))
        if area.strategies:
            b += [_p(Run("Strategier i kommuneplanen:", True)), _bullets(area.strategies)]
        b += markdown_blocks(area.description)
        for goal in area.goals:
            b.append(Heading(2, f"{goal.heading}: {goal.title}"))
            b += markdown_blocks(goal.description)
            if goal.result_goals:
                b += [_p(Run("Resultatmål:", True)), _bullets(goal.result_goals)]
            if goal.strategies:
                b += [_p(Run("Strategier:", True)), _bullets(goal.strategies)]
            for t in goal.measures:
                b.append(Heading(3, f"{t.label}: {t.title}"))
                b += markdown_blocks(t.description)
                if t.sub_points:
                    b.append(_bullets(t.sub_points))
                b.append(
                    _labelled(
                        [
                            ("Ansvarlig", ", ".join(t.responsible) or "ikke oppgitt"),
                            ("Samarbeid", ", ".join(t.partners) or None),
                            ("Kostnad", t.cost),
                            ("Frist", t.deadline),
                            ("Videreført fra", t.carried_from_label if t.carried_from else None),
                        ]
                    )
                )

    b += [Heading(1, "Tiltaksoversikt"), _p(f"Alle {context['measure_count']} tiltak i planen med ansvar, kostnad og frist.")]
    for area in areas:
        if area.measures:
            b += [Heading(2, area.heading), measure_table(area.measures)]

    if context["indicators"]:
        b.append(Heading(1, "Indikatorer"))
        trends = context["trends"]
        intro = "Tall planen bygger på, med år og kilde"
        b.append(_p(intro + (". Der det finnes tall for flere år, viser tabellene under «Utvikling over tid» utviklingen." if trends else ".")))
        if trends:
            b.append(Heading(2, "Utvikling over tid"))
            for i in trends:
                where = ", ".join(x for x in (i.area, i.group) if x)
                caption = i.title + (f" ({where})" if where else "") + (f", {i.scope_label}" if i.scope != "municipality" else "")
                caption += f". Kilde: {i.source or 'ikke oppgitt'}."
                b.append(Table(("År", "Verdi"), tuple((str(v.year), v.text) for v in i.values), caption, frozenset({0, 1}), (1.0, 1.5)))
        for group in context["indicator_sources"]:
            b.append(Heading(2, f"Kilde: {group.source}"))
            rows = tuple(
                (i.title, ", ".join(x for x in (i.area, i.group) if x) or "–", i.scope_label, " · ".join(f"{v.year}: {v.text}" for v in i.values), _dash(i.note))
                for i in group.indicators
            )
            b.append(Table(("Indikator", "Område / gruppe", "Nivå", "Verdier", "Merknad"), rows, widths=(3.0, 1.8, 1.2, 3.0, 2.0)))

    alcohol = context["alcohol"]
    if alcohol:
        b.append(Heading(1, "Alkoholpolitikk"))
        if alcohol.facts:
            b.append(Bullets(tuple((Run(f"{f.label}: ", True), Run(f.value)) for f in alcohol.facts)))
        b += markdown_blocks(alcohol.note)

    if evaluation:
        b.append(Heading(1, "Evaluering av forrige plan"))
        b.append(_p(evaluation.plan_title + f" ({evaluation.plan_id})" if evaluation.plan_title else evaluation.plan_id))
        b += markdown_blocks(evaluation.text)
        counts = [f"{c.label.capitalize()}: {c.count}" for c in evaluation.counts if c.count]
        if counts:
            b.append(_bullets(counts))
        if evaluation.legend:
            b.append(_p(f"Tegnforklaring: {evaluation.legend}"))
        for group in evaluation.groups:
            if group.heading:
                b.append(Heading(2, group.heading))
            rows = tuple(
                (item.number or "–", item.title or "–", _outcome(item.outcome), _dash(item.outcome.comment), "Ja" if item.outcome.continued else "Nei")
                for item in group.items
            )
            b.append(Table(("Nr.", "Tiltak", "Resultat", "Kommentar", "Videreføres"), rows, widths=(0.8, 4.0, 1.6, 3.0, 1.2)))
    return doc


def _status(context: dict[str, Any]) -> Document:
    plan = context["plan"]
    year = context["year"]
    report = context["status_report"]
    totals = context["totals"]
    facts = [("Kommune", plan.municipality), ("Plan", _with_period(plan.title, plan.period)), ("Rapportår", str(year))]
    if report.date:
        facts.append(("Dato", report.date))
    if report.source:
        facts.append(("Kilde", report.source))
    facts += [("Forrige rapport", str(context["previous_year"] or "ingen")), (f"Rapportert i {year}", f"{report.reported} av {totals.total} tiltak")]
    doc = _base(context, f"Årsrapport {year}", plan.title, facts)
    b = doc.blocks
    overdue = context["overdue"]

    b.append(Heading(1, "Sammendrag"))
    b += markdown_blocks(report.summary)
    text = f"Planen har {totals.total} tiltak. I {year} er det rapportert på {report.reported} av dem"
    if overdue:
        text += f"; {len(overdue)} har passert fristen uten å være rapportert gjennomført"
    b.append(_p(text + f". Et tiltak som ikke er rapportert i {year}, har status fra siste rapport før."))
    b.append(_bullets([f"{c.label.capitalize()}: {c.count}" for c in totals.counts if c.count]))

    b.append(Heading(1, "Fremdrift per fokusområde"))
    keys = [c.key for c in totals.counts if c.count]
    header = ("Fokusområde", *(c.label.capitalize() for c in totals.counts if c.key in keys), "Sum", "Andel gjennomført")
    rows = []
    for row in [*context["focus_areas"], totals]:
        done = next(c.count for c in row.counts if c.key == "done")
        share = f"{round(done / row.total * 100)} %" if row.total else "–"
        rows.append((row.heading, *(str(c.count) for c in row.counts if c.key in keys), str(row.total), f"{done} av {row.total} ({share})"))
    numeric = frozenset(range(1, len(header)))
    b.append(Table(header, tuple(rows), f"Antall tiltak per status, {year}", numeric, (3.0, *([1.0] * (len(header) - 2)), 1.8)))

    b.append(Heading(1, "Fremdrift per ansvarlig enhet"))
    header = ("Enhet", *header[1:])
    rows = []
    for row in context["units"]:
        done = next(c.count for c in row.counts if c.key == "done")
        share = f"{round(done / row.total * 100)} %" if row.total else "–"
        rows.append((row.heading, *(str(c.count) for c in row.counts if c.key in keys), str(row.total), f"{done} av {row.total} ({share})"))
    b.append(Table(header, tuple(rows), f"Antall tiltak per status og enhet, {year}", numeric, (3.0, *([1.0] * (len(header) - 2)), 1.8)))
    b.append(_p(f"Under hvert fokusområde og hver enhet nedenfor står tiltak med frist i {year} som ikke er rapportert gjennomført, først."))

    b.append(Heading(1, "Endringer siden forrige rapport"))
    previous = context["previous_year"]
    if previous is None:
        b.append(_p(f"Det finnes ingen statusrapport før {year} i denne planen, så det er ingenting å sammenligne med."))
    elif not context["changes"]:
        b.append(_p(f"Ingen tiltak har endret status siden rapporten for {previous}."))
    else:
        rows = [
            (r.measure.number or r.measure.kind_label, r.measure.title, r.previous_label or "ikke rapportert", r.status_label, _dash(r.note)) for r in context["changes"]
        ]
        b.append(Table(("Nr.", "Tiltak", str(previous), str(year), "Merknad"), tuple(rows), widths=(0.8, 4.0, 1.5, 1.5, 3.0)))

    b.append(Heading(1, "Forsinkede tiltak"))
    b.append(
        _p(
            f"Tiltak der fristen gikk ut før utgangen av {year}, og som ikke er rapportert gjennomført eller avviklet."
            " En frist som bare er et årstall, gjelder ut det året."
        )
    )
    b.append(status_table(overdue, note=False, area=True, flag=False) if overdue else _p("Ingen tiltak er forsinket."))
    if context["due"]:
        b += [Heading(2, f"Frist i {year}"), _p(f"Tiltak med frist i {year} som ikke er rapportert gjennomført."), status_table(context["due"], note=False, area=True)]

    b.append(Heading(1, "Status for hvert tiltak"))
    for area in context["focus_areas"]:
        if area.measures:
            b += [Heading(2, area.heading), status_table(area.measures)]

    b += [Heading(1, "Tiltak per ansvarlig enhet"), _p("Hver enhet finner sine tiltak her. Et tiltak med flere ansvarlige står under hver av dem.")]
    for unit in context["units"]:
        b += [Heading(2, unit.name), status_table(unit.measures, note=False)]
    return doc


def _revision(context: dict[str, Any]) -> Document:
    plan = context["plan"]
    old = context["predecessor"]
    facts = [
        ("Kommune", plan.municipality),
        ("Ny plan", f"{_with_period(plan.title, plan.period)}, {plan.state_label}"),
        ("Forrige plan", _with_period(old.title, old.period)),
        ("Tiltak i forrige plan", str(context["old_count"])),
        ("Tiltak i ny plan", str(context["new_count"])),
    ]
    doc = _base(context, f"Revisjon: fra {old.period} til {plan.period}", f"Hva {plan.title} har videreført, tatt bort og lagt til.", facts)
    b = doc.blocks
    carried, dropped, added = context["carried"], context["dropped"], context["added"]
    b += [
        Heading(1, "Sammendrag"),
        _bullets([f"Videreført: {len(carried)}", f"Ikke videreført: {len(dropped)}", f"Nye: {len(added)}"]),
        _p(
            "Et tiltak regnes som videreført når et tiltak i den nye planen viser til det med «videreført fra». Resultatet for tiltakene i forrige plan er"
            " hentet fra evalueringen i den nye planen, eller fra forrige plans siste statusrapport."
        ),
    ]
    b.append(Heading(1, "Videreført"))
    if carried:
        rows = [
            (
                c.new.number or c.new.kind_label,
                c.new.title + (f" (før: {c.old.title})" if c.old.title != c.new.title else ""),
                f"{c.old.number or c.old.kind_label} ({c.old.area_title})",
                _outcome(c.outcome),
                _dash(c.outcome.comment if c.outcome else None),
            )
            for c in carried
        ]
        b.append(Table(("Ny plan", "Tiltak", "Forrige plan", "Resultat", "Kommentar"), tuple(rows), widths=(0.9, 4.0, 2.0, 1.5, 2.6)))
    else:
        b.append(_p("Ingen tiltak i den nye planen viser til tiltak i forrige plan."))
    b.append(Heading(1, "Ikke videreført"))
    if dropped:
        rows = []
        for d in dropped:
            comment = _dash(d.outcome.comment if d.outcome else None)
            if d.outcome and d.outcome.continued:
                comment += f" Vurdert som videreført ({d.outcome.source}), men ingen tiltak i den nye planen viser til det."
            rows.append((d.old.number or d.old.kind_label, d.old.title, d.old.area_heading, _outcome(d.outcome), comment))
        b.append(Table(("Nr.", "Tiltak", "Fokusområde", "Resultat", "Kommentar"), tuple(rows), widths=(0.8, 4.0, 2.0, 1.5, 2.7)))
    else:
        b.append(_p("Alle tiltak i forrige plan er videreført."))
    b.append(Heading(1, "Nye tiltak"))
    b.append(measure_table(added, area=True) if added else _p("Den nye planen har ingen nye tiltak."))
    return doc
