"""Redaction: every recognised span becomes a typed placeholder such as <CN_ID_CARD> or <PERSON>."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ENTITIES = ["CN_ID_CARD", "CN_MOBILE", "CN_LANDLINE", "CN_BANK_CARD", "EMAIL", "LOCATION", "PERSON"]
# When spans overlap, the more specific (checksummed, formatted) entity wins; an address wins over a "name" inside it
# (李家庄村, 武侯区).
PRIORITY = {e: i for i, e in enumerate(ENTITIES)}
MIN_SCORE = 0.4


@dataclass(frozen=True)
class RedactionResult:
    """The redacted text and what was found (types and offsets in the original, never the values)."""

    text: str
    entities: list[tuple[str, int, int]] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"RedactionResult(text={self.text!r}, entities={[e[0] for e in self.entities]})"


def _resolve(found: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int]]:
    chosen: list[tuple[str, int, int]] = []
    for entity, start, end, _ in sorted(found, key=lambda r: (PRIORITY[r[0]], -(r[2] - r[1]), -r[3])):
        if all(end <= s or start >= e for _, s, e in chosen):
            chosen.append((entity, start, end))
    return sorted(chosen, key=lambda r: r[1])


class Redactor:
    """Finds Chinese PII with presidio and replaces it."""

    def __init__(self, entities: list[str] | None = None) -> None:
        self.entities = entities or ENTITIES

    def analyze(self, text: str) -> list[tuple[str, int, int]]:
        """The spans to redact, non-overlapping, in order."""
        if not text:
            return []
        from privacy.redaction.engine import build_analyzer  # presidio and spaCy load on first use, not on import

        results = build_analyzer().analyze(text=text, language="zh", entities=self.entities,
                                           score_threshold=MIN_SCORE)
        return _resolve([(r.entity_type, r.start, r.end, r.score) for r in results])

    def redact(self, text: str) -> RedactionResult:
        """Replace every span with its placeholder."""
        spans = self.analyze(text)
        out, pos = [], 0
        for entity, start, end in spans:
            out.append(text[pos:start])
            out.append(f"<{entity}>")
            pos = end
        out.append(text[pos:])
        return RedactionResult("".join(out), spans)

    def redact_many(self, texts: Iterable[str]) -> list[RedactionResult]:
        """Redact a batch."""
        return [self.redact(t) for t in texts]


_default = Redactor()  # cheap: the analyzer behind it is built on first use, once, under a lock (engine.py)


def redact(text: str) -> str:
    """Redacted text with the default Redactor (what the processor calls on free-text fields)."""
    return _default.redact(text).text


def redact_many(texts: Iterable[str]) -> list[str]:
    """Redacted texts with the default Redactor."""
    return [_default.redact(t).text for t in texts]
