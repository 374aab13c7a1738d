"""Mental health (心理健康): school assessments each school year, 一生一策 plans, referrals and 精神障碍社区康复
enrolment.

Guizhou: "学校每学年至少开展1次心理健康测评"; Hebei: "做好流动儿童心理健康测查,建立'一生一策'心理健康档案",
"畅通…预防转介干预就医通道". Only the result level travels (no scores, no answers), sealed like every health value.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from events.registry import PayloadBase
from events.types import Sealed

SchoolYear = Annotated[str, StringConstraints(pattern=r"^20\d\d-20\d\d$")]  # "2025-2026": 1 September to 31 August
PlanGoal = Literal["emotional_support", "peer_relations", "family_communication", "study_stress",
                   "self_harm_prevention", "sleep_and_routine", "professional_treatment", "other"]


class MentalHealthAssessed(PayloadBase):
    """The school's mental-health assessment (心理健康测评) of one school year: the result level only."""

    EVENT_TYPE = "education.MentalHealthAssessed"
    DEPARTMENT = "education"
    school_year: SchoolYear | Sealed
    assessed_on: date | Sealed
    level: Literal["no_concern", "attention", "high_concern"] | Sealed


class MentalHealthPlanRecorded(PayloadBase):
    """A "一生一策" mental-health plan: who owns it (a staff id, not a name), its goals, when it is reviewed next and
    whether it is open. A later record replaces the earlier one (a review records the plan again)."""

    EVENT_TYPE = "education.MentalHealthPlanRecorded"
    DEPARTMENT = "education"
    owner_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,40}$")] | Sealed
    goals: Annotated[list[PlanGoal], Field(min_length=1, max_length=8)] | Sealed
    recorded_on: date | Sealed
    review_on: date | Sealed
    status: Literal["open", "closed"] | Sealed = "open"


class MentalHealthReferred(PayloadBase):
    """The school referred the child (预防转介干预就医通道): to a hospital, a mental-health centre, 12355, social work
    or community rehabilitation."""

    EVENT_TYPE = "education.MentalHealthReferred"
    DEPARTMENT = "education"
    referred_on: date | Sealed
    referred_to: Literal["hospital", "mental_health_centre", "youth_hotline_12355", "social_work",
                         "community_rehabilitation"] | Sealed


class MentalHealthReferralOutcome(PayloadBase):
    """The health service that received a referral (a hospital, a mental-health centre) recorded its outcome."""

    EVENT_TYPE = "health.MentalHealthReferralOutcome"
    DEPARTMENT = "health"
    outcome_on: date | Sealed
    outcome: Literal["assessed_no_treatment", "treatment_started", "did_not_attend", "declined"] | Sealed


# The other receivers of a school's referral record its outcome themselves (一数一源: each outcome field has one owner,
# the receiver; the school's referral names the receiver, and the overdue rule reads that receiver's field).
class HotlineReferralOutcome(PayloadBase):
    """共青团's 12355 youth service (青少年服务台) recorded the outcome of a referral it received."""

    EVENT_TYPE = "youth_league.HotlineReferralOutcome"
    DEPARTMENT = "youth_league"
    outcome_on: date | Sealed
    outcome: Literal["counselling_started", "referred_for_treatment", "no_need_found", "no_contact",
                     "declined"] | Sealed


class SocialWorkReferralOutcome(PayloadBase):
    """Social work (社会工作, 民政: it owns the social work events, see social_work.py) recorded the outcome of a
    referral it received."""

    EVENT_TYPE = "civil_affairs.SocialWorkReferralOutcome"
    DEPARTMENT = "civil_affairs"
    outcome_on: date | Sealed
    outcome: Literal["case_work_started", "support_given", "referred_for_treatment", "no_contact",
                     "declined"] | Sealed


class RehabilitationReferralOutcome(PayloadBase):
    """民政 recorded the outcome of a referral to 精神障碍社区康复 (an enrolment answers it too: see
    CommunityRehabilitationEnrolled)."""

    EVENT_TYPE = "civil_affairs.RehabilitationReferralOutcome"
    DEPARTMENT = "civil_affairs"
    outcome_on: date | Sealed
    outcome: Literal["enrolled", "not_eligible", "did_not_attend", "declined"] | Sealed


class CommunityRehabilitationEnrolled(PayloadBase):
    """Enrolled in 精神障碍社区康复服务 (民政)."""

    EVENT_TYPE = "civil_affairs.CommunityRehabilitationEnrolled"
    DEPARTMENT = "civil_affairs"
    enrolled_on: date | Sealed
