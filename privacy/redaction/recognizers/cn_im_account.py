"""QQ numbers and WeChat IDs: only right after their cue (QQ号, 微信号 ...), since the digits or letters alone could be
anything. Caseworkers copy them into notes as the family's contact; they reach the person as surely as a phone."""

import re

from presidio_analyzer import Pattern

from privacy.redaction.recognizers.gate import GatedPatternRecognizer

_SEP = r"\s*(?:号码?|账号|帐号|id|ID)?\s*[:：是为]?\s*"


class CnImAccountRecognizer(GatedPatternRecognizer):
    """The span is the account alone (a variable-width lookbehind holds the cue: presidio matches with `regex`)."""

    GATE = re.compile("qq|扣扣|微信|wechat|vx|wx", re.IGNORECASE)  # the cues
    PATTERNS = [
        Pattern("qq", rf"(?<=(?:QQ|qq|Qq|扣扣){_SEP})[1-9]\d{{4,10}}(?!\d)", 0.7),
        Pattern("wechat", rf"(?<=(?:微信|WeChat|wechat|VX|vx|wx){_SEP})[A-Za-z][-_A-Za-z0-9]{{5,19}}(?![-_A-Za-z0-9])",
                0.7),
    ]

    def __init__(self) -> None:
        super().__init__("CN_IM_ACCOUNT", patterns=self.PATTERNS, supported_language="zh")
