"""Department names and the topic each one publishes to."""

from enum import StrEnum


class Department(StrEnum):
    """A data-owning department (一数一源 sources)."""

    PUBLIC_SECURITY = "public_security"  # 公安
    CIVIL_AFFAIRS = "civil_affairs"  # 民政
    EDUCATION = "education"  # 教育
    HEALTH = "health"  # 卫健
    MEDICAL_INSURANCE = "medical_insurance"  # 医保
    DISABLED_FEDERATION = "disabled_federation"  # 残联
    HOUSING = "housing"  # 住建
    WOMENS_FEDERATION = "womens_federation"  # 妇联
    COURT = "court"  # 法院
    PROCURATORATE = "procuratorate"  # 检察院
    YOUTH_LEAGUE = "youth_league"  # 共青团
    HUMAN_RESOURCES = "human_resources"  # 人社
    VILLAGE_COMMITTEE = "village_committee"  # 村(居)民委员会: 摸排 surveys on the ground
    PLATFORM = "platform"  # the platform's own privacy office: erasure, never child data


TOPIC_PREFIX = "dept."


def topic_for(department: str) -> str:
    """The ingest topic of one department."""
    return f"{TOPIC_PREFIX}{Department(department).value}"


_NAMES = frozenset(d.value for d in Department)


def department_of_topic(topic: str) -> str | None:
    """The department whose ingest topic this is, or None."""
    if not topic.startswith(TOPIC_PREFIX):
        return None
    name = topic[len(TOPIC_PREFIX):]
    return name if name in _NAMES else None


__all__ = ["Department", "topic_for", "department_of_topic", "TOPIC_PREFIX"]
