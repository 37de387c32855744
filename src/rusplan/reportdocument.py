"""The three plan reports as documents (document.py) for Word and PDF, laid out as the Markdown templates lay them out.

Every word comes from the catalog in the context's language, under the same keys the
templates use, so a Word document and a web page say the same.
"""

from __future__ import annotations

from typing import Any

from rusplan.document import Block, Bullets, Document, Heading, Run, Table, bullets, dash, labelled, markdown_blocks, para
from rusplan.formatting import word


class Words:
    """The catalog in one report's language: `w("key", **params)`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, /, **params: Any) -> str:
        return word(key, self.lang, **params)


def build_document(context: dict[str, Any]) -> Document:
    builders = {"plan": _plan, "status": _status, "revision": _revision}
    return builders[context["report"]](context, Words(context.get("lang", "nb")))


def _base(context: dict[str, Any], w: Words, title: str, subtitle: str | None, facts: list[tuple[str, str]]) -> Document:
    plan = context["plan"]
    kicker = f"{plan.municipality} {w('report.municipality_word', n=len(plan.municipalities))}"
    generated = context.get("generated")
    made = f", {generated}" if generated else ""
    return Document(
        report=context["report"],
        title=title,
        doc_title=title if context["report"] == "plan" else f"{title}: {plan.title}",
        kicker=kicker,
        subtitle=subtitle,
        facts=facts,
        municipality=kicker,
        plan_id=plan.id,
        generated=generated,
        generated_iso=context.get("generated_iso"),
        language=w.lang,
        colophon=f"{w('report.made_with', folder=plan.id)}{made}.",
    )


def _with_period(title: str, period: str) -> str:
    return title if period in title else f"{title} ({period})"


def measure_table(measures: list[Any], w: Words, area: bool = False) -> Table:
    """The measure overview: number, measure, (focus area), responsible, cost and deadline when any has them."""
    cost = any(m.cost for m in measures)
    deadline = any(m.deadline for m in measures)
    header = [w("report.nr") if any(m.number for m in measures) else w("report.type"), w("report.measure")]
    widths = [0.8, 5.0]
    for shown, key, width in ((area, "report.focus_area", 2.0), (True, "field.responsible", 2.2), (cost, "field.cost", 1.6), (deadline, "field.deadline", 1.2)):
        if shown:
            header.append(w(key))
            widths.append(width)
    rows = []
    for m in measures:
        title = m.title + (": " + "; ".join(m.sub_points) if m.sub_points else "")
        row = [m.number or m.kind_label, title]
        if area:
            row.append(m.area_heading)
        row.append(", ".join(m.responsible) or "–")
        if cost:
            row.append(dash(m.cost))
        if deadline:
            row.append(dash(m.deadline))
        rows.append(tuple(row))
    return Table(tuple(header), tuple(rows), widths=tuple(widths))


def status_table(rows: list[Any], w: Words, note: bool = True, area: bool = False, flag: bool = True) -> Table:
    header = ([w("report.nr"), w("report.measure")] + ([w("report.focus_area")] if area else []) + [w("field.status")] + ([w("field.note")] if note else [])
              + [w("field.deadline")])
    widths = [0.8, 4.0] + ([2.0] if area else []) + [1.6] + ([3.0] if note else []) + [1.2]
    out = []
    for r in rows:
        status = r.status_label + (f" ({r.reported_year})" if r.reported_year and not r.current else "")
        row = [r.measure.number or r.measure.kind_label, r.measure.title]
        if area:
            row.append(r.measure.area_heading)
        row.append(status)
        if note:
            row.append(dash(r.note))
        row.append(dash(r.measure.deadline) + (" " + w("report.status.overdue_mark") if flag and r.overdue else ""))
        out.append(tuple(row))
    return Table(tuple(header), tuple(out), widths=tuple(widths))


def _outcome(o: Any, w: Words) -> str:
    return o.label if o else w("status.not_evaluated")


# --- the plan ---------------------------------------------------------------------------------


def _plan(context: dict[str, Any], w: Words) -> Document:
    plan = context["plan"]
    doc = _base(context, w, plan.title, None, _plan_facts(context, w))
    b = doc.blocks
    b += _about(plan, w)
    for area in context["focus_areas"]:
        b += _focus_area(area, w)
    b += [Heading(1, w("report.plan.overview")), para(w("report.plan.overview_text", count=context["measure_count"], measures=w("report.measures_lower")))]
    for area in context["focus_areas"]:
        if area.measures:
            b += [Heading(2, area.heading), measure_table(area.measures, w)]
    b += _indicators(context, w)
    alcohol = context["alcohol"]
    if alcohol:
        b.append(Heading(1, w("report.plan.alcohol")))
        if alcohol.facts:
            b.append(Bullets(tuple((Run(f"{f.label}: ", True), Run(f.value)) for f in alcohol.facts)))
        b += markdown_blocks(alcohol.note)
    if context["evaluation"]:
        b += _evaluation(context["evaluation"], w)
    return doc


def _plan_facts(context: dict[str, Any], w: Words) -> list[tuple[str, str]]:
    plan = context["plan"]
    evaluation = context["evaluation"]
    areas = len(context["focus_areas"])
    lead = f" ({w('report.plan.lead', lead=plan.lead_municipality)})" if plan.lead_municipality else ""
    facts = [(w("report.municipality_label", n=1), plan.municipality + lead)]
    facts += [(w("field.period"), plan.period), (w("field.status"), plan.state_label.capitalize())]
    if plan.adoption:
        a = plan.adoption
        adopted = f" {w('report.plan.by')} ".join(x for x in (a.date, a.body) if x) + (f", {w('report.plan.unanimous')}" if a.unanimous else "")
        facts.append((w("report.plan.adopted"), adopted))
        if a.case:
            facts.append((w("report.plan.case_number"), a.case))
    if plan.predecessor:
        facts.append((w("report.revision.old_plan"), f"{evaluation.plan_title} ({plan.predecessor})" if evaluation and evaluation.plan_title else plan.predecessor))
    if plan.previous_adoption:
        facts.append((w("report.plan.previous_adopted"), plan.previous_adoption))
    if plan.annual_reporting:
        facts.append((w("report.plan.reporting"), w("report.plan.annual")))
    areas_word = w("report.focus_area_word", n=areas)
    facts.append((w("report.measure"), w("report.plan.measures_in_areas", count=context["measure_count"], number=areas, areas=areas_word)))
    return facts


def _about(plan: Any, w: Words) -> list[Block]:
    b: list[Block] = [Heading(1, w("report.plan.about")), *markdown_blocks(plan.description)]
    if plan.vision:
        b += [Heading(2, w("field.vision")), *markdown_blocks(plan.vision)]
    if plan.main_goals:
        b += [Heading(2, w("field.main_goals")), bullets(plan.main_goals)]
    if plan.adoption and plan.adoption.decision:
        b += [Heading(2, w("report.plan.decision")), bullets(plan.adoption.decision, ordered=True)]
    if plan.follow_up_responsible or plan.follow_up_text:
        b.append(Heading(2, w("report.plan.follow_up")))
        if plan.follow_up_responsible:
            b.append(labelled([(w("report.plan.follow_up_responsible"), ", ".join(plan.follow_up_responsible))]))
        b += markdown_blocks(plan.follow_up_text)
    if plan.related_plans:
        items = [r.title + (f" ({r.period})" if r.period else "") + (f" – {r.note}" if r.note else "") + (f" ({r.url})" if r.url else "") for r in plan.related_plans]
        b += [Heading(2, w("report.plan.related")), bullets(items)]
    if plan.working_group:
        b += [Heading(2, w("field.working_group")), bullets(plan.working_group)]
    return b


def _focus_area(area: Any, w: Words) -> list[Block]:
    b: list[Block] = [Heading(1, area.heading)]
    if area.strategies:
        b += [para(Run(w("report.plan.area_strategies") + ":", True)), bullets(area.strategies)]
    b += markdown_blocks(area.description)
    for goal in area.goals:
        b.append(Heading(2, f"{goal.heading}: {goal.title}"))
        b += markdown_blocks(goal.description)
        if goal.result_goals:
            b += [para(Run(w("field.result_goals") + ":", True)), bullets(goal.result_goals)]
        if goal.strategies:
            b += [para(Run(w("field.strategies") + ":", True)), bullets(goal.strategies)]
        for m in goal.measures:
            b.append(Heading(3, f"{m.label}: {m.title}"))
            b += markdown_blocks(m.description)
            if m.sub_points:
                b.append(bullets(m.sub_points))
            b.append(labelled([
                (w("field.responsible"), ", ".join(m.responsible) or w("report.not_given")),
                (w("report.plan.partners"), ", ".join(m.partners) or None),
                (w("field.cost"), m.cost),
                (w("field.deadline"), m.deadline),
                (w("field.carried_from"), m.carried_from_label if m.carried_from else None),
            ]))
    return b


def _indicators(context: dict[str, Any], w: Words) -> list[Block]:
    if not context["indicators"]:
        return []
    trends = context["trends"]
    b: list[Block] = [Heading(1, w("report.plan.indicators")), para(w("report.plan.indicators_text_tables" if trends else "report.plan.indicators_text"))]
    if trends:
        b.append(Heading(2, w("report.plan.trends")))
        for i in trends:
            where = ", ".join(x for x in (i.area, i.group) if x)
            caption = i.title + (f" ({where})" if where else "") + (f", {i.scope_label}" if i.scope != "municipality" else "")
            caption += f". {w('field.source')}: {i.source or w('report.not_given')}."
            b.append(Table((w("report.year"), w("report.value")), tuple((str(v.year), v.text) for v in i.values), caption, frozenset({0, 1}), (1.0, 1.5)))
    header = (w("report.plan.indicator"), w("report.plan.area_group"), w("field.scope"), w("report.plan.values"), w("field.note"))
    for group in context["indicator_sources"]:
        b.append(Heading(2, f"{w('field.source')}: {group.source}"))
        rows = tuple(
            (i.title, ", ".join(x for x in (i.area, i.group) if x) or "–", i.scope_label, " · ".join(f"{v.year}: {v.text}" for v in i.values), dash(i.note))
            for i in group.indicators
        )
        b.append(Table(header, rows, widths=(3.0, 1.8, 1.2, 3.0, 2.0)))
    return b


def _evaluation(evaluation: Any, w: Words) -> list[Block]:
    b: list[Block] = [Heading(1, w("report.plan.evaluation"))]
    b.append(para(evaluation.plan_title + f" ({evaluation.plan_id})" if evaluation.plan_title else evaluation.plan_id))
    b += markdown_blocks(evaluation.text)
    counts = [f"{c.label.capitalize()}: {c.count}" for c in evaluation.counts if c.count]
    if counts:
        b.append(bullets(counts))
    if evaluation.legend:
        b.append(para(f"{w('field.legend')}: {evaluation.legend}"))
    header = (w("report.nr"), w("report.measure"), w("field.outcome"), w("field.comment"), w("field.continued"))
    for group in evaluation.groups:
        if group.heading:
            b.append(Heading(2, group.heading))
        rows = tuple(
            (item.number or "–", item.title or "–", _outcome(item.outcome, w), dash(item.outcome.comment), w("report.yes") if item.outcome.continued else w("report.no"))
            for item in group.items
        )
        b.append(Table(header, rows, widths=(0.8, 4.0, 1.6, 3.0, 1.2)))
    return b


# --- the annual status report -------------------------------------------------------------------


def _status(context: dict[str, Any], w: Words) -> Document:
    plan, year, report, totals = context["plan"], context["year"], context["status_report"], context["totals"]
    facts = [(w("report.municipality_label", n=1), plan.municipality), (w("report.plan"), _with_period(plan.title, plan.period)), (w("report.status.year"), str(year))]
    if report.date:
        facts.append((w("field.date"), report.date))
    if report.source:
        facts.append((w("field.source"), report.source))
    facts += [(w("report.status.previous"), str(context["previous_year"] or w("value.none"))),
              (w("report.status.reported_in", year=year), w("report.status.reported_of", reported=report.reported, total=totals.total))]
    doc = _base(context, w, w("report.status.title", year=year), plan.title, facts)
    b = doc.blocks
    overdue = context["overdue"]
    b += [Heading(1, w("report.status.summary")), *markdown_blocks(report.summary)]
    summary = "report.status.summary_text_overdue" if overdue else "report.status.summary_text"
    b.append(para(w(summary, total=totals.total, year=year, reported=report.reported, overdue=len(overdue))))
    b.append(bullets([f"{c.label.capitalize()}: {c.count}" for c in totals.counts if c.count]))
    b += _progress(context, w)
    b += _changes(context, w)

    b.append(Heading(1, w("report.status.overdue")))
    b.append(para(w("report.status.overdue_text", year=year)))
    b.append(status_table(overdue, w, note=False, area=True, flag=False) if overdue else para(w("report.status.none_overdue")))
    if context["due"]:
        b += [Heading(2, w("report.status.due", year=year)), para(w("report.status.due_text", year=year)), status_table(context["due"], w, note=False, area=True)]

    b.append(Heading(1, w("report.status.each")))
    for area in context["focus_areas"]:
        if area.measures:
            b += [Heading(2, area.heading), status_table(area.measures, w)]
    b += [Heading(1, w("report.status.by_unit")), para(w("report.status.units_text"))]
    for unit in context["units"]:
        b += [Heading(2, unit.name), status_table(unit.measures, w, note=False)]
    return doc


def _progress(context: dict[str, Any], w: Words) -> list[Block]:
    """Progress per focus area and per unit: the counts the status chart draws, as tables."""
    year, totals = context["year"], context["totals"]
    keys = [c.key for c in totals.counts if c.count]
    header = (w("report.focus_area"), *(c.label.capitalize() for c in totals.counts if c.key in keys), w("report.sum"), w("report.status.share_done"))
    numeric = frozenset(range(1, len(header)))
    widths = (3.0, *([1.0] * (len(header) - 2)), 1.8)

    def rows(progress: list[Any]) -> tuple[tuple[str, ...], ...]:
        out = []
        for row in progress:
            done = next(c.count for c in row.counts if c.key == "done")
            share = f"{round(done / row.total * 100)} %" if row.total else "–"
            of = w("report.status.of_share", count=done, total=row.total, share=share)
            out.append((row.heading, *(str(c.count) for c in row.counts if c.key in keys), str(row.total), of))
        return tuple(out)

    return [
        Heading(1, w("report.status.progress_areas")),
        Table(header, rows([*context["focus_areas"], totals]), w("report.status.counts_caption", year=year), numeric, widths),
        Heading(1, w("report.status.progress_units")),
        Table((w("field.unit"), *header[1:]), rows(context["units"]), w("report.status.unit_counts_caption_short", year=year), numeric, widths),
        para(w("report.status.due_first_below", year=year)),
    ]


def _changes(context: dict[str, Any], w: Words) -> list[Block]:
    year, previous = context["year"], context["previous_year"]
    b: list[Block] = [Heading(1, w("report.status.changes"))]
    if previous is None:
        b.append(para(w("report.status.no_previous", year=year)))
    elif not context["changes"]:
        b.append(para(w("report.status.no_changes", previous=previous)))
    else:
        rows = [(r.measure.number or r.measure.kind_label, r.measure.title, r.previous_label or w("report.not_reported"), r.status_label, dash(r.note))
                for r in context["changes"]]
        b.append(Table((w("report.nr"), w("report.measure"), str(previous), str(year), w("field.note")), tuple(rows), widths=(0.8, 4.0, 1.5, 1.5, 3.0)))
    return b


# --- the revision ------------------------------------------------------------------------------


def _revision(context: dict[str, Any], w: Words) -> Document:
    plan, old = context["plan"], context["predecessor"]
    facts = [
        (w("report.municipality_label", n=1), plan.municipality),
        (w("report.revision.new_plan"), f"{_with_period(plan.title, plan.period)}, {plan.state_label}"),
        (w("report.revision.old_plan"), _with_period(old.title, old.period)),
        (w("report.revision.old_count"), str(context["old_count"])),
        (w("report.revision.new_count"), str(context["new_count"])),
    ]
    title = w("report.revision.title_from_to", old=old.period, new=plan.period)
    doc = _base(context, w, title, w("report.revision.subtitle", title=plan.title) + ".", facts)
    b = doc.blocks
    carried, dropped, added = context["carried"], context["dropped"], context["added"]
    b += [
        Heading(1, w("report.status.summary")),
        bullets([f"{w(key)}: {len(items)}" for key, items in (("report.revision.carried", carried), ("report.revision.dropped", dropped),
                                                              ("report.revision.added_label", added))]),
        para(w("report.revision.rule")),
        Heading(1, w("report.revision.carried")),
    ]
    if carried:
        rows = [
            (
                c.new.number or c.new.kind_label,
                c.new.title + (f" ({w('report.revision.before_inline', title=c.old.title)})" if c.old.title != c.new.title else ""),
                f"{c.old.number or c.old.kind_label} ({c.old.area_title})",
                _outcome(c.outcome, w),
                dash(c.outcome.comment if c.outcome else None),
            )
            for c in carried
        ]
        header = (w("report.revision.new_plan"), w("report.measure"), w("report.revision.old_plan"), w("field.outcome"), w("field.comment"))
        b.append(Table(header, tuple(rows), widths=(0.9, 4.0, 2.0, 1.5, 2.6)))
    else:
        b.append(para(w("report.revision.none_carried")))
    b.append(Heading(1, w("report.revision.dropped")))
    if dropped:
        rows = []
        for d in dropped:
            comment = dash(d.outcome.comment if d.outcome else None)
            if d.outcome and d.outcome.continued:
                comment += " " + w("report.revision.continued_unlinked", source=d.outcome.source)
            rows.append((d.old.number or d.old.kind_label, d.old.title, d.old.area_heading, _outcome(d.outcome, w), comment))
        header = (w("report.nr"), w("report.measure"), w("report.focus_area"), w("field.outcome"), w("field.comment"))
        b.append(Table(header, tuple(rows), widths=(0.8, 4.0, 2.0, 1.5, 2.7)))
    else:
        b.append(para(w("report.revision.all_carried")))
    b.append(Heading(1, w("report.revision.added")))
    b.append(measure_table(added, w, area=True) if added else para(w("report.revision.none_added")))
    return doc
