"""A pre-filter for pattern recognizers: a cheap test that every match needs (a character, a short run, enough digits
in the text), run before presidio's pattern loop. A note without it skips the recognizer; a note with it is matched
exactly as before, so the spans never change (tests/unit/privacy/redaction/recognizers/test_gate.py)."""

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer import PatternRecognizer, RecognizerResult

_NOT_DIGIT = re.compile(r"\D+")


class GatedPatternRecognizer(PatternRecognizer):
    """GATE: a pattern one of whose matches every match of the recognizer's patterns contains (None: no gate);
    MIN_DIGITS: the fewest digits a match holds."""

    GATE: re.Pattern[str] | None = None
    MIN_DIGITS = 0

    def passes_gate(self, text: str) -> bool:
        """Whether a match is possible at all."""
        if self.GATE is not None and self.GATE.search(text) is None:
            return False
        return not self.MIN_DIGITS or len(_NOT_DIGIT.sub("", text)) >= self.MIN_DIGITS

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        if not self.passes_gate(text):
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)
