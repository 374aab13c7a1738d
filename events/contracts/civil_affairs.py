"""民政 civil affairs: guardianship, assistance, orphan status, the key-child ledger and director visits."""

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from events.contracts.village_committee import SurveyRecord
from events.registry import PayloadBase
from events.types import AreaCode, Note, NotIdNumber, PersonalText, Phone, Sealed

LedgerReason = Literal[
    "family_hardship", "disability", "lack_of_guardianship", "wandering", "psychological", "behavioural", "help_request"
]


class _CivilAffairs(PayloadBase):
    DEPARTMENT = "civil_affairs"


class GuardianshipChanged(_CivilAffairs):
    """Who the guardian is and how guardianship stands (监护状况)."""

    EVENT_TYPE = "civil_affairs.GuardianshipChanged"
    status: Literal["both_parents", "one_parent", "relative", "lacking", "state"] | Sealed
    guardian_name: PersonalText | None = None
    guardian_relation: str | Sealed | None = None
    guardian_phone: Phone | None = None
    parents_migrant_workers: bool | Sealed | None = None


class SubsistenceAllowanceGranted(_CivilAffairs):
    """最低生活保障 (低保) granted to the child's household."""

    EVENT_TYPE = "civil_affairs.SubsistenceAllowanceGranted"
    monthly_amount_cny: Annotated[float, Field(ge=0)] | Sealed
    since: date | Sealed
    granting_area: AreaCode | Sealed | None = None  # the county that granted it (户籍地 or 居住地)


class SubsistenceAllowanceEnded(_CivilAffairs):
    """低保 ended."""

    EVENT_TYPE = "civil_affairs.SubsistenceAllowanceEnded"
    ended_on: date | Sealed
    reason: str | Sealed | None = None


class ExtremePovertySupportGranted(_CivilAffairs):
    """特困人员救助供养 granted."""

    EVENT_TYPE = "civil_affairs.ExtremePovertySupportGranted"
    since: date | Sealed


class OrphanStatusRecognised(_CivilAffairs):
    """Recognised as an orphan (孤儿) or a de facto unsupported child (事实无人抚养儿童)."""

    EVENT_TYPE = "civil_affairs.OrphanStatusRecognised"
    status: Literal["orphan", "de_facto_unsupported", "none"] | Sealed
    since: date | Sealed
    basic_living_allowance: bool | Sealed = False


class KeyChildLedgerEntered(_CivilAffairs):
    """Entered the key-child ledger (重点关爱服务对象台账)."""

    EVENT_TYPE = "civil_affairs.KeyChildLedgerEntered"
    reasons: Annotated[list[LedgerReason], Field(min_length=1)] | Sealed
    director_id: Annotated[str, NotIdNumber]
    entered_on: date | Sealed


class KeyChildLedgerLeft(_CivilAffairs):
    """Left the key-child ledger."""

    EVENT_TYPE = "civil_affairs.KeyChildLedgerLeft"
    left_on: date | Sealed
    reason: str | Sealed


class DirectorVisited(_CivilAffairs):
    """A contact by the children's director (儿童主任): a phone contact or a home visit."""

    EVENT_TYPE = "civil_affairs.DirectorVisited"
    director_id: Annotated[str, NotIdNumber]
    kind: Literal["contact", "home_visit"]
    visited_on: date
    note: Note | Sealed | None = None  # free text: redacted before it is stored or streamed on


class TemporaryReliefGranted(_CivilAffairs):
    """临时救助 granted to the child or the household (a one-off payment, goods or a referral)."""

    EVENT_TYPE = "civil_affairs.TemporaryReliefGranted"
    granted_on: date | Sealed
    amount_cny: Annotated[float, Field(ge=0)] | Sealed  # 0 for relief in kind or by referral
    form: Literal["cash", "in_kind", "referral"] | Sealed | None = None


# 浙江《关于加强困境儿童福利保障工作的若干举措》 names these groups of 困境儿童.
HardshipCategory = Literal["low_income_margin", "serious_illness", "severe_disability", "single_parent", "left_behind",
                           "improper_guardianship", "infringed"]


class HardshipCategoriesRecorded(_CivilAffairs):
    """The 困境儿童 categories civil affairs recognised for the child (低保边缘, 重病, 重残, 单亲, 留守, 监护不当,
    遭受侵害); an empty list: none any more."""

    EVENT_TYPE = "civil_affairs.HardshipCategoriesRecorded"
    categories: list[HardshipCategory] | Sealed
    recorded_on: date | Sealed


class GuardianshipConcernRecorded(_CivilAffairs):
    """监护不当 (improper) or 监护侵害 (infringement by the guardian) found by civil affairs."""

    EVENT_TYPE = "civil_affairs.GuardianshipConcernRecorded"
    concern: Literal["improper", "infringed", "resolved"] | Sealed
    recorded_on: date | Sealed


class StateGuardianshipProvided(_CivilAffairs):
    """临时监护 (temporary) or 长期监护 (long-term) guardianship by the state (未成年人救助保护机构, 儿童福利机构)."""

    EVENT_TYPE = "civil_affairs.StateGuardianshipProvided"
    kind: Literal["temporary", "long_term"] | Sealed
    since: date | Sealed


class DisabilityAllowancesGranted(_CivilAffairs):
    """残疾人两项补贴: 困难残疾人生活补贴 (living) and 重度残疾人护理补贴 (care)."""

    EVENT_TYPE = "civil_affairs.DisabilityAllowancesGranted"
    living_allowance: bool | Sealed = False
    care_allowance: bool | Sealed = False
    since: date | Sealed


class CommunityRehabilitationProvided(_CivilAffairs):
    """精神障碍社区康复服务 provided to the child."""

    EVENT_TYPE = "civil_affairs.CommunityRehabilitationProvided"
    provided_on: date | Sealed


class InformationRefreshed(_CivilAffairs):
    """民政 re-checked the child's information (监测摸排 survey or the six-monthly refresh, 至少每半年更新一次)."""

    EVENT_TYPE = "civil_affairs.InformationRefreshed"
    refreshed_on: date
    kind: Literal["survey", "refresh"] = "refresh"


# --- 摸排 survey records (issue 20, item 1) ---------------------------------------------------------------------
class ChildSurveyed(SurveyRecord):
    """民政 surveyed the child in a campaign (监测摸排: "以縣(市、區)為單位…完成監測摸排和信息錄入"): the same record
    as a village committee's, into 民政's own fields. It is also 民政's re-check of the child's information (the
    six-monthly refresh clock restarts from it)."""

    EVENT_TYPE = "civil_affairs.ChildSurveyed"
    DEPARTMENT = "civil_affairs"
