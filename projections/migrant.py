"""Who is a 流动儿童: a status derived from the record by a regional, versioned definition, with its reasons.

The definition is data (projections/catalogue/data/definitions/): the age limit, the months of residence, and the
urban exception as a table of each city's central districts. Where the data cannot decide (no hukou area, no
residence area or date, no birth date) the status is `unknown`: reported as such, never counted as migrant.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from projections.catalogue.rules import add_months, age_on
from projections.residence import HISTORY, residence_spells
from projections.values import day as _day

DEFINITIONS = Path(__file__).with_name("catalogue") / "data" / "definitions"
MIGRANT, NOT_MIGRANT, UNKNOWN = "migrant", "not_migrant", "unknown"
# Over the definition's age but still in a stage the list targets by stage (义务教育阶段): a target of the items whose
# 服务对象 is that stage only (item 3), never of the others, and not a 流动儿童 for refresh or statistics' "migrant".
MIGRANT_BY_STAGE = "migrant_by_stage"
INPUTS = ("identity.birth_date", "identity.hukou_area", "residence.area_code", "residence.since", HISTORY,
          "education.stage", "education.status")


@dataclass(frozen=True)
class ByStage:
    """Who is over the definition's age but a target by school stage: a minor (under `under_age`) in one of `stages`
    with one of `statuses` (still at school), who meets the residence criteria of the definition."""

    name: str  # the catalogue items with "target_by_stage": name are the only ones such a child is a target of
    stages: frozenset[str]
    statuses: frozenset[str]
    under_age: int
    wording: str

    @property
    def reason(self) -> str:
        return f"over_age_in_{self.name}_education"


@dataclass(frozen=True)
class Definition:
    """One region's definition of a migrant child."""

    id: str
    version: str
    wording: str
    under_age: int
    min_months: int
    county_digits: int
    central: Mapping[str, frozenset[str]]  # city code -> its central districts (county codes)
    by_stage: ByStage | None = None

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    def central_city(self, county: str) -> str | None:
        """The city whose central districts include this county, if any."""
        return next((city for city, districts in self.central.items() if county in districts), None)

    def at_home(self, county: str, hukou: str) -> bool:
        """Living here is not 异地 for this definition: the hukou county, or central districts of the hukou's city."""
        return county == hukou or ((city := self.central_city(county)) is not None and self.central_city(hukou) == city)


@lru_cache(maxsize=8)
def load_definition(definition_id: str = "hebei-2024") -> Definition:
    """A definition by id (its file name)."""
    path = DEFINITIONS / f"{definition_id}.json"
    if not path.is_file():
        raise ValueError(f"unknown migrant-child definition {definition_id!r}")
    raw = json.loads(path.read_text(encoding="utf-8"))
    stage = raw.get("by_stage")
    by_stage = None if not stage else ByStage(stage["name"], frozenset(stage["stages"]), frozenset(stage["statuses"]),
                                              int(stage["under_age"]), stage["wording"])
    return Definition(raw["id"], raw["version"], raw["wording"], int(raw["under_age"]), int(raw["min_months"]),
                      int(raw["county_digits"]),
                      {city: frozenset(ds) for city, ds in raw.get("central_districts", {}).items()}, by_stage)


@dataclass(frozen=True)
class MigrantStatus:
    """migrant / migrant_by_stage / not_migrant / unknown, why, and by which definition."""

    status: str
    reasons: tuple[str, ...]
    definition: str

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "reasons": list(self.reasons), "definition": self.definition}




def away_since(fields: Mapping[str, Any], as_of: date, definition: Definition | None = None) -> date | None:
    """Since when the child has lived away from the hukou county without a break, on `as_of`: the 6-month clock of
    "跨县域异地居住或生活6个月以上", which counts the time away from the hukou place, not in the current county.

    From `residence.history` (every residence event's county and start, merged in any order): walking back from the
    current residence over the counties that are not home (the hukou county, or central districts of its city), the
    start of the earliest. A move between two counties away keeps the clock; a residence at home, or at an unknown
    place, ends the walk (a move back home resets it; the time before an unknown place is not counted); a residence
    whose start is unknown makes the clock unknown (None), unless it renews one in the same county. Without a history
    (or when its last residence is not the current one) it is the current county's `residence.since`."""
    d = definition or load_definition()
    n = d.county_digits
    since = _day(fields.get("residence.since"))
    spells = residence_spells(fields.get(HISTORY), as_of)
    hukou = str(fields.get("identity.hukou_area") or "")[:n]
    here = str(fields.get("residence.area_code") or "")[:n]
    if not spells or len(hukou) < n or len(here) < n or spells[-1]["area"] != here or d.at_home(here, hukou):
        return since
    start = None
    for i in range(len(spells) - 1, -1, -1):
        area = spells[i]["area"]
        if not isinstance(area, str) or len(area) < n or d.at_home(area, hukou):
            break
        day = _day(spells[i].get("from"))
        if day is None:
            if i > 0 and spells[i - 1]["area"] == area:
                continue  # a registration renewed in the same county: the earlier entry dates the stay
            return None
        start = day
    return start


def migrant_status(fields: Mapping[str, Any], as_of: date, definition: Definition | None = None) -> MigrantStatus:
    """The status on `as_of` from plain field values: any deciding "no" wins, then any unknown, else migrant (or
    migrant_by_stage: at or over the age limit but a minor still at school in the definition's `by_stage` stages)."""
    d = definition or load_definition()
    no: list[str] = []
    yes: list[str] = []
    unknown: list[str] = []
    by_stage = False
    born = _day(fields.get("identity.birth_date"))
    if born is None:
        unknown.append("birth_date_unknown")
    elif age_on(born, as_of) >= d.under_age:
        s = d.by_stage
        if (s is not None and age_on(born, as_of) < s.under_age and fields.get("education.stage") in s.stages
                and fields.get("education.status") in s.statuses):
            by_stage = True
            yes.append(s.reason)
        else:
            no.append(f"age_{d.under_age}_or_over")
    elif born > as_of:
        no.append("not_born")
    else:
        yes.append(f"under_{d.under_age}")
    hukou = str(fields.get("identity.hukou_area") or "")[:d.county_digits]
    here = str(fields.get("residence.area_code") or "")[:d.county_digits]
    if len(hukou) < d.county_digits:
        unknown.append("hukou_area_unknown")
    if len(here) < d.county_digits:
        unknown.append("residence_area_unknown")
    if hukou and here and len(hukou) == len(here) == d.county_digits:
        if hukou == here:
            no.append("same_county")
        elif (city := d.central_city(here)) is not None and d.central_city(hukou) == city:
            no.append("central_districts_of_one_city")
        else:
            yes.append("cross_county")
    since = away_since(fields, as_of, d)
    if since is None:
        unknown.append("residence_date_unknown")
    elif add_months(since, d.min_months) > as_of:
        no.append(f"resident_under_{d.min_months}_months")
    else:
        yes.append(f"resident_{d.min_months}_months")
    if no:
        return MigrantStatus(NOT_MIGRANT, tuple(no), d.label)
    if unknown:
        return MigrantStatus(UNKNOWN, tuple(unknown), d.label)
    return MigrantStatus(MIGRANT_BY_STAGE if by_stage else MIGRANT, tuple(yes), d.label)


def provenance(fields: Mapping[str, Any], names: tuple[str, ...] = INPUTS) -> dict[str, dict[str, str]]:
    """Where each input of the status came from: department, event id and time (fields are FieldValues)."""
    out = {}
    for name in names:
        fv = fields.get(name)
        if fv is not None:
            out[name] = {"source": fv.source, "event_id": fv.event_id, "occurred_at": fv.occurred_at.isoformat()}
    return out
