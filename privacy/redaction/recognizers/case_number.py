"""CASE_NUMBER: numbers of cases and certificates that identify a child or a family: court case numbers
（2025）黔0521民特7号, procuratorate decisions 黔检未检刑不诉〔2024〕Z12号, police case and alarm numbers (A + 21
digits, J + 15), 低保 / 特困 / 临时救助 certificate and approval numbers (某低保字第2023-0456号), hospital admission
numbers after their cue (住院号2403150123).

Policy documents (冀民〔2023〕45号, 国办发〔2016〕13号: no 检, no case-type word) and organisations' unified social
credit codes (91520100MA6DXXXX, no cue) stay. Numbers of identity documents (学籍号, 残疾证, 出生医学证明) are
CN_DOCUMENT_NUMBER's.
"""

import re

from presidio_analyzer import Pattern

from privacy.redaction.recognizers.gate import GatedPatternRecognizer

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼滇黔"
_CUES = ("案件编号|案号|立案编号|受案编号|受案回执编号|接警单号|接处警编号|警情号|警情编号|报警编号|住院号|"
         "住院病案号|病案号|病历号|门诊号|救助编号|审批编号|救助证号|低保证号|低保证编号|特困证号|特困供养证号|供养证号|五保证号|"
         "决定书编号|决定书|裁定书|判决书|文书号")
_SEP = r"\s*[:：为是]?\s*"
_RELIEF = "(?:低保|特困|五保|临救|救助|供养)"  # a relief certificate's or approval's word (the gates of those patterns)
# Where a number with its issuer's name in front starts: after a field's label (编号, 证号, 回执, 决定书),
# punctuation or a space, or where no Han character precedes.
_AFTER_LABEL = r"(?:(?<=[号：:为是书执\s，,（(])|(?<![\u4e00-\u9fa5]))"


class CaseNumberRecognizer(GatedPatternRecognizer):
    """Court and procuratorate numbers by their shape; certificate numbers by shape or after a cue."""

    # every pattern ends in 号, follows a cue (…号, …书) or is a police number
    GATE = re.compile(r"号|书|[AJ]\d{15}", re.IGNORECASE)
    PATTERNS = [
        # （2025）黔0521民特7号, (2024)川1321民初456号, （2023）最高法民申12号, 〔2024〕甘1202民特3号
        Pattern("court_case", rf"[（(〔［\[]\s*(?:19|20)\d{{2}}\s*[）)〕］\]]\s*[{_PROVINCES}最]"
                              r"[\u4e00-\u9fa5]{0,3}\d{0,6}[\u4e00-\u9fa5]{1,6}\d{1,6}号"
                              r"(?:之[一二三四五六七八九十\d]+)?", 0.8),
        # 黔务检未检刑不诉〔2024〕Z12号: a procuratorate's decision (policy documents have no 检)
        Pattern("procuratorate_case", rf"[{_PROVINCES}][\u4e00-\u9fa5]{{0,4}}检[\u4e00-\u9fa5]{{1,8}}[〔\[［(（]"
                                      r"(?:19|20)\d{2}[〕\]］)）][A-Z]?\d{1,6}号", 0.8),
        # 某低保字第2023-0456号, 威特困字第2023012号, 临救字第...号
        Pattern("assistance_certificate",
                r"(?:(?<=[号：:为是书\s，,（(])|(?<![\u4e00-\u9fa5]))(?:(?![证号])[\u4e00-\u9fa5]){0,4}?(?:低保|特困|五保|临救|救助|供养)"
                r"[\u4e00-\u9fa5]{0,2}?(?:字第?|证字?第?)\s*[0-9A-Za-z][0-9A-Za-z\-]{2,20}号", 0.8),
        # 某临救〔2023〕28号, 某特困供养〔2024〕3号: an approval numbered like a document, by a relief word (a policy
        # document's issuer is an office: 民发, 府办发, with no relief word)
        Pattern("assistance_approval", _AFTER_LABEL + r"(?:(?![证号])[\u4e00-\u9fa5]){0,4}?(?:临救|低保|特困|五保|供养)"
                                       r"[\u4e00-\u9fa5]{0,2}?[〔［\[（(](?:19|20)\d{2}[〕］\]）)]\d{1,6}号", 0.8),
        # 某公（刑）立字〔2023〕88号, 某公（治）行罚决字〔2024〕5号: a police case document (the policy
        # documents of the police, 公通字, have no （刑）)
        Pattern("police_document", _AFTER_LABEL + r"(?:(?![证号])[\u4e00-\u9fa5]){0,4}?公[（(][刑治行][）)]"
                                   r"[\u4e00-\u9fa5]{1,4}字"
                                   r"[〔［\[（(](?:19|20)\d{2}[〕］\]）)]\d{1,6}号", 0.8),
        # Police numbers: A + 21 digits (case), J + 15 or more (alarm receipt)
        Pattern("police_number", r"(?<![A-Za-z0-9])[AJ]\d{15,24}(?![0-9])", 0.6),
        # After a cue: 住院号2403150123, 救助编号LSJZ2024-0317, 案件编号2024-0315-017, 证号TK5205210021
        Pattern("after_cue", rf"(?<=(?:{_CUES}){_SEP})(?![\u4e00-\u9fa5])(?:NO\.\s*)?[A-Za-z]{{0,6}}\d"
                             r"[0-9A-Za-z\-]{3,28}(?![0-9A-Za-z])", 0.7),
        # After a bare 证号, and after a bare 编号 (of an archived file, too: 编号2024031500的材料) with NO. only
        Pattern("certificate_after_bare_cue",
                rf"(?:(?<=(?<![\u4e00-\u9fa5])证号{_SEP})(?:NO\.\s*)?|(?<=(?<![\u4e00-\u9fa5])编号{_SEP})NO\.\s*)"
                r"[A-Za-z]{0,6}\d[0-9A-Za-z\-]{3,28}(?![0-9A-Za-z])", 0.7),
    ]

    # what each pattern's matches hold (presidio matches ignoring case: a, j)
    PATTERN_GATES = {"court_case": re.compile(r"[（(〔［\[]\s*(?:19|20)\d\d"), "procuratorate_case": re.compile("检"),
                     "assistance_certificate": re.compile(_RELIEF + "[\u4e00-\u9fa5]{0,2}[字证]"),
                     "assistance_approval": re.compile(_RELIEF + "[\u4e00-\u9fa5]{0,2}[〔［\\[（(]"),
                     "police_document": re.compile("公[（(]"),
                     "police_number": re.compile(r"[AJ]\d{15}", re.IGNORECASE),
                     "after_cue": re.compile(_CUES), "certificate_after_bare_cue": re.compile("证号|编号")}

    def __init__(self) -> None:
        super().__init__("CASE_NUMBER", patterns=self.PATTERNS, supported_language="zh")
