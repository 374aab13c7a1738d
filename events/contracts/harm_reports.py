"""Harm reports through to crisis intervention (强制报告 → 训诫 → 危机干预/临时监护 → 督促监护令 / 撤销监护人资格).

Hebei plan: "村(居)民委员会…情節嚴重的應當及時向公安機關報告。公安機關…應當予以訓誡,并可以責令其接受家庭教育指導";
Zhejiang: "建立健全监护缺失、监护不当困境儿童危机干预制度", "撤销其监护人资格,并依法指定监护人". Each step is an event
of the department that takes it. A report is kept per reporting department (一数一源: who reported is that
department's own evidence); the procuratorate's step is its existing 督促监护令
(procuratorate.GuardianshipSupervisionOrderIssued).
"""

from datetime import date, datetime
from typing import Literal

from events.registry import PayloadBase
from events.types import AreaCode, FilerId, Sealed

# 监护不当 (neglect: the guardian does not fulfil the duty) or 监护侵害 (harm by the guardian).
HarmKind = Literal["neglect", "harm"]


class _HarmReport(PayloadBase):
    reported_at: datetime | Sealed  # hours count: a crisis deadline is counted from this moment
    kind: HarmKind | Sealed
    # Where the report was made (the reporter's area): the alerts go there when the platform knows no residence of
    # the child (a child newly arrived, known to no department yet), so that such a report is not lost.
    area_code: AreaCode | Sealed | None = None


class SchoolHarmReported(_HarmReport):
    """A school reported guardian neglect or harm (强制报告)."""

    EVENT_TYPE = "education.HarmReported"
    DEPARTMENT = "education"


class HospitalHarmReported(_HarmReport):
    """A hospital or health service reported guardian neglect or harm (强制报告)."""

    EVENT_TYPE = "health.HarmReported"
    DEPARTMENT = "health"


class CommunityHarmReported(_HarmReport):
    """A village (residents') committee, a grid worker (网格员) or any platform user reported guardian neglect or harm;
    civil affairs takes the report in."""

    EVENT_TYPE = "civil_affairs.HarmReported"
    DEPARTMENT = "civil_affairs"
    reporter: Literal["village_committee", "grid_worker", "platform_user", "public"] | Sealed
    # Who filed it through the platform (a grid worker or any staff member, `POST /protection/harm-reports`): the
    # filer's pseudonym for this child (privacy.pseudonym.filer_id), set by the platform from the caller's token,
    # never from the body. The gate reads it (sealed) for one check only: a report gives its filer no case_area scope
    # and no alert (the filer's own report gets its acknowledgement, not the record). None from a department system.
    filed_by: FilerId | Sealed | None = None


class PoliceHarmReported(_HarmReport):
    """Public security received a report (110) or found neglect or harm in a case of its own."""

    EVENT_TYPE = "public_security.HarmReported"
    DEPARTMENT = "public_security"


class GuardianReprimanded(PayloadBase):
    """公安机关予以训诫, and may order the guardian to receive family education guidance (责令接受家庭教育指导)."""

    EVENT_TYPE = "public_security.GuardianReprimanded"
    DEPARTMENT = "public_security"
    reprimanded_on: date | Sealed
    guidance_ordered: bool | Sealed = False


class CrisisInterventionStarted(PayloadBase):
    """民政's crisis intervention (危机干预): the child placed in 临时监护, with relatives, or left at home under
    supervision after an assessment."""

    EVENT_TYPE = "civil_affairs.CrisisInterventionStarted"
    DEPARTMENT = "civil_affairs"
    started_at: datetime | Sealed
    measure: Literal["temporary_guardianship", "kinship_placement", "home_with_supervision"] | Sealed


class GuardianshipRevoked(PayloadBase):
    """A court revoked the guardian's qualification and appointed a guardian (撤销其监护人资格,并依法指定监护人)."""

    EVENT_TYPE = "court.GuardianshipRevoked"
    DEPARTMENT = "court"
    decided_on: date | Sealed
    appointed: Literal["relative", "civil_affairs", "other_person", "organisation"] | Sealed
