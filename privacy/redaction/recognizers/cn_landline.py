"""Mainland landline numbers: area code 0xx/0xxx, a 7-8 digit number, optional extension."""

import re

from presidio_analyzer import Pattern

from privacy.redaction.recognizers.gate import GatedPatternRecognizer


class CnLandlineRecognizer(GatedPatternRecognizer):
    """Needs the area code and a separator (or brackets), so plain 10-12 digit numbers are not taken for phones.

    The number itself may be split in two (0851-8682 1234), as it is often written; digit groups inside a longer
    grouped number (a card written in fours) are not a phone.
    """

    GATE = re.compile(r"0\d\d")
    MIN_DIGITS = 10  # area code and number
    PATTERNS = [
        Pattern("cn_landline", r"(?<!\d)(?<!\d[ -])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[ -])[ -]?"
                               r"(?:[2-9]\d{6,7}|[2-9]\d{2,3} \d{4})(?:(?:转|-|ext\.?)\d{1,5})?(?!\d)(?![ -]\d)", 0.6),
    ]
    CONTEXT = ["电话", "座机", "固话", "办公室", "值班电话", "联系电话"]

    def __init__(self) -> None:
        super().__init__("CN_LANDLINE", patterns=self.PATTERNS, context=self.CONTEXT, supported_language="zh")
