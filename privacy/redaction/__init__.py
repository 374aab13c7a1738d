"""Offline redaction of Chinese PII in free text (visit notes, case notes) with presidio-analyzer."""

from privacy.redaction.redactor import ENTITIES, RedactionResult, Redactor, redact

__all__ = ["Redactor", "RedactionResult", "redact", "ENTITIES"]
