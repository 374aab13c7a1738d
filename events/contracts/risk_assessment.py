"""A risk assessment recorded by a person (开展风险等级评估, Guizhou): the computed score is a suggestion; the level
that counts is the one a children's director or caseworker records, with reasons chosen from a list."""

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from events.registry import PayloadBase
from events.types import NotIdNumber, Sealed

RiskReason = Literal["guardianship_lacking", "orphan_or_unsupported", "dropped_out", "severe_mental_disorder",
                     "disability_severe", "disability", "family_hardship", "wandering", "psychological", "behavioural",
                     "help_request", "guardianship_supervision_order", "guardian_neglect_or_harm", "other"]


class RiskAssessed(PayloadBase):
    """民政's recorded risk level (风险等级评估) of a child."""

    EVENT_TYPE = "civil_affairs.RiskAssessed"
    DEPARTMENT = "civil_affairs"
    assessor_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,40}$"), NotIdNumber]
    assessed_on: date | Sealed
    level: Literal["low", "medium", "high"] | Sealed
    reasons: Annotated[list[RiskReason], Field(min_length=1, max_length=14)] | Sealed
    next_review_on: date | Sealed
