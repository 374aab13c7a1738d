"""村(居)委 village and residents' committees: the 监测摸排 survey on the ground (a 网格员 or the children's director
visits the registered address and records what was found)."""

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from events.registry import PayloadBase
from events.types import AreaCode, NotIdNumber, RegisterCode, Sealed

# Hebei plan 一(二): "監測摸排發現存在家庭生活困難、自身殘疾、監護缺失、流浪、心理和行為異常的
# 以及主動提出救助幫扶需求的流動兒童"
SurveyCategory = Literal[
    "family_hardship", "disability", "lack_of_guardianship", "wandering", "psychological", "behavioural", "help_request"
]
# What the visit found: the record confirmed, corrected on the spot, the family gone, nobody found, or a need to act on.
SurveyResult = Literal["confirmed", "info_updated", "moved_away", "not_found", "needs_help"]


class SurveyRecord(PayloadBase):
    """One child's 摸排 record in a survey campaign: who surveyed, when, found at the registered address or not, the
    result and the categories found (an empty list: none). Shared shape of the civil-affairs and the village record."""

    campaign: Annotated[RegisterCode, NotIdNumber]  # the county's (or township's) campaign id, e.g. 130102-2026H2
    surveyor_id: Annotated[str, Field(min_length=1, max_length=64), NotIdNumber]  # the surveyor's staff id, not a name
    surveyed_on: date
    found_at_address: bool | Sealed
    result: SurveyResult | Sealed
    categories_found: Annotated[list[SurveyCategory], Field(max_length=7)] | Sealed = []
    # The area of the surveyor who filed it (a person's record: the area on their token, never a field of the form):
    # the record counts in a campaign's coverage only where this area contains the child's residence. None from a
    # department system (its records count as before).
    surveyor_area: AreaCode | None = None


class ChildSurveyed(SurveyRecord):
    """A village or residents' committee surveyed the child (村(居)委 摸排)."""

    EVENT_TYPE = "village_committee.ChildSurveyed"
    DEPARTMENT = "village_committee"
