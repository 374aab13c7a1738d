"""MEDICAL: a diagnosis, disorder or disability (with its grade) attributed to a person: 患有抑郁症, 诊断为先天性心脏病,
二级智力残疾, 癫痫 in a register row. Health data is sensitive personal information under PIPL (art. 28).

A term stays when the text speaks of it in general: 手足口病高发, 孤独症儿童康复机构, 预防艾滋病. The vocabulary is a
data file (privacy/redaction/words/medical_terms.txt); disabilities with a grade are a pattern (the six kinds of
GB/T 26341-2010 and 多重, grades 一 to 四).
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from privacy.redaction.scan import Scanner
from privacy.redaction.words import words

_TERMS = "|".join(sorted((re.escape(t) for t in words("medical_terms")), key=len, reverse=True))
_KINDS = "视力|听力|言语|肢体|智力|精神|多重"
_GRADE = "[一二三四1-4]级"
_MODIFIER = "(?:先天性|后天性|急性|慢性|重度|中度|轻度|极重度|中重度|难治性|继发性|原发性)"
_SUBTYPE = "(?:[αβγδ][-－]?)"  # β地中海贫血, α-地中海贫血: a Greek letter names the subtype
_ORGAN_FAILURE = "(?:[心肾肝肺脑]|呼吸|心力|循环)(?:功能)?衰竭"  # 慢性肾衰竭, 心力衰竭, 呼吸衰竭
# A disability with its grade in any of the orders forms use; a term with its modifier and severity.
MEDICAL = re.compile(
    f"(?:{_GRADE}(?:{_KINDS})残疾|(?:{_KINDS})(?:残疾)?{_GRADE}(?:残疾)?|(?:{_KINDS})残疾"
    f"|{_MODIFIER}?{_MODIFIER}?{_SUBTYPE}?(?:{_TERMS}|{_ORGAN_FAILURE}))"
    "(?:[（(][^）)]{1,8}[）)])?"  # 癫痫（全面性发作）
)
_SCAN = Scanner(MEDICAL)  # the same matches, tried only where a term, a kind or a grade can start
# What makes a mention general rather than about someone: 手足口病高发, 孤独症儿童康复机构, 艾滋病防治, 预防麻疹.
GENERAL_AFTER = ("高发", "流行", "疫情", "防控", "防治", "宣传", "知识", "筛查", "疫苗", "专科", "康复机构",
                 "儿童康复", "康复中心", "救治中心", "定点", "患者群体", "病例数", "发病率", "等疾病", "等病", "的预防",
                 "宣传周", "防治日", "科普", "医院", "门诊", "健康管理", "社区康复", "关爱", "病毒感染")
# A group noun after the term makes it a kind of person (孤独症儿童关爱支持服务, 严重精神障碍患者) unless the text says
# someone is one (为孤独症儿童).
# 重度残疾人护理补贴
GROUP_AFTER = ("儿童", "患者", "患儿", "病人", "人群", "家庭", "群体", "少年", "青少年", "学生", "人")
ATTRIBUTION = ("为", "是", "系", "属", "属于", "作为")
GENERAL_BEFORE = ("预防", "防治", "防控", "筛查", "关于", "科普", "宣传", "开展", "重大疾病", "如", "例如", "包括",
                  "世界", "国际", "全国", "各类", "常见")
# A bare 残疾 or 贫血 is a status more than a diagnosis: it counts only after a cue.
WEAK = {"残疾", "贫血", "肺炎", "心脏病", "肿瘤", "高血压", "瘫痪", "精神病"}
CUES = ("患有", "患", "确诊", "诊断为", "诊断：", "诊断:", "诊断", "被诊断为", "初步诊断", "查出", "得了", "罹患", "因",
        "为", "系", "伴", "合并", "有")


def find(text: str) -> list[tuple[int, int, str]]:
    """MEDICAL spans with the rule that found each."""
    out = []
    for m in _SCAN.finditer(text):
        s, e = m.span()
        term = m.group()
        before = text[max(0, s - 6):s]
        if text.startswith(GENERAL_AFTER, e) or before.endswith(GENERAL_BEFORE):
            continue
        # 为 is also "for" (为残疾学生提供…): a bare weak term before a group noun is a kind of person, not a diagnosis
        if text.startswith(GROUP_AFTER, e) and (term in WEAK or not before.endswith(ATTRIBUTION)):
            continue
        if term in WEAK and not before.endswith(CUES):
            continue
        out.append((s, e, "graded_disability" if "级" in term else "diagnosis"))
    return out


class MedicalRecognizer(EntityRecognizer):
    """MEDICAL spans: diagnoses, disorders and graded disabilities said of a person."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["MEDICAL"], supported_language="zh", name="MedicalRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        return [RecognizerResult("MEDICAL", s, e, 0.7, recognition_metadata={"recognizer_name": self.name, "rule": r})
                for s, e, r in find(text)]
