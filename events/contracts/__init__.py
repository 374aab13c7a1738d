"""One module per department; importing this package registers every contract."""

# Issue 20 (protection work, items 3-5): harm reports to crisis intervention, mental health, recorded risk.
from events.contracts import (  # noqa: F401  # noqa: F401,E402
    civil_affairs,
    common,
    court,
    disabled_federation,
    education,
    harm_reports,
    health,
    housing,
    human_resources,
    medical_insurance,
    mental_health,
    procuratorate,
    public_security,
    risk_assessment,
    social_work,
    village_committee,
    womens_federation,
    youth_league,
)

