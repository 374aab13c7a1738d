"""Names of China's ethnic minorities that Han surname tables miss, from how each naming system builds a name.

- Uyghur and Kazakh: a given name, often followed by the father's name, both transliterated and joined by a middle
  dot (阿依古丽·买买提, also •, ・, ． or no dot). Names are drawn from a stock of common given names (买买提, 艾力,
  吐尔逊) and productive parts: 古丽 "flower" before or after (帕提古丽, 古丽米拉), 阿不都 "servant of" before
  (阿不都热合曼), 江 after a name (买买提江).
- Tibetan: no surname; one or two (seldom three) name elements from a small stock (扎西, 卓玛, 扎西卓玛).
- Yi (Nuosu): a two-character clan name and a given name (吉克 + 阿依); with a title only the clan name (吉伍老师).
- Mongolian: no surname in everyday use; one or two name elements (巴特尔, 其其格, 额尔敦巴特尔).
Hui, Miao, Dong and Bouyei names are mostly Han-style and are left to the Han rules.

Guards: a candidate never starts or ends inside a common word jieba found (水平措施 has no 平措, 很多吉祥 no 多吉),
is no place name (喀什, 日喀则, 吉木乃) and is not followed by an administrative ending (尼玛县) or 节 (肉孜节).
"""

from __future__ import annotations

import bisect
import re

from privacy.redaction.segment import frequency

# Common Uyghur and Kazakh given names (a father's name is a given name too), as usually transliterated.
UYGHUR = {
    "买买提", "麦麦提", "艾买提", "艾合买提", "阿合买提", "买合木提", "艾力", "艾则孜", "艾尔肯", "艾尼瓦尔", "艾克拜尔",
    "艾海提", "艾孜买提", "阿迪力", "阿力木", "阿里木", "阿布拉", "阿不拉", "阿不力孜", "阿布力孜", "阿不来提",
    "阿布来提", "阿卜杜拉", "阿斯木", "阿依", "吐尔逊", "吐尔洪", "吐尔地", "吐逊", "依明", "伊明", "热合曼", "热依汗",
    "热孜亚", "热娜", "热西提", "热比亚", "玉素甫", "玉苏甫", "亚森", "亚生", "司马义", "斯拉木", "肉孜", "库尔班",
    "卡德尔", "卡迪尔", "克里木", "木合塔尔", "木拉提", "米吉提", "麦尔丹", "吾买尔", "乌买尔", "奥斯曼", "塔依尔",
    "吾斯曼", "努尔兰", "努尔比亚", "努尔艾力", "迪丽努尔", "迪丽热巴", "迪丽拜尔", "迪丽达尔", "迪娜拉", "祖丽皮亚",
    "祖丽胡玛尔", "祖丽菲娅", "帕提曼", "帕丽达", "阿米娜", "阿依努尔", "阿依夏木", "阿依仙木", "麦尔哈巴", "排孜拉",
    "苏比努尔", "伊力哈木", "依力哈木", "哈斯木", "哈力克", "哈力木", "买吾兰", "赛买提", "托合提", "图尔贡", "吐尔贡",
    "牙合甫", "亚库甫", "雅库甫", "穆罕默德", "萨迪克", "沙吾提", "帕尔哈提", "艾散", "阿布都", "阿不都", "伊力亚尔",
    "马哈木", "吾守尔", "艾则买提", "努尔麦麦提", "艾山", "艾山江", "阿卜杜热依木", "艾合麦提",
    # Kazakh
    "叶尔兰", "叶尔江", "叶尔波拉提", "阿依达娜", "哈力别克", "加娜尔", "阿斯哈尔", "波拉提", "达吾列提",
    "哈那提", "赛力克", "巴合提", "阿依江", "努尔江", "阿合江",
}
# Characters of Uyghur and Kazakh transliteration that are no grammar word (不, 都, 在, 和, 的, 来 are left out).
TRANSLIT = set(
    "阿艾爱安昂奥巴拜班贝比别波伯博布查达丹德迪丁杜多俄额尔法菲夫甫嘎盖甘戈格古哈亥海汗罕合赫洪胡吉加佳贾江杰金卡坎"
    "克肯库拉兰勒雷力丽利莉琳鲁罗洛玛买麦曼梅美米敏姆木穆纳娜乃奈尼妮努诺帕派佩皮普其奇恰热如茹萨赛沙莎尚舍什斯苏"
    "素索塔泰坦特提铁图吐托瓦旺威维温乌吾西希锡夏仙香谢辛欣雅亚牙扬耶叶伊依尤玉约扎则孜兹祖卓尕逊日守山卜"
)
_TR = "[" + "".join(sorted(TRANSLIT)) + "]"
_KNOWN = "|".join(sorted(UYGHUR, key=len, reverse=True))
# One Uyghur/Kazakh name: a known name (perhaps + 江), 古丽 with a part before or after, 阿不都 + a part,
# 努尔/迪丽/阿依 + a part.
_UNIT = (f"(?:{_TR}{{1,3}}古丽|古丽{_TR}{{1,3}}|(?:阿不都|阿布都|阿卜杜|阿布杜){_TR}{{1,4}}|(?:{_KNOWN})江?"
         f"|(?:努尔|迪丽|阿依|阿孜|再娜){_TR}{{1,2}})")
_DOT = "[·•・．.]"
# Two transliterated parts joined by a dot (given name · father's name), or known names run together.
UYGHUR_NAME = re.compile(f"(?:{_UNIT}|{_TR})+{_DOT}(?:{_UNIT}|{_TR})+|(?:{_UNIT})+")

# Tibetan name elements; a name is one to three of them.
TIBETAN = {
    "扎西", "次仁", "才让", "卓玛", "卓嘎", "达瓦", "达娃", "格桑", "央金", "央宗", "拉姆", "旦增", "丹增", "尼玛",
    "索朗", "索南", "多吉", "多杰", "平措", "德吉", "曲珍", "曲措", "普布", "普琼", "边巴", "次旦", "次珍", "次央",
    "洛桑", "强巴", "顿珠", "益西", "白玛", "白珍", "桑珠", "桑杰", "拉巴", "米玛", "巴桑", "旺堆", "旺姆", "仁增",
    "仁青", "罗布", "嘉措", "加措", "贡嘎", "群培", "晋美", "土登", "阿旺", "泽仁", "泽旺", "降央", "拥措", "琼达",
    "朗杰", "赤列", "拉珍", "措姆", "尼珍", "扎巴", "更登", "贡布", "洛珠", "伦珠", "欧珠", "才旦", "才仁", "南杰",
    "斯郎", "泽让", "卓措", "央拉", "措吉", "次丹", "仁措", "拉毛", "尕藏", "索朗次仁",
}
# Elements that are also words or places (洛桑 Lausanne, 罗布泊, 才让 "only then let", 尼玛 a slur, 格桑花): alone
# they are a name only at the start of a clause, after a role word or before a title or kinship word.
TIBETAN_AMBIGUOUS = {"洛桑", "拉姆", "罗布", "拉巴", "尼玛", "格桑", "多吉", "才让", "扎巴", "拉毛", "贡嘎", "泽让",
                     "央拉", "阿旺", "德吉", "多杰", "贡布", "南杰"}
TIBETAN_NAME = re.compile("(?:" + "|".join(sorted(TIBETAN, key=len, reverse=True)) + "){1,3}")

# Mongolian name elements; a name is one or two of them.
MONGOLIAN = {
    "巴特尔", "巴图", "其其格", "斯琴", "图雅", "苏日娜", "萨日娜", "那仁", "娜仁", "宝音", "朝鲁", "阿拉坦", "敖登",
    "额尔敦", "乌日娜", "萨仁", "格日勒", "巴雅尔", "孟和", "毕力格", "朝克图", "乌力吉", "特木尔", "铁木尔",
    "吉日嘎拉", "满都拉", "苏和", "阿木古楞", "额尔德尼", "宝力道", "其木格", "塔娜", "高娃", "阿茹娜", "诺敏",
    "托娅", "布和", "那顺", "斯日古楞", "额日和木", "乌恩", "呼和", "乌兰", "哈斯", "乌云", "图门", "达来",
    "巴音", "宝力格", "额尔登", "斯琴高娃", "乌云其其格", "萨其拉", "包音", "敖其尔", "巴根", "朝格图", "赛罕",
    "吉雅", "阿拉腾", "格根", "图布信", "乌日根", "额尔古纳", "仁钦", "浩斯", "达古拉",
}
# Elements that are also words or places (乌云 "dark clouds", 呼和浩特, 乌兰察布): alone they are a
# name only at the start of a clause, after a role word or before a title or kinship word.
MONGOLIAN_AMBIGUOUS = {"乌兰", "呼和", "乌云", "哈斯", "图门", "达来", "巴音", "格根", "吉雅", "赛罕", "巴图",
                       "额尔古纳", "仁钦", "浩斯", "塔娜", "苏和"}
MONGOLIAN_NAME = re.compile("(?:" + "|".join(sorted(MONGOLIAN, key=len, reverse=True)) + "){1,2}")

# Yi clan names (two characters) and given names.
YI_CLANS = {"吉克", "吉伍", "吉木", "吉史", "吉俄", "吉觉", "吉拉", "吉则", "沙马", "沙玛", "曲比", "曲木", "阿苏",
            "阿约", "阿说", "阿侯", "阿的", "阿鲁", "马海", "马黑", "俄木", "俄其", "俄底", "海来", "海乃", "加拉",
            "勒格", "勒伍", "瓦其", "瓦扎", "的日", "的惹", "苏呷", "苏嘎", "比子", "比曲", "巴莫", "果基", "嘎日",
            "尔古", "尔布", "罗洪", "洛古", "拉马", "倮伍", "井曲", "斯日", "木噶", "莫色", "补约", "金古", "阿都"}
YI_GIVEN = {"阿依", "阿果", "木呷", "拉则", "阿木", "伍呷", "阿呷", "子洛", "阿牛", "拉惹", "阿支", "木甲", "依伙",
            "尔呷", "阿西", "石者", "史者", "克惹", "阿且", "日呷", "尔古", "拉日", "伍各", "阿嘎", "阿衣", "阿芝",
            "伍沙", "伍果", "阿莫", "阿作", "石布", "木果", "子古", "拉哈", "曲者", "约哈", "日哈", "阿体", "阿加",
            "尔日", "拉格", "伍合", "日者", "木牛", "子体", "惹古", "吉作", "阿达", "史体", "依布", "石哈", "莫呷",
            "阿兹", "阿洛", "阿普", "么么", "有格", "马各", "伍呷", "尔果", "阿诗"}
# Characters of Yi given names: a given name of two of them, one distinctive (呷, 惹, 则...), is a given name too.
YI_CHARS = set("阿依果木呷拉则伍子洛牛惹支甲伙尔石者史克且日各嘎衣芝沙莫作布古哈曲约体加合兹普格达诗")
YI_MARKED = set("呷惹则洛哈者嘎")
_YI_CLAN = re.compile("(?=(" + "|".join(sorted(YI_CLANS)) + "))")
# Places in minority regions that look like names (they are not redacted as persons).
PLACES = {"喀什", "喀什噶尔", "拉萨", "日喀则", "那曲", "阿坝", "阿勒泰", "阿克苏", "阿图什", "阿拉尔", "阿里", "和田",
          "伊犁", "伊宁", "吐鲁番", "哈密", "昌吉", "克拉玛依", "库尔勒", "塔城", "乌鲁木齐", "巴音郭楞", "克孜勒苏",
          "博尔塔拉", "林芝", "山南", "昌都", "甘孜", "凉山", "西昌", "昭觉", "布拖", "美姑", "喜德", "越西", "金阳",
          "雷波", "甘洛", "普格", "盐源", "木里", "德格", "理塘", "玉树", "果洛", "迪庆", "香格里拉", "若尔盖",
          "马尔康", "阿拉善", "吉木乃", "吉木萨尔", "莎车", "墨玉", "库车", "阿瓦提", "察布查尔", "江孜", "定日",
          "拉孜", "萨迦", "亚东", "吉隆", "错那", "贡嘎", "尼木", "曲水", "当雄", "达孜", "墨竹工卡", "林周", "比如",
          "安多", "班戈", "嘉黎", "波密", "察隅", "米林", "墨脱", "江达", "贡觉", "丁青", "八宿", "左贡", "芒康",
          "边坝", "洛隆", "阿凡提", "阿里巴巴", "扎西德勒", "格桑花", "古尔邦节", "肉孜节", "库尔班节",
          "呼和浩特", "乌兰察布", "乌兰浩特", "锡林郭勒", "鄂尔多斯", "巴彦淖尔", "二连浩特", "额尔古纳", "巴音布鲁克",
          "赛罕区", "乌兰牧骑", "呼伦贝尔", "阿拉善"}
# What follows a place, a festival or a thing rather than a person: 尼玛县, 肉孜节, 格桑花.
PLACE_AFTER = set("省市州县区镇乡村寺山河湖湾沟峰节花路街站镇庙")
# Words that announce a name or follow one, for single ambiguous elements and Yi clan names with a title.
_TITLES = ("老师", "主任", "医生", "大夫", "护士", "警官", "所长", "校长", "院长", "书记", "会计", "师傅", "村长",
           "镇长", "乡长", "队长", "组长", "经理", "老板", "律师", "教练", "园长", "干事", "社工", "女士", "先生",
           "同志", "阿姨", "奶奶", "爷爷", "叔叔", "伯伯", "大爷", "大妈", "阿婆", "大姐", "大哥", "姐姐", "哥哥",
           "专干", "网格员", "辅导员", "教授")
_NAME_AFTER = ("说", "今年", "现年", "同学", "家长", "的妈妈", "的爸爸", "的奶奶", "的爷爷", "的父亲", "的母亲",
               "的外婆", "的外公", "的监护人", "的家")
# Where a name's last character may be glued by jieba to the next grammar word (帕提古 + 丽都 + 在).
_START_GLUE = set("和与及跟同由给叫让把被对向在是为了")
_END_GLUE = set("都说和在是也就的了把被给对向从将已还又很会要去来等时后前里上下中称今明昨最")
_NAME_FLAGS = ("nr", "nrt", "nrfg")
_CJK = re.compile("[\u4e00-\u9fa5]")
COMMON = 50


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
    return text[e:].startswith(_TITLES + _NAME_AFTER)


def _place(text: str, s: int, e: int) -> bool:
    """Whether s..e is (part of) a place, festival or thing, or is followed by an administrative ending."""
    if e < len(text) and text[e] in PLACE_AFTER:
        return True
    for place in PLACES:
        i = text.find(place, max(0, s - len(place) + 1), e + len(place) - 1)
        if i != -1 and i < e and s < i + len(place):
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

    for m in _YI_CLAN.finditer(text):
        i = m.start(1)
        clan = m.group(1)
        if clan[0] == "的" and i and _CJK.match(text[i - 1]) and not text[:i].endswith(cues):
            continue  # 他的日子: 的 after a word is the particle
        given = text[i + 2:i + 4]
        if given in YI_GIVEN or (len(given) == 2 and all(c in YI_CHARS for c in given)
                                 and (given[0] == "阿" or any(c in YI_MARKED for c in given))):
            if frequency(clan + given) <= COMMON:
                add(i, i + 4, 0.75, None)
        elif text[i + 2:].startswith(_TITLES):
            add(i, i + 2, 0.7, None)  # 吉伍老师: the clan name alone
    for m in UYGHUR_NAME.finditer(text):
        parts = re.split(_DOT, m.group())
        if len(m.group()) <= 16 and all(len(part) >= 2 for part in parts):
            add(m.start(), m.end(), 0.75, UYGHUR_NAME)
    for pattern, ambiguous in ((TIBETAN_NAME, TIBETAN_AMBIGUOUS), (MONGOLIAN_NAME, MONGOLIAN_AMBIGUOUS)):
        for m in pattern.finditer(text):
            s, e = m.span()
            if m.group() in ambiguous and not _context(text, s, e, cues):
                continue
            add(s, e, 0.75 if e - s > 2 else 0.65, pattern)
    return found
