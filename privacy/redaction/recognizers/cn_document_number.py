"""Numbers of identity documents other than the resident ID card (passport, 港澳/台湾 travel permits, birth
certificate, 学籍号, residence permit, social security and disability cards), recognised right after their cue: their
shapes alone are too plain to trust. A valid resident ID number inside one is still reported as CN_ID_CARD."""

import re

from presidio_analyzer import Pattern

from privacy.pseudonym import gb11643_check_char
from privacy.redaction.recognizers.gate import GatedPatternRecognizer

_CUES = ("护照|往来港澳通行证|港澳通行证|台湾居民来往大陆通行证|台胞证|出生医学证明|出生证明|出生证|学籍号|全国学籍号|"
         "居住证|户口簿|户口本|社会保障卡|社保卡|医保卡|残疾人证|残疾证")
_SEP = r"\s*(?:号码|编号|号)?\s*[:：是为]?\s*"


class CnDocumentNumberRecognizer(GatedPatternRecognizer):
    """The span is the number alone; a resident ID number inside it (学籍号 G + ID) is still this document's."""

    GATE = re.compile(f"{_CUES}|\\d{{17}}")  # a cue, or the 20 digits of a disability certificate
    PATTERNS = [Pattern("document", rf"(?<=(?:{_CUES}){_SEP})[A-Za-z]{{0,2}}\d{{6,20}}[\dXx]?(?![A-Za-z0-9])", 0.6),
                # A disability certificate (残疾人证) number is the holder's ID number + the kind (1-7) and grade (1-4):
                # recognised by its shape alone, in a register row with no cue, when the ID number inside is valid.
                Pattern("disability_certificate", r"(?<![0-9A-Za-z])\d{17}[\dXx][1-7][1-4](?![0-9A-Za-z])", 0.3)]

    PATTERN_GATES = {"document": re.compile(_CUES), "disability_certificate": re.compile(r"\d{17}")}

    def __init__(self) -> None:
        super().__init__("CN_DOCUMENT_NUMBER", patterns=self.PATTERNS, supported_language="zh")

    def validate_result(self, pattern_text: str) -> bool | None:
        """A 20-character number whose first 18 are a valid ID number is a disability certificate; anything else
        keeps its pattern's score (the shape-only pattern's is below the threshold)."""
        text = pattern_text.upper()
        if len(text) == 20 and text[:17].isdigit() and gb11643_check_char(text[:17]) == text[17]:
            return True
        return None
