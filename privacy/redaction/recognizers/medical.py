"""MEDICAL: a diagnosis, disorder or disability (with its grade) attributed to a person: 患有抑郁症, 诊断为先天性心脏病,
二级智力残疾, 癫痫 in a register row. Health data is sensitive personal information under PIPL (art. 28).

A term stays when the text speaks of it in general: 手足口病高发, 孤独症儿童康复机构, 预防艾滋病. The vocabulary is a
data file (privacy/redaction/words/medical_terms.txt); disabilities with a grade are a pattern (the six kinds of
GB/T 26341-2010 and 多重, grades 一 to 四).
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from privacy.redaction.scan import Scanner, trie_pattern
from privacy.redaction.words import words

_TERMS = trie_pattern(words("medical_terms"))  # one branch per first character, not a try of each term
_KINDS = "视力|听力|言语|肢体|智力|精神|多重"
_GRADE = "[一二三四1-4]级"
_MODIFIER = ("(?:先天性|后天性|急性|慢性|重度|中度|轻度|极重度|中重度|难治性|继发性|原发性|病毒性|细菌性|过敏性|遗传性"
             "|感染性|特发性|获得性|化脓性)")
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
WEAK = {"残疾", "贫血", "肺炎", "心脏病", "肿瘤", "高血压", "瘫痪", "精神病", "抑郁", "焦虑"}  # 轻度抑郁 is not weak
CUES = ("患有", "患", "确诊", "诊断为", "诊断：", "诊断:", "诊断", "被诊断为", "初步诊断", "查出", "得了", "罹患", "因",
        "为", "系", "伴", "合并", "有")


# A condition no list holds, named after a cue that says someone has it (患有, 确诊为, 诊断：...): the shortest run of
# word characters from the cue to a word that ends a diagnosis (…症, …病, …炎, …障碍, …综合征, …畸形), and any such
# ending right after it (癫痫 + 病). Grammar characters (的, 了, 和, 年...) end the run: 患有多年的 + 糖尿病.
_STRONG_CUES = ("被诊断为|初步诊断为|诊断为|确诊为|确诊|诊断[：:]|患有|患上|患了|罹患|查出患有|查出|得了|得过")
_ENDINGS = ("综合征|障碍|畸形|缺损|不全|衰竭|贫血|瘫痪|哮喘|结核|感染|失聪|失明|狭窄|闭锁|增生|梗死|痴呆|依赖|残疾"
            "|症|病|炎|癌|瘤|瘫|痫")
_NOT_IN_TERM = "的了和及与并也都已是在有又还被把将对从向给让使于其这那些个年月日周次因为等或"
CUED_TERM = re.compile(rf"(?:{_STRONG_CUES})\s?(?:疑似|可能为|可能是)?"
                       rf"(?=((?:(?![{_NOT_IN_TERM}])[一-龥A-Za-z0-9αβγ-]){{0,12}}?(?:{_ENDINGS})+))")
_TRAILING_CUE = re.compile(f"(?:{_STRONG_CUES}|患)$")
_SCAN_CUED = Scanner(CUED_TERM)


def _general(text: str, s: int, e: int) -> bool:
    """A term spoken of in general (手足口病高发, 预防艾滋病), not of someone."""
    before = text[max(0, s - 10):s]
    return text.startswith(GENERAL_AFTER, e) or _TRAILING_CUE.sub("", before).endswith(GENERAL_BEFORE)


def _cued_terms(text: str, taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for m in _SCAN_CUED.finditer(text):
        s, e = m.span(1)
        if e - s < 2 or _general(text, m.start(), e) or any(a <= s and e <= b for a, b, _ in taken):
            continue  # one character (患病) is no diagnosis; a listed term found there already stands
        out.append((s, e, "cued_diagnosis"))
    return out


def find(text: str) -> list[tuple[int, int, str]]:
    """MEDICAL spans with the rule that found each."""
    out: list[tuple[int, int, str]] = []
    for m in _SCAN.finditer(text):
        s, e = m.span()
        term = m.group()
        before = text[max(0, s - 6):s]
        if _general(text, s, e):
            continue
        # 为 is also "for" (为残疾学生提供…): a bare weak term before a group noun is a kind of person, not a diagnosis
        if text.startswith(GROUP_AFTER, e) and (term in WEAK or not before.endswith(ATTRIBUTION)):
            continue
        if term in WEAK and not before.endswith(CUES):
            continue
        out.append((s, e, "graded_disability" if "级" in term else "diagnosis"))
    return out + _cued_terms(text, out)


class MedicalRecognizer(EntityRecognizer):
    """MEDICAL spans: diagnoses, disorders and graded disabilities said of a person."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["MEDICAL"], supported_language="zh", name="MedicalRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        return [RecognizerResult("MEDICAL", s, e, 0.7, recognition_metadata={"recognizer_name": self.name, "rule": r})
                for s, e, r in find(text)]
