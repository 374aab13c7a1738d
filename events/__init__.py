"""Event contracts: the envelope, one module per department, the registry and its compatibility rules."""

from events.envelope import Envelope, EventDecodeError, decode, encode
from events.registry import REGISTRY, payload_type

__all__ = ["Envelope", "EventDecodeError", "decode", "encode", "REGISTRY", "payload_type"]
