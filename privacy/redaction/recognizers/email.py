"""E-mail addresses (ASCII local part and domain, as used by Chinese mail providers)."""

import re

from presidio_analyzer import Pattern

from privacy.redaction.recognizers.gate import GatedPatternRecognizer


class EmailRecognizer(GatedPatternRecognizer):
    """A pragmatic e-mail pattern; 汉字 right before or after do not break it."""

    GATE = re.compile("@")
    PATTERNS = [Pattern("email", r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+"
                                 r"(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", 0.8)]
    CONTEXT = ["邮箱", "电子邮件", "email", "e-mail"]

    def __init__(self) -> None:
        super().__init__("EMAIL", patterns=self.PATTERNS, context=self.CONTEXT, supported_language="zh")
