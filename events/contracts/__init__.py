"""One module per department; importing this package registers every contract."""

from events.contracts import (  # noqa: F401
    civil_affairs,
    common,
    court,
    disabled_federation,
    education,
    health,
    housing,
    human_resources,
    medical_insurance,
    procuratorate,
    public_security,
    village_committee,
    womens_federation,
    youth_league,
)
# Issue 20 (protection work, items 3-5): harm reports to crisis intervention, mental health, recorded risk.
from events.contracts import harm_reports, mental_health, risk_assessment, social_work  # noqa: F401,E402

