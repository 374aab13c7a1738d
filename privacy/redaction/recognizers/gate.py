"""A pre-filter for pattern recognizers: a cheap test that every match needs (a character, a short run, enough digits
in the text), run before the pattern loop. A note without it skips the recognizer; a note with it is matched exactly
as before, so the spans never change (tests/unit/privacy/redaction/recognizers/test_gate.py).

The pattern loop is presidio's own (PatternRecognizer.__analyze_patterns: the same compiled patterns, the same
validation, invalidation and scores, remove_duplicates), without what the analyzer then throws away: a timing and a
debug line per pattern and an explanation object per match (AnalyzerEngine drops explanations unless asked for the
decision process, which the redactor never asks for)."""

from __future__ import annotations

import re
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS

_NOT_DIGIT = re.compile(r"\D+")
_last_count: tuple[str, int] = ("", 0)


def digit_count(text: str) -> int:
    """How many digits the text holds, counted once per note for the four recognizers that ask (the last note's
    count is kept: they are asked one after another)."""
    global _last_count
    last = _last_count  # one tuple, read once: another thread may replace it, never half of it
    if last[0] is text or last[0] == text:
        return last[1]
    count = len(_NOT_DIGIT.sub("", text))
    _last_count = (text, count)
    return count


class GatedPatternRecognizer(PatternRecognizer):
    """GATE: a pattern one of whose matches every match of the recognizer's patterns contains (None: no gate);
    MIN_DIGITS: the fewest digits a match holds; PATTERN_GATES: the same for one pattern, by its name (a pattern
    whose gate finds nothing in the note is not run)."""

    GATE: re.Pattern[str] | None = None
    MIN_DIGITS = 0
    PATTERN_GATES: dict[str, re.Pattern[str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compiled()  # now, not inside the first note that passes the gate (~30 ms of regex compiling)

    def passes_gate(self, text: str) -> bool:
        """Whether a match is possible at all."""
        if self.GATE is not None and self.GATE.search(text) is None:
            return False
        return not self.MIN_DIGITS or digit_count(text) >= self.MIN_DIGITS

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        if not self.passes_gate(text):
            return []
        if regex_flags and regex_flags != self.global_regex_flags:
            return super().analyze(text, entities, nlp_artifacts, regex_flags)
        return self._matches(text)

    def _compiled(self) -> list[tuple[Any, Any]]:
        compiled = self.__dict__.get("_compiled_patterns")
        if compiled is None:  # as presidio compiles them: the regex module, the recognizer's flags
            compiled = self.__dict__["_compiled_patterns"] = [
                (pattern, regex.compile(pattern.regex, flags=self.global_regex_flags)) for pattern in self.patterns]
        return compiled

    def _matches(self, text: str) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        entity = self.supported_entities[0]
        gates = self.PATTERN_GATES
        for pattern, compiled in self._compiled():
            gate = gates.get(pattern.name)
            if gate is not None and gate.search(text) is None:
                continue
            try:
                for match in compiled.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
                    start, end = match.span()
                    if start == end:
                        continue
                    current = text[start:end]
                    score = pattern.score
                    valid = self.validate_result(current)
                    if valid is not None:
                        score = EntityRecognizer.MAX_SCORE if valid else EntityRecognizer.MIN_SCORE
                    if self.invalidate_result(current):
                        score = EntityRecognizer.MIN_SCORE
                    if score > EntityRecognizer.MIN_SCORE:
                        results.append(RecognizerResult(
                            entity, start, end, score,
                            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                  RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
            except TimeoutError:
                continue  # as presidio: a pattern that runs out of time is skipped
        return results if len(results) < 2 else EntityRecognizer.remove_duplicates(results)
