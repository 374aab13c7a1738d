"""One module per department; importing this package registers every contract."""

from events.contracts import (  # noqa: F401
    civil_affairs,
    common,
    disabled_federation,
    education,
    health,
    housing,
    medical_insurance,
    public_security,
    womens_federation,
)
