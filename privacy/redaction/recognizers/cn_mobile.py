"""Mainland mobile numbers: 1[3-9] + 9 digits, with an optional +86/86 prefix and spaces or dashes inside."""

import re

from presidio_analyzer import Pattern

from privacy.redaction.recognizers.gate import GatedPatternRecognizer


class CnMobileRecognizer(GatedPatternRecognizer):
    """Digits next to other digits are not a phone number (lookarounds, since \\b treats 汉字 as word characters)."""

    GATE = re.compile(r"1[3-9]\d")
    MIN_DIGITS = 11
    PATTERNS = [
        Pattern("cn_mobile", r"(?<![\d+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)", 0.7),
    ]
    CONTEXT = ["电话", "手机", "联系电话", "手机号", "联系方式", "号码", "tel"]

    def __init__(self) -> None:
        super().__init__("CN_MOBILE", patterns=self.PATTERNS, context=self.CONTEXT, supported_language="zh")
