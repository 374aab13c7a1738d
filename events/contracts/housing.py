"""住建 housing: a household's housing difficulty (住房困难), public rental housing (公租房) and rent subsidy
(租赁补贴)."""

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from events.registry import PayloadBase
from events.types import Sealed

DifficultyBasis = Literal["no_own_housing", "below_area_standard", "unsafe_dwelling"]


class _Housing(PayloadBase):
    DEPARTMENT = "housing"


class HousingDifficultyRecognised(_Housing):
    """The child's household was recognised as in housing difficulty (认定住房困难家庭)."""

    EVENT_TYPE = "housing.HousingDifficultyRecognised"
    recognised_on: date | Sealed
    basis: DifficultyBasis | Sealed | None = None


class HousingDifficultyEnded(_Housing):
    """The household is no longer in housing difficulty (不再住房困难)."""

    EVENT_TYPE = "housing.HousingDifficultyEnded"
    ended_on: date | Sealed
    reason: Literal["housing_acquired", "income_above_limit", "moved_away", "other"] | Sealed | None = None


class PublicRentalApplied(_Housing):
    """The household applied for public rental housing (申请公共租赁住房)."""

    EVENT_TYPE = "housing.PublicRentalApplied"
    applied_on: date | Sealed


class PublicRentalAllocated(_Housing):
    """A public rental dwelling was allocated to the household (实物配租)."""

    EVENT_TYPE = "housing.PublicRentalAllocated"
    allocated_on: date | Sealed


class PublicRentalClosed(_Housing):
    """A public rental application was refused or withdrawn, or the household left its dwelling."""

    EVENT_TYPE = "housing.PublicRentalClosed"
    closed_on: date | Sealed
    outcome: Literal["refused", "withdrawn", "exited"] | Sealed


class RentSubsidyGranted(_Housing):
    """A rent subsidy (租赁补贴) was granted to the household."""

    EVENT_TYPE = "housing.RentSubsidyGranted"
    since: date | Sealed
    monthly_amount_cny: Annotated[float, Field(gt=0)] | Sealed


class RentSubsidyEnded(_Housing):
    """The rent subsidy ended."""

    EVENT_TYPE = "housing.RentSubsidyEnded"
    ended_on: date | Sealed
