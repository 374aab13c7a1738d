"""Addresses as a table of named rules: a run of place words (jieba's ns tag or administrative suffixes) started by
a start rule and continued, token by token, by the first continuation rule that applies (street, number, building...);
then end rules move its end and veto rules drop it. The driver records the rules that built each span
(recognition_metadata["rule"], shown by bench/redaction_bench.py --errors). Word lists live in
privacy/redaction/words/."""

from __future__ import annotations

import re
from collections.abc import Callable

from presidio_analyzer import EntityRecognizer, RecognizerResult

from privacy.redaction.memo import VocabularyMemo, open_rules
from privacy.redaction.segment import tokens
from privacy.redaction.words import chars, word_set, words

ADMIN = words("admin")
ADMIN_SET = word_set("admin")
COMMITTEE = words("committee")  # close an address (吕家营村委会) but never start one (联系村委会)
COMMITTEE_SET = word_set("committee")
STREET = words("street")
STREET_SET = word_set("street")
ROAD = words("road")
ROAD_SET = word_set("road")
UNIT = re.compile(r"^(?:\d+|[一二三四五六七八九十百零]+)"
                  r"(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|户|组|排|弄|巷|队|社|期|区)?$")
UNIT_WORD = re.compile(r"^(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|户|排|队|期|委|-|—|之|#)$")
ESTATE_TAIL = words("estate_tail")  # tails of estates jieba splits off (安置 + 房)
ESTATE_TAIL_SET = word_set("estate_tail")
CROSSING = words("crossing")  # the end of a crossing (珠海路与澳门路交叉口)
CROSSING_SET = word_set("crossing")
# A bare Chinese numeral is a count (顿珠 + 三 + 人), not a house number, unless a unit or street word follows
# (三 + 号, 二 + 巷) or the rest of a group number (十 + 一组).
_COUNT = re.compile(r"^[一二三四五六七八九十百零]+$")
_NUMBER = re.compile(r"^(?:\d+|[一二三四五六七八九十百零]+)$")
# Units of a village or an urban village that take a number before them, which jieba may cut off: 5 + 社 (a Sichuan
# villagers' group), 三 + 队, 11 + 组, 6 + 坊, 2 + 巷.
RESIDENCE_VERBS = ("家住", "现住", "暂住", "居住", "住")  # glued by jieba to a place's first character (住棉 + 湖镇)


def _glued_residence_verb(word: str) -> str:
    """The residence verb jieba glued before a place's first character (住棉 -> 住, 现住阳 -> 现住), or ""."""
    return next((v for v in RESIDENCE_VERBS if word.startswith(v) and len(word) > len(v)), "")


# Natural features that end a natural village's name after its village: 桂花村 + 石磨 + 湾, 下湾村 + 水碾 + 河.
HAMLET_FEATURES = frozenset("湾坝沟坪垭岭坡坎岩河塘窝")
LANDMARKS = frozenset(("广场", "公园", "市场", "菜市场", "车站", "汽车站", "火车站", "客运站", "体育场", "体育馆",
                       "图书馆", "游乐场"))  # public places: an address only with a number or a place before them
ADDRESS_LABELS = frozenset(("地址", "住址", "家庭住址", "现住址", "户籍", "户籍地", "居住地", "暂住地", "住所"))
_NUMBERED_GROUP = re.compile(r"^[一二三四五六七八九十]+[组社队]$")  # 二队, 三社: a village's group, as a number is
CUT_COUNTY_FLAGS = ("g", "ns", "nr", "ng", "j", "nz")  # a character cut from a county's name
CUT_FIRST_FLAGS = (*CUT_COUNTY_FLAGS, "a", "k")  # or from a village's: 小 + 李庄村, 者 + 东乡
NUMBERED_UNITS = frozenset(("社", "队", "组", "坊", "巷", "弄"))
_LETTER = re.compile(r"^[A-Za-z]$")
_ETHNIC = re.compile(r"^[\u4e00-\u9fa5]{1,3}族$")
_TAIL_NUMBER = re.compile(r"^[\d\-—#]+$")
_CJK_WORD = re.compile(r"^[\u4e00-\u9fa5]+$")
# jieba glues a village or town to the direction after it: 石牌 + 村东 + 十二巷.
_ADMIN_DIRECTION = re.compile(r"^[村镇乡屯寨][东西南北]$")
# A lettered block or wing inside a building: A座, B栋, C3区.
_LETTERED_UNIT = re.compile(r"^[A-Za-z]\d{0,2}(?:座|栋|幢|区|单元|号楼)$")


GENERIC = frozenset(words("generic_places"))  # words that end like a place but name no place (城市, 返乡, 迷路)
# Development zones jieba cuts after their first character (经 + 开区).
ZONES = words("zones")
ZONE_SET = word_set("zones")
ORGANISATIONS = words("organisations")  # 幸福街道办事处, 城东派出所: the area alone, with no number, is no address
# Numerals that name a town or a village (八角镇, 三河镇, 十里村); a count ends in a measure word (三户, 两个).
_NUMERAL_NAME = re.compile(r"^[一二三四五六七八九十百千两]+[\u4e00-\u9fa5]*$")
MEASURE = chars("measure")
VILLAGE_GROUP = words("village_group_words")
VILLAGE_GROUP_SET = word_set("village_group_words")
RELOCATION = words("relocation_words")
RELOCATION_SET = word_set("relocation_words")
ORGANISATION_STARTS = words("organisation_starts")
HAMLET_ENDS = ("组", "自然村", "寨", "屯", "队", "社")
_COUNT_OF_HOUSEHOLDS = re.compile(r"^[一两几]户$")
SPLIT_NAME_FLAGS = ("n", "a", "ng", "nr", "nrfg", "ns", "nz", "j", "b", "s", "zg")  # nrfg: 李家 + 堡村
_ORDINAL = re.compile(r"^第[一二三四五六七八九十百\d]+$")
SINGLE_ADMIN = chars("single_admin")


def _is_place(word: str, flag: str) -> bool:
    if word in GENERIC or (flag.startswith("v") and not (len(word) >= 3 and word.endswith(ADMIN))):
        return False  # a verb, unless a longer word with an administrative ending (清镇市, tagged as a verb)
    return (flag == "ns" and len(word) >= 2) or (len(word) >= 2 and word.endswith(ADMIN))


def _is_street(word: str, flag: str) -> bool:
    return (len(word) >= 2 and word.endswith(STREET) and flag not in ("v", "d", "p", "u", "m", "q")
            and word not in GENERIC)


def _is_suffix(word: str) -> bool:
    return (word in ADMIN_SET or word in STREET_SET or word in ESTATE_TAIL_SET or bool(UNIT_WORD.match(word))
            or bool(_ADMIN_DIRECTION.match(word)))


def _numbered(toks: tuple, j: int) -> bool:
    """A house number follows: 3 + 排, 12 + 号, 5号."""
    if j >= len(toks) or not UNIT.match(toks[j][0]):
        return False
    if not toks[j][0].isdigit():
        return True
    return j + 1 < len(toks) and bool(UNIT_WORD.match(toks[j + 1][0]))


def _glued_admin(toks: tuple, j: int) -> bool:
    """jieba glued an administrative suffix to the first character of the next name: 柳塘 + 镇长 + 岭村."""
    if j + 1 >= len(toks) or len(toks[j][0]) != 2 or toks[j][0][0] not in SINGLE_ADMIN:
        return False
    nxt, nflag, _ = toks[j + 1]
    return (_CJK_WORD.match(nxt) is not None and (nxt.endswith(ADMIN) or nxt in ADMIN_SET)
            and nflag not in ("v", "d", "p"))


def _numeral_name(toks: tuple, j: int) -> bool:
    """A town or village named with a numeral (八角 + 镇), not a count (三户, 两个 + 村)."""
    word = toks[j][0]
    return (len(word) >= 2 and bool(_NUMERAL_NAME.match(word)) and word[-1] not in MEASURE and j + 1 < len(toks)
            and toks[j + 1][0] in ("镇", "乡", "村"))


def _names_a_place(toks: tuple, j: int, inside: bool = True) -> bool:
    """A proper or common noun right before a suffix: 光明 + 路, 金桥 + 花园 (inside a span, also before a place)."""
    word, flag, _ = toks[j]
    if _numeral_name(toks, j) or (len(word) >= 2 and flag not in ("x", "p", "c", "v") and _glued_admin(toks, j + 1)):
        return True
    if flag in ("x", "p", "c", "u", "uj", "ul", "r", "m", "q") or j + 1 >= len(toks) or word.isdigit():
        return False
    nxt, nflag, _ = toks[j + 1]
    if nflag == "f" and not _numbered(toks, j + 2):
        return False  # 院子 + 里 is inside the yard; 幸福 + 里 + 9栋 is an estate
    if inside and _ETHNIC.match(nxt):
        return True  # 通道 + 侗族 + 自治县
    if flag == "d" and not (inside and len(word) >= 2 and nxt in ADMIN_SET):
        return False  # 大定 + 村 inside an address, but not 已 + 到
    if (not inside and len(word) == 2 and flag in ("n", "nr", "ns", "nz") and word not in GENERIC and len(nxt) == 2
            and nxt.endswith(("区", "县")) and _is_place(nxt, nflag)):
        return True  # jieba split a district name: 观山 + 湖区
    if inside and nxt in COMMITTEE_SET:
        return True
    if _is_suffix(nxt) or _is_street(nxt, nflag):
        if inside:
            return True
        # A span may start at a verb only before a road word: 解放 + 大道 (not 报送 + 区, 去 + 公园).
        return len(word) >= 2 and (not flag.startswith("v") or nxt in ROAD_SET)
    return inside and (flag == "vn" or not flag.startswith("v")) and _is_place(nxt, nflag)  # 教育 + 园区


def _building(toks: tuple, j: int) -> bool:
    """A building word (写字楼, 综合楼) that a wing or a number follows; only ever inside an address."""
    word = toks[j][0]
    if not word.endswith("楼") or len(word) < 2:
        return False
    return (len(word) >= 3 and _numbered(toks, j + 1)) or (
        j + 1 < len(toks) and _LETTERED_UNIT.match(toks[j + 1][0]) is not None)


def _short_name_of(toks: tuple, j: int) -> bool:
    """Whether token j starts a run of at most three single characters that ends at 村, 组, 屯 or 寨."""
    for k in range(j, min(j + 3, len(toks))):
        word, flag, _ = toks[k]
        if len(word) != 1 or flag in ("x", "p", "c", "u", "uj", "ul", "r"):
            return False
        if k + 1 < len(toks) and toks[k + 1][0] in ("村", "组", "屯", "寨"):
            return True
    return False


def _organisation(text: str, span: tuple, end: int) -> bool:
    """A place name with no number that names an organisation right after it (幸福街道办事处, 城东派出所)."""
    if not text.startswith(ORGANISATIONS, end):
        return False  # (tested first: it is cheaper, and most places are followed by no organisation)
    return not any(any(c.isdigit() for c in w) or UNIT.match(w) for w, _, _ in span)


# ---------------------------------------------------------------- start rules: may a span start at token i?

Toks = tuple


def start_place(toks: Toks, i: int) -> bool:
    """A place word: jieba's ns or an administrative ending (白果镇, 贵阳)."""
    return _is_place(*toks[i][:2])


def start_street(toks: Toks, i: int) -> bool:
    """A street, estate or building word (幸福路, 阳光花园)."""
    return _is_street(*toks[i][:2])


def start_named(toks: Toks, i: int) -> bool:
    """A name right before a place suffix (光明 + 路, 观山 + 湖区, 八角 + 镇)."""
    return _names_a_place(toks, i, inside=False)


def start_split_place(toks: Toks, i: int) -> bool:
    """A name jieba cut before a two-character village or township word: 核桃 + 坪村, 青 + 杠乡; after one character
    the word may be a common one (茶 + 山村, 响 + 水乡, 渔 + 农村)."""
    word, flag, _ = toks[i]
    word = word[len(_glued_residence_verb(word)):]  # 现住阳 + 洼村: the verb is left out of the span (find)
    direction = len(word) == 1 and flag == "f" and i + 1 < len(toks) and toks[i + 1][0][-1:] == "村"  # 后 + 楼村
    if not (1 <= len(word) <= 2 and _CJK_WORD.match(word) and (flag in SPLIT_NAME_FLAGS or direction)
            and i + 1 < len(toks)):
        return False
    nxt, nflag, _ = toks[i + 1]
    if len(nxt) != 2 or nxt[-1] not in "村乡镇寨屯" or not _CJK_WORD.match(nxt) or (direction and nxt in GENERIC):
        return False
    return len(word) == 1 or (_is_place(nxt, nflag) and nxt not in GENERIC)


def start_glued_admin(toks: Toks, i: int) -> bool:
    """A name before an administrative character jieba glued to what follows: 小榄 + 镇棠 + 下 + 村, 水口 + 村岩 + 头 +
    寨, 小榄 + 镇鑫源 + 五金厂 + 宿舍."""
    word, flag, _ = toks[i]
    if not (len(word) == 2 and _CJK_WORD.match(word) and flag in SPLIT_NAME_FLAGS and i + 1 < len(toks)):
        return False
    nxt = toks[i + 1][0]
    if not (len(nxt) in (2, 3) and nxt[0] in "镇乡县区市村" and _CJK_WORD.match(nxt)):
        return False
    return (_short_name_of(toks, i + 2) or factory_dormitory(toks, i, i + 1, 0, 0) == "detail"
            or named_hamlet(toks, i, i + 1, 0, 0) == "detail")  # 关口 + 村石 + 门坎 + 自然村


def start_relocation_site(toks: Toks, i: int) -> bool:
    """The name of a relocation site before its relocation words: 幸福 + 里 + 易地 + 扶贫, 新 + 市民 + 小区 + 易地
    (not a verb before it, 住 + 幸福里, 搬进 + 安居苑, unless an estate word follows it: 安居 + 苑)."""
    word, flag, _ = toks[i]
    if flag.startswith("v") and not (i + 1 < len(toks) and toks[i + 1][0] in ("苑", "园", "里", "村", "城", "庄")):
        return False
    return relocation_name(toks, i, i, 0, 0) == "detail"


def start_char_before_county(toks: Toks, i: int) -> bool:
    """A place's first character jieba cut off before its word: 岷 + 南县, 宕 + 河县, 碧 + 口镇, 糯 + 扎渡镇, 小 +
    李庄村 (a name's character, or 小, 大, 新..., not a verb or a grammar word: 去 + 南县 is going to 南县), before a
    place word of two or three characters ending in 县, 镇, 乡 or 村, after a clear left edge (not inside a longer
    name: 湖 + 南 + 南县; a county or a city before it is one: 新蔡县 + 者 + 东乡)."""
    word, flag, _ = toks[i]
    if not (len(word) == 1 and flag in CUT_FIRST_FLAGS and i + 1 < len(toks) and _CJK_WORD.match(word)):
        return False
    nxt, nflag, _ = toks[i + 1]
    if not (len(nxt) in (2, 3) and nxt[-1] in "县镇乡村" and _is_place(nxt, nflag)):
        return False
    if len(nxt) == 3 and flag not in CUT_COUNTY_FLAGS and nxt[-1] != "村":
        return False  # 小 + 扎渡镇 would be no town's name; 小 + 李庄村 is a village's
    if i == 0:
        return True
    prev, pflag, _ = toks[i - 1]
    return pflag not in CUT_FIRST_FLAGS or (len(prev) >= 3 and prev[-1] in "省市县区州")


START_RULES = (start_place, start_street, start_named, start_split_place, start_glued_admin, start_relocation_site,
               start_char_before_county)
NEVER_START = {"x", "uj", "ul", "u", "p", "c", "r", "d"}


# ---------------------------------------------------------------- continuation rules: does token j extend the span
# that starts at token i (places and details counted so far)? Each answers "place", "detail" or None; the first that
# answers decides.

def place(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """One more place word."""
    return "place" if _is_place(*toks[j][:2]) else None


def street_suffix_or_number(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """A street, a suffix or a house number (a bare Chinese numeral only before a suffix: 三 + 号, 十 + 一组, 三 + 社);
    after a detail, a trailing number (12-3); a unit word jieba split from its number (5 + 社, 6 + 坊, 2 + 巷)."""
    w, f, _ = toks[j]
    if _COUNT_OF_HOUSEHOLDS.match(w):
        return None  # 余建国 + 一户: a count of households
    if _is_street(w, f) or _is_suffix(w) or (UNIT.match(w) and not (
            _COUNT.match(w) and not (j + 1 < len(toks) and (
                _is_suffix(toks[j + 1][0]) or toks[j + 1][0] in NUMBERED_UNITS
                or _COUNT.match(toks[j + 1][0][:-1] or "-") and toks[j + 1][0][-1:] == "组")))) or (
            details and _TAIL_NUMBER.match(w)) or (
            w in NUMBERED_UNITS and j > i and _NUMBER.match(toks[j - 1][0]) is not None):
        return "detail"
    return None


def named(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """A name before a suffix inside the span."""
    return "detail" if _names_a_place(toks, j) else None


def committee(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """村委会, 居委会 closing an address."""
    return "detail" if toks[j][0] in COMMITTEE_SET and j > i else None


def glued_admin(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """柳塘 + 镇长 + 岭村: an administrative suffix jieba glued to the next name."""
    return "detail" if j > i and _glued_admin(toks, j) else None


def crossing_or_autonomy(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """...路交叉口; 侗族 + 自治县."""
    w = toks[j][0]
    if j > i and (w in CROSSING_SET or (_ETHNIC.match(w) and j + 1 < len(toks)
                                    and (toks[j + 1][0].startswith("自治") or _ETHNIC.match(toks[j + 1][0])))):
        return "detail"
    return None


def road_and_road(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """珠海路 + 与 + 澳门路."""
    w = toks[j][0]
    if (j > i and w in ("与", "和") and j + 1 < len(toks) and _is_street(*toks[j + 1][:2])
            and toks[j + 1][0].endswith(ROAD)):
        return "detail"
    return None


def building_wing(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """...广场 + 写字楼 + A座 + 2308室: the building and its wing inside an address."""
    return "detail" if j > i and (_LETTERED_UNIT.match(toks[j][0]) or _building(toks, j)) else None


def lettered_block(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """C + 区, A + 栋."""
    w = toks[j][0]
    if j > i and _LETTER.match(w) and j + 1 < len(toks) and (
            _is_suffix(toks[j + 1][0]) or toks[j + 1][0] in ("区", "号楼")):
        return "detail"
    return None


def split_village_name(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """Single characters jieba cut from a village name: 右 + 二 + 村, 坡 + 月 + 村."""
    w, f, _ = toks[j]
    if j > i and len(w) == 1 and f not in ("x", "p", "c", "u", "uj", "ul", "r") and _short_name_of(toks, j):
        return "detail"
    return None


def char_before_place(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """七宝镇 + 航 + 东村; 大河镇 + 茶 + 山村 (a common word after one character: 山村, 水乡, 农村)."""
    w, f, _ = toks[j]
    if (len(w) == 1 and (f in ("n", "nr", "ns", "nz", "ng", "a", "j", "zg") or (f == "g" and j == i)) and j >= i
            and j + 1 < len(toks)
            and (_is_place(*toks[j + 1][:2]) or (len(toks[j + 1][0]) == 2 and toks[j + 1][0][-1] in "村乡镇寨屯"))):
        return "detail"
    return None


def noun_before_number(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """...村委会南侧 + 平房 + 3排12号."""
    w, f, _ = toks[j]
    if (f in ("n", "f", "s", "nr", "nz", "ns") and len(w) <= 3 and (places + details) >= 2
            and (_numbered(toks, j + 1) or (f == "f" and _numbered(toks, j + 2)))):
        return "detail"
    return None


def char_split_from_name(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """A character jieba split off a name: 花 + 果园小区."""
    w, f, _ = toks[j]
    if (len(w) == 1 and f not in ("x", "p", "u", "c", "uj", "ul", "r") and j + 1 < len(toks)
            and (_is_street(toks[j + 1][0], toks[j + 1][1]) or _names_a_place(toks, j + 1))):
        return "detail"
    return None


def villagers_group(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """第四 + 村民 + 小组, 岩头寨 + 自然村: the villagers' group or natural village of a household."""
    w = toks[j][0]
    nxt = toks[j + 1][0] if j + 1 < len(toks) else ""
    if j > i and (w in VILLAGE_GROUP_SET or (w == "村民" and nxt in ("小组", "组"))
                  or (_ORDINAL.match(w) and nxt in ("村民", "小组", "组", "村民小组", "村民组", "队", "生产队"))):
        return "detail"
    return None


def relocation_site(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """阳光新城 + 易地 + 搬迁 + 安置 + 点 + 16栋: a relocation site's words before 安置."""
    w = toks[j][0]
    if j > i and w in RELOCATION_SET and (w == "安置" or any(t[0].startswith("安置") for t in toks[j + 1:j + 4])
                                          or _relocation_run_to_placement(toks, j + 1)):
        return "detail"
    return None


def _relocation_run_to_placement(toks: Toks, k: int) -> bool:
    """Relocation words run on to 安置: 易地 + 扶贫 + 搬迁 + 集中 + 安置."""
    while k < len(toks) and toks[k][0] in RELOCATION_SET:
        if toks[k][0].startswith("安置"):
            return True
        k += 1
    return k < len(toks) and toks[k][0].startswith("安置")


def relocation_name(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """Words of a relocation site's name within three words before its relocation words (幸福 + 里 + 易地...)."""
    if j < i or toks[j][0] in RELOCATION_SET or toks[j][0] in ADDRESS_LABELS:
        return None  # 地址 + 阳光 + 新村 + 集中 + 安置区: the label of a form's field is not the site's name
    for k in range(j, min(j + 4, len(toks))):
        w, f, _ = toks[k]
        if w in RELOCATION_SET:
            return "detail" if k > j and any(t[0].startswith("安置") for t in toks[k:k + 4]) else None
        if not _CJK_WORD.match(w) or f.startswith(("x", "p", "c", "u", "r", "d", "m", "q")):
            return None
    return None


def factory_dormitory(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """虎门镇 + 宏达 + 鞋厂 + 宿舍 + 7栋: a factory's name and its dormitory (员工宿舍)."""
    if j < i:
        return None
    for k in range(j, min(j + 5, len(toks))):
        w, f, _ = toks[k]
        if w in ("宿舍", "员工宿舍", "职工宿舍", "集体宿舍"):
            return "detail" if k > j else None
        if not _CJK_WORD.match(w) or f.startswith(("x", "p", "c", "u", "r", "d", "m", "q")):
            return None  # (a verb may name a factory: 顺发 + 五金厂)
    return None


def named_hamlet(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """水井 + 湾 + 组, 水井 + 湾 + 自然村: the name of a villagers' group or natural village, at most four
    characters."""
    if j <= i:
        return None
    size = 0
    for k in range(j, min(j + 3, len(toks))):
        w, f, _ = toks[k]
        if w in HAMLET_ENDS:
            return "detail" if k > j else None
        size += len(w)
        if size > 4 or not _CJK_WORD.match(w) or f.startswith(("x", "p", "c", "u", "r", "d", "m", "q")):
            return None
    return None


def glued_admin_then_short_name(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """小榄 + 镇棠 + 下 + 村: an administrative character glued to the first character of a village's name."""
    w = toks[j][0]
    if (j + 1 < len(toks) and len(toks[j + 1][0]) == 2 and toks[j + 1][0][0] in SINGLE_ADMIN and _CJK_WORD.match(w)
            and (_short_name_of(toks, j + 2) or named_hamlet(toks, j, j + 1, 0, 0))):
        return "detail"  # 桐子 + 村石 + 门坎 + 组
    if (len(w) == 2 and w[0] in SINGLE_ADMIN and j > i
            and (_short_name_of(toks, j + 1) or named_hamlet(toks, j - 1, j, 0, 0))):
        return "detail"
    return None


def split_place_word(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """The village or township word after a character jieba cut from its name: 茶 + 山村, 渔 + 农村, 响 + 水乡."""
    w = toks[j][0]
    if j > i and len(w) == 2 and w[-1] in "村乡镇寨屯" and len(toks[j - 1][0]) == 1 and _CJK_WORD.match(toks[j - 1][0]):
        return "place"
    return None


def natural_village_after_village(toks: Toks, i: int, j: int, places: int, details: int) -> str | None:
    """A natural village named after its village, ending in a natural feature jieba cut off: 桂花村 + 石磨 + 湾,
    下湾村 + 水碾 + 河 (the name and its feature, only right after a village word)."""
    w, f, _ = toks[j]
    if (j > i and len(w) == 2 and _CJK_WORD.match(w) and not f.startswith(_NOT_IN_NAME)
            and toks[j - 1][0].endswith("村") and j + 1 < len(toks) and toks[j + 1][0] in HAMLET_FEATURES):
        return "detail"
    if (j > i + 1 and w in HAMLET_FEATURES and len(toks[j - 1][0]) == 2 and toks[j - 2][0].endswith("村")
            and not toks[j - 1][1].startswith(_NOT_IN_NAME) and _CJK_WORD.match(toks[j - 1][0])):
        return "detail"
    return None


CONTINUATION_RULES = (place, street_suffix_or_number, named, committee, glued_admin, crossing_or_autonomy,
                      road_and_road, building_wing, lettered_block, split_village_name, char_before_place,
                      noun_before_number, char_split_from_name, villagers_group, relocation_site,
                      factory_dormitory, glued_admin_then_short_name, named_hamlet, relocation_name,
                      split_place_word, natural_village_after_village)


_NOT_NAME = ("x", "p", "c", "u", "uj", "ul", "r", "m", "q")  # what _names_a_place refuses for a one-character word
_NOT_IN_NAME = ("x", "p", "c", "u", "r", "d", "m", "q")  # what the name of a factory, site or hamlet never holds


def _may_name(w: str, f: str) -> bool:
    return len(w) >= 2 or (f not in _NOT_NAME and not w.isdigit())


def _may_be_name_word(w: str, f: str) -> bool:
    return _CJK_WORD.match(w) is not None and not f.startswith(_NOT_IN_NAME)


# What token j's word and tag must be for a continuation rule to answer anything (each rule's own first tests, read
# from its body; a rule not listed may answer whatever the token). A test checks on every corpus note that a rule
# whose gate is closed answers None.
CONTINUATION_GATES: dict[Callable[..., str | None], Callable[[str, str], bool]] = {
    place: _is_place,
    street_suffix_or_number: lambda w, f: (_is_street(w, f) or _is_suffix(w) or UNIT.match(w) is not None
                                           or _TAIL_NUMBER.match(w) is not None or w in NUMBERED_UNITS),
    named: _may_name,
    committee: lambda w, f: w in COMMITTEE_SET,
    glued_admin: lambda w, f: len(w) == 2 and w[0] in SINGLE_ADMIN,
    crossing_or_autonomy: lambda w, f: w in CROSSING_SET or _ETHNIC.match(w) is not None,
    road_and_road: lambda w, f: w in ("与", "和"),
    building_wing: lambda w, f: _LETTERED_UNIT.match(w) is not None or (len(w) >= 2 and w.endswith("楼")),
    lettered_block: lambda w, f: _LETTER.match(w) is not None,
    split_village_name: lambda w, f: len(w) == 1 and f not in ("x", "p", "c", "u", "uj", "ul", "r"),
    char_before_place: lambda w, f: len(w) == 1 and f in ("n", "nr", "ns", "nz", "ng", "a", "j", "zg", "g"),
    noun_before_number: lambda w, f: len(w) <= 3 and f in ("n", "f", "s", "nr", "nz", "ns"),
    char_split_from_name: lambda w, f: len(w) == 1 and f not in ("x", "p", "u", "c", "uj", "ul", "r"),
    villagers_group: lambda w, f: w in VILLAGE_GROUP_SET or w == "村民" or _ORDINAL.match(w) is not None,
    relocation_site: lambda w, f: w in RELOCATION_SET,
    relocation_name: lambda w, f: w not in RELOCATION_SET and _may_be_name_word(w, f),
    factory_dormitory: lambda w, f: w not in DORMITORIES and _may_be_name_word(w, f),
    named_hamlet: lambda w, f: w not in HAMLET_ENDS and len(w) <= 4 and _may_be_name_word(w, f),
    glued_admin_then_short_name: lambda w, f: _CJK_WORD.match(w) is not None or (len(w) == 2 and w[0] in SINGLE_ADMIN),
    split_place_word: lambda w, f: len(w) == 2 and w[-1] in "村乡镇寨屯",
    natural_village_after_village: lambda w, f: len(w) == 2 or w in HAMLET_FEATURES,
}
_OPEN = VocabularyMemo()  # (word, tag, id of the note's rules) -> those whose gate it opens


def continuation_rules_for(word: str, flag: str, rules: tuple) -> tuple:
    """Those of rules (the note's continuation rules) whose gate is open for this word and tag, in order; worked out
    once per pair and set of rules (the sets are kept in _RULES_WITHOUT, so their ids are stable)."""
    key = (word, flag, id(rules))
    got = _OPEN.get(key)
    if got is None:
        got = _OPEN.put(key, open_rules(rules, CONTINUATION_GATES, word, flag))
    return got


# ---------------------------------------------------------------- end rules: where the span ends

def unit_glued_to_next(toks: Toks, i: int, j: int) -> int:
    """jieba glued the unit to the next word: 11 + 组有."""
    return 1 if j < len(toks) and toks[j - 1][0].isdigit() and toks[j][0][:1] in "组号栋幢室楼层户" else 0


def group_glued_to_next(toks: Toks, i: int, j: int) -> int:
    """A named group glued to the next word: 细寨村 + 联盟 + 组为."""
    if (j < len(toks) and j - i >= 3 and _CJK_WORD.match(toks[j - 1][0]) and len(toks[j][0]) == 2
            and toks[j][0][0] in "组村屯" and toks[j][0][1] in "为在是有和的了里"):
        return 1
    return 0


END_RULES = (unit_glued_to_next, group_glued_to_next)


# ---------------------------------------------------------------- veto rules: a run that is no address

def no_place_word(text: str, toks: Toks, i: int, j: int, end: int, places: int, details: int) -> bool:
    """Nothing in the run names a place, a street or an administrative unit."""
    span = toks[i:j]
    return not (places or any(_is_street(w, f) or w in STREET_SET or w in ADMIN_SET for w, f, _ in span))


def in_passing(text: str, toks: Toks, i: int, j: int, end: int, places: int, details: int) -> bool:
    """Places in passing without an administrative word: 从广东东莞回来."""
    return not details and not any(w.endswith(ADMIN) for w, _, _ in toks[i:j])


def bare_road_word(text: str, toks: Toks, i: int, j: int, end: int, places: int, details: int) -> bool:
    """A bare 路 after a word, no number: 小心 + 路 (but 双龙 + 镇 + 高峰 + 村 + 一组 is named)."""
    span = toks[i:j]
    if (len(span) == 2 and span[1][0] in ("村", "寨", "屯") and len(span[0][0]) >= 2 and _CJK_WORD.match(span[0][0])
            and span[0][1].startswith(("n", "ns", "nz", "nr")) and span[0][0] + span[1][0] not in GENERIC):
        return False  # 清水 + 村: a village named alone
    admin_words = sum(w.endswith(ADMIN) or w in HAMLET_ENDS or _glued_admin(toks, i + k)
                      for k, (w, _, _) in enumerate(span))  # 黄土 + 乡 + … + 门坎 + 组: two administrative words
    return not places and admin_words < 2 and not any(any(c.isdigit() for c in w) or (len(w) >= 2 and _is_street(w, f))
                                                      or _NUMBERED_GROUP.match(w) for w, f, _ in span)


def organisation(text: str, toks: Toks, i: int, j: int, end: int, places: int, details: int) -> bool:
    """幸福街道 + 办事处: an organisation, not where someone lives."""
    return _organisation(text, toks[i:j], end)


def too_short(text: str, toks: Toks, i: int, j: int, end: int, places: int, details: int) -> bool:
    """One place word alone (a city in passing) is no address; a village or a community alone is (柳树湾村, 新民社区:
    at village level a place identifies a family)."""
    if places + details >= 2:
        return False
    word = toks[i][0]
    return not (j == i + 1 and len(word) >= 3 and word.endswith(("村", "社区", "寨")) and word not in GENERIC)


def landmark_alone(text: str, toks: Toks, i: int, j: int, end: int, places: int, details: int) -> bool:
    """A public place named alone, with no number and no administrative place: 和平 + 广场, 人民 + 公园 (children
    play there; nobody lives there). 人民广场3号楼 is an address."""
    return (not places and toks[j - 1][0] in LANDMARKS
            and not any(any(c.isdigit() for c in w) or w.endswith(ADMIN) for w, _, _ in toks[i:j]))


VETO_RULES = (no_place_word, in_passing, bare_road_word, organisation, too_short, landmark_alone)


DORMITORIES = ("宿舍", "员工宿舍", "职工宿舍", "集体宿舍")


def _rules_for(toks: Toks) -> tuple[tuple, tuple]:
    """The start and continuation rules that can apply to this note: a rule whose word is nowhere in it (安置 for a
    relocation site, a dormitory, a hamlet ending, a crossing or 族, 与/和 between roads) would answer None at every
    token, so leaving it out changes no span."""
    words = {w for w, _, _ in toks}
    joined = "".join(words)  # a word holds these characters only if the note's words do: most notes stop here
    absent: list[Callable[..., object]] = []
    if "安置" not in joined or not any(w.startswith("安置") for w in words):
        absent += (start_relocation_site, relocation_site, relocation_name)
    if words.isdisjoint(DORMITORIES):
        absent.append(factory_dormitory)
    if words.isdisjoint(HAMLET_ENDS):
        absent.append(named_hamlet)
    if words.isdisjoint(CROSSING) and ("族" not in joined or not any(_ETHNIC.match(w) for w in words)):
        absent.append(crossing_or_autonomy)
    if words.isdisjoint(("与", "和")):
        absent.append(road_and_road)
    key = frozenset(absent)
    rules = _RULES_WITHOUT.get(key)
    if rules is None:
        rules = _RULES_WITHOUT[key] = (tuple(r for r in START_RULES if r not in key),
                                       tuple(r for r in CONTINUATION_RULES if r not in key))
    return rules


_RULES_WITHOUT: dict[frozenset[Callable[..., object]], tuple[tuple, tuple]] = {}  # at most 2^5 sets of rules left out


_NEXT_ADMIN = frozenset("区县村乡镇寨屯")
_GLUED_FIRST = frozenset("镇乡县区市村")


_CLASSES = VocabularyMemo()  # (word, tag) -> _start_classes()


def _start_classes(word: str, flag: str) -> tuple[bool, bool]:
    """What every start rule but the relocation site's needs, as two tests of a token's word and tag, worked out once
    per pair: (a place or street word is here: start_place, start_street; a name can stand before this word: start_named
    before 镇/乡/村, a suffix, a street, 湖区; start_split_place before 坪村; start_glued_admin before 镇棠). An address
    can start at a token only if the first holds there or the second at the next token."""
    key = (word, flag)
    got = _CLASSES.get(key)
    if got is None:
        here = len(word) >= 2 and (flag == "ns" or word.endswith(ADMIN) or word.endswith(STREET))
        before = (word in ("镇", "乡", "村")
                  or (len(word) == 2 and (word[0] in SINGLE_ADMIN or word[-1] in _NEXT_ADMIN))
                  or (len(word) == 3 and (word[0] in _GLUED_FIRST or word[-1] in "县镇乡村"))  # 小 + 李庄村
                  or _is_suffix(word) or _is_street(word, flag))
        got = _CLASSES.put(key, (here, before))
    return got


def find(text: str) -> list[tuple[int, int, str]]:
    """Address spans with the rules that built each (start rule > continuation rules, in order of first use)."""
    toks = tokens(text)
    start_rules, continuation_rules = _rules_for(toks)
    prechecked = start_relocation_site not in start_rules  # _start_classes() leaves the relocation site's rule out
    if prechecked:
        classes = [_start_classes(w, f) for w, f, _ in toks] + [(False, False)]
        can_start = [here or classes[k + 1][1] for k, (here, _) in enumerate(classes[:-1])]
    results, i = [], 0
    while i < len(toks):
        word, flag, start = toks[i]
        if len(word) == 1 and flag in NEVER_START:
            i += 1  # punctuation and one-character grammar words start no address under any start rule
            continue
        if prechecked and not can_start[i]:
            i += 1
            continue
        for start_rule in start_rules:
            if start_rule(toks, i):
                opened = start_rule.__name__
                break
        else:
            opened = None
        if opened is None:
            i += 1
            continue
        j, places, details, used = i, 0, 0, [opened]
        while j < len(toks):
            if j > i and text.startswith(ORGANISATION_STARTS, toks[j][2]):
                break  # 东乡县 + 儿童福利股: an organisation's name starts here
            for rule in continuation_rules_for(toks[j][0], toks[j][1], continuation_rules):
                kind = rule(toks, i, j, places, details)
                if kind:
                    break
            else:
                break
            if kind == "place":
                places += 1
            else:
                details += 1
            if rule.__name__ not in used:
                used.append(rule.__name__)
            j += 1
        end = toks[j - 1][2] + len(toks[j - 1][0])
        for end_rule in END_RULES:
            moved = end_rule(toks, i, j)
            if moved:
                end += moved
                used.append(end_rule.__name__)
                break
        vetoed = any(veto(text, toks, i, j, end, places, details) for veto in VETO_RULES)
        if i and text[start - 1:start + len(word)] in ZONE_SET:
            start -= 1  # 经 + 开区
        glued = _glued_residence_verb(word)
        if glued:
            start += len(glued)  # 住棉 + 湖镇, 现住阳 + 洼村: the verb jieba glued to the place is not part of it
            used.append("residence_verb_glued")
        if not vetoed:
            results.append((start, end, ">".join(used)))
        i = max(j, i + 1)
    return results


class CnAddressRecognizer(EntityRecognizer):
    """LOCATION spans that look like a postal address, not a lone city name in passing."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["LOCATION"], supported_language="zh", name="CnAddressRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        return [RecognizerResult("LOCATION", s, e, 0.7,
                                 recognition_metadata={"recognizer_name": self.name, "rule": rule})
                for s, e, rule in find(text)]
