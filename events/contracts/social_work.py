"""Case work by a social worker (社会工作者) under a children's director's referral (issue 20, item 7). Hebei names
社会工作者 among those who serve migrant children ("充分發揮…兒童督導員、兒童主任、基層網格員、社會工作者…作用")."""

from datetime import date
from typing import Annotated

from pydantic import StringConstraints

from events.registry import PayloadBase
from events.types import NotIdNumber, Sealed

# a token principal, not a name
StaffId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,60}$"), NotIdNumber]


class SocialWorkReferred(PayloadBase):
    """A children's director referred the child to a social worker for case work; the social worker's id is the
    principal name of their token (it opens the child to them, see the `assigned_to` rule in access_policy.json)."""

    EVENT_TYPE = "civil_affairs.SocialWorkReferred"
    DEPARTMENT = "civil_affairs"
    director_id: StaffId
    social_worker_id: StaffId
    referred_on: date | Sealed


class SocialWorkEnded(PayloadBase):
    """The case work ended: the child is no longer open to the social worker."""

    EVENT_TYPE = "civil_affairs.SocialWorkEnded"
    DEPARTMENT = "civil_affairs"
    ended_on: date | Sealed
