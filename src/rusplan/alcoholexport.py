"""The licence register and the control logs as spreadsheets (`rusplan export PLAN --alcohol`).

Two tables: one row per licence (with its outlet), and one row per control of every
logged year (its breaches and the points they gave). xlsx puts them on two sheets of
one workbook; CSV gives two files. Cells are made safe the way the measure export
makes them (export.py): no control characters, no formulas.
"""

from __future__ import annotations

import io
from pathlib import Path

from rusplan.alcoholmodel import Licence, control_points
from rusplan.export import csv_cell, sheet_row
from rusplan.messages import Msg, language, template
from rusplan.model import Hours, Plan
from rusplan.safetext import visible

COLUMNS = {
    "licences": ("outlet", "outlet_id", "municipality", "holder", "address", "licence_id", "kind", "groups", "sales_weekdays", "sales_before_holidays",
                 "serving_1_2", "serving_3", "outdoor_1_2", "outdoor_3", "valid_from", "valid_to", "continued", "conditions", "withdrawals", "note"),
    "controls": ("year", "date", "time", "outlet", "outlet_id", "kind", "controllers", "breaches", "points", "note"),
}


def headings(table: str, lang: str) -> list[str]:
    """A table's column headings in the reader's language (catalog keys `alcoholexport.<table>.*`)."""
    return [template(f"alcoholexport.{table}.{column}", lang) for column in COLUMNS[table]]


CSV_NAMES = {"licences": "bevillinger", "controls": "kontroller"}


def _span(hours: Hours | None) -> str:
    return f"{hours.start}–{hours.end}" if hours else ""


def _licence_row(outlet, licence: Licence, municipality: str, lang: str) -> list:
    sales, serving, outdoor = licence.sales_hours, licence.serving_hours, licence.outdoor_hours
    withdrawals = "; ".join(
        f"{w.decided.isoformat()}" + (f" ({w.start.isoformat()}–{w.end.isoformat()})" if w.start and w.end else "") + (f" {w.case}" if w.case else "")
        for w in licence.withdrawals
    )
    continued = licence.continued
    return [
        outlet.name, outlet.id, municipality, outlet.owner or "", outlet.address or "", licence.id,
        Msg.of(f"licence_kind.{licence.kind.value}").text(lang), ", ".join(str(g) for g in licence.groups),
        _span(sales and sales.weekdays), _span(sales and sales.before_holidays),
        _span(serving and serving.group_1_2), _span(serving and serving.group_3),
        _span(outdoor and outdoor.group_1_2), _span(outdoor and outdoor.group_3),
        licence.valid_from.isoformat() if licence.valid_from else "", licence.valid_to.isoformat() if licence.valid_to else "",
        " ".join(x for x in (continued.date.isoformat() if continued and continued.date else "", continued.case or "" if continued else "") if x)
        or ("x" if continued else ""),
        "; ".join(licence.conditions), withdrawals, (licence.note or outlet.note or "").strip(),
    ]


def tables(plan: Plan, lang: str = "nb") -> dict[str, list[list]]:
    """The register and the control log as rows (without headers)."""
    lang = language(lang)
    register = plan.licences
    names = [m.name for m in plan.meta.municipalities]
    licences = []
    outlets = {}
    for outlet in register.outlets if register else []:
        outlets[outlet.id] = outlet.name
        municipality = outlet.municipality or (names[0] if len(names) == 1 else "")
        licences += [_licence_row(outlet, licence, municipality, lang) for licence in outlet.licences]
    controls = []
    for year, log in plan.controls.items():
        for control in log.controls:
            counted = {index for index, _ in control_points(control)}
            breaches = "; ".join(Msg.of(f"breach.{b.category.value}").text(lang) + (f": {b.text}" if b.text else "") for b in control.breaches)
            points = sum(b.given for i, b in enumerate(control.breaches) if i in counted)
            controls.append([
                year, control.date.isoformat(), control.time or "", outlets.get(control.outlet, ""), control.outlet,
                Msg.of(f"control_kind.{control.kind.value}").text(lang), control.controllers if control.controllers is not None else "",
                breaches, points if control.breaches else "", (control.note or "").strip(),
            ])
    return {"licences": licences, "controls": controls}


def csv_files(plan: Plan, lang: str = "nb", delimiter: str = ";") -> dict[str, bytes]:
    """`licences` and `controls` as CSV (UTF-8 with BOM, as the measure export)."""
    import csv

    out = {}
    for name, rows in tables(plan, lang).items():
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(headings(name, lang))
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
        out[name] = buffer.getvalue().encode("utf-8-sig")
    return out


def xlsx_bytes(plan: Plan, lang: str = "nb") -> bytes:
    """One workbook, a sheet for the register and one for the control log: bold frozen headers, filters."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    lang = language(lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = visible(plan.meta.title, lines=True)
    for name, rows in tables(plan, lang).items():
        sheet = workbook.create_sheet(template(f"alcoholexport.sheet.{name}", lang))
        sheet.append(headings(name, lang))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(sheet_row(row))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # register text is never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index in range(1, sheet.max_column + 1):
            letter = get_column_letter(index)
            longest = max((len(str(c.value)) for c in sheet[letter] if c.value is not None), default=0)
            sheet.column_dimensions[letter].width = max(8, min(45, longest + 2))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def targets(plan_id: str, fmt: str, output: Path | None) -> dict[str, Path]:
    """Where the files go: one workbook (`-o FILE`, or the default name in `-o DIR`), or two CSV files in a folder (`-o DIR`)."""
    if fmt == "xlsx":
        name = f"{plan_id}-alkohol.xlsx"
        return {"workbook": output / name if output is not None and output.is_dir() else output or Path(name)}
    folder = output or Path(".")
    return {name: folder / f"{plan_id}-{CSV_NAMES[name]}.csv" for name in ("licences", "controls")}
