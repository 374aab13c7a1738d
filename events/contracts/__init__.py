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
