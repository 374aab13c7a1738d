"""Resident ID numbers (GB 11643-1999): 18 characters with a valid check character, or the legacy 15-digit form."""

import re
from datetime import date

from presidio_analyzer import Pattern

from privacy.pseudonym import gb11643_check_char
from privacy.redaction.recognizers.gate import GatedPatternRecognizer


def _valid_birth(text: str) -> bool:
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date(2100, 1, 1)


class CnIdCardRecognizer(GatedPatternRecognizer):
    """18-digit numbers are accepted only when the check character fits; 15-digit ones when the birth date is real."""

    # 15 or 18 digits in a row, or written in groups (520102 2011..., 5201 0220 ...)
    GATE = re.compile(r"\d{15}|\d{6} |\d{4} \d{4}")
    MIN_DIGITS = 15
    PATTERNS = [
        # One letter may stand right before: the national student number is G + the ID number (学籍号G5201...).
        Pattern("cn_id_18", r"(?<![0-9])(?<![0-9A-Za-z][A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}"
                            r"\d{3}[0-9Xx](?![0-9A-Za-z])", 0.6),
        # Written in groups on forms: 520102 20110314 608X, 520102 2011 0314 608X, 5201 0220 1103 1460 8X.
        Pattern("cn_id_18_grouped", r"(?<![0-9A-Za-z])(?:\d{6} (?:18|19|20)\d{2} ?(?:0[1-9]|1[0-2])\d{2} \d{3}[0-9Xx]"
                                    r"|\d{4} \d{4} \d{4} \d{4} \d[0-9Xx])(?![0-9A-Za-z])", 0.6),
        Pattern("cn_id_15", r"(?<![0-9A-Za-z])\d{6}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])",
                0.3),
    ]
    PATTERN_GATES = {"cn_id_18": re.compile(r"\d{17}"), "cn_id_18_grouped": re.compile(r"\d{6} |\d{4} \d{4}"),
                     "cn_id_15": re.compile(r"\d{15}")}
    CONTEXT = ["身份证", "身份证号", "证件号", "公民身份号码", "身份号码"]

    def __init__(self) -> None:
        super().__init__("CN_ID_CARD", patterns=self.PATTERNS, context=self.CONTEXT, supported_language="zh")

    def validate_result(self, pattern_text: str) -> bool:
        digits = pattern_text.upper().replace(" ", "")
        if len(digits) == 18:
            return _valid_birth(digits[6:14]) and gb11643_check_char(digits[:17]) == digits[17]
        return len(digits) == 15 and _valid_birth("19" + digits[6:12])
