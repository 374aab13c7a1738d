"""Redaction: every recognised span becomes a typed placeholder such as <CN_ID_CARD> or <PERSON>."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ENTITIES = ["CN_ID_CARD", "CN_MOBILE", "CN_LANDLINE", "CN_BANK_CARD", "EMAIL", "CN_DOCUMENT_NUMBER", "CN_IM_ACCOUNT",
            "CN_LICENSE_PLATE", "LOCATION", "PERSON"]
# When spans overlap, the more specific (checksummed, formatted) entity wins; an address wins over a "name" inside it
# (李家庄村, 武侯区).
PRIORITY = {e: i for i, e in enumerate(ENTITIES)}
MIN_SCORE = 0.4
# Full-width digits and letters (what a Chinese input method types: １３８…) and long dashes are read as their ASCII
# forms. One character maps to one, so the spans found in the normalised text fit the original.
_NORMALISE = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                            **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
                            "＋": "+", "－": "-", "＠": "@", "．": ".", "—": "-", "–": "-"})


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


def _repeat_names(text: str, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A name found once is a name wherever it recurs in the same note (豆豆入园 after 小名叫豆豆), where the cues
    that found it first are missing. Single characters are left alone: a surname before a title is not a name."""
    names = {text[s:e] for entity, s, e in spans if entity == "PERSON" and e - s >= 2}
    if not names:
        return spans
    extra: list[tuple[str, int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if all(end <= s or start >= e for _, s, e in spans + extra):
                extra.append(("PERSON", start, end))
            start = text.find(name, end)
    return sorted(spans + extra, key=lambda r: r[1]) if extra else spans


def _rule(result: object) -> str:
    """The rule a recognizer recorded (recognition_metadata["rule"]), else its pattern's or its own name."""
    meta = getattr(result, "recognition_metadata", None) or {}
    if meta.get("rule"):
        return str(meta["rule"])
    explanation = getattr(result, "analysis_explanation", None)
    pattern = getattr(explanation, "pattern_name", None)
    return str(pattern or meta.get("recognizer_name") or "?")


class Redactor:
    """Finds Chinese PII with presidio and replaces it."""

    def __init__(self, entities: list[str] | None = None) -> None:
        self.entities = entities or ENTITIES

    def analyze(self, text: str) -> list[tuple[str, int, int]]:
        """The spans to redact, non-overlapping, in order."""
        return [(entity, start, end) for entity, start, end, _ in self.explain(text)]

    def explain(self, text: str) -> list[tuple[str, int, int, str]]:
        """The spans to redact with the rule that found each (the recognizer's, or its pattern's, name)."""
        if not text:
            return []
        from privacy.redaction.engine import build_analyzer  # presidio and spaCy load on first use, not on import

        plain = text.translate(_NORMALISE)
        results = build_analyzer().analyze(text=plain, language="zh", entities=self.entities,
                                           score_threshold=MIN_SCORE)
        rules = {(r.entity_type, r.start, r.end): _rule(r) for r in results}
        spans = _repeat_names(plain, _resolve([(r.entity_type, r.start, r.end, r.score) for r in results]))
        return [(*span, rules.get(span, "repeated name")) for span in spans]

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
