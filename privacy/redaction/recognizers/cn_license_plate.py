"""Vehicle licence plates (浙A12345, 京AD12345 for new-energy cars): a province's one-character abbreviation, the
issuing letter, then five or six letters and digits with at least one digit (I and O are never used)."""

import re

from presidio_analyzer import Pattern

from privacy.redaction.recognizers.gate import GatedPatternRecognizer

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"


class CnLicensePlateRecognizer(GatedPatternRecognizer):
    """A plate names the family's vehicle, and through the register the owner."""

    GATE = re.compile(rf"[{_PROVINCES}][A-Z]", re.IGNORECASE)  # presidio matches letters ignoring case, as here
    PATTERNS = [
        Pattern("plate", rf"(?<![A-Za-z0-9])[{_PROVINCES}][A-HJ-NP-Z][·•. ]?(?=[A-HJ-NP-Z]*\d)[A-HJ-NP-Z0-9]{{5,6}}"
                         r"(?![A-Za-z0-9])", 0.6),
    ]
    CONTEXT = ["车牌", "车牌号", "牌照", "车辆"]

    def __init__(self) -> None:
        super().__init__("CN_LICENSE_PLATE", patterns=self.PATTERNS, context=self.CONTEXT, supported_language="zh")
