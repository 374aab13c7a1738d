"""Chinese personal names as a table of named rules: jieba's person tag (nr) with a surname check, names announced by
context words, names standing alone, minority names. Each rule is one small function; the driver records which rule
found each span (recognition_metadata["rule"], shown by bench/redaction_bench.py --errors).

Token rules run on each jieba token in order; the first that applies decides for that token: a span (Hit), or STOP
(it applies and finds nothing, so no later token rule is tried). Text rules run after them over the whole note, each
with how its spans merge with what the token rules found. Word lists live in privacy/redaction/words/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from presidio_analyzer import EntityRecognizer, RecognizerResult

from privacy.redaction.memo import VocabularyMemo, open_rules
from privacy.redaction.minority_names import PLACES, minority_names
from privacy.redaction.scan import Scanner
from privacy.redaction.segment import (
    COMPOUND_SURNAMES,
    SURNAMES,
    frequency,
    has_surname,
    tokens,
    word_tag,
)
from privacy.redaction.words import chars, word_set, words

CUES = words("person_cues")
CUE_SET = word_set("person_cues")
TITLES = words("titles")
TITLE_SET = word_set("titles")
TITLE_BLOCK = chars("title_block")
COMMON_AA = frozenset(words("common_reduplicated"))
KIN = words("kin_after_nickname")
KIN_SET = word_set("kin_after_nickname")
NICK_CUES = words("nickname_cues")
ORGANISATION_STARTS = words("organisation_starts")  # 廉江县 + 民政局: an office after its area
AFTER = words("after_name")
_CUES_BY_LAST: dict[str, tuple[str, ...]] = {}
for _cue in CUES:
    _CUES_BY_LAST[_cue[-1]] = (*_CUES_BY_LAST.get(_cue[-1], ()), _cue)
DEMOGRAPHIC = words("demographic")
_SURNAME = "(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + "|[" + "".join(sorted(SURNAMES)) + "])"
# The name is captured inside a lookahead so that cues can chain: "孩子由祖母曾彤晨照顾" tries both cues.
_CUED = re.compile("(?:" + "|".join(sorted(CUES, key=len, reverse=True)) + r")[：:\s]?(?:是|为|叫)?"
                   + f"(?=({_SURNAME}[\u4e00-\u9fa5]{{1,2}}))")
_STOP = chars("name_stop")
NOT_NAMES = frozenset(words("not_names"))

COMMON_WORD_FREQ = 50
DEMOGRAPHIC_FREQ = 2000  # before an age or a sex (向阳今年, 平安，男) a name may be a commoner word still
CUED_FREQ = 500  # a name announced by a role word or a visit may be a more frequent word (王明)
GIVEN_NAME_FREQ = 5000  # a word after a surname jieba tagged as a name: given names are often words (建国, 晨曦)
ADMIN_ENDINGS = words("admin_endings")
GIVEN_CHARS = chars("given_chars")
_CJK = re.compile("[\u4e00-\u9fa5]+")
NICK_CHARS = chars("nick_chars")
_GIVEN_OR_NICK = GIVEN_CHARS | NICK_CHARS
# "孩子姓危，": a surname stated alone.
_SURNAME_ALONE = re.compile(f"(?<=姓)({_SURNAME})(?=[，,。；;、\\s（(]|$)")
FUNCTION_SURNAMES = chars("function_surnames")
# Token flags a surname character cannot carry when it starts a name (it is then a preposition, conjunction, ...).
NOT_NAME_FLAGS = ("p", "c", "u", "uj", "ul", "uz", "ug", "uv", "d", "r", "m", "q", "f", "x", "t")
NAME_FLAGS = ("nr", "nrfg", "nrt")
_NICK = re.compile("^[小老阿][\u4e00-\u9fa5]$")
# "走访刘梓萱家": a visit to someone's home names the household by a person.
_VISITED = re.compile("(?:走访|探访|探望|看望|看了|慰问|家访|去了|来到|到了|前往|入户|到|去|在)"
                      + f"({_SURNAME}[\u4e00-\u9fa5]{{1,2}}?)一?家")
_BEFORE_AFTER = re.compile(f"(?=({_SURNAME}[\u4e00-\u9fa5]{{1,2}}?)(?:" + "|".join(AFTER) + "))")
_SCAN_BEFORE_AFTER = Scanner(_BEFORE_AFTER)  # tried at surname characters only (scan.py)
# Forms list relatives as "父王某、母李某": a bare 父/母 after a separator announces a name. Two kin letters in a row
# are a kin word (父母离异, 其父母), never a kin letter and a surname (母 is one).
KIN_LETTERS = "父母兄姐弟妹"
# A household's members in a list (家庭成员：妻禤玉芬、子税敏): 妻, 夫, 子 and 女 as well, but only after a list's
# separator or a colon (after a comma they start words: ，子宫, ，女方).
LIST_KIN_LETTERS = "妻夫子女"  # not 孙: a surname too (：孙玉梅)
_FORM_KIN = re.compile(f"(?:(?:^|(?<=[，,、；;：:\\s（(/|｜]))[{KIN_LETTERS}]|(?<=[、：:/|｜])[{LIST_KIN_LETTERS}])"
                       f"(?![{KIN_LETTERS}{LIST_KIN_LETTERS}])[：:]?(?=({_SURNAME}[\u4e00-\u9fa5]{{1,2}}))")
PERSON_GOVERNORS = frozenset(words("person_governors"))
_GLUE = chars("name_glue")
NUMERALS = set("一二三四五六七八九十百千万两几零半")
INSTITUTIONS = words("institutions_after_name")
# Characters around a name written alone in a list or a form: "：马尕娃，", "（龙子轩）", "、撒玉兰、".
SEP_BEFORE = set("，,、：:（(；;。！？ \u3000\t\n/|｜")  # / and | separate a register row's cells
SEP_AFTER = set("，,、。；;）)（(：: \u3000\t\n！？/|｜")
# Word classes a given name never is: time (周五), numeral, measure, distinguishing (年级), direction, pronoun, grammar.
NOT_GIVEN_FLAGS = ("t", "m", "q", "b", "f", "r", "p", "c", "u", "d", "x", "v")
NOT_GIVEN_FLAGS_SINGLE = ("t", "m", "q", "f", "r", "p", "c", "u", "x")
# Word classes that start the predicate after a clause-initial name: 蓝海波 + 今天, 罗建华 + 最近, 荆浩然 + 配发.
PREDICATE_START = set("不没在是已被将把也都就还又很会要去来说")  # characters that start a predicate after a name
PREDICATE_FLAGS = ("v", "d", "t", "p", "c", "f", "ad", "uj", "ul", "r")
CLAUSE_GLUE = chars("clause_glue")
SPEECH = words("speech")
SPEECH_SET = word_set("speech")
_WEATHER = frozenset(words("weather"))

Span = tuple[int, int]


class Hit(NamedTuple):
    """A span found by a token rule; skip_next when the rule used up the next token as well."""

    span: Span
    score: float
    skip_next: bool = False


STOP = Hit((0, 0), 0.0)  # the rule applies and finds nothing: no later token rule is tried for this token


@dataclass
class Note:
    """What every rule reads: the text, jieba's tokens and a few indexes over them."""

    text: str
    toks: tuple
    bounds: set[int] = field(init=False)
    starts: dict[int, int] = field(init=False)
    form_kin: set[int] = field(init=False)
    form_kin_names: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = {s: i for i, (_, _, s) in enumerate(self.toks)}
        self.bounds = set(self.starts)
        self.bounds.add(len(self.text))
        kin = list(_FORM_KIN.finditer(self.text))
        self.form_kin = {m.start() for m in kin}
        self.form_kin_names = [m.start(1) for m in kin]  # where the name after each kin letter starts

    def tok(self, i: int) -> tuple | None:
        return self.toks[i] if 0 <= i < len(self.toks) else None


# ---------------------------------------------------------------- helpers

_ANY_CUE = re.compile("|".join(map(re.escape, CUES)))
_ANY_TITLE = re.compile("|".join(re.escape(t) for t in TITLES if len(t) > 1))


def common(word: str, limit: int = 0) -> bool:
    """A word that is no name: listed, a place, holding a role or title word, or frequent in jieba's dictionary."""
    listed = _LISTED.get(word)
    if listed is None:
        listed = _LISTED.put(word, word in NOT_NAMES or word in PLACES or _ANY_CUE.search(word) is not None
                             or word.endswith(ADMIN_ENDINGS) or _ANY_TITLE.search(word) is not None)
    return listed or frequency(word) > (limit or COMMON_WORD_FREQ)


_LISTED = VocabularyMemo()  # common()'s tests of the word itself, once per word


def third_char(toks: tuple, j: int) -> bool:
    """Whether token j is one more given-name character (馬娜 + 国) rather than the next word."""
    if j >= len(toks):
        return False
    word, flag, _ = toks[j]
    return len(word) == 1 and word in GIVEN_CHARS and word not in _STOP and flag not in ("uj", "p", "c", "x")


def predicate_at(n: Note, e: int) -> bool:
    """Whether the token starting at e begins a predicate (a verb, adverb, time word...) or is 的/是."""
    k = n.starts.get(e)
    if k is None:
        return False
    word, flag, _ = n.toks[k]
    return flag.startswith(PREDICATE_FLAGS) or word in ("的", "是")


def not_given(given: str) -> bool:
    """A given name is often a word (海波, 建华, 浩然), but never a time, a count or a grammar word (周五, 年级)."""
    if len(given) == 1:
        return word_tag(given).startswith(NOT_GIVEN_FLAGS_SINGLE)  # 军, 超 are frequent; verbs or nouns too
    return frequency(given) > GIVEN_NAME_FREQ or word_tag(given).startswith(NOT_GIVEN_FLAGS)


def wordlike(word: str) -> bool:
    """A word in jieba's dictionary that is no name (高兴, 万一, 年级, 本周); names it knows are tagged nr."""
    if frequency(word) <= 0:
        return False
    tag = word_tag(word)
    return not tag.startswith("nr") or frequency(word) > GIVEN_NAME_FREQ


def after_cue(text: str, s: int, e: int) -> Span:
    """A span whose first character ends a cue word (心理咨询 + 师田甜: jieba tagged 师田甜 a name) starts after it."""
    if e - s >= 3 and any(text.startswith(c, s + 1 - len(c)) for c in _CUES_BY_LAST.get(text[s], ())):
        return s + 1, e
    return s, e


DEPARTMENTS = words("hospital_departments")
DEPARTMENT_SET = word_set("hospital_departments")
# Organisations named after their town, township or county (玉屏镇 + 民政办, 平寨乡 + 卫生院): the words that follow
# the administrative character (privacy/redaction/words/organisations.txt and organisation_starts.txt).
PLACE_ORGANISATIONS = tuple(dict.fromkeys(words("organisations") + words("organisation_starts")))


def names_an_organisation(text: str, s: int, e: int) -> bool:
    """A "name" that is the place of an organisation: 镇, 乡 or 县 and an organisation's word follow it
    (玉屏 + 镇民政办; jieba tagged 玉屏 a name)."""
    return text[e:e + 1] in ("镇", "乡", "县") and text.startswith(PLACE_ORGANISATIONS, e + 1)


def department(text: str, s: int, e: int) -> bool:
    """A hospital department read as a name (康复科, 儿科): ends in 科, or 科 follows."""
    return (text[s:e] in DEPARTMENT_SET or text[s:e + 1] in DEPARTMENT_SET or text[e - 1] == "科"
            or text[e:e + 1] == "科")


# ---------------------------------------------------------------- token rules

def class_glued_to_surname(n: Note, i: int) -> Hit | None:
    """（4）班 + 汤 glued as 班汤 after a class number: 班 is the class, not a surname (the name is found from 汤);
    3班 + 冉丹 glued as 班冉丹: the name is the two characters after 班."""
    word, flag, start = n.toks[i]
    prev = n.tok(i - 1)
    if prev is None or not (prev[1] == "m" or prev[0] in ("）", ")") or prev[0].isdigit()):
        return None
    if word == "班" or (len(word) == 2 and word[0] == "班" and word[1] in SURNAMES):
        return STOP  # （4）班 + 刘梓涵: 班 is the class
    if len(word) == 3 and word[0] == "班" and word[1] in SURNAMES and flag.startswith("nr"):
        return Hit((start + 1, start + 3 + (1 if third_char(n.toks, i + 1) else 0)), 0.7)  # 班滕春 + 燕
    return None


def surname_before_title(n: Note, i: int) -> Hit | None:
    """A surname with a title or honorific after it (王老师, 伍阿姨, 欧阳主任): the span of the surname alone."""
    toks = n.toks
    word, flag, start = toks[i]
    nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
    if len(word) == 1 and word in SURNAMES and nxt in TITLES:
        size = 1
    elif word in COMPOUND_SURNAMES and nxt in TITLES:
        size = 2
    elif len(word) >= 2 and word[0] in SURNAMES and word[1:] in TITLE_SET and frequency(word) <= COMMON_WORD_FREQ:
        size, flag = 1, "nr"  # jieba kept 王老师 as one word
    else:
        return None
    if size == 1 and (word[0] in TITLE_BLOCK or word[0] in FUNCTION_SURNAMES):
        return None  # 连老师, 和老师; a compound surname (令狐老师) is never a grammar word
    opens = start == 0 or n.text[start - 1] in SEP_BEFORE or n.text[start - 1] == "@"
    if (flag in NOT_NAME_FLAGS and flag not in ("q", "m") and not (opens and flag == "d")) or (
            flag == "m" and word[0] in NUMERALS):
        return None  # 曾 and 莫 are adverbs too, but @曾主任, 莫老师： open with the name
    if i and toks[i - 1][1] == "m":
        return None  # 三张 + 主任 would be a count
    if i and toks[i - 1][0] in ("小", "老"):
        start -= 1  # 小王老师: the nickname 小王
        size += 1
    return Hit((start, start + size), 0.7)


def nickname(n: Note, i: int) -> Hit | None:
    """A pet name: 豆豆, 妞妞 (reduplicated) or 小宝, 小军 (小 + a given-name character), seen in a name context."""
    toks = n.toks
    word, flag, start = toks[i]
    last = i
    if word == "小" and i + 1 < len(toks) and len(toks[i + 1][0]) == 1:
        word, flag, last = "小" + toks[i + 1][0], "", i + 1  # jieba cut 小 + 虎
    if len(word) != 2 or not _CJK.fullmatch(word):
        return None
    prev = toks[i - 1][0] if i else ""
    nxt = toks[last + 1][0] if last + 1 < len(toks) else ""
    after = toks[last + 2][0] if last + 2 < len(toks) else ""
    # 壮壮今天没来, ：小胖这周表现很好 (not 小心路滑: 小心 is a word, below)
    opens_clause = (not prev or not _CJK.match(prev)) and predicate_at(n, start + 2)
    kin_after = nxt in KIN_SET or (nxt == "的" and after in KIN_SET)
    cued_before = prev.endswith(NICK_CUES) or prev in CUE_SET or (
        prev in ("：", ":") and i > 1 and toks[i - 2][0] in CUE_SET)
    clause_start = not prev or not _CJK.match(prev)
    if word[0] == word[1]:
        if word in COMMON_AA:
            # an adverb (明明) is never followed by 的; a kinship word (妈妈) never is a pet name here
            ok = word in ("明明", "静静", "多多") and clause_start and nxt == "的"
        else:
            ok = (kin_after or cued_before or (clause_start and nxt == "的") or flag in ("nr", "nrfg")
                  or opens_clause or prev in PERSON_GOVERNORS)
        return Hit((start, start + 2), 0.65) if ok and frequency(word) < 2000 else None
    if word[0] != "小" or word[1] not in _GIVEN_OR_NICK or word[1] in _STOP:
        return None
    if prev in _WEATHER or nxt[:1] in ("转", "夹", "天"):
        return None
    freq = frequency(word)
    if flag in ("nr", "nrfg") and freq <= 300:
        return Hit((start, start + 2), 0.65)
    if freq <= 1000 and (kin_after or cued_before or prev in PERSON_GOVERNORS
                         or (opens_clause and word[1] in NICK_CHARS)):
        return Hit((start, start + 2), 0.65)
    return None


def ordinal_not_surname(text: str, start: int) -> bool:
    """第五 is a surname and an ordinal: an ordinal before a unit or a common word (第五周, 第五阶段, 第五小学)."""
    if text[start:start + 1] != "第":
        return False
    after = text[start + 2:start + 4]
    return not after or after[0] in ORDINAL_UNITS or common(after)


# Measure and unit words after an ordinal (第五次, 第五题, 第五小学): 家 is left out (第五 + 家豪 is a name).
ORDINAL_UNITS = frozenset("次名个届条批组期号周天年月日章节位轮层级段代队社班排栋楼单元小中"
                          "题课项种类篇页道回场局款区片版")


def compound_surname(n: Note, i: int) -> Hit | None:
    """A compound surname token and the given name after it (欧阳 + 子涵; 独孤 + 丹因 gives 独孤丹)."""
    toks = n.toks
    word, _, start = toks[i]
    nxt = n.tok(i + 1)
    if word not in COMPOUND_SURNAMES or nxt is None:
        return None
    if ordinal_not_surname(n.text, start):
        return STOP
    given = nxt[0] if len(nxt[0]) <= 2 and nxt[0] not in TITLE_SET else ""
    if len(given) == 2 and given[1] in _GLUE:
        given = given[0]  # 独孤 + 丹因: the given name 丹, then 因 "because"
    if not (given and _CJK.fullmatch(given)):
        return STOP
    end = nxt[2] + len(given)
    after = toks[i + 2][0] if i + 2 < len(toks) else ""
    if len(given) == 1 and (third_char(toks, i + 2) or (
            i + 2 < len(toks) and len(toks[i + 2][0]) == 1 and toks[i + 2][1] in ("nr", "nrfg"))
            or (len(after) == 2 and after[0] in GIVEN_CHARS and after[0] not in _STOP and after[1] in "的家")):
        end += 1  # 令狐 + 语 + 嫣的
    return Hit((start, end), 0.75)


def surname_then_tagged_given(n: Note, i: int) -> Hit | None:
    """jieba cut surname and given name apart and tagged the given name: 冯 + 海燕, 吴 + 俊杰, (sentence start)
    蒙 + 德才."""
    word, flag, start = n.toks[i]
    nxt, prev = n.tok(i + 1), n.tok(i - 1)
    if (len(word) == 1 and word in SURNAMES and nxt is not None and nxt[1] in NAME_FLAGS
            and 1 <= len(nxt[0]) <= 2 and _CJK.fullmatch(nxt[0]) and not common(word + nxt[0])
            and (flag in NAME_FLAGS or (
                flag not in NOT_NAME_FLAGS and word not in FUNCTION_SURNAMES and len(nxt[0]) == 2
                and (prev is None or prev[1] in ("x", "p", "c") or prev[0].endswith(CUES))))):
        return Hit((start, nxt[2] + len(nxt[0])), 0.7)
    return None


def surname_then_given_chars(n: Note, i: int) -> Hit | None:
    """为 + 荆 + 浩然: a surname opening a clause and a given name jieba did not tag as one."""
    word, flag, start = n.toks[i]
    nxt, prev = n.tok(i + 1), n.tok(i - 1)
    if (len(word) == 1 and word in SURNAMES and word not in FUNCTION_SURNAMES and flag not in NOT_NAME_FLAGS
            and nxt is not None and len(nxt[0]) == 2 and all(c in GIVEN_CHARS for c in nxt[0])
            and nxt[1] not in NOT_NAME_FLAGS and not common(nxt[0], CUED_FREQ // 2)
            and not common(word + nxt[0]) and (prev is None or prev[1] in ("x", "p", "c"))):
        return Hit((start, nxt[2] + 2), 0.6)
    return None


def tagged_surname_then_given_word(n: Note, i: int) -> Hit | None:
    """jieba's surname followed by a word that is a given name; 蔡 + 文家 is the household of 蔡文."""
    word, flag, start = n.toks[i]
    nxt = n.tok(i + 1)
    if (len(word) == 1 and word in SURNAMES and flag in NAME_FLAGS and word not in FUNCTION_SURNAMES
            and nxt is not None and len(nxt[0]) == 2 and _CJK.fullmatch(nxt[0]) and nxt[1] not in NOT_NAME_FLAGS
            and nxt[0][0] not in _STOP and not common(nxt[0], GIVEN_NAME_FREQ)
            and not common(word + nxt[0], CUED_FREQ)):
        return Hit((start, nxt[2] + (1 if nxt[0][1] == "家" else 2)), 0.65)
    return None


def xiao_lao_surname(n: Note, i: int) -> Hit | None:
    """小李, 老刘, 老刘 + 家, 老陈 + 说 (not the name 陈说)."""
    word, _, start = n.toks[i]
    nxt = n.tok(i + 1)
    if word in ("小", "老") and nxt is not None and nxt[0][:1] in SURNAMES and not common(word + nxt[0][0]) \
            and ((len(nxt[0]) == 1 and nxt[1] in NAME_FLAGS) or nxt[0][1:] in ("家", "说")):
        return Hit((start, nxt[2] + 1), 0.6, skip_next=True)
    return None


def household_name_split(n: Note, i: int) -> Hit | None:
    """段家 + 豪, 刘家 + 豪: jieba glued 家 of a three-character name to the surname (not 张家 + 口: 口 is no
    given-name character)."""
    word, _, start = n.toks[i]
    if (len(word) == 2 and word[1] == "家" and word[0] in SURNAMES and word[0] not in FUNCTION_SURNAMES
            and third_char(n.toks, i + 1) and n.toks[i + 1][1] in ("ag", "nr", "nrfg", "ng", "a", "n")):
        if start and n.text[start - 1:start + 1] in COMPOUND_SURNAMES:
            return Hit((start - 1, start + 3), 0.6)  # 上 + 官家 + 豪: 上官家豪
        return Hit((start, start + 3), 0.6)
    return None


def untagged(n: Note, i: int) -> Hit | None:
    """The rules below all start from a token jieba tagged as a name."""
    return None if n.toks[i][1] in NAME_FLAGS else STOP


def form_kin_letter(n: Note, i: int) -> Hit | None:
    """、母崔琳（: the kinship letter of a form; the name after it is found by the cue rule."""
    return STOP if n.toks[i][2] in n.form_kin else None


def tagged_nickname(n: Note, i: int) -> Hit | None:
    """小芳, 阿强 tagged as a name."""
    word, _, start = n.toks[i]
    if _NICK.match(word) and not common(word) and word[1] not in _STOP:
        return Hit((start, start + 2), 0.6)
    return None


def function_word_then_nickname(n: Note, i: int) -> Hit | None:
    """和小明 -> 小明: jieba glued a grammar word to the name after it."""
    word, _, start = n.toks[i]
    if len(word) == 3 and word[0] in FUNCTION_SURNAMES and (_NICK.match(word[1:]) or has_surname(word[1:])) \
            and not common(word[1:]) and not common(word):
        return Hit((start + 1, start + 3), 0.6)
    return None


def tagged_two_then_tagged_char(n: Note, i: int) -> Hit | None:
    """A two-character name and a third character jieba tagged as a name too."""
    word, _, start = n.toks[i]
    nxt = n.tok(i + 1)
    if (len(word) == 2 and has_surname(word) and word[0] not in FUNCTION_SURNAMES and nxt is not None
            and len(nxt[0]) == 1 and nxt[1] in ("nr", "nrfg") and nxt[0] not in _STOP
            and not common(word + nxt[0])):
        return Hit((start, start + 3), 0.7)
    return None


def tagged_two_then_household(n: Note, i: int) -> Hit | None:
    """卢锦 + 程家: the household of 卢锦程."""
    word, _, start = n.toks[i]
    nxt = n.tok(i + 1)
    if (len(word) == 2 and has_surname(word) and nxt is not None and len(nxt[0]) == 2 and nxt[0][1] == "家"
            and nxt[0][0] in GIVEN_CHARS and nxt[1] != "m" and not common(word, CUED_FREQ)):
        return Hit((start, start + 3), 0.7)
    return None


def no_surname_or_common(n: Note, i: int) -> Hit | None:
    """A tagged word of 2-4 characters that starts with a surname and is not a common word, or nothing."""
    word = n.toks[i][0]
    return STOP if not (2 <= len(word) <= 4 and has_surname(word)) or common(word) else None


def preposition_before_word(n: Note, i: int) -> Hit | None:
    """于 + 本周: a preposition before a common word."""
    word = n.toks[i][0]
    return STOP if word[0] in FUNCTION_SURNAMES and len(word) == 3 and common(word[1:]) else None


def named_after_someone(n: Note, i: int) -> Hit | None:
    """唐氏综合征, 韦氏量表: a syndrome or a scale named after someone."""
    word = n.toks[i][0]
    nxt = n.tok(i + 1)
    return STOP if len(word) == 2 and word[1] == "氏" and nxt is not None and _CJK.match(nxt[0]) else None


def family_household(n: Note, i: int) -> Hit | None:
    """钟家: the household of the 钟 family; 邹家 + 旺: jieba glued 家 of 邹家旺 to the surname."""
    word, _, start = n.toks[i]
    if len(word) == 2 and word[1] == "家" and word[0] in SURNAMES and word[0] not in FUNCTION_SURNAMES:
        return Hit((start, start + 3) if third_char(n.toks, i + 1) else (start, start + 1), 0.6)
    return None


def idiom(n: Note, i: int) -> Hit | None:
    """Four-character "names" in jieba's dictionary are idioms (成绩优秀)."""
    word = n.toks[i][0]
    return STOP if len(word) == 4 and word[:2] not in COMPOUND_SURNAMES else None


def tagged_name(n: Note, i: int) -> Hit | None:
    """A name jieba tagged, with a third character it cut off (马娜 + 国, 邓轩 + 洋, 黎文 + 强于)."""
    toks = n.toks
    word, _, start = toks[i]
    nxt = n.tok(i + 1)
    end = start + len(word)
    if len(word) == 2 and third_char(toks, i + 1):
        end += 1
    elif (len(word) == 2 and nxt is not None and len(nxt[0]) == 2 and nxt[0][0] in GIVEN_CHARS
          and nxt[0][1] in _GLUE and nxt[1] in ("v", "p", "d", "c", "nz", "nr")):
        end += 1  # 黎文 + 强于: the third character went to the next word
    elif (len(word) == 2 and nxt is not None and len(nxt[0]) == 2 and nxt[0][0] in GIVEN_CHARS
          and nxt[0][0] not in _STOP and nxt[0][0] not in NUMERALS and (
              nxt[0][1] in "的家" or (nxt[0][1] in PREDICATE_START and frequency(nxt[0]) == 0))):
        end += 1  # 孙语 + 嫣的, 田皓 + 轩家, 许梓 + 涵不: the third character glued to the next grammar word
    return Hit((start, end), 0.75)


TOKEN_RULES: tuple[Callable[[Note, int], Hit | None], ...] = (
    class_glued_to_surname, surname_before_title, nickname, compound_surname, surname_then_tagged_given,
    surname_then_given_chars, tagged_surname_then_given_word, xiao_lao_surname, household_name_split, untagged,
    form_kin_letter, tagged_nickname,
    function_word_then_nickname, tagged_two_then_tagged_char, tagged_two_then_household, no_surname_or_common,
    preposition_before_word, named_after_someone, family_household, idiom, tagged_name,
)


def _surname_char(word: str) -> bool:
    return len(word) == 1 and word in SURNAMES and word not in FUNCTION_SURNAMES


def _household(word: str) -> bool:
    return len(word) == 2 and word[1] == "家" and word[0] in SURNAMES and word[0] not in FUNCTION_SURNAMES


# What a token's word and tag must be for a token rule to answer anything but None: each rule's own first test, read
# from its body (a rule not listed may answer whatever the token). A test checks on every corpus note that a rule
# whose gate is closed answers None.
TOKEN_GATES: dict[Callable[[Note, int], Hit | None], Callable[[str, str], bool]] = {
    class_glued_to_surname: lambda w, f: w[0] == "班",
    surname_before_title: lambda w, f: w[0] in SURNAMES or w in COMPOUND_SURNAMES,
    nickname: lambda w, f: w == "小" or len(w) == 2,
    compound_surname: lambda w, f: w in COMPOUND_SURNAMES,
    surname_then_tagged_given: lambda w, f: len(w) == 1 and w in SURNAMES,
    surname_then_given_chars: lambda w, f: _surname_char(w) and f not in NOT_NAME_FLAGS,
    tagged_surname_then_given_word: lambda w, f: _surname_char(w) and f in NAME_FLAGS,
    xiao_lao_surname: lambda w, f: w in ("小", "老"),
    household_name_split: lambda w, f: _household(w),
    untagged: lambda w, f: f not in NAME_FLAGS,
    tagged_nickname: lambda w, f: len(w) == 2 and w[0] in "小老阿",
    function_word_then_nickname: lambda w, f: len(w) == 3 and w[0] in FUNCTION_SURNAMES,
    tagged_two_then_tagged_char: lambda w, f: len(w) == 2 and has_surname(w) and w[0] not in FUNCTION_SURNAMES,
    tagged_two_then_household: lambda w, f: len(w) == 2 and has_surname(w),
    preposition_before_word: lambda w, f: len(w) == 3 and w[0] in FUNCTION_SURNAMES,
    named_after_someone: lambda w, f: len(w) == 2 and w[1] == "氏",
    family_household: lambda w, f: _household(w),
    idiom: lambda w, f: len(w) == 4 and w[:2] not in COMPOUND_SURNAMES,
}
_RULES_FOR = VocabularyMemo()  # (word, tag) -> the token rules whose gate it opens


def token_rules(word: str, flag: str) -> tuple[Callable[[Note, int], Hit | None], ...]:
    """The token rules whose gate is open for this word and tag, in order (worked out once per pair)."""
    rules = _RULES_FOR.get((word, flag))
    if rules is None:
        rules = _RULES_FOR.put((word, flag), open_rules(TOKEN_RULES, TOKEN_GATES, word, flag))
    return rules


# ---------------------------------------------------------------- text rules

def _grammar_word(tok: tuple) -> bool:
    """A two-character verb, adverb, preposition or conjunction (代为, 能够), not a name jieba tagged."""
    return len(tok[0]) == 2 and tok[1] in ("v", "vd", "d", "p", "c")


def cued_name(n: Note) -> list[tuple[Span, float]]:
    """A name right after a role word (监护人王建国), a form's kin letter (父王某) or before a word that follows only
    a person (闫海国的母亲, 向阳今年读初二)."""
    text, toks, starts = n.text, n.toks, n.starts
    cued = [m.start(1) for m in _CUED.finditer(text)] + n.form_kin_names
    demographic = set()  # names an age or a sex follows: they may be words too (向阳, freq 671)
    for m in _SCAN_BEFORE_AFTER.finditer(text):
        # A subject name before "监护", "就诊": it starts a clause (not 来院 + 就诊, 由梁东 + 监护).
        k = starts.get(m.start(1))
        before_age = text.startswith(DEMOGRAPHIC, m.end(1))
        if k is None or (text[m.start(1)] in FUNCTION_SURNAMES and not before_age):
            continue  # 向他表示 is no name, but 向阳今年读初二 is: an age or a sex follows only a person
        prev = toks[k - 1] if k else None
        if prev is None or prev[1] in ("x", "p", "c") or prev[0].endswith(CUES):
            cued.append(m.start(1))
            if before_age:
                demographic.add(m.start(1))
    out = []
    for start in cued:
        if text[start] in "和与及跟同来时后" and text[start - 1:start] not in ("：", ":", " "):
            continue  # 老师和三名医生, 老师来家访, 接孩子时门卫: a conjunction, a verb or 时 after the cue
        if text[start] in FUNCTION_SURNAMES and common(text[start + 1:start + 3]):
            continue  # 班主任于本周: a preposition before a common word
        if text[start] in FUNCTION_SURNAMES and start in starts and _grammar_word(toks[starts[start]]):
            continue  # 叔叔代为照顾: the surname character starts a verb or an adverb of two characters
        if start and text[start] in KIN_LETTERS and text[start - 1] in KIN_LETTERS:
            continue  # 其父 + 母发出: 其父母, his parents, not a surname 母
        compound = text[start:start + 2] in COMPOUND_SURNAMES
        if compound and ordinal_not_surname(text, start):
            continue  # 班主任 + 第五周
        for length in range(4 if compound else 3, 1, -1):  # 4, 3, 2 or 3, 2
            name = text[start:start + length]
            # A cue-announced name ends where jieba ends a word ("方静年事已高" gives 方静), and a third
            # character split off by jieba must look like a given-name character ("周超现由" gives 周超).
            if (len(name) != length or start + length not in n.bounds or not _CJK.fullmatch(name)
                    or name[-1] in _STOP or (name[1] in _STOP and not (length == 3 and name[1] == "家"))
                    or (common(name, DEMOGRAPHIC_FREQ if start in demographic else CUED_FREQ)
                        and not (length == 3 and word_tag(name).startswith("nr") and name not in NOT_NAMES
                                 and _ANY_TITLE.search(name) is None))):
                continue
            if text[start + length:start + length + 1] in ("乡", "镇", "县", "区", "市", "省"):
                continue  # 金鸡 + 乡今年: a place before a time word, not a name
            if name[-1] in "乡镇县区市省" and text.startswith(ORGANISATION_STARTS, start + length):
                continue  # 申请人 + 廉江县 + 民政局: a county's office, not a name
            third = start + length - 1
            if length == 3 and not compound and third in starts and not third_char(toks, starts[third]):
                continue
            out.append(((start, start + length), 0.8))
            break
    return out


PERSON_AFTER_WORD_NAME = words("person_after_word_name")
GRAMMAR_FLAGS = ("p", "c", "u", "r", "d", "m", "q", "f", "x", "e", "y", "o")


def word_given_name(n: Note) -> list[tuple[Span, float]]:
    """A surname and a given name that is also a word (侯 + 海军, 付 + 国庆, 曹 + 秋月), decided by context, not by a
    list: alone between separators (：付国庆，), after a role word, or before what only follows a person (同学, 一户,
    的材料, 说)."""
    text, toks = n.text, n.toks
    out = []
    for k in range(len(toks) - 1):
        word, flag, s = toks[k]
        given, gflag, gs = toks[k + 1]
        after_class = len(word) == 2 and word[0] == "班" and word[1] in SURNAMES  # （4）班 + 覃 glued: 班覃 + 桂花
        if after_class:
            word, s = word[1], s + 1
        elif not ((len(word) == 1 and word in SURNAMES and word not in FUNCTION_SURNAMES) or word in COMPOUND_SURNAMES):
            continue
        if word in COMPOUND_SURNAMES and ordinal_not_surname(text, s):
            continue  # 第五 + 小组
        if len(given) != 2 or not _CJK.fullmatch(given) or gflag.startswith(GRAMMAR_FLAGS) or given in TITLE_SET \
                or any(c in _STOP for c in given) or given in CUES:
            continue
        e = gs + 2
        name = text[s:e]
        if (frequency(name) > 0 and not word_tag(name).startswith("nr")) or name in NOT_NAMES or name in PLACES:
            continue
        # …（4）班余海军同学
        opens = s == 0 or text[s - 1] in SEP_BEFORE or after_class or (k and toks[k - 1][0] == "班")
        if word in "时后" and not opens:
            continue  # 接孩子时 + 门卫: 时 ends a clause
        alone = opens and (e == len(text) or text[e] in SEP_AFTER)
        if given.endswith(("校", "院", "所", "园", "站", "局")):
            continue  # 来 + 学校: a place, not a given name
        # 来 + 学校 after 妈妈: a verb, not a surname; but 曾 + 桂花 (tagged a name) is one
        verbal = flag.startswith(("v", "p", "c", "d", "r", "u")) and not (flag == "d" and gflag in NAME_FLAGS)
        cued = text[:s].endswith(CUES) and not verbal
        before_person = text.startswith(PERSON_AFTER_WORD_NAME, e) and (
            opens or (not verbal and (flag in NAME_FLAGS or toks[k - 1][1].startswith(("p", "v", "x", "uj")))))
        if alone or cued or before_person:
            out.append(((s, e), 0.6))
    return out


def surname_alone(n: Note) -> list[tuple[Span, float]]:
    """孩子姓危，: a surname stated alone."""
    return [((m.start(1), m.end(1)), 0.6) for m in _SURNAME_ALONE.finditer(n.text)]


def visited_household(n: Note) -> list[tuple[Span, float]]:
    """走访刘梓萱家: a visit to someone's home names the household by a person."""
    return [((m.start(1), m.end(1)), 0.75) for m in _VISITED.finditer(n.text)
            if not common(m.group(1), CUED_FREQ) and m.group(1)[0] not in "时后"]  # 家访时 + 刘家豪 is no 时刘


def _standalone_at(n: Note, s: int) -> Span | None:
    text = n.text
    surname = 2 if text[s:s + 2] in COMPOUND_SURNAMES else 1 if text[s] in SURNAMES else 0
    if not surname:
        return None
    for e in (s + surname + 2, s + surname + 1):
        name, given = text[s:e], text[s + surname:e]
        if len(name) != e - s or not _CJK.fullmatch(name) or any(c in _STOP for c in given):
            continue
        if wordlike(name) or not_given(given) or common(name, COMMON_WORD_FREQ):
            continue
        if len(given) == 2 and wordlike(text[s:s + 2]) and frequency(text[s:s + 2]) > CUED_FREQ:
            continue  # 高兴地: the surname and the next character make a common word
        if e == len(text) or text[e] in SEP_AFTER:
            return s, e  # alone between separators
        if all(c in GIVEN_CHARS for c in given) and (
                (e in n.bounds and predicate_at(n, e))
                or (text[e] == "家" and e + 1 in n.bounds and predicate_at(n, e + 1))):
            return s, e  # 蓝海波 + 今天; 方勇 + 家 + 的狗
    return None


_HEAD = re.compile("[" + "".join(sorted((SURNAMES | {c[0] for c in COMPOUND_SURNAMES}) - FUNCTION_SURNAMES)) + "]")


def _surname_heads(text: str) -> set[int]:
    """Where a surname that is no grammar word starts (what standalone() tries; 向, 于, 和... never open it)."""
    return {i for i in (m.start() for m in _HEAD.finditer(text))
            if text[i] in SURNAMES or text[i:i + 2] in COMPOUND_SURNAMES}


def standalone(n: Note) -> list[tuple[Span, float]]:
    """Names with no role word: alone between separators (：马尕娃，, （龙子轩）) or opening a clause before its
    predicate (蓝海波今天没有上学, 走访时龙文静不在家)."""
    text, toks = n.text, n.toks
    heads = _surname_heads(text)
    spans = []
    if not heads:
        return spans
    for k, (word, _, start) in enumerate(toks):
        glued = start + 1 in heads and len(word) >= 2 and word[0] in CLAUSE_GLUE
        if start not in heads and not glued:
            continue  # no surname starts this token (nor follows a clause's glue): _standalone_at finds nothing
        for s in (start, start + 1) if glued else (start,):
            if s not in heads:
                continue
            opens = s == 0 or text[s - 1] in SEP_BEFORE or text[s - 1] in CLAUSE_GLUE or (
                s == start and k and (toks[k - 1][1] in ("p", "c") or toks[k - 1][0] in SPEECH_SET))
            if not opens:
                continue
            span = _standalone_at(n, s)
            if span:
                spans.append((span, 0.6))
                break
    return spans


def minority_name(n: Note) -> list[tuple[Span, float]]:
    """Uyghur, Kazakh, Tibetan, Mongolian and Yi names (privacy/redaction/minority_names.py)."""
    return list(minority_names(n.text, n.toks, CUES).items())


def _set(found: dict, span: Span, text: str) -> bool:
    return True


def _if_free(found: dict, span: Span, text: str) -> bool:
    return not any(a < span[1] and span[0] < b for a, b in found)


def _widen(found: dict, span: Span, text: str) -> bool:
    """Where nothing was found, or only pieces of this span (金凤 of 汤金凤): they give way to it."""
    s, e = span
    overlapping = [o for o in found if o[0] < e and s < o[1]]
    if any(not (s <= a and b <= e) for a, b in overlapping):
        return False
    for o in overlapping:
        del found[o]
    return True


def _replace(found: dict, span: Span, text: str) -> bool:
    """A minority name replaces the pieces the Han rules made of it (扎西 + 卓玛, 吉克 + 阿依), not a longer Han name
    it is part of (黄 + 亚生; 和 + 央宗 is no name)."""
    s, e = span
    overlapping = [o for o in found if o[0] < e and s < o[1]]
    if any(b - a > e - s and not (a == s - 1 and text[a] in FUNCTION_SURNAMES) for a, b in overlapping):
        return False
    for o in overlapping:
        del found[o]
    return True


# Text rules in order, with how each merges: set (overwrite), if_free (only where nothing was found), replace.
TEXT_RULES: tuple[tuple[Callable[[Note], list], Callable[[dict, Span, str], bool]], ...] = (
    (cued_name, _set), (surname_alone, _set), (visited_household, _set), (standalone, _if_free),
    (word_given_name, _widen),
    (minority_name, _replace),
)


def find(text: str) -> dict[Span, tuple[float, str]]:
    """Every name span of the text with its score and the rule that found it."""
    n = Note(text, tokens(text))
    found: dict[Span, float] = {}
    rules: dict[Span, str] = {}
    skip = -1  # a token already used up by a name found at the token before
    for i, (word, flag, _) in enumerate(n.toks):
        if i == skip or (flag not in NAME_FLAGS and word[0] not in SURNAMES and word not in COMPOUND_SURNAMES
                         and word not in ("小", "老") and not (len(word) == 2 and word[0] in (word[1], "小"))):
            continue  # no token rule can apply: none starts with a surname, 小/老 or a pet name, nor is tagged a name
        for rule in token_rules(word, flag):
            hit = rule(n, i)
            if hit is None:
                continue
            if hit is not STOP:
                found[hit.span], rules[hit.span] = hit.score, rule.__name__
                if hit.skip_next:
                    skip = i + 1
            break
    for rule, merge in TEXT_RULES:
        for span, score in rule(n):
            if merge(found, span, text):
                found[span], rules[span] = score, rule.__name__
    out = {}
    for (s, e), score in found.items():
        if s and e - s >= 2 and text[s - 1:s + 1] in COMPOUND_SURNAMES and s in n.starts and (
                (s - 1) in n.starts or ((s - 2) in n.starts and text[s - 2] in FUNCTION_SURNAMES)):
            out[(s - 1, e)] = (score, rules[(s, e)] + "+compound_surname_split")  # 司 + 马思远: 司马思远
        elif e - s == 2 and _surname_glued_to_verb(n, s):
            out[(s - 1, e)] = (score, rules[(s, e)] + "+surname_glued_to_verb")  # 跟税 + 玉芬: 税玉芬
        else:
            out[(s, e)] = (score, rules[(s, e)])
    return out


def _surname_glued_to_verb(n: Note, s: int) -> bool:
    """A given name found alone whose surname jieba glued to the verb or preposition before it (已跟税 + 玉芬说好,
    发下赖 + 若汐): the token before ends in a surname that is no grammar word, and is a verb or a preposition whose
    other characters are a word of their own (跟, 发下); 家长 + 玉芬 (a noun) is no verb."""
    k = n.starts.get(s)
    if not k:
        return False
    prev, flag, _ = n.toks[k - 1]
    return (len(prev) >= 2 and flag.startswith(("v", "p")) and prev[-1] in SURNAMES
            and prev[-1] not in FUNCTION_SURNAMES and frequency(prev[:-1]) > 0)


class CnPersonRecognizer(EntityRecognizer):
    """PERSON spans; a name must start with a known surname and be 2-4 characters long (or be a minority name)."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], supported_language="zh", name="CnPersonRecognizer")

    def load(self) -> None:
        """Nothing to load: jieba loads lazily and once."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        return [RecognizerResult("PERSON", *after_cue(text, s, e), score,
                                 recognition_metadata={"recognizer_name": self.name, "rule": rule})
                for (s, e), (score, rule) in find(text).items()
                if not text.startswith(INSTITUTIONS, e) and not department(text, s, e)
                and not names_an_organisation(text, s, e)]
