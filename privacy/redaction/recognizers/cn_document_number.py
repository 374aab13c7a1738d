"""Numbers of identity documents other than the resident ID card (passport, 港澳/台湾 travel permits, birth
certificate, 学籍号, residence permit, social security and disability cards), recognised right after their cue: their
shapes alone are too plain to trust. A valid resident ID number inside one is still reported as CN_ID_CARD."""

from presidio_analyzer import Pattern, PatternRecognizer

_CUES = ("护照|往来港澳通行证|港澳通行证|台湾居民来往大陆通行证|台胞证|出生医学证明|出生证明|出生证|学籍号|全国学籍号|"
         "居住证|户口簿|户口本|社会保障卡|社保卡|医保卡|残疾人证|残疾证")
_SEP = r"\s*(?:号码|编号|号)?\s*[:：是为]?\s*"


class CnDocumentNumberRecognizer(PatternRecognizer):
    """The span is the number alone; a resident ID number inside it (学籍号 G + ID) is still this document's."""

    PATTERNS = [Pattern("document", rf"(?<=(?:{_CUES}){_SEP})[A-Za-z]{{0,2}}\d{{6,20}}[\dXx]?(?![A-Za-z0-9])", 0.6)]

    def __init__(self) -> None:
        super().__init__("CN_DOCUMENT_NUMBER", patterns=self.PATTERNS, supported_language="zh")
