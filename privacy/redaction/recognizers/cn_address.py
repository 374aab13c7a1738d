"""Addresses: a run of place words (jieba's ns tag or administrative suffixes) continued by street, number, building."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from privacy.redaction.segment import tokens

ADMIN = ("省", "自治区", "市", "州", "盟", "区", "县", "旗", "镇", "乡", "街道", "村", "屯", "社区", "嘎查", "苏木")
# Committees close an address (吕家营村委会) but never start one (联系村委会).
COMMITTEE = ("村委会", "居委会", "村委", "社区居委会")
STREET = ("路", "街", "大街", "大道", "巷", "弄", "胡同", "里", "道", "组", "小区", "花园", "家园", "苑", "公寓",
          "大厦", "新村", "广场", "宿舍", "城", "园", "庄", "号院", "片区")
ROAD = ("路", "街", "大道", "大街", "道", "巷")
UNIT = re.compile(r"^(?:\d+|[一二三四五六七八九十百零]+)(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|户|组|排|弄|巷|队|社|期|区)?$")
UNIT_WORD = re.compile(r"^(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|户|排|队|期|委|-|—|之|#)$")
# Tails of estates jieba splits off (安置 + 房) and the end of a crossing (珠海路与澳门路交叉口).
ESTATE_TAIL = ("房", "点")
CROSSING = ("交叉口", "交汇处", "路口", "十字路口", "丁字路口", "转角")
# A bare Chinese numeral is a count (顿珠 + 三 + 人), not a house number, unless a unit or street word follows (三 + 号, 二 + 巷)
# or the rest of a group number (十 + 一组).
_COUNT = re.compile(r"^[一二三四五六七八九十百零]+$")
_LETTER = re.compile(r"^[A-Za-z]$")
_ETHNIC = re.compile(r"^[\u4e00-\u9fa5]{1,3}族$")
_TAIL_NUMBER = re.compile(r"^[\d\-—#]+$")
_CJK_WORD = re.compile(r"^[\u4e00-\u9fa5]+$")
# jieba glues a village or town to the direction after it: 石牌 + 村东 + 十二巷.
_ADMIN_DIRECTION = re.compile(r"^[村镇乡屯寨][东西南北]$")
# A lettered block or wing inside a building: A座, B栋, C3区.
_LETTERED_UNIT = re.compile(r"^[A-Za-z]\d{0,2}(?:座|栋|幢|区|单元|号楼)$")


# Words that end like a place but name no place (城市 ends in 市, 返乡 in 乡).
GENERIC = {"城市", "市区", "地区", "农村", "乡村", "城乡", "郊区", "山区", "景区", "辖区", "本区", "全市", "全区",
           "全县", "本市", "本县", "该区", "该市", "老家", "家乡", "故乡", "下乡", "返乡", "回乡", "外省", "本省", "全省",
           # 路 and 里 ending words that are no street: a way, a distance, a place "inside" something
           "迷路", "走路", "公路", "道路", "铁路", "线路", "思路", "出路", "电路", "套路", "半路", "一路",
           "小路", "水路", "后路", "退路", "带路", "让路", "问路", "上路", "公里", "千里", "万里", "这里", "那里", "哪里",
           "家里", "村里", "城里", "心里", "夜里", "屋里", "院里", "群里", "手里", "梦里", "县里", "镇里", "乡里", "市里",
           # 园 ending words that are no estate: 在校园里, 幼儿园里
           "校园", "幼儿园", "菜园", "果园", "田园", "乐园",
           # words jieba tags as places: 入园 "start kindergarten", 惠及 "benefit"
           "入园", "离园", "惠及"}
# Development zones jieba cuts after their first character (经 + 开区).
ZONES = ("经开区", "高新区", "开发区", "保税区")
# Organisations named after their area: 幸福街道办事处, 城东派出所. The area alone, with no number, is no address.
ORGANISATIONS = ("办事处", "办", "派出所", "政府", "卫生院", "医院", "小学", "中学", "幼儿园", "网格", "第", "工作站",
                 "司法所", "民政所", "财政所", "综治中心",
                 # services named after where they happen: 社区康复, 社区矫正, 社区卫生服务中心
                 "康复", "矫正", "卫生", "服务", "治理", "活动")
# Numerals that name a town or a village (八角镇, 三河镇, 十里村); a count ends in a measure word (三户, 两个).
_NUMERAL_NAME = re.compile(r"^[一二三四五六七八九十百千两]+[\u4e00-\u9fa5]*$")
MEASURE = set("个户名人次位只条家年月日天岁组")
SINGLE_ADMIN = set("省市县区镇乡村")


def _is_place(word: str, flag: str) -> bool:
    if word in GENERIC or (flag.startswith("v") and not (len(word) >= 3 and word.endswith(ADMIN))):
        return False  # a verb, unless a longer word with an administrative ending (清镇市, tagged as a verb)
    return (flag == "ns" and len(word) >= 2) or (len(word) >= 2 and word.endswith(ADMIN))


def _is_street(word: str, flag: str) -> bool:
    return len(word) >= 2 and word.endswith(STREET) and flag not in ("v", "d", "p", "u", "m", "q") and word not in GENERIC


def _is_suffix(word: str) -> bool:
    return (word in ADMIN or word in STREET or word in ESTATE_TAIL or bool(UNIT_WORD.match(word))
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
    return _CJK_WORD.match(nxt) is not None and (nxt.endswith(ADMIN) or nxt in ADMIN) and nflag not in ("v", "d", "p")


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
    if flag == "d" and not (inside and len(word) >= 2 and nxt in ADMIN):
        return False  # 大定 + 村 inside an address, but not 已 + 到
    if (not inside and len(word) == 2 and flag in ("n", "nr", "ns", "nz") and word not in GENERIC and len(nxt) == 2 and nxt.endswith(("区", "县"))
            and _is_place(nxt, nflag)):
        return True  # jieba split a district name: 观山 + 湖区
    if inside and nxt in COMMITTEE:
        return True
    if _is_suffix(nxt) or _is_street(nxt, nflag):
        if inside:
            return True
        # A span may start at a verb only before a road word: 解放 + 大道 (not 报送 + 区, 去 + 公园).
        return len(word) >= 2 and (not flag.startswith("v") or nxt in ROAD)
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
    numbered = any(any(c.isdigit() for c in w) or UNIT.match(w) for w, _, _ in span)
    return not numbered and text.startswith(ORGANISATIONS, end)


class CnAddressRecognizer(EntityRecognizer):
    """LOCATION spans that look like a postal address, not a lone city name in passing."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["LOCATION"], supported_language="zh", name="CnAddressRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        toks = tokens(text)
        results, i = [], 0
        while i < len(toks):
            word, flag, start = toks[i]
            if not (_is_place(word, flag) or _is_street(word, flag) or _names_a_place(toks, i, inside=False)):
                i += 1
                continue
            j, places, details = i, 0, 0
            while j < len(toks):
                w, f, _ = toks[j]
                if _is_place(w, f):
                    places += 1
                elif _is_street(w, f) or _is_suffix(w) or (UNIT.match(w) and not (
                        _COUNT.match(w) and not (j + 1 < len(toks) and (
                            _is_suffix(toks[j + 1][0]) or _COUNT.match(toks[j + 1][0][:-1] or "-")
                            and toks[j + 1][0][-1:] == "组")))) \
                        or (details and _TAIL_NUMBER.match(w)):
                    details += 1
                elif _names_a_place(toks, j):
                    details += 1
                elif w in COMMITTEE and j > i:
                    details += 1
                elif j > i and _glued_admin(toks, j):
                    details += 1  # 柳塘 + 镇长 + 岭村
                elif j > i and (w in CROSSING or (_ETHNIC.match(w) and j + 1 < len(toks)
                                                  and (toks[j + 1][0].startswith("自治") or _ETHNIC.match(toks[j + 1][0])))):
                    details += 1  # ...路交叉口; 侗族 + 自治县
                elif (j > i and w in ("与", "和") and j + 1 < len(toks) and _is_street(*toks[j + 1][:2])
                      and toks[j + 1][0].endswith(ROAD)):
                    details += 1  # 珠海路 + 与 + 澳门路
                elif j > i and (_LETTERED_UNIT.match(w) or _building(toks, j)):
                    details += 1  # ...广场 + 写字楼 + A座 + 2308室: the building and its wing inside an address
                elif j > i and _LETTER.match(w) and j + 1 < len(toks) and (
                        _is_suffix(toks[j + 1][0]) or toks[j + 1][0] in ("区", "号楼")):
                    details += 1  # C + 区, A + 栋
                elif j > i and len(w) == 1 and f not in ("x", "p", "c", "u", "uj", "ul", "r") and _short_name_of(toks, j):
                    details += 1  # single characters jieba cut from a village name: 右 + 二 + 村, 坡 + 月 + 村
                elif (len(w) == 1 and f in ("n", "nr", "ns", "nz", "ng", "a", "j", "zg") and j > i and j + 1 < len(toks)
                      and _is_place(*toks[j + 1][:2])):
                    details += 1  # 七宝镇 + 航 + 东村
                elif (f in ("n", "f", "s", "nr", "nz", "ns") and len(w) <= 3 and (places + details) >= 2
                      and (_numbered(toks, j + 1) or (f == "f" and _numbered(toks, j + 2)))):
                    details += 1  # ...村委会南侧 + 平房 + 3排12号
                elif (len(w) == 1 and f not in ("x", "p", "u", "c", "uj", "ul", "r") and j + 1 < len(toks)
                      and (_is_street(toks[j + 1][0], toks[j + 1][1]) or _names_a_place(toks, j + 1))):
                    details += 1  # a character jieba split off a name: 花 + 果园小区
                else:
                    break
                j += 1
            end = toks[j - 1][2] + len(toks[j - 1][0])
            if j < len(toks) and toks[j - 1][0].isdigit() and toks[j][0][:1] in "组号栋幢室楼层户":
                end += 1  # jieba glued the unit to the next word: 11 + 组有
            elif (j < len(toks) and j - i >= 3 and _CJK_WORD.match(toks[j - 1][0]) and len(toks[j][0]) == 2
                  and toks[j][0][0] in "组村屯" and toks[j][0][1] in "为在是有和的了里"):
                end += 1  # a named group glued to the next word: 细寨村 + 联盟 + 组为
            span = toks[i:j]
            named = places or any(_is_street(w, f) or w in STREET or w in ADMIN for w, f, _ in span)
            if not details and not any(w.endswith(ADMIN) for w, _, _ in span):
                named = False  # places in passing without an administrative word: 从广东东莞回来
            admin_words = sum(w.endswith(ADMIN) or _glued_admin(toks, i + k) for k, (w, _, _) in enumerate(span))
            if not places and admin_words < 2 and not any(any(c.isdigit() for c in w) or (len(w) >= 2 and _is_street(w, f))
                                                          for w, f, _ in span):
                named = False  # a bare 路 after a word, no number: 小心 + 路 (but 双龙 + 镇 + 高峰 + 村 + 一组 is named)
            if named and _organisation(text, span, end):
                named = False  # 幸福街道 + 办事处: an organisation, not where someone lives
            if i and text[start - 1:start + len(word)] in ZONES:
                start -= 1  # 经 + 开区
            if places + details >= 2 and named:
                results.append(RecognizerResult("LOCATION", start, end, 0.7))
            i = max(j, i + 1)
        return results
