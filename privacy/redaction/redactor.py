"""Redaction: every recognised span becomes a typed placeholder such as <CN_ID_CARD> or <PERSON>."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

ENTITIES = ["CASE_NUMBER", "CN_ID_CARD", "CN_MOBILE", "CN_LANDLINE", "CN_BANK_CARD", "EMAIL", "CN_DOCUMENT_NUMBER",
            "CN_IM_ACCOUNT", "CN_LICENSE_PLATE", "SCHOOL_CLASS", "MEDICAL", "LOCATION", "PERSON"]
# When spans overlap, the more specific (checksummed, formatted) entity wins; a case number wins over an ID-shaped run
# of digits inside it (A5203...); a school and class, or a diagnosis, over a place or a "name" inside it
# (白果镇中心小学, 唐氏综合征); an address over a "name" inside it (李家庄村, 武侯区).
PRIORITY = {e: i for i, e in enumerate(ENTITIES)}
MIN_SCORE = 0.4
# Two-character tails of three-character names that are no given name to look for alone (王老师 is found as 王).
NOT_GIVEN = {"老师", "主任", "医生", "阿姨", "奶奶", "爷爷", "叔叔", "同学", "家长", "大爷", "大妈", "书记", "校长"}
# Full-width digits and letters (what a Chinese input method types: １３８…) and long dashes are read as their ASCII
# forms. One character maps to one, so the spans found in the normalised text fit the original.
_NORMALISE = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                            **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
                            "＋": "+", "－": "-", "＠": "@", "．": ".", "—": "-", "–": "-"})
_TO_NORMALISE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_NORMALISE)) + "]")  # most notes have none


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


def _given_name(name: str) -> str | None:
    """The two-character given name of a Han full name (王浩宇 -> 浩宇, 欧阳子涵 -> 子涵), else None."""
    from privacy.redaction.segment import COMPOUND_SURNAMES, SURNAMES

    if len(name) == 4 and name[:2] in COMPOUND_SURNAMES:
        return name[2:]
    if len(name) == 3 and name[0] in SURNAMES and name[1:] not in NOT_GIVEN:
        return name[1:]
    return None


def _inside_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a longer dictionary word (国庆 in 国庆节, 海燕 in 海燕号) rather than a
    word."""
    from privacy.redaction.segment import frequency, tokens

    for word, flag, s in tokens(text):
        e = s + len(word)
        if e <= start:
            continue
        if s >= end:
            break
        if (s < start or e > end) and not flag.startswith("nr") and frequency(word) > 0:
            return True
    return False


def _repeat_names(text: str, spans: list[tuple[str, int, int]]) -> tuple[list[tuple[str, int, int]], set]:
    """A name found once is a name wherever it recurs in the same note (豆豆入园 after 小名叫豆豆), where the cues
    that found it first are missing; so is the given name alone of a full name found (浩宇 after 王浩宇), unless it
    is part of a longer word there (国庆节 after 孙国庆). Single characters are left alone: a surname before a title is
    not a name. Returns the spans and the set of those found by reference."""
    found = [text[s:e] for entity, s, e in spans if entity == "PERSON" and e - s >= 2]
    if not found:
        return spans, set()
    names = {name: False for name in found}
    for name in found:
        given = _given_name(name)
        if given and given not in names:
            names[given] = True
    extra: list[tuple[str, int, int]] = []
    by_reference = set()
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            inside = [span for span in spans + extra if span[1] < end and start < span[2]]
            if inside and not names[name] and all(t == "PERSON" and start <= s and e <= end and (s, e) != (start, end)
                                                  for t, s, e in inside):
                # 赵语 found where 赵语嫣 recurs (jieba cut it there): the full name found elsewhere wins
                spans = [span for span in spans if span not in inside]
                extra = [span for span in extra if span not in inside]
                inside = []
            if not inside and not (names[name] and _inside_word(text, start, end)):
                extra.append(("PERSON", start, end))
                if names[name]:
                    by_reference.add(("PERSON", start, end))
            start = text.find(name, end)
    return (sorted(spans + extra, key=lambda r: r[1]) if extra else spans), by_reference


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

        plain = text.translate(_NORMALISE) if _TO_NORMALISE.search(text) else text
        results = build_analyzer().analyze(text=plain, language="zh", entities=self.entities,
                                           score_threshold=MIN_SCORE)
        rules = {(r.entity_type, r.start, r.end): _rule(r) for r in results}
        spans, by_reference = _repeat_names(plain,
                                            _resolve([(r.entity_type, r.start, r.end, r.score) for r in results]))
        return [(*span, rules.get(span) or ("given_name_reference" if span in by_reference else "repeated_name"))
                for span in spans]

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
