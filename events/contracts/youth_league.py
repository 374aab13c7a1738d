"""共青团 youth league: youth activities (city integration, culture, tutoring), 12355 counselling and legal
education."""

from datetime import date
from typing import Literal

from events.registry import PayloadBase
from events.types import LegalEducationForm, Sealed

Activity = Literal["city_integration", "culture", "reading", "sports", "volunteer_tutoring", "summer_care", "other"]


class _YouthLeague(PayloadBase):
    DEPARTMENT = "youth_league"


class ActivityAttended(_YouthLeague):
    """The child took part in a youth league activity (城市融入, 文化, 志愿辅导, 暑期托管 ...). Plain values, like a
    director's contact date: the processor reads them to date city integration (城市融入) separately."""

    EVENT_TYPE = "youth_league.ActivityAttended"
    attended_on: date
    activity: Activity


class CounsellingProvided(_YouthLeague):
    """The child received psychological counselling from the 12355 youth service (青少年服务台)."""

    EVENT_TYPE = "youth_league.CounsellingProvided"
    provided_on: date | Sealed
    channel: Literal["hotline_12355", "in_person", "online"] | Sealed


class LegalEducationDelivered(_YouthLeague):
    """The child took part in the youth league's legal education (青少年普法)."""

    EVENT_TYPE = "youth_league.LegalEducationDelivered"
    delivered_on: date | Sealed
    form: LegalEducationForm | Sealed
