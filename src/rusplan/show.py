"""The normalised plan as plain data: the contract of `rusplan show` (docs/json.md)."""

from __future__ import annotations

import re
from typing import Any

from rusplan.model import Plan
from rusplan.safetext import json_text, obeyed


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """Flatten metadata to the top level; everything else as the models define it."""
    meta = plan.meta.model_dump(mode="json", by_alias=True)
    areas = [area.model_dump(mode="json", by_alias=True) for area in plan.focus_areas]
    references = plan.references()
    for area, dumped in zip(plan.focus_areas, areas, strict=True):
        for goal, goal_data in zip(area.goals, dumped["goals"], strict=True):
            for measure, data in zip(goal.measures, goal_data["measures"], strict=True):
                data["responsible"], data["responsible_from"] = plan.responsible(goal, measure)
                data["reference"] = references[measure.id]
    data: dict[str, Any] = {key: meta[key] for key in meta if key != "focus_areas"}
    data["focus_areas"] = areas
    data["evaluation"] = plan.evaluation.model_dump(mode="json") if plan.evaluation else None
    data["indicators"] = [i.model_dump(mode="json") for i in plan.indicators]
    data["alcohol"] = plan.alcohol.model_dump(mode="json", by_alias=True) if plan.alcohol else None
    data["status_reports"] = [r.model_dump(mode="json") for r in plan.status_reports.values()]
    data["alcohol_licences"] = plan.licences.model_dump(mode="json", by_alias=True) if plan.licences else None
    data["alcohol_controls"] = [log.model_dump(mode="json", by_alias=True) for log in plan.controls.values()]
    data["units"] = [u.model_dump(mode="json") for u in plan.units]
    return data


def to_json(data: dict[str, Any]) -> str:
    return json_text(data)


def to_yaml(data: dict[str, Any]) -> str:
    """YAML as a person reads it; if a line of it would start a CI workflow command, every text double-quoted on one line.

    Block and folded text keep the plan's line breaks, so a description line «::error …» would
    start a line of the output. Double-quoted, a line break is `\\n` and `[` after `##` is `\\x5b`:
    the same data, and no line of plan text.
    """
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    if not obeyed(text):
        return text

    class Quoted(yaml.SafeDumper):
        pass

    Quoted.add_representer(str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"'))
    quoted = yaml.dump(data, Dumper=Quoted, allow_unicode=True, sort_keys=False, width=float("inf"))
    return re.sub(r"##(vso)?\[", lambda m: "##" + (m.group(1) or "") + "\\x5b", quoted, flags=re.IGNORECASE)
