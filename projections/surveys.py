"""摸排 survey coverage: children known to any department in an area vs children surveyed in the campaign. Pure.

Hebei plan 一(一): "各地以縣(市、區)為單位…完成監測摸排和信息錄入". A child counts as surveyed in a campaign when
民政's or the village committee's survey record names the campaign (each department keeps its own record, 一数一源)
and, for a record filed by a person (with the surveyor's area, from their token), the surveyor's area contains the
child's residence: a grid worker of one township cannot mark another township's children surveyed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# (campaign field, categories field, surveyor's area field) of each department's survey record
RECORDS = (("monitoring.survey_campaign", "monitoring.survey_categories", "monitoring.surveyor_area"),
           ("village_survey.campaign", "village_survey.categories", "village_survey.surveyor_area"))
CAMPAIGN_FIELDS = frozenset(c for c, _, _ in RECORDS)
FINDING_FIELDS = frozenset(f for _, f, _ in RECORDS)
SURVEYOR_AREA_FIELDS = frozenset(a for _, _, a in RECORDS)
COVERAGE_FIELDS = CAMPAIGN_FIELDS | SURVEYOR_AREA_FIELDS  # what coverage reads of the records
NO_TOWNSHIP = "unknown"  # the residence code names the county only


def surveyed_in(fields: Mapping[str, Any], campaign: str, residence: str | None = None) -> bool:
    """Whether either department's survey record belongs to the campaign and counts for a child living in
    `residence`: a record with the surveyor's area (a person's, filed with their token) only where that area
    contains the residence; a record without one (a department system's) wherever the child lives."""
    return any(fields.get(name) == campaign and _within(fields.get(area), residence) for name, _, area in RECORDS)


def _within(surveyor_area: Any, residence: str | None) -> bool:
    if surveyor_area is None:
        return True
    return isinstance(surveyor_area, str) and bool(surveyor_area) and bool(residence) \
        and str(residence).startswith(surveyor_area)


def survey_findings(fields: Mapping[str, Any]) -> list[str]:
    """The categories the surveys found (家庭生活困難, 自身殘疾, 監護缺失 … as codes), from both departments."""
    found: set[str] = set()
    for name in FINDING_FIELDS:
        value = fields.get(name)
        if isinstance(value, list):
            found |= {v for v in value if isinstance(v, str)}
    return sorted(found)


@dataclass
class AreaCoverage:
    """One county or township: how many children are known, how many the campaign surveyed."""

    level: str  # county | township
    area: str
    known: int = 0
    surveyed: int = 0

    def to_json(self) -> dict[str, Any]:
        rate = round(self.surveyed / self.known, 4) if self.known else None
        return {"level": self.level, "area": self.area, "known": self.known, "surveyed": self.surveyed,
                "unsurveyed": self.known - self.surveyed, "coverage": rate}


@dataclass
class Coverage:
    """Coverage rows of a campaign and the children it has not reached (for the area's director)."""

    campaign: str
    rows: list[AreaCoverage] = field(default_factory=list)
    unsurveyed: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"campaign": self.campaign, "areas": [r.to_json() for r in self.rows], "unsurveyed": self.unsurveyed}


def township_of(area: str) -> str:
    """The 9-digit township of an area code, or NO_TOWNSHIP when the code names only the county."""
    return area[:9] if len(area) >= 9 else NO_TOWNSHIP


def coverage(children: Iterable[tuple[str, str, Mapping[str, Any]]], campaign: str) -> Coverage:
    """From (child key, area the child lives in, fields), the known and surveyed children per county and per
    township, and the unsurveyed children (key, county, township), sorted."""
    counties: dict[str, AreaCoverage] = {}
    townships: dict[tuple[str, str], AreaCoverage] = {}
    missing: list[dict[str, str]] = []
    for key, area, fields in children:
        county, township = area[:6], township_of(area)
        cells = (counties.setdefault(county, AreaCoverage("county", county)),
                 townships.setdefault((county, township), AreaCoverage("township", township if township !=
                                                                       NO_TOWNSHIP else f"{county}:{NO_TOWNSHIP}")))
        done = surveyed_in(fields, campaign, area)
        for cell in cells:
            cell.known += 1
            cell.surveyed += done
        if not done:
            missing.append({"child_key": key, "county": county, "township": township})
    by_county: dict[str, list[AreaCoverage]] = defaultdict(list)
    for (county, _), cell in sorted(townships.items()):
        by_county[county].append(cell)
    rows = [row for county in sorted(counties) for row in (counties[county], *by_county[county])]
    return Coverage(campaign, rows, sorted(missing, key=lambda m: (m["county"], m["township"], m["child_key"])))
