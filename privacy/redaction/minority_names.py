"""Names of China's ethnic minorities that Han surname tables miss, from how each naming system builds a name.

- Uyghur and Kazakh: a given name, often followed by the father's name, both transliterated and joined by a middle
  dot (阿依古丽·买买提, also •, ・, ． or no dot). Names are drawn from a stock of common given names (买买提, 艾力,
  吐尔逊) and productive parts: 古丽 "flower" before or after (帕提古丽, 古丽米拉), 阿不都 "servant of" before
  (阿不都热合曼), 江 after a name (买买提江).
- Tibetan: no surname; one or two (seldom three) name elements from a small stock (扎西, 卓玛, 扎西卓玛).
- Yi (Nuosu): a two-character clan name and a given name (吉克 + 阿依); with a title only the clan name (吉伍老师).
- Mongolian: no surname in everyday use; one or two name elements (巴特尔, 其其格, 额尔敦巴特尔).
Hui, Miao, Dong and Bouyei names are mostly Han-style and are left to the Han rules.

The lists are data files in privacy/redaction/words/ (uyghur_names.txt, tibetan_names.txt, yi_clans.txt...).

Guards: a candidate never starts or ends inside a common word jieba found (水平措施 has no 平措, 很多吉祥 no 多吉),
is no place name (喀什, 日喀则, 吉木乃) and is not followed by an administrative ending (尼玛县) or 节 (肉孜节).
"""

from __future__ import annotations

import bisect
import re

from privacy.redaction.scan import Scanner, first_chars
from privacy.redaction.segment import frequency
from privacy.redaction.words import chars, words

# Common Uyghur and Kazakh given names (a father's name is a given name too), as usually transliterated.
UYGHUR = frozenset(words("uyghur_names"))
# Characters of Uyghur and Kazakh transliteration that are no grammar word (不, 都, 在, 和, 的, 来 are left out).
TRANSLIT = chars("uyghur_translit")
_TR = "[" + "".join(sorted(TRANSLIT)) + "]"
_KNOWN = "|".join(sorted(UYGHUR, key=len, reverse=True))
# One Uyghur/Kazakh name: a known name (perhaps + 江), 古丽 with a part before or after, 阿不都 + a part,
# 努尔/迪丽/阿依 + a part.
_UNIT = (f"(?:{_TR}{{1,3}}古丽|古丽{_TR}{{1,3}}|(?:阿不都|阿布都|阿卜杜|阿布杜){_TR}{{1,4}}|(?:{_KNOWN})江?"
         f"|(?:努尔|迪丽|阿依|阿孜|再娜){_TR}{{1,2}})")
_DOT = "[·•・．.]"
# Two transliterated parts joined by a dot (given name · father's name), or known names run together.
UYGHUR_NAME = re.compile(f"(?:{_UNIT}|{_TR})+{_DOT}(?:{_UNIT}|{_TR})+|(?:{_UNIT})+")
# The same matches in a text with no dot (the first alternative needs one), found without trying it at every character.
UYGHUR_NAME_NO_DOT = re.compile(f"(?:{_UNIT})+")
# The first alternative above needs a dot between a character that can end a part and one that can start one: a note
# without such a dot (most notes; a dot in 3.5 or in a URL is none) is scanned with the pattern without it.
_PART_ENDS = TRANSLIT | {"丽", "江"} | {name[-1] for name in UYGHUR}
_PART_STARTS = first_chars(re.compile(f"(?:{_UNIT}|{_TR})"))
_NAMES_DOTTED = re.compile(_DOT if _PART_STARTS is None else "[" + "".join(sorted(_PART_ENDS)) + "]" + _DOT + "["
                           + "".join(sorted(_PART_STARTS)) + "]")

# Tibetan name elements; a name is one to three of them.
TIBETAN = frozenset(words("tibetan_names"))
# Elements that are also words or places (洛桑 Lausanne, 罗布泊, 才让 "only then let", 尼玛 a slur, 格桑花): alone
# they are a name only at the start of a clause, after a role word or before a title or kinship word.
TIBETAN_AMBIGUOUS = frozenset(words("tibetan_ambiguous"))
# Amdo names (Qinghai, Gansu) may end in a one-character element after another: 拉毛 + 措, 仁青 + 措, 尕藏 + 加.
TIBETAN_NAME = re.compile("(?:" + "|".join(sorted(TIBETAN, key=len, reverse=True))
                          + "){1,3}(?<=[\u4e00-\u9fa5]{2})[措加]?")

# Mongolian name elements; a name is one or two of them.
MONGOLIAN = frozenset(words("mongolian_names"))
# Elements that are also words or places (乌云 "dark clouds", 呼和浩特, 乌兰察布): alone they are a
# name only at the start of a clause, after a role word or before a title or kinship word.
MONGOLIAN_AMBIGUOUS = frozenset(words("mongolian_ambiguous"))
MONGOLIAN_NAME = re.compile("(?:" + "|".join(sorted(MONGOLIAN, key=len, reverse=True)) + "){1,2}")

# Yi clan names (two characters) and given names.
YI_CLANS = frozenset(words("yi_clans"))
YI_GIVEN = frozenset(words("yi_given"))
# Characters of Yi given names: a given name of two of them, one distinctive (呷, 惹, 则...), is a given name too.
YI_CHARS = chars("yi_chars")
YI_MARKED = chars("yi_marked")
_YI_CLAN = re.compile("(?=(" + "|".join(sorted(YI_CLANS)) + "))")
# Places in minority regions that look like names (they are not redacted as persons).
PLACES = frozenset(words("minority_places"))
# What follows a place, a festival or a thing rather than a person: 尼玛县, 肉孜节, 格桑花.
PLACE_AFTER = chars("minority_place_after")
# Words that announce a name or follow one, for single ambiguous elements and Yi clan names with a title.
_TITLES = words("minority_titles")
_NAME_AFTER = words("minority_name_after")
_TITLES_OR_AFTER = _TITLES + _NAME_AFTER
_PLACES_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _place_name in sorted(PLACES, key=len, reverse=True):
    _PLACES_BY_FIRST[_place_name[0]] = (*_PLACES_BY_FIRST.get(_place_name[0], ()), _place_name)
_LONGEST_PLACE = max(map(len, PLACES))
# Where a name's last character may be glued by jieba to the next grammar word (帕提古 + 丽都 + 在).
_START_GLUE = chars("minority_start_glue")
_END_GLUE = chars("minority_end_glue")
_NAME_FLAGS = ("nr", "nrt", "nrfg")
_CJK = re.compile("[\u4e00-\u9fa5]")
COMMON = 50
# The alternations above, scanned only where one of their words can start (privacy/redaction/scan.py): same matches.
_SCAN = {p: Scanner(p) for p in (_YI_CLAN, UYGHUR_NAME, UYGHUR_NAME_NO_DOT, TIBETAN_NAME, MONGOLIAN_NAME)}


def _aligned(toks: tuple, starts: list[int], text: str, s: int, e: int) -> int | None:
    """The start of the candidate s..e moved past a word it begins inside (村里 + 阿依古丽), or None when it ends
    inside one (很多 + 吉祥, 罗布林卡)."""
    k = bisect.bisect_right(starts, s) - 1
    word, flag, ts = toks[k]
    if ts < s and not flag.startswith(_NAME_FLAGS) and not (s - ts == 1 and text[ts] in _START_GLUE):
        s = ts + len(word)  # begins inside a word (not 和 + 次仁): move to its end
    if s >= e:
        return None
    k = bisect.bisect_right(starts, e - 1) - 1
    word, flag, ts = toks[k]
    te = ts + len(word)
    if te > e and not flag.startswith(_NAME_FLAGS) and not (te - e == 1 and text[e] in _END_GLUE) \
            and frequency(word) > 0:
        return None  # ends inside a dictionary word (罗布 + 林卡); jieba's guesses at unknown words do not count
    return s


def _context(text: str, s: int, e: int, cues: tuple) -> bool:
    """A role word before (班主任洛桑), the start of a clause, or a title, kinship or grammar word after."""
    before = text[:s]
    if not before or not _CJK.match(before[-1]) or before.endswith(cues):
        return True
    return text.startswith(_TITLES_OR_AFTER, e)


def _place(text: str, s: int, e: int) -> bool:
    """Whether s..e is (part of) a place, festival or thing, or is followed by an administrative ending."""
    if e < len(text) and text[e] in PLACE_AFTER:
        return True
    # A place overlaps s..e when one starts at some i < e and reaches past s; only the characters of the window
    # are looked up, each against the places starting with it (longest first: a shorter one reaches less far).
    for i in range(max(0, s - _LONGEST_PLACE + 1), e):
        for place in _PLACES_BY_FIRST.get(text[i], ()):
            if i + len(place) > s and text.startswith(place, i):
                return True
    return False


def minority_names(text: str, toks: tuple, cues: tuple) -> dict[tuple[int, int], float]:
    """PERSON spans of Uyghur/Kazakh, Tibetan, Mongolian and Yi names in text, with a score."""
    found: dict[tuple[int, int], float] = {}
    if not toks:
        return found
    starts = [t[2] for t in toks]

    def add(s: int, e: int, score: float, pattern: re.Pattern | None) -> None:
        if e - s < 2 or _place(text, s, e):
            return
        start = _aligned(toks, starts, text, s, e)
        if start is None or (start != s and (pattern is None or not pattern.fullmatch(text, start, e))):
            return
        overlapping = [(a, b) for a, b in found if a < e and start < b]
        if any(b - a >= e - start for a, b in overlapping):
            return  # a longer name was found here already
        for span in overlapping:
            del found[span]
        found[(start, e)] = score

    for m in _SCAN[_YI_CLAN].finditer(text):
        i = m.start(1)
        clan = m.group(1)
        if clan[0] == "的" and i and _CJK.match(text[i - 1]) and not text[:i].endswith(cues):
            continue  # 他的日子: 的 after a word is the particle
        given = text[i + 2:i + 4]
        if given in YI_GIVEN or (len(given) == 2 and all(c in YI_CHARS for c in given)
                                 and (given[0] == "阿" or any(c in YI_MARKED for c in given))):
            if frequency(clan + given) <= COMMON:
                add(i, i + 4, 0.75, None)
        elif text.startswith(_TITLES, i + 2):
            add(i, i + 2, 0.7, None)  # 吉伍老师: the clan name alone
    for m in _SCAN[UYGHUR_NAME if _NAMES_DOTTED.search(text) else UYGHUR_NAME_NO_DOT].finditer(text):
        parts = re.split(_DOT, m.group())
        if len(m.group()) <= 16 and all(len(part) >= 2 for part in parts):
            add(m.start(), m.end(), 0.75, UYGHUR_NAME)
    for pattern, ambiguous in ((TIBETAN_NAME, TIBETAN_AMBIGUOUS), (MONGOLIAN_NAME, MONGOLIAN_AMBIGUOUS)):
        for m in _SCAN[pattern].finditer(text):
            s, e = m.span()
            if m.group() in ambiguous and not _context(text, s, e, cues):
                continue
            add(s, e, 0.75 if e - s > 2 else 0.65, pattern)
    return found
