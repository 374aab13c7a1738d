"""残联 disabled persons' federation: disability certificate and rehabilitation."""

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from events.registry import PayloadBase
from events.types import Sealed


class _Disabled(PayloadBase):
    DEPARTMENT = "disabled_federation"


class DisabilityCertified(_Disabled):
    """A disability certificate (残疾人证) was issued."""

    EVENT_TYPE = "disabled_federation.DisabilityCertified"
    category: Literal["visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple"] | Sealed
    grade: Annotated[int, Field(ge=1, le=4)] | Sealed  # 1 is the most severe
    certified_on: date | Sealed


class RehabilitationProvided(_Disabled):
    """A rehabilitation service (康复救助) was provided."""

    EVENT_TYPE = "disabled_federation.RehabilitationProvided"
    service: str | Sealed
    provided_on: date | Sealed


class AssistiveDeviceProvided(_Disabled):
    """An assistive device (辅助器具) was provided to the child."""

    EVENT_TYPE = "disabled_federation.AssistiveDeviceProvided"
    device: Literal["wheelchair", "walking_aid", "prosthesis_orthosis", "hearing_aid", "cochlear_implant",
                    "low_vision_aid", "communication_aid", "other"] | Sealed
    provided_on: date | Sealed
