"""SCHOOL_CLASS: a school with the grade and class that place a child (白果镇中心小学四年级一班, 民族中学初二（3）班) as
one span. A school alone (白果镇中心小学召开会议) or a grade in statistics (全县四年级学生共1200人) stays: neither
places a child in a room of thirty.

The school's name runs back from its kind (小学, 中学, 幼儿园...) over the words jieba cut before it while they can be
part of a school's name: places (ns, or ending in 县, 镇, 村...), ordinals (第二), qualifiers (中心, 民族, 实验,
九年一贯制).
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from privacy.redaction.recognizers.cn_address import start_char_before_county
from privacy.redaction.segment import tokens
from privacy.redaction.words import words

SCHOOL_KINDS = "|".join(sorted(("中心小学", "小学", "中学", "完小", "完全小学", "学校", "幼儿园", "中心校", "初中",
                                "教学点", "附小", "附中", "实验学校", "九年一贯制学校", "九义校", "九年义务教育学校"),
                               key=len, reverse=True)) + "|[一二三四五六七八九十]{1,2}[小中]"  # 城关一小, 县一中
GRADE = "(?:[一二三四五六七八九]年级|[1-9]年级|初[一二三]|高[一二三]|学前班|[大中小]班)"
CLASS = r"(?:[（(]\s*[0-9一二三四五六七八九十]{1,2}\s*[）)]\s*班|[0-9一二三四五六七八九十]{1,2}班)"
SCHOOL_GRADE = re.compile(f"(?:{SCHOOL_KINDS})(?:{GRADE})(?:{CLASS})?")
# Words that can be part of a school's name before its kind.
QUALIFIERS = set(words("school_qualifiers"))
ADMIN_ENDINGS = ("省", "市", "州", "县", "区", "镇", "乡", "村", "街道", "社区", "旗", "盟", "屯", "寨")
NAME_FLAGS = ("ns", "nz", "nt", "j")
SINGLE_ADMIN = {"省", "市", "州", "县", "区", "镇", "乡", "村", "屯", "寨", "旗"}
NOT_NAME_FLAGS = ("p", "c", "u", "uj", "ul", "v", "d", "r", "x", "m", "q", "t", "f")
STOP_WORDS = {"在", "到", "的", "学生", "就读", "原", "转入", "读书", "本", "该", "全"}


def _names_place(word: str, flag: str) -> bool:
    """A word that can name a county, town or village before a one-character administrative word."""
    return (1 <= len(word) <= 4 and re.fullmatch("[\u4e00-\u9fa5]+", word) is not None and word not in STOP_WORDS
            and not flag.startswith(NOT_NAME_FLAGS))


PROPER_FLAGS = ("nr", "nrt", "nrfg", "nz", "ns", "j")  # a school's own name jieba tagged as a name: 育英, 阳洼


def _proper_name_before(toks: tuple, j: int, word: str = "") -> bool:
    """A two-character word jieba tagged as a name, right before the kind or its qualifiers (揭东县 + 育英 + 学校,
    / + 阳洼 + 民族小学; the name glued to the kind: 帕卡九义 + 校), after a place or a clear left edge."""
    word, flag = word or toks[j][0], toks[j][1]
    if not (len(word) == 2 and flag in PROPER_FLAGS and re.fullmatch("[\u4e00-\u9fa5]+", word)):
        return False
    if j == 0:
        return True
    prev, pflag, _ = toks[j - 1]
    return (pflag in ("x", "p") or prev in STOP_WORDS or prev in SINGLE_ADMIN
            or (len(prev) >= 2 and prev.endswith(ADMIN_ENDINGS)))


def _part_of_name(word: str, flag: str) -> bool:
    return (word in QUALIFIERS or flag in NAME_FLAGS or (len(word) >= 2 and word.endswith(ADMIN_ENDINGS))
            or bool(re.fullmatch("第[一二三四五六七八九十]+", word))
            or (2 <= len(word) <= 6 and word.endswith("制") and word not in STOP_WORDS))  # 九年制, 寄宿制, 十二年制


GRAMMAR_FLAGS = ("x", "p", "c", "u", "uj", "ul", "r")


def _cut_place_name(toks: tuple, j: int) -> int | None:
    """Where a place's name starts when jieba cut it into a verb or single characters before its administrative word
    (落水 + 村, 在 + 道 + 真 + 县): at most two characters of Han words, no stop or grammar words, with a clear left
    edge (the start, punctuation, a preposition or a stop word such as 在) before them. None when there is none."""
    k, size = j, 0
    while (k >= 0 and size + len(toks[k][0]) <= 2 and re.fullmatch("[\u4e00-\u9fa5]+", toks[k][0])
           and toks[k][0] not in STOP_WORDS and toks[k][1] not in GRAMMAR_FLAGS):
        size += len(toks[k][0])
        k -= 1
    if not size or (k >= 0 and toks[k][0] not in STOP_WORDS and toks[k][1] not in ("x", "p")):
        return None
    return k + 1


def find(text: str) -> list[tuple[int, int, str]]:
    """SCHOOL_CLASS spans with the rule that found each."""
    out = []
    toks = None
    for m in SCHOOL_GRADE.finditer(text):
        toks = toks or tokens(text)
        start = m.start()
        k = next((i for i, (w, _, s) in enumerate(toks) if s <= start < s + len(w)), None)
        if k is None:
            continue
        glued = toks[k][0][:start - toks[k][2]]
        if toks[k][2] < start and (_part_of_name(glued, toks[k][1]) or (
                len(glued) == 2 and _proper_name_before(toks, k, glued))):
            start = toks[k][2]  # the kind glued to the word before it: 镇中 + 心小学, 帕卡九义 + 校
        j = k - 1
        while j >= 0 and m.start() - toks[j][2] <= 16:
            word, flag, s = toks[j]
            admin = word[-1] in SINGLE_ADMIN and len(word) <= 2
            if not (admin or _part_of_name(word, flag)):
                if _proper_name_before(toks, j):
                    start, j = s, j - 1
                    continue
                break
            start, j = s, j - 1
            if admin and j >= 0 and _names_place(*toks[j][:2]):
                start, j = toks[j][2], j - 1  # 务川 + 县, 白果 + 镇, 核桃 + 坪村, 青 + 杠乡
            elif admin and j >= 0 and (cut := _cut_place_name(toks, j)) is not None:
                start, j = toks[cut][2], cut - 1  # 落水 + 村, 在 + 道 + 真 + 县
        if j >= 0 and toks[j + 1][2] == start and start_char_before_county(toks, j):
            start = toks[j][2]  # a place's first character jieba cut off: 糯 + 扎渡镇 + 城关中学
        if start == m.start() and text[max(0, start - 1):start] not in ("", "，", ",", "：", ":", "、", "|", " ", "\n"):
            continue  # a kind with no name before it (在小学四年级): no school is named
        out.append((start, m.end(), "school_grade_class" if m.end() > m.start() and "班" in m.group()[-1:] else
                    "school_grade"))
    return out


class SchoolClassRecognizer(EntityRecognizer):
    """SCHOOL_CLASS spans: a named school with its grade (and class)."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["SCHOOL_CLASS"], supported_language="zh", name="SchoolClassRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        return [RecognizerResult("SCHOOL_CLASS", s, e, 0.7, recognition_metadata={"recognizer_name": self.name,
                                                                                  "rule": r})
                for s, e, r in find(text)]
