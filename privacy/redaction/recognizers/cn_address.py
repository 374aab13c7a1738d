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
UNIT_WORD = re.compile(r"^(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|户|排|队|期|-|—|之|#)$")
_TAIL_NUMBER = re.compile(r"^[\d\-—#]+$")


# Words that end like a place but name no place (城市 ends in 市, 返乡 in 乡).
GENERIC = {"城市", "市区", "地区", "农村", "乡村", "城乡", "郊区", "山区", "景区", "辖区", "本区", "全市", "全区",
           "全县", "本市", "本县", "该区", "该市", "老家", "家乡", "故乡", "下乡", "返乡", "回乡", "外省", "本省", "全省"}


def _is_place(word: str, flag: str) -> bool:
    if word in GENERIC or flag.startswith("v"):
        return False
    return (flag == "ns" and len(word) >= 2) or (len(word) >= 2 and word.endswith(ADMIN))


def _is_street(word: str, flag: str) -> bool:
    return len(word) >= 2 and word.endswith(STREET) and flag not in ("v", "d", "p", "u")


def _is_suffix(word: str) -> bool:
    return word in ADMIN or word in STREET or bool(UNIT_WORD.match(word))


def _numbered(toks: tuple, j: int) -> bool:
    """A house number follows: 3 + 排, 12 + 号, 5号."""
    if j >= len(toks) or not UNIT.match(toks[j][0]):
        return False
    if not toks[j][0].isdigit():
        return True
    return j + 1 < len(toks) and bool(UNIT_WORD.match(toks[j + 1][0]))


def _names_a_place(toks: tuple, j: int, inside: bool = True) -> bool:
    """A proper or common noun right before a suffix: 光明 + 路, 金桥 + 花园 (inside a span, also before a place)."""
    word, flag, _ = toks[j]
    if flag in ("x", "p", "c", "u", "uj", "ul", "r") or j + 1 >= len(toks) or word.isdigit():
        return False
    nxt, nflag, _ = toks[j + 1]
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
    return inside and not flag.startswith("v") and _is_place(nxt, nflag)


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
                elif _is_street(w, f) or _is_suffix(w) or UNIT.match(w) or (details and _TAIL_NUMBER.match(w)):
                    details += 1
                elif _names_a_place(toks, j):
                    details += 1
                elif w in COMMITTEE and j > i:
                    details += 1
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
            named = places or any(_is_street(w, f) or w in STREET or w in ADMIN for w, f, _ in toks[i:j])
            if places + details >= 2 and named:
                results.append(RecognizerResult("LOCATION", start, end, 0.7))
            i = max(j, i + 1)
        return results
