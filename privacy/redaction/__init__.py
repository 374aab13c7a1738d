"""Offline redaction of Chinese PII in free text (visit notes, case notes) with presidio-analyzer."""

import privacy.redaction.compiled  # noqa: F401 - first: a rule module edited since its build is imported from its .py
from privacy.redaction.redactor import ENTITIES, RedactionResult, Redactor, redact

__all__ = ["Redactor", "RedactionResult", "redact", "ENTITIES"]
