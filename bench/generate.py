"""A deterministic synthetic corpus: every municipality's plan, shaped like the bundled ones.

    python bench/generate.py --out /tmp/corpus --scale 1 --seed 1

writes `/tmp/corpus/plans/kommune-001-2024-2028` for each of 356 × scale municipalities, with its
predecessor `kommune-001-2020-2024`: 6–120 measures in 1–8 focus areas, goals with descriptions,
`carried_from` into the predecessor, its evaluation, three annual status reports per plan,
indicators and (mostly) an alcohol part. The Norwegian text is the bundled plans' own
sentences, recombined, so lengths and characters are realistic. The same seed gives the same
bytes; the corpus validates without errors (warnings, as in real plans, do occur).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MUNICIPALITIES = 356
AREAS = {
    "barn-og-unge": "Barn og unge",
    "eldre": "Eldre",
    "arbeid-og-aktivitet": "Arbeid og aktivitet",
    "bolig": "Bolig",
    "oppfolging": "Oppfølgingstjenester, behandling og ettervern",
    "kompetanse": "Kompetanse",
    "forebygging": "Forebygging og tidlig innsats",
    "alkoholpolitikk": "Alkoholpolitikk og bevillinger",
    "psykisk-helse": "Psykisk helse og rus",
    "samhandling": "Samhandling og koordinering",
    "parorende": "Pårørende",
    "informasjon": "Informasjon og holdningsarbeid",
}
COSTS = ["Innenfor ramme", "Innenfor eksisterende ramme", "Søkes tilskudd", "kr 250 000", "Investering", "Økonomiplan", "Ingen kostnad"]
OUTCOMES = ["done", "partly_done", "not_done", "discontinued"]
PROGRESS = ["planned", "in_progress", "partly_done", "done"]  # a measure's status only moves forward here
INDICATOR_SOURCES = ["Ungdata", "BrukerPlan", "KOSTRA", "Politiet", "Kommunens bevillingsregister", "Folkehelseprofil"]
UNITS = ["antall", "prosent", "liter", "per 1000"]
GROUPS = [None, "ungdomsskole", "VG1–VG3", "8. trinn", "10. trinn"]


class Literal(str):
    """A multi-line text written as a YAML block scalar, as the bundled plans write descriptions."""


Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
Dumper.add_representer(Literal, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style="|"))


def dump(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
    path.write_text(text, encoding="utf-8")


class TextPool:
    """Titles, sentences and unit names taken from the bundled plans."""

    def __init__(self, plans: Path) -> None:
        self.measures: list[str] = []
        self.goals: list[str] = []
        self.sentences: list[str] = []
        self.responsible: list[str] = []
        self.strategies: list[str] = []
        self.notes: list[str] = []
        self.indicators: list[str] = []
        for path in sorted(plans.glob("*/**/*.yaml")):
            self._collect(yaml.safe_load(path.read_text(encoding="utf-8")), path.parent.name)
        for name in ("measures", "goals", "sentences", "responsible", "strategies", "notes", "indicators"):
            values = sorted(set(getattr(self, name)))
            assert values, f"no {name} in {plans}"
            setattr(self, name, values)

    def _collect(self, data, folder: str, key: str = "") -> None:
        if isinstance(data, dict):
            for k, v in data.items():
                if k == "title" and isinstance(v, str):
                    target = {"measures": self.measures, "goals": self.goals, "indicators": self.indicators}.get(key)
                    if target is not None:
                        target.append(v)
                elif k in ("description", "text", "comment", "note", "summary") and isinstance(v, str):
                    self.sentences.extend(s.replace("\n", " ").strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«])", v) if len(s) > 20)
                    if k in ("comment", "note"):
                        self.notes.append(v.replace("\n", " ").strip())
                elif k == "responsible" and isinstance(v, list):
                    self.responsible.extend(x for x in v if isinstance(x, str))
                elif k == "strategies" and isinstance(v, list):
                    self.strategies.extend(x for x in v if isinstance(x, str))
                self._collect(v, folder, k if isinstance(v, list) else key)
        elif isinstance(data, list):
            for item in data:
                self._collect(item, folder, key)

    def paragraph(self, rng: random.Random, low: int, high: int) -> Literal:
        text = " ".join(rng.choice(self.sentences) for _ in range(rng.randint(low, high)))
        return Literal("\n".join(textwrap.wrap(text, 88)))


def _measure_count(rng: random.Random) -> int:
    """6–120 measures, most municipalities at the small end, as in the real plans."""
    return 6 + round(114 * rng.betavariate(1.2, 2.8))


def _deadline(rng: random.Random, start: int, end: int):
    choice = rng.random()
    if choice < 0.45:
        return rng.randint(start, end)
    if choice < 0.7:
        return "I planperioden"
    if choice < 0.85:
        return "Årlig"
    if choice < 0.95:
        return "Løpende"
    return f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(start, end)}"


def _measure(rng: random.Random, pool: TextPool, number: int, start: int, end: int) -> dict:
    measure: dict = {"id": f"t{number}", "number": number, "title": rng.choice(pool.measures)}
    if rng.random() < 0.2:
        measure["description"] = pool.paragraph(rng, 1, 4)
    if rng.random() < 0.05:
        measure["sub_points"] = [rng.choice(pool.measures) for _ in range(rng.randint(2, 4))]
    measure["responsible"] = [] if rng.random() < 0.03 else sorted(set(rng.sample(pool.responsible, rng.randint(1, 3))))
    if rng.random() < 0.15:
        measure["partners"] = sorted(set(rng.sample(pool.responsible, rng.randint(1, 2))))
    if rng.random() < 0.85:
        measure["cost"] = rng.choice(COSTS)
    measure["deadline"] = _deadline(rng, start, end)
    return measure


def plan_folder(
    out: Path, pool: TextPool, rng: random.Random, slug: str, number: str, start: int, end: int, predecessor: dict | None, measures: int | None = None
) -> dict:
    """Write one plan; return its measure ids (for the successor's carried_from and evaluation)."""
    plan_id = f"{slug}-{start}-{end}"
    folder = out / plan_id
    name = slug.replace("-", " ").title()
    total = measures or _measure_count(rng)
    area_ids = rng.sample(sorted(AREAS), max(1, min(8, round(total / rng.uniform(8, 20)))))
    carried_pool = list(predecessor["measures"]) if predecessor else []
    rng.shuffle(carried_pool)
    carry = carried_pool[: int(len(carried_pool) * rng.uniform(0.2, 0.6))]

    measures: list[str] = []
    sizes = [1] * len(area_ids)
    for _ in range(total - len(area_ids)):
        sizes[rng.randrange(len(area_ids))] += 1
    for index, (area_id, size) in enumerate(zip(area_ids, sizes, strict=True), start=1):
        goal_count = max(1, min(4, size // 4 + rng.randint(0, 1)))
        per_goal = [1] * goal_count if size >= goal_count else [size]
        for _ in range(size - sum(per_goal)):
            per_goal[rng.randrange(len(per_goal))] += 1
        goals = []
        for g, count in enumerate(per_goal, start=1):
            goal = {"id": f"{area_id}-m{g}", "number": g, "title": rng.choice(pool.goals), "description": pool.paragraph(rng, 2, 10)}
            if rng.random() < 0.3:
                goal["result_goals"] = [rng.choice(pool.goals) for _ in range(rng.randint(1, 3))]
            goal["measures"] = []
            for _ in range(count):
                measure = _measure(rng, pool, len(measures) + 1, start, end)
                if carry and rng.random() < 0.5:
                    measure["carried_from"] = f"{predecessor['id']}/{carry.pop()}"
                goal["measures"].append(measure)
                measures.append(measure["id"])
            goals.append(goal)
        area = {"id": area_id, "number": index, "title": AREAS[area_id], "strategies": rng.sample(pool.strategies, rng.randint(0, 3))}
        if rng.random() < 0.5:
            area["description"] = pool.paragraph(rng, 2, 8)
        area["goals"] = goals
        dump(folder / "focus-areas" / f"{area_id}.yaml", area)

    meta: dict = {
        "id": plan_id,
        "title": f"Ruspolitisk handlingsplan {start}–{end}",
        "municipalities": [{"name": name, "number": number, "responsible": True}],
        "period": {"start": start, "end": end},
        "state": "adopted" if predecessor else "expired",
        "adoption": {
            "date": f"{start}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "body": f"{name} kommunestyre",
            "unanimous": rng.random() < 0.8,
            "decision": [rng.choice(pool.sentences) for _ in range(rng.randint(1, 4))],
        },
    }
    if predecessor:
        meta["predecessor"] = predecessor["id"]
    meta.update(
        {
            "follow_up": {"responsible": rng.sample(pool.responsible, 2), "text": pool.paragraph(rng, 2, 5)},
            "reporting": "annual",
            "description": pool.paragraph(rng, 4, 14),
            "focus_areas": area_ids,
        }
    )
    dump(folder / "plan.yaml", meta)

    if predecessor:
        carried = {m["carried_from"].split("/")[1] for m in _all_measures(folder)}
        items = []
        for measure_id in predecessor["measures"]:
            item = {"measure": measure_id, "outcome": rng.choice(OUTCOMES), "continued": measure_id in carried}
            if rng.random() < 0.6:
                item["comment"] = rng.choice(pool.notes)
            items.append(item)
        dump(folder / "evaluation.yaml", {"plan": predecessor["id"], "legend": "✔=gjennomført ✖=ikke gjennomført", "items": items})

    progress: dict[str, int] = {}
    for year in range(start, start + 3):
        reported = rng.sample(measures, max(1, int(len(measures) * rng.uniform(0.3, 0.8))))
        items = []
        for measure_id in sorted(reported, key=lambda m: int(m[1:])):
            progress[measure_id] = min(len(PROGRESS) - 1, progress.get(measure_id, -1) + rng.randint(1, 2))
            item = {"measure": measure_id, "status": PROGRESS[progress[measure_id]]}
            if rng.random() < 0.7:
                item["note"] = rng.choice(pool.notes)
            items.append(item)
        dump(folder / "status" / f"{year}.yaml", {"year": year, "source": f"Årsrapport {year}, {name} kommune", "measures": items})

    indicators = []
    for i in range(rng.randint(4, 15)):
        first = rng.randint(start - 6, start)
        years = sorted(rng.sample(range(first, first + 8), rng.randint(2, 6)))
        indicator = {
            "id": f"indikator-{i + 1}",
            "title": rng.choice(pool.indicators),
            "source": rng.choice(INDICATOR_SOURCES),
            "unit": rng.choice(UNITS),
            "scope": "municipality",
            "values": {y: round(rng.uniform(1, 500), rng.choice([0, 1])) for y in years},
        }
        if group := rng.choice(GROUPS):
            indicator["group"] = group
        indicators.append(indicator)
    dump(folder / "indicators.yaml", {"indicators": indicators})

    if rng.random() < 0.7:
        sales, serving = rng.randint(1, 30), rng.randint(0, 60)
        dump(
            folder / "alcohol.yaml",
            {
                "sales_licences": sales,
                "serving_licences": serving,
                "controls_per_year": 3 * (sales + serving) + rng.randint(0, 20),
                "sales_hours": {"weekdays": {"from": "08:00", "to": "20:00"}, "before_holidays": {"from": "08:00", "to": "18:00"}},
                "serving_hours": {"group_1_2": {"from": "08:00", "to": rng.choice(["01:00", "02:00"])}, "group_3": {"from": "13:00", "to": "01:00"}},
                "note": pool.paragraph(rng, 1, 4),
            },
        )
    return {"id": plan_id, "measures": measures}


def _all_measures(folder: Path):
    for path in sorted((folder / "focus-areas").glob("*.yaml")):
        for goal in yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["goals"]:
            for measure in goal["measures"]:
                if "carried_from" in measure:
                    yield measure


def generate(out: Path, scale: int, seed: int, plans: Path = ROOT / "plans", municipalities: int | None = None, measures: int | None = None) -> list[str]:
    """Write the corpus under out/plans (356 × scale municipalities, or `municipalities`, each plan with
    `measures` measures if given); return the current plans' ids."""
    pool = TextPool(plans)
    target = out / "plans"
    if target.exists():
        shutil.rmtree(target)
    current = []
    for index in range(1, (municipalities or MUNICIPALITIES * scale) + 1):
        rng = random.Random(f"rusplan-bench-{seed}-{index}")
        slug = f"kommune-{index:03d}"
        number = f"{(index * 7919) % 10000:04d}"
        old = plan_folder(target, pool, rng, slug, number, 2020, 2024, None, measures)
        current.append(plan_folder(target, pool, rng, slug, number, 2024, 2028, old, measures)["id"])
    return current


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write plans/ into (its plans/ is replaced)")
    parser.add_argument("--scale", type=int, default=1, help="356 × SCALE municipalities (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--municipalities", type=int, help="this many municipalities instead of 356 × SCALE")
    parser.add_argument("--measures", type=int, help="every plan with this many measures (e.g. 1000 or 10000 for one large plan)")
    args = parser.parse_args()
    current = generate(args.out, args.scale, args.seed, municipalities=args.municipalities, measures=args.measures)
    files = sum(1 for _ in (args.out / "plans").rglob("*.yaml"))
    size = sum(p.stat().st_size for p in (args.out / "plans").rglob("*.yaml"))
    print(f"{len(current)} municipalities, {2 * len(current)} plans, {files} files, {size / 1024 / 1024:.1f} MB in {args.out / 'plans'}")


if __name__ == "__main__":
    main()
