"""Chinese personal names: jieba's person tag (nr) with a surname check, plus names announced by context words."""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from privacy.redaction.minority_names import PLACES, minority_names
from privacy.redaction.segment import COMPOUND_SURNAMES, SURNAMES, frequency, has_surname, tokens, word_tag

# Words that announce a name right after them (roles in caseworker notes).
CUES = ("姓名", "名字", "未成年人", "监护人", "母亲", "父亲", "妈妈", "爸爸", "奶奶", "爷爷", "外婆", "外公", "姥姥", "姥爷", "祖母",
        "祖父", "外祖母", "外祖父", "哥哥", "姐姐", "弟弟", "妹妹", "叔叔", "阿姨", "舅舅", "姑姑", "婶婶", "老师", "班主任",
        "校长", "同学", "学生", "患儿", "儿童", "孩子", "幼儿", "家长", "户主", "联系人", "主任", "医生", "护士", "社工",
        "民警", "网格员", "志愿者", "孤儿", "监护人为", "名叫", "叫做", "小朋友", "本人", "申请人", "当事人", "受助人",
        "报警人", "参保人", "患者", "家属", "户名", "收款人", "其子", "其女", "儿子", "女儿", "签约对象", "走访对象",
        "对象", "认定", "村民", "居民", "男孩", "女孩", "被监护人", "委托人", "代理人", "联系人为", "经办人", "学员",
        "外孙", "外孙女", "孙子", "孙女", "侄子", "侄女", "继父", "继母", "养父", "养母", "丈夫", "妻子", "儿媳", "女婿",
        "告知", "通知", "询问", "嘱咐", "提醒", "陪同", "督促", "叮嘱", "约谈", "联系", "看望", "帮助", "资助", "救助对象",
        "服务对象", "困境儿童", "留守儿童", "流动儿童", "转学生", "班长", "村支书", "书记", "会计", "队长",
        "组长", "院长", "所长", "法官", "律师", "邻居", "房东", "老板", "雇主", "教练", "辅导员", "心理咨询师", "营业员",
        "大名", "小名", "乳名", "收件人", "寄件人", "同桌", "人员", "治疗师", "康复师", "新生儿", "失踪人", "寄宿生",
        "负责人", "法定代理人", "被救助人", "供养对象", "低保户", "特困户", "五保户", "残疾人", "其母", "其父", "岳母",
        "岳父", "全名")
# Titles and honorifics after a surname alone: 王老师, 张主任, 伍阿姨. Only the surname is the name.
TITLES = ("老师", "主任", "医生", "大夫", "护士", "警官", "所长", "校长", "院长", "书记", "会计", "师傅", "局长", "站长",
          "村长", "镇长", "乡长", "队长", "组长", "科长", "处长", "部长", "厂长", "经理", "老板", "律师", "法官", "教练",
          "园长", "主席", "干事", "委员", "社工", "女士", "先生", "同志", "阿姨", "奶奶", "爷爷", "叔叔", "伯伯", "大爷",
          "大妈", "大娘", "婶婶", "阿婆", "阿公", "大姐", "大哥", "大嫂", "姐姐", "哥哥", "老板娘", "主管", "专干", "网格员",
          "辅导员", "教授", "博士", "工", "姐", "哥", "婶", "伯", "叔", "姨", "婆")
# Surname characters that before a title are usually something else: 连老师也 (even), 位 (两位老师), 干奶奶 (godmother).
TITLE_BLOCK = set("连位干那原全各每同其据经令是在时来班")
# Reduplicated words that are words, not nicknames (妈妈, 天天); nicknames like 豆豆, 妞妞 need a name context.
COMMON_AA = {"妈妈", "爸爸", "奶奶", "爷爷", "姐姐", "哥哥", "弟弟", "妹妹", "叔叔", "姑姑", "舅舅", "婶婶", "伯伯", "婆婆",
             "公公", "姥姥", "姥爷", "嫂嫂", "太太", "宝宝", "娃娃", "星星", "猩猩", "人人", "个个", "家家", "天天", "年年",
             "月月", "日日", "处处", "事事", "样样", "时时", "常常", "刚刚", "渐渐", "慢慢", "好好", "偷偷", "悄悄", "轻轻",
             "往往", "仅仅", "久久", "默默", "纷纷", "匆匆", "稍稍", "早早", "紧紧", "高高", "远远", "满满", "点点", "谢谢",
             "看看", "试试", "想想", "听听", "说说", "走走", "等等", "统统", "万万", "白白", "多多", "大大", "小小", "乖乖",
             "明明", "静静", "连连", "频频", "声声", "步步", "层层", "条条", "种种", "头头", "哈哈", "呵呵", "嘿嘿"}
# Words a nickname is seen with: 豆豆的外婆, 苗苗妈妈, 小名叫豆豆.
KIN = ("妈妈", "爸爸", "奶奶", "爷爷", "外婆", "外公", "姥姥", "姥爷", "母亲", "父亲", "家长", "姑姑", "舅舅", "叔叔",
       "阿姨", "哥哥", "姐姐", "弟弟", "妹妹", "监护人", "同学", "小朋友", "老师", "班主任", "一家", "家里")
NICK_CUES = ("叫", "名叫", "叫作", "小名", "乳名", "昵称")
# Words that follow a name: "闫海国的母亲", "王磊同学", "李梅家".
AFTER = ("的母亲", "的父亲", "的妈妈", "的爸爸", "的奶奶", "的爷爷", "的外婆", "的外公", "的监护人", "的家长", "的家",
         "同学", "家长", "母亲", "父亲", "一家", "家中", "家庭", "本人", "称", "表示", "反映", "说", "监护", "照顾",
         "照料", "抚养", "代为", "不在家", "在校", "在学校", "的户口", "户籍", "患有", "住院", "就诊", "补办", "目前",
         "现年", "今年", "，男", "，女", "（男", "（女", "已于", "于20", "家住", "现住", "居住", "在家")
_CUES_BY_LAST: dict[str, tuple[str, ...]] = {}
for _cue in CUES:
    _CUES_BY_LAST[_cue[-1]] = (*_CUES_BY_LAST.get(_cue[-1], ()), _cue)
# What follows a person and nothing else, so that even a surname that is also a preposition (向, 于) starts a name.
DEMOGRAPHIC = ("今年", "现年", "，男", "，女", "（男", "（女", "(男", "(女")
_SURNAME = "(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + "|[" + "".join(sorted(SURNAMES)) + "])"
# The name is captured inside a lookahead so that cues can chain: "孩子由祖母曾彤晨照顾" tries both cues.
_CUED = re.compile("(?:" + "|".join(sorted(CUES, key=len, reverse=True)) + r")[：:\s]?(?:是|为|叫)?"
                   + f"(?=({_SURNAME}[\u4e00-\u9fa5]{{1,2}}))")
# Characters that end a name candidate taken by the cue rule (grammar words, not given names).
_STOP = set("的了在是和与及对到从说把被给让向也都就还又很会要去来等时后前里上下中说称表示反映介绍家现姓")
NOT_NAMES = {"平安夜", "母亲河", "王牌", "高兴", "张开", "周末", "金额", "万元", "白天", "黄色", "马上", "安全", "方便", "文化", "和平",
             "石头", "江河", "明天", "平安", "温暖", "康复", "高中", "高级", "周岁", "林业", "常住", "申请", "田地",
             "普惠", "普惠托",  # 普惠托育 (jieba tags 普惠托 a name), 普惠性幼儿园
             # medical terms and kinship words that begin with a surname character
             "黄疸", "唐氏", "白血病", "白内障", "白化病", "麻疹", "焦虑", "屈光", "包皮", "支气管", "甘油", "丁香", "韦氏",
             "蒙氏", "巴氏", "祖孙", "母子", "母女", "父子", "父女", "夫妻", "姐弟", "兄妹", "兄弟", "姐妹", "婆媳", "祖父母",
             "孙女", "孙子", "外孙", "戴口罩", "金钱", "钱财", "时间", "程度", "任务", "余额", "凌晨", "温度", "管理",
             "关心", "关爱", "雷雨", "花费", "向日葵", "成绩", "安心", "宁可", "宋体", "龙虾",
             # days of the week and school words that jieba may tag as names
             "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周天", "花名册", "高年级", "低年级", "向阳花",
             # words jieba's dictionary tags as names
             "白鹭飞", "向东走", "向西走", "向南走", "向北走", "孔明灯", "孔洞"}


COMMON_WORD_FREQ = 50
DEMOGRAPHIC_FREQ = 2000  # before an age or a sex (向阳今年, 平安，男) a name may be a commoner word still
CUED_FREQ = 500  # a name announced by a role word or a visit may be a more frequent word (王明)
GIVEN_NAME_FREQ = 5000  # a word after a surname jieba tagged as a name: given names are often words (建国, 晨曦)  # a "name" jieba knows this often is a common word (阳光, 叶子, 银行卡)
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
    "坤乾元亨贞吉庚辛壬癸甲乙丙丁卯辰巳午未申酉戌亥金银铜铁锡"
    # more characters of today's given names: 若汐, 沐阳, 皓轩, 紫涵, 恩泽, 家旺
    "花青善哲洙姬淑顺贤镐焕然汐沐皓紫恩旺梓萱墨佑翔宸昱骏铄奕珈玥桦楠柯骁钊垚淼森蔚洁薇霖杉玮琰翠凤娥莲秀珍爱民保卫红军兵")
_CJK = re.compile("[\u4e00-\u9fa5]+")
# Characters of pet names that are no given-name characters: 小宝, 小胖, 小虎.
NICK_CHARS = set("宝贝豆虎胖丫妞牛蛋娃毛")
# "孩子姓危，": a surname stated alone.
_SURNAME_ALONE = re.compile(f"(?<=姓)({_SURNAME})(?=[，,。；;、\\s（(]|$)")
# Surname characters that are far more often grammar words: jieba glues them to a following name ("和小明").
FUNCTION_SURNAMES = set("和向于但由与及同跟给让叫被把对在将从为")
# Token flags a surname character cannot carry when it starts a name (it is then a preposition, conjunction, ...).
NOT_NAME_FLAGS = ("p", "c", "u", "uj", "ul", "uz", "ug", "uv", "d", "r", "m", "q", "f", "x", "t")
_NICK = re.compile("^[小老阿][\u4e00-\u9fa5]$")
# "走访刘梓萱家": a visit to someone's home names the household by a person.
_VISITED = re.compile("(?:走访|探访|看望|慰问|家访|去了|来到|到了|前往|入户|到|去|在)" + f"({_SURNAME}[\u4e00-\u9fa5]{{1,2}}?)家")
_BEFORE_AFTER = re.compile(f"(?=({_SURNAME}[\u4e00-\u9fa5]{{1,2}}?)(?:" + "|".join(AFTER) + "))")
# Forms list relatives as "父王某、母李某": a bare 父/母 after a separator announces a name. Two kin letters in a row
# are a kin word (父母离异, 其父母), never a kin letter and a surname (母 is one).
KIN_LETTERS = "父母兄姐弟妹"
_FORM_KIN = re.compile(f"(?:^|(?<=[，,、；;：:\\s（(]))[{KIN_LETTERS}](?![{KIN_LETTERS}])[：:]?"
                       f"(?=({_SURNAME}[\u4e00-\u9fa5]{{1,2}}))")
# Prepositions and verbs that take a person: 给小雨换药, 叫小军 (not 下小雨).
PERSON_GOVERNORS = {"给", "让", "帮", "陪", "带", "叫", "教", "问", "和", "跟", "对", "向", "把", "被", "与", "同", "替",
                    "找", "喊", "是", "建议", "鼓励", "表扬", "批评", "提醒"}
# A given name's last character that jieba glued to the next grammar word: 黎文 + 强于 (黎文强 + 于).
_GLUE = set("于在是和也说将已把被给对向从因")
NUMERALS = set("一二三四五六七八九十百千万两几零半")
# Institutions named after a person or a virtue: 明德小学, 向阳幼儿园. A "name" right before one is the institution's.
INSTITUTIONS = ("小学", "中学", "大学", "学校", "幼儿园", "医院", "卫生院", "福利院", "公司", "项目", "基金", "儿童之家",
                "中心", "超市", "工厂", "学院", "公益")
# Characters around a name written alone in a list or a form: "：马尕娃，", "（龙子轩）", "、撒玉兰、".
SEP_BEFORE = set("，,、：:（(；;。！？ \u3000\t\n")
SEP_AFTER = set("，,、。；;）)（(：: \u3000\t\n！？")
# Word classes a given name never is: time (周五), numeral, measure, distinguishing (年级), direction, pronoun, grammar.
NOT_GIVEN_FLAGS = ("t", "m", "q", "b", "f", "r", "p", "c", "u", "d", "x", "v")
NOT_GIVEN_FLAGS_SINGLE = ("t", "m", "q", "f", "r", "p", "c", "u", "x")
# Word classes that start the predicate after a clause-initial name: 蓝海波 + 今天, 罗建华 + 最近, 荆浩然 + 配发.
PREDICATE_FLAGS = ("v", "d", "t", "p", "c", "f", "ad", "uj", "ul", "r")
# Characters that end a clause or introduce reported speech, glued by jieba to the next name: 走访时 + 龙文静.
CLAUSE_GLUE = set("时后说为")
SPEECH = ("说", "称", "表示", "反映", "发现", "得知", "听说")
_WEATHER = {"下", "有", "转", "阵", "场", "飘", "毛毛", "中到", "大到"}


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
        skip: set[int] = set()  # tokens already used up by a name found at the token before
        form_kin = {m.start() for m in _FORM_KIN.finditer(text)}
        for i, (word, flag, start) in enumerate(toks):
            if i in skip:
                continue
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            prev = toks[i - 1] if i else None
            title = self._titled(toks, i)
            if title:
                found[title] = 0.7
                continue
            nick = self._nickname(toks, i)
            if nick:
                found[nick] = 0.65
                continue
            if word in COMPOUND_SURNAMES and nxt is not None:
                given = nxt[0] if len(nxt[0]) <= 2 and nxt[0] not in TITLES else ""
                if len(given) == 2 and given[1] in _GLUE:
                    given = given[0]  # 独孤 + 丹因: the given name 丹, then 因 "because"
                if given and _CJK.fullmatch(given):
                    end = nxt[2] + len(given)
                    if len(given) == 1 and (self._third_char(toks, i + 2) or (
                            i + 2 < len(toks) and len(toks[i + 2][0]) == 1 and toks[i + 2][1] in ("nr", "nrfg"))):
                        end += 1
                    found[(start, end)] = 0.75
                continue
            if (len(word) == 1 and word in SURNAMES and nxt is not None and nxt[1] in ("nr", "nrfg", "nrt")
                    and 1 <= len(nxt[0]) <= 2 and _CJK.fullmatch(nxt[0]) and not self._common(word + nxt[0])
                    and (flag in ("nr", "nrfg", "nrt") or (
                        flag not in NOT_NAME_FLAGS and word not in FUNCTION_SURNAMES and len(nxt[0]) == 2
                        and (prev is None or prev[1] in ("x", "p", "c") or any(prev[0].endswith(c) for c in CUES))))):
                # jieba cut surname and given name apart: 冯 + 海燕, 吴 + 俊杰, (sentence start) 蒙 + 德才
                found[(start, nxt[2] + len(nxt[0]))] = 0.7
                continue
            if (len(word) == 1 and word in SURNAMES and word not in FUNCTION_SURNAMES and flag not in NOT_NAME_FLAGS
                    and nxt is not None and len(nxt[0]) == 2 and all(c in GIVEN_CHARS for c in nxt[0])
                    and nxt[1] not in NOT_NAME_FLAGS and not self._common(nxt[0], CUED_FREQ // 2)
                    and not self._common(word + nxt[0]) and (prev is None or prev[1] in ("x", "p", "c"))):
                found[(start, nxt[2] + 2)] = 0.6  # 为 + 荆 + 浩然: a given name jieba did not tag as one
                continue
            if (len(word) == 1 and word in SURNAMES and flag in ("nr", "nrfg", "nrt") and word not in FUNCTION_SURNAMES
                    and nxt is not None and len(nxt[0]) == 2 and _CJK.fullmatch(nxt[0]) and nxt[1] not in NOT_NAME_FLAGS
                    and nxt[0][0] not in _STOP and not self._common(nxt[0], GIVEN_NAME_FREQ)
                    and not self._common(word + nxt[0], CUED_FREQ)):
                # jieba's surname followed by a word that is a given name; 蔡 + 文家 is the household of 蔡文
                found[(start, nxt[2] + (1 if nxt[0][1] == "家" else 2))] = 0.65
                continue
            if word in ("小", "老") and nxt is not None and nxt[0][:1] in SURNAMES and not self._common(word + nxt[0][0]) \
                    and ((len(nxt[0]) == 1 and nxt[1] in ("nr", "nrfg", "nrt")) or nxt[0][1:] in ("家", "说")):
                found[(start, nxt[2] + 1)] = 0.6  # 小李, 老刘, 老刘 + 家, 老陈 + 说 (not the name 陈说)
                skip.add(i + 1)
                continue
            if flag not in ("nr", "nrfg", "nrt"):
                continue
            if start in form_kin:
                continue  # 、母崔琳（: the kinship letter of a form, the name after it is found below
            if _NICK.match(word) and not self._common(word) and word[1] not in _STOP:
                found[(start, start + 2)] = 0.6  # 小芳, 阿强
                continue
            if len(word) == 3 and word[0] in FUNCTION_SURNAMES and (_NICK.match(word[1:]) or has_surname(word[1:])) \
                    and not self._common(word[1:]) and not self._common(word):
                found[(start + 1, start + 3)] = 0.6  # 和小明 -> 小明
                continue
            if (len(word) == 2 and has_surname(word) and word[0] not in FUNCTION_SURNAMES and nxt is not None
                    and len(nxt[0]) == 1 and nxt[1] in ("nr", "nrfg") and nxt[0] not in _STOP
                    and not self._common(word + nxt[0])):
                found[(start, start + 3)] = 0.7
                continue
            if (len(word) == 2 and has_surname(word) and nxt is not None and len(nxt[0]) == 2 and nxt[0][1] == "家"
                    and nxt[0][0] in GIVEN_CHARS and nxt[1] != "m" and not self._common(word, CUED_FREQ)):
                found[(start, start + 3)] = 0.7  # 卢锦 + 程家 (the household of 卢锦程)
                continue
            if not (2 <= len(word) <= 4 and has_surname(word)) or self._common(word):
                continue
            if word[0] in FUNCTION_SURNAMES and len(word) == 3 and self._common(word[1:]):
                continue  # 于 + 本周: a preposition before a common word
            if len(word) == 2 and word[1] == "氏" and nxt is not None and _CJK.match(nxt[0]):
                continue  # 唐氏综合征, 韦氏量表: a syndrome or a scale named after someone
            if len(word) == 2 and word[1] == "家" and word[0] in SURNAMES and word[0] not in FUNCTION_SURNAMES:
                # 钟家: the household of the 钟 family; 邹家 + 旺: jieba glued 家 of 邹家旺 to the surname
                found[(start, start + 3) if self._third_char(toks, i + 1) else (start, start + 1)] = 0.6
                continue
            if len(word) == 4 and word[:2] not in COMPOUND_SURNAMES:
                continue  # four-character "names" in jieba's dictionary are idioms (成绩优秀)
            end = start + len(word)
            # jieba often cuts a three-character name after two: 马娜 + 国, 邓轩 + 洋
            if len(word) == 2 and self._third_char(toks, i + 1):
                end += 1
            elif (len(word) == 2 and nxt is not None and len(nxt[0]) == 2 and nxt[0][0] in GIVEN_CHARS
                  and nxt[0][1] in _GLUE and nxt[1] in ("v", "p", "d", "c", "nz", "nr")):
                end += 1  # 黎文 + 强于: the third character went to the next word
            found[(start, end)] = 0.75
        starts = {s: i for i, (_, _, s) in enumerate(toks)}
        cued = [m.start(1) for m in _CUED.finditer(text)] + [m.start(1) for m in _FORM_KIN.finditer(text)]
        demographic = set()  # names an age or a sex follows: they may be words too (向阳, freq 671)
        for m in _BEFORE_AFTER.finditer(text):
            # A subject name before "监护", "就诊": it starts a clause (not 来院 + 就诊, 由梁东 + 监护).
            k = starts.get(m.start(1))
            before_age = text.startswith(DEMOGRAPHIC, m.end(1))
            if k is None or (text[m.start(1)] in FUNCTION_SURNAMES and not before_age):
                continue  # 向他表示 is no name, but 向阳今年读初二 is: an age or a sex follows only a person
            prev = toks[k - 1] if k else None
            if prev is None or prev[1] in ("x", "p", "c") or any(prev[0].endswith(c) for c in CUES):
                cued.append(m.start(1))
                if before_age:
                    demographic.add(m.start(1))
        for start in cued:
            if text[start] in "和与及跟同来" and text[start - 1:start] not in ("：", ":", " "):
                continue  # 老师和三名医生, 老师来家访: a conjunction or a verb after the cue, not a surname
            if text[start] in FUNCTION_SURNAMES and self._common(text[start + 1:start + 3]):
                continue  # 班主任于本周: a preposition before a common word
            if start and text[start] in KIN_LETTERS and text[start - 1] in KIN_LETTERS:
                continue  # 其父 + 母发出: 其父母, his parents, not a surname 母
            compound = text[start:start + 2] in COMPOUND_SURNAMES
            for length in (4, 3, 2) if compound else (3, 2):
                name = text[start:start + length]
                # A cue-announced name ends where jieba ends a word ("方静年事已高" gives 方静), and a third
                # character split off by jieba must look like a given-name character ("周超现由" gives 周超).
                if (len(name) != length or start + length not in bounds or not _CJK.fullmatch(name)
                        or name[-1] in _STOP or (name[1] in _STOP and not (length == 3 and name[1] == "家"))
                        or self._common(name, DEMOGRAPHIC_FREQ if start in demographic else CUED_FREQ)):
                    continue
                third = start + length - 1
                if length == 3 and not compound and third in starts and not self._third_char(toks, starts[third]):
                    continue
                found[(start, start + length)] = 0.8
                break
        for match in _SURNAME_ALONE.finditer(text):
            found[(match.start(1), match.end(1))] = 0.6
        for match in _VISITED.finditer(text):
            if not self._common(match.group(1), CUED_FREQ):
                found[(match.start(1), match.end(1))] = 0.75
        for span in self._standalone(text, toks):
            if not any(a < span[1] and span[0] < b for a, b in found):
                found[span] = 0.6
        for (s, e), score in minority_names(text, toks, CUES).items():
            # a Uyghur, Tibetan or Yi name replaces the pieces the Han rules made of it (扎西 + 卓玛, 吉克 + 阿依),
            # not a longer Han name it is part of (黄 + 亚生; 和 + 央宗 is no name)
            overlapping = [span for span in found if span[0] < e and s < span[1]]
            if any(b - a > e - s and not (a == s - 1 and text[a] in FUNCTION_SURNAMES) for a, b in overlapping):
                continue
            for span in overlapping:
                del found[span]
            found[(s, e)] = score
        return [RecognizerResult("PERSON", *self._after_cue(text, s, e), score) for (s, e), score in found.items()
                if not text.startswith(INSTITUTIONS, e)]

    @staticmethod
    def _after_cue(text: str, s: int, e: int) -> tuple[int, int]:
        """A span whose first character ends a cue word (心理咨询 + 师田甜: jieba tagged 师田甜 a name) starts after it."""
        if e - s >= 3 and any(text.startswith(c, s + 1 - len(c)) for c in _CUES_BY_LAST.get(text[s], ())):
            return s + 1, e
        return s, e

    def _standalone(self, text: str, toks: tuple) -> list[tuple[int, int]]:
        """Names with no role word: alone between separators (：马尕娃，, （龙子轩）) or opening a clause before its
        predicate (蓝海波今天没有上学, 走访时龙文静不在家)."""
        bounds = {s for _, _, s in toks} | {len(text)}
        spans = []
        for k, (word, flag, start) in enumerate(toks):
            for s in (start, start + 1):
                if s == start + 1 and not (len(word) >= 2 and word[0] in CLAUSE_GLUE):
                    continue
                opens = s == 0 or text[s - 1] in SEP_BEFORE or text[s - 1] in CLAUSE_GLUE or (
                    s == start and k and (toks[k - 1][1] in ("p", "c") or toks[k - 1][0] in SPEECH))
                if not opens or text[s] in FUNCTION_SURNAMES:
                    continue
                span = self._standalone_at(text, toks, bounds, s)
                if span:
                    spans.append(span)
                    break
        return spans

    def _standalone_at(self, text: str, toks: tuple, bounds: set, s: int) -> tuple[int, int] | None:
        surname = 2 if text[s:s + 2] in COMPOUND_SURNAMES else 1 if text[s] in SURNAMES else 0
        if not surname:
            return None
        for e in (s + surname + 2, s + surname + 1):
            name, given = text[s:e], text[s + surname:e]
            if len(name) != e - s or not _CJK.fullmatch(name) or any(c in _STOP for c in given):
                continue
            if self._wordlike(name) or self._not_given(given) or self._common(name, COMMON_WORD_FREQ):
                continue
            if len(given) == 2 and self._wordlike(text[s:s + 2]) and frequency(text[s:s + 2]) > CUED_FREQ:
                continue  # 高兴地: the surname and the next character make a common word
            if e == len(text) or text[e] in SEP_AFTER:
                return s, e  # alone between separators
            if all(c in GIVEN_CHARS for c in given) and (
                    (e in bounds and self._predicate_at(toks, e))
                    or (text[e] == "家" and e + 1 in bounds and self._predicate_at(toks, e + 1))):
                return s, e  # 蓝海波 + 今天; 方勇 + 家 + 的狗
        return None

    @staticmethod
    def _predicate_at(toks: tuple, e: int) -> bool:
        """Whether the token starting at e begins a predicate (a verb, adverb, time word...) or is 的/是."""
        for word, flag, start in toks:
            if start == e:
                return flag.startswith(PREDICATE_FLAGS) or word in ("的", "是")
            if start > e:
                break
        return False

    @staticmethod
    def _not_given(given: str) -> bool:
        """A given name is often a word (海波, 建华, 浩然), but never a time, a count or a grammar word (周五, 年级)."""
        if len(given) == 1:
            return word_tag(given).startswith(NOT_GIVEN_FLAGS_SINGLE)  # 军, 超 are frequent; verbs or nouns too
        return frequency(given) > GIVEN_NAME_FREQ or word_tag(given).startswith(NOT_GIVEN_FLAGS)

    @staticmethod
    def _wordlike(word: str) -> bool:
        """A word in jieba's dictionary that is no name (高兴, 万一, 年级, 本周); names it knows are tagged nr."""
        if frequency(word) <= 0:
            return False
        tag = word_tag(word)
        return not tag.startswith("nr") or frequency(word) > GIVEN_NAME_FREQ

    def _titled(self, toks: tuple, i: int) -> tuple[int, int] | None:
        """A surname with a title or honorific after it (王老师, 伍阿姨, 欧阳主任): the span of the surname alone."""
        word, flag, start = toks[i]
        nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
        if len(word) == 1 and word in SURNAMES and nxt in TITLES:
            size = 1
        elif word in COMPOUND_SURNAMES and nxt in TITLES:
            size = 2
        elif len(word) >= 2 and word[0] in SURNAMES and word[1:] in TITLES and frequency(word) <= COMMON_WORD_FREQ:
            size, flag = 1, "nr"  # jieba kept 王老师 as one word
        else:
            return None
        if size == 1 and (word[0] in TITLE_BLOCK or word[0] in FUNCTION_SURNAMES):
            return None  # 连老师, 和老师; a compound surname (令狐老师) is never a grammar word
        if flag in NOT_NAME_FLAGS and flag not in ("q", "m") or (flag == "m" and word[0] in NUMERALS):
            return None
        if i and toks[i - 1][1] == "m":
            return None  # 三张 + 主任 would be a count
        if i and toks[i - 1][0] in ("小", "老"):
            start -= 1  # 小王老师: the nickname 小王
            size += 1
        return start, start + size

    def _nickname(self, toks: tuple, i: int) -> tuple[int, int] | None:
        """A pet name: 豆豆, 妞妞 (reduplicated) or 小宝, 小军 (小 + a given-name character), seen in a name context."""
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
        opens_clause = (not prev or not _CJK.match(prev)) and self._predicate_at(toks, start + 2)
        kin_after = nxt in KIN or (nxt == "的" and after in KIN)
        cued_before = prev.endswith(NICK_CUES) or prev in CUES or (prev in ("：", ":") and i > 1 and toks[i - 2][0] in CUES)
        clause_start = not prev or not _CJK.match(prev)
        if word[0] == word[1]:
            if word in COMMON_AA:
                # an adverb (明明) is never followed by 的; a kinship word (妈妈) never is a pet name here
                ok = word in ("明明", "静静", "多多") and clause_start and nxt == "的"
            else:
                ok = (kin_after or cued_before or (clause_start and nxt == "的") or flag in ("nr", "nrfg")
                      or opens_clause or prev in PERSON_GOVERNORS)
            return (start, start + 2) if ok and frequency(word) < 2000 else None
        if word[0] != "小" or word[1] not in GIVEN_CHARS | NICK_CHARS or word[1] in _STOP:
            return None
        if prev in _WEATHER or nxt[:1] in ("转", "夹", "天"):
            return None
        freq = frequency(word)
        if flag in ("nr", "nrfg") and freq <= 300:
            return start, start + 2
        if freq <= 1000 and (kin_after or cued_before or prev in PERSON_GOVERNORS
                             or (opens_clause and word[1] in NICK_CHARS)):
            return start, start + 2
        return None

    @staticmethod
    def _third_char(toks: tuple, j: int) -> bool:
        """Whether token j is one more given-name character (馬娜 + 国) rather than the next word."""
        if j >= len(toks):
            return False
        word, flag, _ = toks[j]
        return len(word) == 1 and word in GIVEN_CHARS and word not in _STOP and flag not in ("uj", "p", "c", "x")

    @staticmethod
    def _common(word: str, limit: int = 0) -> bool:
        return (word in NOT_NAMES or word in PLACES or any(c in word for c in CUES) or word.endswith(ADMIN_ENDINGS)
                or any(t in word for t in TITLES if len(t) > 1)
                or frequency(word) > (limit or COMMON_WORD_FREQ))
