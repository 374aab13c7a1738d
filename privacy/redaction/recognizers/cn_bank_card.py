"""Bank card numbers: 16-19 digits (groups of 4 allowed) that pass the Luhn check."""

import re

from presidio_analyzer import Pattern

from privacy.redaction.recognizers.gate import GatedPatternRecognizer


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by UnionPay and other card numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


class CnBankCardRecognizer(GatedPatternRecognizer):
    """Card-shaped digit runs; a resident ID number is never a card (different length or an X)."""

    GATE = re.compile(r"\d{16}|\d{4}[ -]\d{4}")  # 16-19 digits in a row, or groups of four
    MIN_DIGITS = 16
    PATTERNS = [
        Pattern("card_grouped", r"(?<!\d)\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?(?!\d)", 0.5),
        Pattern("card_plain", r"(?<![\dA-Za-z])(?:6|4|5|3|9)\d{15,18}(?![\dA-Za-z])", 0.4),
    ]
    CONTEXT = ["银行卡", "卡号", "账号", "银行账户", "社保卡", "开户行", "储蓄卡", "借记卡"]

    def __init__(self) -> None:
        super().__init__("CN_BANK_CARD", patterns=self.PATTERNS, context=self.CONTEXT, supported_language="zh")

    def validate_result(self, pattern_text: str) -> bool:
        digits = "".join(ch for ch in pattern_text if ch.isdigit())
        return 16 <= len(digits) <= 19 and luhn_ok(digits)
