"""Chinese personal names: jieba's person tag (nr) with a surname check, plus names announced by context words."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from privacy.redaction.segment import COMPOUND_SURNAMES, SURNAMES, frequency, has_surname, tokens

# Words that announce a name right after them (roles in caseworker notes).
CUES = ("姓名", "名字", "监护人", "母亲", "父亲", "妈妈", "爸爸", "奶奶", "爷爷", "外婆", "外公", "姥姥", "姥爷", "祖母",
        "祖父", "外祖母", "外祖父", "哥哥", "姐姐", "弟弟", "妹妹", "叔叔", "阿姨", "舅舅", "姑姑", "婶婶", "老师", "班主任",
        "校长", "同学", "学生", "患儿", "儿童", "孩子", "幼儿", "家长", "户主", "联系人", "主任", "医生", "护士", "社工",
        "民警", "网格员", "志愿者", "孤儿", "监护人为", "名叫", "叫做", "小朋友", "本人", "申请人", "当事人", "受助人",
        "报警人", "参保人", "患者", "家属", "户名", "收款人", "其子", "其女", "儿子", "女儿", "签约对象", "走访对象",
        "对象", "认定", "村民", "居民", "男孩", "女孩", "被监护人", "委托人", "代理人", "联系人为", "经办人", "学员")
# Words that follow a name: "闫海国的母亲", "王磊同学", "李梅家".
AFTER = ("的母亲", "的父亲", "的妈妈", "的爸爸", "的奶奶", "的爷爷", "的外婆", "的外公", "的监护人", "的家长", "的家",
         "同学", "家长", "母亲", "父亲", "一家", "家中", "家庭", "本人", "称", "表示", "反映", "说")
_SURNAME = "(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + "|[" + "".join(sorted(SURNAMES)) + "])"
# The name is captured inside a lookahead so that cues can chain: "孩子由祖母曾彤晨照顾" tries both cues.
_CUED = re.compile("(?:" + "|".join(sorted(CUES, key=len, reverse=True)) + r")[：:\s]?(?:是|为|叫)?"
                   + f"(?=({_SURNAME}[\u4e00-\u9fa5]{{1,2}}))")
# Characters that end a name candidate taken by the cue rule (grammar words, not given names).
_STOP = set("的了在是和与及对到从说把被给让向也都就还又很会要去来等时后前里上下中说称表示反映介绍家现")
NOT_NAMES = {"平安夜", "母亲河", "王牌", "高兴", "张开", "周末", "金额", "万元", "白天", "黄色", "马上", "安全", "方便", "文化", "和平",
             "石头", "江河", "明天", "平安", "温暖", "康复", "高中", "高级", "周岁", "林业", "常住", "申请", "田地"}


COMMON_WORD_FREQ = 50  # a "name" jieba knows this often is a common word (阳光, 叶子, 银行卡)
ADMIN_ENDINGS = ("省", "市", "区", "县", "镇", "乡", "村", "庄", "街", "路", "园", "营")
# Characters common in given names (general knowledge of naming, not of any corpus): a third character split off by
# jieba joins the name only when it is one of these.
GIVEN_CHARS = set(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国志晓东海燕子涵欣怡梓轩浩宇思远雨桐一鸣佳琪俊熙诗"
    "文博嘉豪若曦婷妍瑶琳晨阳辰睿泽航鑫磊凯鹏飞斌彬斐蕾璐露莉莎倩颖慧婧雪冰琦瑾萱菲蓉薇琴晶锦瑞祥福禄寿喜春夏秋冬"
    "梅兰竹菊荣华富贵安康宁静和顺德仁义礼智信忠孝勤俭伦永长久新立成功业家庆峰岩山林森松柏江河湖波涵清源泉川洪"
    "斌武威雄彪龙虎豹鹤凤鹏云霖露霏雯霄星月日光明亮辉耀灿炜烨焱煜旭晗昊昕晟晖景智聪慧敏捷锐铭钰钧锋鑫铭欢乐悦"
    "怡愉恒毅哲奇琛璇瑜瑛珂珊玲珍珠琼瑶璐莹萌芸茜荷莲蓓蕊馨香婉娴淑媛妮娇娅姗婕婵嫣媚雅丹彤童宸语依伊诺可心沁"
    "梦宁凡帆舟航程远征途宏伟俊朗杰轩豪迪达通顺利发展进步富强振兴旺盛隆昌茂苗芬芝蓬艺卓越超凡泽润涛浪滔瀚鸿"
    "坤乾元亨贞吉庚辛壬癸甲乙丙丁卯辰巳午未申酉戌亥金银铜铁锡")
_CJK = re.compile("[\u4e00-\u9fa5]+")
# "走访刘梓萱家": a visit to someone's home names the household by a person.
_VISITED = re.compile("(?:走访|探访|看望|慰问|家访|去了|来到|到了|前往|入户)" + f"({_SURNAME}[\u4e00-\u9fa5]{{1,2}}?)家")
_BEFORE_AFTER = re.compile(f"(?=({_SURNAME}[\u4e00-\u9fa5]{{1,2}}?)(?:" + "|".join(AFTER) + "))")


class CnPersonRecognizer(EntityRecognizer):
    """PERSON spans; a name must start with a known surname and be 2-4 characters long."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], supported_language="zh", name="CnPersonRecognizer")

    def load(self) -> None:
        """Nothing to load: jieba loads lazily and once."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        toks = tokens(text)
        bounds = {s for _, _, s in toks} | {len(text)}
        found: dict[tuple[int, int], float] = {}
        for i, (word, flag, start) in enumerate(toks):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if word in COMPOUND_SURNAMES and nxt is not None:
                given = nxt[0] if len(nxt[0]) <= 2 else ""
                if given and all("\u4e00" <= ch <= "\u9fa5" for ch in given):
                    found[(start, nxt[2] + len(given))] = 0.75
                continue
            if not (flag in ("nr", "nrfg", "nrt") and 2 <= len(word) <= 4 and has_surname(word)) or self._common(word):
                continue
            end = start + len(word)
            # jieba often cuts a three-character name after two: 马娜 + 国, 邓轩 + 洋
            if len(word) == 2 and self._third_char(toks, i + 1):
                end += 1
            found[(start, end)] = 0.75
        starts = {s: i for i, (_, _, s) in enumerate(toks)}
        cued = [m.start(1) for m in _CUED.finditer(text)]
        cued += [m.start(1) for m in _BEFORE_AFTER.finditer(text) if m.start(1) in starts]
        for start in cued:
            compound = text[start:start + 2] in COMPOUND_SURNAMES
            for length in (4, 3, 2) if compound else (3, 2):
                name = text[start:start + length]
                # A cue-announced name ends where jieba ends a word ("方静年事已高" gives 方静), and a third
                # character split off by jieba must look like a given-name character ("周超现由" gives 周超).
                if (len(name) != length or start + length not in bounds or not _CJK.fullmatch(name)
                        or name[-1] in _STOP or name[1] in _STOP or self._common(name)):
                    continue
                third = start + length - 1
                if length == 3 and not compound and third in starts and not self._third_char(toks, starts[third]):
                    continue
                found[(start, start + length)] = 0.8
                break
        for match in _VISITED.finditer(text):
            if not self._common(match.group(1)):
                found[(match.start(1), match.end(1))] = 0.75
        return [RecognizerResult("PERSON", s, e, score) for (s, e), score in found.items()]

    @staticmethod
    def _third_char(toks: tuple, j: int) -> bool:
        """Whether token j is one more given-name character (馬娜 + 国) rather than the next word."""
        if j >= len(toks):
            return False
        word, flag, _ = toks[j]
        return len(word) == 1 and word in GIVEN_CHARS and word not in _STOP and flag not in ("uj", "p", "c", "x")

    @staticmethod
    def _common(word: str) -> bool:
        return (word in NOT_NAMES or any(c in word for c in CUES) or word.endswith(ADMIN_ENDINGS)
                or frequency(word) > COMMON_WORD_FREQ)
