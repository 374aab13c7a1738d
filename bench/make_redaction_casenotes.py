"""Build the case-note redaction sets: an evaluation set (bench/data/redaction_casenotes.jsonl) and a tuning set
(bench/data/redaction_casenotes_tune.jsonl) from the same templates, with another seed and disjoint value pools.

Issue 19's fresh set: case notes of about 100 characters (two entries of one kind about the same people) in the voices
that write them (home-visit records, WeChat-style quick notes, teachers, police, hospital, civil affairs and court
staff, registers and CSV rows), about one in ten with no personal information at all. Gold spans cover every entity
type, the new ones included: MEDICAL (a diagnosis, disorder or disability with its grade, attributed to a person),
SCHOOL_CLASS (school + grade + class as one span) and CASE_NUMBER (court, procuratorate and police case numbers,
低保 / 特困 / 临时救助 certificate numbers, hospital admission numbers). Numbers of identity documents (残疾证 numbers,
ID number + two digits, also without a cue; 出生医学证明) keep their type CN_DOCUMENT_NUMBER, as in the older sets, and
a 学籍号 (G + ID number) is the ID number.

Also in it: children named by the given name alone after the full name (浩宇 after 王浩宇), given names that are
words (海燕, 国庆, 春花), Tibetan, Yi, Mongolian and Uyghur names, household-level addresses (village groups,
natural villages, relocation sites with building and room, urban-village lanes, factory dormitories, bare village
names), and negatives: institutions (儿童福利股, 民政办, 卫生院, 中心小学 alone), kinship words (姑妈), hospital
departments (儿科), everyday words (签收, 告知书, 杏树), policy document numbers (冀民〔2023〕45号), unified social
credit codes, generic place mentions (在杭州打工, 回贵州老家), generic health mentions (手足口病高发) and grades in
statistics.

Honesty: the evaluation set (seed EVAL_SEED, even-indexed values of every pool) is scored and never looked at while
rules change; rules are fixed by looking at the tuning sets only (seeds TUNE_SEED and TUNE2_SEED, odd-indexed values).
The templates are shared, so the evaluation set measures unseen names, places, diagnoses and numbers in known phrasings,
not unseen phrasings: expect lower figures on notes written in other ways.

Markup: [[T:value]], T one of P, ID, M, L, B, E, A, IM, PL, DOC, MED, SC, CASE. Labelling conventions are those of
bench/make_redaction_heldout.py (a surname before a title is PERSON alone; an address runs from its first
administrative or street part to its last number, group or village).

    .venv/bin/python bench/make_redaction_casenotes.py
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_redaction_fresh import check_char, luhn_digit  # noqa: E402
from redaction_marks import SLOT, labelled, write  # noqa: E402

DATA = Path(__file__).with_name("data")
EVAL_OUT, TUNE_OUT = DATA / "redaction_casenotes.jsonl", DATA / "redaction_casenotes_tune.jsonl"
TUNE2_OUT, TUNE3_OUT = DATA / "redaction_casenotes_tune2.jsonl", DATA / "redaction_casenotes_tune3.jsonl"
TUNE4_OUT = DATA / "redaction_casenotes_tune4.jsonl"
EVAL_SEED, TUNE_SEED, TUNE2_SEED, TUNE3_SEED, TUNE4_SEED = 20261203, 7191, 424242, 5150, 9090
COPIES = 5  # each template with slots is filled this many times (a note with no personal information 4 times)

# ---- value pools (the evaluation set takes even indices, the tuning set odd ones) ----
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
                "沈姚卢姜崔钟谭陆汪范廖贾夏韦付方邹孟熊秦邱尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵严覃戴莫孔汤")
RARE = list("荆蓝危阙禤粟佘敖麻滕冉邝晏亓郇訾闵蒯雒昝缪郦逯庹揭谌冼靳笪")
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "皇甫", "令狐", "慕容", "公孙", "尉迟", "端木"]
GIVEN = ["浩宇", "欣怡", "子涵", "雨轩", "梓萱", "俊熙", "思彤", "家豪", "佳怡", "一诺", "子墨", "语嫣", "天宇", "晨阳",
         "明轩", "美琳", "博文", "宇航", "书豪", "俊杰", "紫涵", "嘉怡", "诗琪", "子轩", "睿泽", "锦鹏", "若琳", "梦瑶",
         "雨桐", "思远", "可欣", "皓轩", "沐阳", "恩泽", "芷若", "奕辰", "雅琪", "宏宇", "晓彤", "泽宇", "欣妍", "俊豪"]
# Given names that are everyday words as well.
WORD_GIVEN = ["海燕", "国庆", "春花", "建国", "红梅", "秋菊", "雪梅", "建军", "志强", "桂花", "冬梅", "海军", "文静",
              "金凤", "爱国", "春燕", "建华", "国强", "玉兰", "振华"]
ADULT_GIVEN = ["德明", "桂香", "丽娟", "永红", "玉珍", "文斌", "宏伟", "保国", "爱民", "兴旺", "学文", "雅琴", "红英",
               "秋月", "德胜", "长青", "春生", "翠花", "丽华", "秀梅", "志华", "凤英", "家旺", "秀英", "传林", "世荣"]
TIBETAN = ["卓玛央措", "扎西多吉", "次仁拉姆", "格桑卓嘎", "旦增平措", "索朗次仁", "央金卓玛", "尼玛次仁", "达瓦卓玛",
           "洛桑丹增", "白玛央宗", "拉巴次仁", "德吉卓玛", "益西多吉", "普布次仁", "曲珍拉姆"]
YI = ["阿苏木呷", "吉克阿依", "沙马拉则", "曲比阿果", "吉伍伍呷", "海来阿木", "阿约子洛", "吉木拉惹", "俄木阿支",
      "阿的木甲", "吉史伍呷", "马海阿呷"]
MONGOLIAN = ["巴特尔", "其其格", "额尔敦巴特尔", "苏日娜", "斯琴高娃", "朝鲁门", "乌日娜", "阿拉坦", "萨仁图雅",
             "巴雅尔", "娜仁花", "特木尔"]
UYGHUR = ["阿依古丽·买买提", "艾力·吐尔逊", "帕提古丽·艾买提", "买买提江·依明", "迪丽努尔·艾山", "阿不都热合曼·亚森",
          "努尔比亚·吾买尔", "艾尔肯·玉素甫", "古丽米拉·热合曼", "阿迪力·库尔班", "热娜·克里木", "麦尔丹·艾则孜"]
NICKNAMES = ["豆豆", "妞妞", "小宝", "乐乐", "丫丫", "壮壮", "果果", "小虎", "糖糖", "嘟嘟", "小胖", "阳阳"]

PROVINCES = ["贵州省", "四川省", "云南省", "河北省", "湖南省", "河南省", "安徽省", "江西省", "甘肃省", "广西壮族自治区"]
CITIES = ["遵义市", "毕节市", "凉山彝族自治州", "昭通市", "邢台市", "邵阳市", "信阳市", "阜阳市", "赣州市",
          "临夏回族自治州", "铜仁市", "黔南布依族苗族自治州", "南充市", "保定市"]
COUNTIES = ["务川县", "纳雍县", "昭觉县", "镇雄县", "威县", "隆回县", "固始县", "临泉县", "于都县", "东乡县", "沿河县",
            "荔波县", "仪陇县", "阜平县", "正安县", "赫章县", "布拖县", "彝良县"]
TOWNS = ["白果镇", "三河镇", "桃花乡", "石门镇", "金鸡乡", "马场镇", "双龙镇", "大坪乡", "新街镇", "柳塘镇", "太平乡",
         "龙泉镇", "高坪镇", "兴隆乡", "八角镇", "东山乡", "茶园镇", "青杠乡", "沙坝镇", "岩门乡"]
VILLAGES = ["柳树湾村", "团结村", "石板村", "大寨村", "杨柳村", "清水村", "岩脚村", "坪上村", "高峰村", "红岩村",
            "下坝村", "新田村", "龙潭村", "鱼塘村", "黄泥村", "松林村", "长岭村", "水口村", "老屋村", "核桃坪村",
            "杉木村", "大湾村"]
NATURAL = ["上寨", "下院子", "河坝", "坡脚", "大湾", "新房子", "老鹰岩", "水井湾", "竹林坝", "岩头寨"]
GROUPS = ["一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组", "十一组", "十二组"]
VGROUPS = ["第一村民小组", "第二村民小组", "第三村民小组", "第四村民小组", "第五村民小组", "第六村民小组",
           "第七村民小组", "第八村民小组"]
RELOCATION = ["幸福家园易地扶贫搬迁安置区", "阳光新城易地搬迁安置点", "锦绣家园安置小区", "新民社区易地搬迁安置区",
              "同心家园安置点", "和谐新村易地搬迁安置区"]
URBAN_VILLAGES = ["石牌村", "棠下村", "岗厦村", "白石洲村", "冼村", "沙河村", "杨箕村", "上沙村"]
CITIES_WORK = ["东莞市", "佛山市", "宁波市", "苏州市", "温州市", "泉州市", "深圳市", "中山市"]
DISTRICTS = ["长安镇", "虎门镇", "南海区", "鄞州区", "吴中区", "晋江市", "宝安区", "小榄镇"]
FACTORIES = ["华强电子厂", "宏达鞋厂", "永兴制衣厂", "鑫源五金厂", "大华玩具厂", "金龙纺织厂", "利达塑胶厂",
             "新宇电子厂"]
ROADS = ["幸福路", "建设北路", "解放东路", "团结巷", "新华大街", "人民南路", "长江路", "滨河大道", "育才路", "民主街",
         "劳动路", "胜利巷", "光华路", "和平大道", "园林路", "工农街"]
ESTATES = ["阳光花园", "锦绣小区", "康居苑", "绿洲家园", "金地公寓", "翠湖小区", "安居小区", "电厂宿舍", "东方新村",
           "怡和苑", "城南花园", "棉纺厂宿舍"]
COMMUNITIES = ["新民社区", "光明社区", "河滨社区", "朝阳社区", "南苑社区", "花园社区", "东湖社区", "金桥社区"]

# Diagnoses as they are written of a person; the evaluation set and the tuning set draw from alternate ones.
DIAGNOSES = ["抑郁症", "先天性心脏病", "二级智力残疾", "癫痫", "孤独症", "脑瘫", "白血病", "肢体三级残疾",
             "注意缺陷多动障碍", "听力二级残疾", "重度抑郁发作", "唐氏综合征", "地中海贫血", "精神分裂症",
             "视力一级残疾", "先天性唇腭裂", "急性淋巴细胞白血病", "脑性瘫痪", "双相情感障碍", "智力残疾三级",
             "肾病综合征", "焦虑障碍", "1型糖尿病", "肢体残疾二级", "先天性聋哑", "重度营养不良", "精神残疾二级",
             "孤独症谱系障碍", "言语一级残疾", "血友病", "乙肝", "艾滋病", "肺结核", "多动症", "发育迟缓",
             "轻度智力障碍"]
GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "初一", "初二", "初三",
          "九年级"]
CLASSES = ["一班", "二班", "三班", "（1）班", "（2）班", "（3）班", "1班", "2班", "5班", "（4）班"]
SCHOOL_KINDS = ["中心小学", "小学", "第二小学", "中学", "民族中学", "第一中学", "九年一贯制学校", "完全小学"]
COURTS = ["黔", "川", "滇", "冀", "湘", "豫", "皖", "赣", "甘", "桂"]
COURT_KINDS = ["民特", "民初", "刑初", "民终", "执", "少刑初", "民申"]
POLICY_DOCS = ["冀民〔2023〕45号", "黔府办发〔2022〕12号", "民发〔2019〕34号", "川民发〔2021〕88号",
               "湘政办发〔2020〕7号", "国办发〔2016〕13号", "豫民〔2024〕3号", "滇民发〔2022〕19号"]
DEPARTMENTS = ["儿科", "神经内科", "心内科", "康复科", "精神科", "眼科", "耳鼻喉科", "儿童保健科", "急诊科", "心理科"]

REGION_CODES = ["520326", "520525", "513431", "530627", "130533", "430524", "411525", "341221", "360731", "622926",
                "522228", "522722", "511324", "130626"]
MOBILE_PREFIXES = ["130", "135", "138", "139", "150", "152", "158", "159", "166", "173", "177", "181", "183", "187",
                   "189", "191", "198", "199"]
CARD_PREFIXES = ["622202", "621700", "622848", "623059", "621483", "621559", "623190", "622188"]
AREA_CODES = ["0851", "0857", "0834", "0870", "0319", "0739", "0376", "0558", "0797", "0930"]
PLATE_PREFIXES = ["贵C", "贵F", "川W", "云C", "冀E", "湘E", "豫S", "皖K", "赣B", "甘N"]
MAIL_USERS = ["ertong_zz", "mzb_jz", "xxb_office", "shegong01", "etfl_gu", "wangxf", "liuyan_js", "hefang"]
MAIL_DOMAINS = ["163.com", "qq.com", "126.com", "sina.com", "foxmail.com"]


# A third tuning set draws places, schools' places and given names from these pools instead, written after the first
# two tuning sets were used up: values neither the evaluation set nor the other tuning sets hold.
FRESH_POOLS = {
    "TOWNS": ["花桥镇", "石桥镇", "长坡乡", "梨树乡", "新店镇", "青龙镇", "大河镇", "桃源乡", "白沙镇", "黄土乡",
              "火石镇", "响水乡", "官田镇", "团山乡"],
    "VILLAGES": ["金竹村", "杨家湾村", "石龙村", "水井村", "马鞍村", "麻柳村", "桐子村", "茶山村", "樱桃村", "大坝村",
                 "小河村", "关口村", "庙坪村", "新华村"],
    "COUNTIES": ["石城县", "平塘县", "金沙县", "威宁县", "宣威县", "会泽县", "通江县", "南江县", "新化县", "涟源县"],
    "NATURAL": ["梨子湾", "老院子", "石门坎", "干沟", "竹园", "桥头", "大田坝", "岩洞"],
    "DISTRICTS": ["厚街镇", "塘厦镇", "顺德区", "慈溪市", "昆山市", "龙华区"],
    "FACTORIES": ["恒通电子厂", "永丰制衣厂", "顺发五金厂", "金华鞋厂", "宏图玩具厂", "明达塑胶厂"],
    "URBAN_VILLAGES": ["水围村", "渔农村", "上梅林村", "新洲村", "冼村", "猎德村"],
    "RELOCATION": ["幸福里易地扶贫搬迁安置区", "新市民小区易地搬迁安置点", "丰泽园安置小区", "安居苑易地搬迁安置区"],
    "COMMUNITIES": ["丰泽社区", "安居社区", "滨江社区", "新村社区"],
    "GIVEN": ["子豪", "雨萱", "思琪", "俊宇", "梓涵", "浩轩", "欣悦", "宇轩", "一鸣", "诗涵", "睿哲", "佳琪", "天佑",
              "梓豪", "语桐", "锦程"],
    "WORD_GIVEN": ["红霞", "建平", "春梅", "国华", "海峰", "秀兰", "志刚", "丽萍", "小燕", "德华"],
    "ADULT_GIVEN": ["明华", "秀珍", "长林", "桂芝", "永富", "凤兰", "光明", "淑芬", "正国", "玉梅"],
}


# A fourth tuning set (issue 19, speed round): kinds of school, places, hospital departments and policy documents
# that no other set holds, written before it was scored, to tune school classes and clean notes without the
# evaluation set (whose school kinds, towns and departments the other tuning sets never held).
FRESH4_POOLS = {
    "SCHOOL_KINDS": ["第三小学", "实验小学", "希望小学", "民族小学", "第一小学", "寄宿制小学", "初级中学", "第二中学",
                     "实验中学", "九年制学校", "明德小学", "育才学校", "第四中学", "中心完小", "民族寄宿制学校"],
    "TOWNS": ["河口镇", "凤凰镇", "坪坝乡", "龙井乡", "官庄镇", "洛阳镇", "天星乡", "红岩镇", "平寨镇", "石鼓乡",
              "玉屏镇", "金山镇", "铁厂乡", "九龙镇"],
    "VILLAGES": ["桃子村", "黄家坝村", "青山村", "大石村", "板桥村", "中寨村", "银杏村", "落水村", "凉风村", "沙湾村",
                 "三岔村", "双河村"],
    "COUNTIES": ["道真县", "凤冈县", "普安县", "紫云县", "剑河县", "雷山县", "巧家县", "盐津县", "美姑县", "喜德县",
                 "安化县", "城步县"],
    "DEPARTMENTS": ["新生儿科", "小儿外科", "儿童精神科", "发育行为科", "皮肤科", "口腔科", "儿童康复科", "感染科",
                    "呼吸内科", "消化内科"],
    "POLICY_DOCS": ["黔民发〔2024〕11号", "川办发〔2023〕5号", "滇府发〔2021〕27号", "冀政办字〔2022〕60号",
                    "湘民发〔2024〕2号", "民函〔2023〕77号", "国发〔2019〕26号", "豫政〔2020〕18号"],
    "CITIES_WORK": ["苏州市", "东莞市", "温州市", "厦门市", "泉州市", "中山市", "佛山市", "义乌市"],
    "PROVINCES": ["贵州省", "湖北省", "重庆市", "广东省", "山东省", "陕西省", "福建省", "浙江省"],
}


class Pools:
    """Every pool cut to one half: the evaluation set takes even indices, the tuning sets odd ones (parity 2: the
    fresh pools above where there are some; parity 3: the fourth set's, then the third's)."""

    def __init__(self, parity: int) -> None:
        self.parity = parity

    def __getattr__(self, name: str) -> list:
        if self.parity == 3:
            return FRESH4_POOLS.get(name) or FRESH_POOLS.get(name) or globals()[name][1::2]
        if self.parity == 2:
            return FRESH_POOLS.get(name) or globals()[name][1::2]
        return globals()[name][self.parity::2]


def pick(rng: random.Random, pools: Pools, name: str):
    return rng.choice(getattr(pools, name))


# ---- value makers: each returns (value, extra) where extra is the given name for references ----

def han(rng, pools, word_given=False, child=True):
    roll = rng.random()
    surname = pick(rng, pools, "COMPOUND") if roll < 0.06 else pick(rng, pools, "RARE") if roll < 0.16 else \
        pick(rng, pools, "SURNAMES")
    given = pick(rng, pools, "WORD_GIVEN") if word_given else pick(rng, pools, "GIVEN" if child else "ADULT_GIVEN")
    return surname + given, given


def any_name(rng, pools):
    roll = rng.random()
    if roll < 0.04:
        return pick(rng, pools, "TIBETAN"), None
    if roll < 0.07:
        return pick(rng, pools, "YI"), None
    if roll < 0.09:
        return pick(rng, pools, "MONGOLIAN"), None
    if roll < 0.11:
        return pick(rng, pools, "UYGHUR"), None
    if roll < 0.25:
        return han(rng, pools, word_given=True)
    return han(rng, pools, child=rng.random() < 0.5)


def minority(rng, pools):
    return pick(rng, pools, rng.choice(["TIBETAN", "TIBETAN", "YI", "YI", "MONGOLIAN", "UYGHUR"])), None


def n(rng, a, b):
    return rng.randint(a, b)


def room(rng):
    return f"{n(rng, 1, 30)}栋{n(rng, 1, 6)}单元{n(rng, 1, 18)}0{n(rng, 1, 4)}室"


def village_addr(rng, pools):
    county, town, village = pick(rng, pools, "COUNTIES"), pick(rng, pools, "TOWNS"), pick(rng, pools, "VILLAGES")
    return rng.choice([
        lambda: f"{town}{village}{pick(rng, pools, 'GROUPS')}",
        lambda: f"{county}{town}{village}{pick(rng, pools, 'VGROUPS')}",
        lambda: f"{village}{pick(rng, pools, 'GROUPS')}{n(rng, 1, 40)}号",
        lambda: f"{town}{village}{pick(rng, pools, 'NATURAL')}组",
        lambda: f"{village}{pick(rng, pools, 'NATURAL')}自然村",
        lambda: f"{pick(rng, pools, 'PROVINCES')}{pick(rng, pools, 'CITIES')}{county}{town}{village}"
                f"{pick(rng, pools, 'GROUPS')}",
        lambda: f"{village}{n(rng, 1, 12)}组{n(rng, 1, 40)}号",
    ])(), None


def relocation_addr(rng, pools):
    site = pick(rng, pools, "RELOCATION")
    return rng.choice([lambda: f"{site}{room(rng)}", lambda: f"{pick(rng, pools, 'COUNTIES')}{site}{room(rng)}",
                       lambda: f"{site}{n(rng, 1, 30)}栋{n(rng, 1, 18)}0{n(rng, 1, 4)}"])(), None


def urban_village_addr(rng, pools):
    city, district, uv = (pick(rng, pools, "CITIES_WORK"), pick(rng, pools, "DISTRICTS"),
                          pick(rng, pools, "URBAN_VILLAGES"))
    return rng.choice([lambda: f"{district}{uv}{n(rng, 1, 20)}巷{n(rng, 1, 30)}号",
                       lambda: f"{city}{district}{uv}{n(rng, 1, 9)}巷{n(rng, 1, 30)}号{n(rng, 1, 6)}楼",
                       lambda: f"{uv}{pick(rng, pools, 'ROADS')}{n(rng, 1, 200)}号"])(), None


def dorm_addr(rng, pools):
    return rng.choice([
        lambda: f"{pick(rng, pools, 'DISTRICTS')}{pick(rng, pools, 'FACTORIES')}"
                f"宿舍{n(rng, 1, 8)}栋{n(rng, 1, 6)}0{n(rng, 1, 9)}室",
        lambda: f"{pick(rng, pools, 'CITIES_WORK')}{pick(rng, pools, 'DISTRICTS')}{pick(rng, pools, 'FACTORIES')}"
                f"员工宿舍{n(rng, 1, 8)}号楼{n(rng, 1, 6)}0{n(rng, 1, 9)}",
    ])(), None


def urban_addr(rng, pools):
    return rng.choice([
        lambda: f"{pick(rng, pools, 'ROADS')}{n(rng, 1, 300)}号{pick(rng, pools, 'ESTATES')}{room(rng)}",
        lambda: f"{pick(rng, pools, 'COUNTIES')}{pick(rng, pools, 'ROADS')}{n(rng, 1, 300)}号",
        lambda: f"{pick(rng, pools, 'COMMUNITIES')}{pick(rng, pools, 'ESTATES')}{room(rng)}",
    ])(), None


def any_addr(rng, pools):
    return rng.choice([village_addr, village_addr, village_addr, relocation_addr, urban_village_addr, dorm_addr,
                       urban_addr])(rng, pools)


def bare_village(rng, pools):
    return pick(rng, pools, "VILLAGES"), None


def id_number(rng, first, last):
    born = date(first, 1, 1) + timedelta(days=rng.randint(0, (last - first) * 365))
    first17 = f"{rng.choice(REGION_CODES)}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + check_char(first17)


def mobile(rng, pools):
    m = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 10**8 - 1):08d}"
    return rng.choice([m, m, m, f"{m[:3]} {m[3:7]} {m[7:]}", f"{m[:3]}-{m[3:7]}-{m[7:]}"]), None


def landline(rng, pools):
    return f"{rng.choice(AREA_CODES)}-{rng.randint(2, 8)}{rng.randint(0, 999999):06d}", None


def card(rng, pools):
    body = rng.choice(CARD_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(12))
    c = body + luhn_digit(body)
    return rng.choice([c, c, " ".join(c[i:i + 4] for i in range(0, len(c), 4))]), None


def email(rng, pools):
    return f"{rng.choice(MAIL_USERS)}{rng.randint(1, 99)}@{rng.choice(MAIL_DOMAINS)}", None


def plate(rng, pools):
    """Five characters after the prefix, at most two of them letters (as on ordinary plates)."""
    tail = [rng.choice("0123456789") for _ in range(5)]
    for k in rng.sample(range(5), rng.randint(0, 2)):
        tail[k] = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    return rng.choice(PLATE_PREFIXES) + "".join(tail), None


def wechat(rng, pools):
    """A WeChat ID starts with a letter."""
    return rng.choice(["wxid_", "", "hy"]) + rng.choice("abcdefghjkmnpqrstuvwxyz") + "".join(
        rng.choice("abcdefghjkmnpqrstuvwxyz0123456789") for _ in range(8)), None


def diagnosis(rng, pools):
    return pick(rng, pools, "DIAGNOSES"), None


def school_class(rng, pools):
    place = rng.choice([pick(rng, pools, "TOWNS"), pick(rng, pools, "COUNTIES"), pick(rng, pools, "VILLAGES")])
    kind = pick(rng, pools, "SCHOOL_KINDS")
    if kind.endswith("中学"):
        grade = rng.choice(["七年级", "八年级", "九年级", "初一", "初二", "初三"])
    else:
        grade = rng.choice(["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"])
    return f"{place}{kind}{grade}{pick(rng, pools, 'CLASSES')}", None


def court_number(rng, pools):
    year = rng.randint(2021, 2025)
    code = f"{rng.randint(1, 6)}{rng.randint(1, 30):02d}{rng.randint(1, 30):02d}"
    return f"（{year}）{pick(rng, pools, 'COURTS')}{code}{pick(rng, pools, 'COURT_KINDS')}{rng.randint(1, 999)}号", None


def case_number(rng, pools):
    year = rng.randint(2021, 2025)
    county = pick(rng, pools, "COUNTIES")[:-1]
    return rng.choice([
        lambda: f"{county}低保字第{year}-{rng.randint(1, 9999):04d}号",
        lambda: f"{county}特困字第{year}{rng.randint(1, 999):03d}号",
        lambda: f"A{rng.choice(REGION_CODES)}{rng.randint(10**9, 10**10 - 1)}{year}",
        lambda: f"J{rng.choice(REGION_CODES)}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                f"{rng.randint(1, 999):03d}",
        lambda: f"LSJZ{year}-{rng.randint(1, 9999):04d}",
        lambda: f"ZY{year}{rng.randint(1, 99999):05d}",
        lambda: f"{rng.choice(['黔', '川', '滇'])}{county[:1]}检未检刑不诉〔{year}〕Z{rng.randint(1, 99)}号",
    ])(), None


def dibao_number(rng, pools):
    year = rng.randint(2019, 2025)
    return f"{pick(rng, pools, 'COUNTIES')[:-1]}低保字第{year}-{rng.randint(1, 9999):04d}号", None


def admission(rng, pools):
    return rng.choice([f"{rng.randint(2400000, 2599999)}",
                       f"ZY{rng.randint(2021, 2025)}{rng.randint(1, 99999):05d}"]), None


def police_case(rng, pools):
    return rng.choice([f"A{rng.choice(REGION_CODES)}{rng.randint(10**9, 10**10 - 1)}{rng.randint(2021, 2025)}",
                       f"J{rng.choice(REGION_CODES)}{rng.randint(2021, 2025)}{rng.randint(1, 12):02d}"
                       f"{rng.randint(1, 28):02d}{rng.randint(1, 999):03d}"]), None


def disability_cert(rng, pools):
    return id_number(rng, 2008, 2021) + rng.choice(["11", "12", "23", "42", "51", "63"]), None


def student_number(rng, pools):
    """G + the child's ID number: the ID number is labelled CN_ID_CARD, as in the older sets."""
    return "G[[ID:" + id_number(rng, 2008, 2021) + "]]", None


def birth_cert(rng, pools):
    return rng.choice("MNOPQ") + f"{rng.randint(52, 53)}{rng.randint(10**7, 10**8 - 1)}", None


# Negatives (never labelled).
def policy_doc(rng, pools):
    return pick(rng, pools, "POLICY_DOCS"), None


def uscc(rng, pools):
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return (rng.choice(["91", "12", "52"]) + rng.choice(REGION_CODES)
            + "".join(rng.choice(chars) for _ in range(10))), None


def department(rng, pools):
    return pick(rng, pools, "DEPARTMENTS"), None


def town(rng, pools):
    return pick(rng, pools, "TOWNS"), None


def county(rng, pools):
    return pick(rng, pools, "COUNTIES"), None


def province(rng, pools):
    return pick(rng, pools, "PROVINCES")[:2], None


def work_city(rng, pools):
    return pick(rng, pools, "CITIES_WORK")[:-1], None


def amount(rng, pools):
    return str(rng.choice([300, 450, 560, 680, 800, 1200, 1500, 2000, 3000])), None


def count(rng, pools):
    return str(rng.randint(12, 3000)), None


def day(rng, pools):
    return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日", None


SLOTS = {
    "P": ("P", any_name), "C": ("P", lambda r, p: han(r, p, child=True)),
    "W": ("P", lambda r, p: han(r, p, word_given=True)), "AD": ("P", lambda r, p: han(r, p, child=False)),
    "MIN": ("P", minority), "NICK": ("P", lambda r, p: (pick(r, p, "NICKNAMES"), None)),
    "S": ("P", lambda r, p: (pick(r, p, "SURNAMES"), None)),
    "ADDR": ("A", any_addr), "VIL": ("A", village_addr), "RELOC": ("A", relocation_addr),
    "UV": ("A", urban_village_addr), "DORM": ("A", dorm_addr), "URB": ("A", urban_addr), "BV": ("A", bare_village),
    "MOB": ("M", mobile), "LAND": ("L", landline), "IDC": ("ID", lambda r, p: (id_number(r, 2008, 2021), None)),
    "IDA": ("ID", lambda r, p: (id_number(r, 1960, 1995), None)), "CARD": ("B", card), "EMAIL": ("E", email),
    "PLATE": ("PL", plate), "WX": ("IM", wechat),
    "MED": ("MED", diagnosis), "SC": ("SC", school_class), "COURT": ("CASE", court_number),
    "CASE": ("CASE", case_number), "DIBAO": ("CASE", dibao_number), "ADM": ("CASE", admission),
    "PCASE": ("CASE", police_case), "DISC": ("DOC", disability_cert), "XJH": (None, student_number),
    "BIRTH": ("DOC", birth_cert),
    # unlabelled values
    "POLICY": (None, policy_doc), "USCC": (None, uscc), "DEPT": (None, department), "TOWN": (None, town),
    "COUNTY": (None, county), "PROV": (None, province), "WCITY": (None, work_city), "AMT": (None, amount),
    "NUM": (None, count), "DAY": (None, day),
}

NOTES = {
    "home_visit": [
        "入户走访{C}家，{C}今年九岁，在{SC}读书，父母在{WCITY}打工，由奶奶{AD}照顾。{G}性格内向，作业需要督促。",
        "{DAY}到{VIL}走访留守儿童{C}，{G}患有{MED}，每月需去县医院复查，奶奶说药费压力大。",
        "走访记录：{W}，女，2014年出生，家住{ADDR}，母亲{AD}外出务工，联系电话{MOB}。",
        "{C}一家去年搬进{RELOC}，父亲{AD}在附近扶贫车间上班，{G}转学到{SC}。",
        "本次入户见到{MIN}和她的外婆，孩子被诊断为{MED}，已申请残疾儿童康复救助。",
        "{C}的姑妈{AD}说孩子最近不爱说话，{G}的班主任{S}老师也反映上课注意力不集中。",
        "回访{BV}的{C}家，房屋已加固，{G}的{MED}病情稳定，继续跟进。",
        "{W}父亲因病去世，母亲改嫁，现随爷爷住在{VIL}，爷爷身份证{IDA}。",
        "家访时{C}不在家，邻居说{G}跟着叔叔去{WCITY}了，已电话联系叔叔{AD}（{MOB}）。",
        "{MIN}今年十一岁，父母在外务工，孩子跟舅舅住在{VIL}，学习成绩中等。",
    ],
    "wechat": [
        "@{S}主任 {C}家我刚去过了，{G}在家写作业，奶奶说下周去复查{MED}",
        "收到，{W}的材料我明天送到镇上，{G}的残疾证号{DISC}对过了",
        "{S}老师：{C}今天又没来，电话{MOB}打不通，麻烦村里帮忙看看",
        "群里说一下，{NICK}妈妈微信{WX}，有事直接加她",
        "刚从{RELOC}回来，{C}搬到那边了，{G}说想回老家上学",
        "好的，我把{C}的低保证号{DIBAO}发你，{G}奶奶下午去签收",
        "{W}发烧去了{DEPT}，医生说没大事，{G}明天能上学",
        "已到{UV}，{C}租的房子很小，{G}跟爸爸挤一张床",
        "提醒：{DAY}前把困境儿童名单报到{EMAIL}",
        "{MIN}的爸爸车牌{PLATE}，接孩子时门卫核对一下",
    ],
    "school": [
        "{SC}学生{C}，学籍号{XJH}，因家庭困难申请营养餐补助。",
        "{C}（{SC}）本学期缺课12天，班主任{AD}多次家访，{G}表示会按时到校。",
        "{SC}{W}同学患有{MED}，体育课免修，请各任课老师知悉。",
        "转学登记：{C}，原就读{SC}，现转入我校，监护人{AD}，电话{MOB}。",
        "{MIN}在{SC}就读，汉语基础弱，{S}老师每天放学后辅导半小时。",
        "心理老师反映{SC}的{C}有{MED}倾向，已联系家长{AD}带孩子就医，{G}情绪目前稳定。",
        "控辍保学台账：{W}，{SC}，辍学原因外出打工，已劝返。",
        "资助名单：{C}，{SC}，建档立卡户，银行卡号{CARD}。",
    ],
    "police": [
        "接警单号{PCASE}：报警人{AD}称其子{C}（12岁）于昨晚离家未归，手机{MOB}。",
        "案件编号{PCASE}，涉事未成年人{C}，监护人{AD}，身份证号{IDA}，户籍地{VIL}。",
        "流动人口登记：{AD}，{IDA}，暂住{UV}，随迁子女{C}在{SC}就读。",
        "民警{AD}在{DORM}找到走失儿童{C}，已交还父亲，{G}身体无恙。",
        "户籍核查：{MIN}，身份证号{IDC}，户籍地{VIL}，出生医学证明编号{BIRTH}。",
        "{S}警官告知，{C}的父亲{AD}因盗窃被刑事拘留，案件编号{PCASE}，孩子暂由奶奶照顾。",
        "对{C}被打一事，派出所已立案，案件编号{PCASE}，{G}伤情鉴定为轻微伤。",
    ],
    "hospital": [
        "患儿{C}，男，8岁，住院号{ADM}，诊断：{MED}，家属{AD}，电话{MOB}。",
        "{C}在{DEPT}就诊，确诊{MED}，医生建议转上级医院，{G}的母亲同意。",
        "出院小结：患儿{W}，住院号{ADM}，{MED}，住址{ADDR}。",
        "{MIN}因{MED}在县人民医院住院治疗，医疗费用由医疗救助兜底。",
        "随访：{C}的{MED}控制良好，{G}按时服药，下月复诊挂{DEPT}。",
        "{C}出生医学证明编号{BIRTH}，出生时体重2.1公斤，诊断为{MED}。",
        "门诊记录：{W}，身份证{IDC}，主诉头痛三天，初步诊断{MED}，监护人{AD}陪同。",
    ],
    "civil_affairs": [
        "{C}纳入特困供养，证号{CASE}，每月基本生活费{AMT}元打入卡号{CARD}。",
        "经{TOWN}民政办审核，{W}一户符合低保条件，低保证号{DIBAO}，户主{AD}，住{VIL}。",
        "临时救助审批：申请人{AD}，救助编号{CASE}，因{C}患{MED}住院，给予救助{AMT}元。",
        "{C}父母双亡，认定为孤儿，户籍地{VIL}，监护人舅舅{AD}，电话{MOB}。",
        "事实无人抚养儿童{W}，父亲服刑，母亲失联，现由祖母{AD}照顾，住{RELOC}。",
        "{MIN}为{MED}儿童，残疾证号{DISC}，已申请残疾儿童康复救助。",
        "{C}（{IDC}）的监护人{AD}反映，{G}的学费有困难，已转介{COUNTY}儿童福利股。",
    ],
    "court": [
        "（{C}申请撤销监护人资格案）案号{COURT}，申请人{AD}，被申请人{AD2}，{G}由民政部门临时监护。",
        "{COURT}民事判决书：原告{AD}与被告{AD2}离婚纠纷，婚生子{C}随原告生活。",
        "检察院对{C}被侵害一案提起公诉，案号{COURT}，{G}由社工陪同出庭。",
        "法院送达{COURT}裁定书，{C}由祖父{AD}担任监护人，住址{VIL}。",
        "不起诉决定书{CASE}：未成年人{C}，附条件不起诉，考验期六个月。",
    ],
    "register": [
        "序号{NUM}，{C}，女，{IDC}，{SC}，监护人{AD}，{MOB}，{VIL}",
        "{C},男,{IDC},{AD},{MOB},{ADDR}",
        "姓名：{W}  性别：男  身份证号：{IDC}  住址：{ADDR}  联系电话：{MOB}",
        "{MIN},女,{IDC},{VIL},{MED},{DISC}",
        "{C}|{SC}|{AD}|{MOB}|{RELOC}",
        "留守儿童信息表：{C}；监护人：{AD}（祖母）；电话：{MOB}；住址：{VIL}；健康状况：{MED}",
    ],
    "no_pii": [
        "本月全县{NUM}名留守儿童完成信息更新，{TOWN}民政办已报送{COUNTY}儿童福利股。",
        "根据{POLICY}文件要求，各乡镇要在{DAY}前完成困境儿童摸底。",
        "春季手足口病高发，请各校加强晨检，发现发热儿童及时送{DEPT}。",
        "{TOWN}中心卫生院今天开展儿童体检，姑妈、舅舅等亲属可代为签收告知书。",
        "孤独症儿童康复机构名单已更新，社会信用代码{USCC}的机构通过年检。",
        "今年{COUNTY}四年级学生共{NUM}人，营养餐覆盖率百分之百。",
        "很多家长在{WCITY}打工，春节回{PROV}老家，儿童之家组织了迎新活动。",
        "村里的杏树开花了，儿童主任带孩子们写生，大家画得很开心。",
        "民政局转发{POLICY}，低保标准每月提高到{AMT}元。",
        "{TOWN}中心小学召开控辍保学推进会，校长通报了本学期进展。",
    ],
}


def build(seed: int, parity: int) -> list[dict]:
    rng, pools, rows = random.Random(seed), Pools(parity), []
    for source, templates in NOTES.items():
        sep = "\n" if source in ("register", "wechat") else ""
        for template in templates:
            for _ in range((COPIES - (source == "no_pii")) if SLOT.search(template) else 1):
                # a note is two entries of one kind about the same people (about 100 characters)
                joined = template + sep + rng.choice([t for t in templates if t != template])
                text, entities = labelled(joined, SLOTS, lambda make: make(rng, pools))
                rows.append({"source": source, "text": text, "entities": entities})
    return rows


def main() -> None:
    write(build(EVAL_SEED, 0), EVAL_OUT)
    write(build(TUNE_SEED, 1), TUNE_OUT)
    write(build(TUNE2_SEED, 1), TUNE2_OUT)  # a second tuning set, drawn after the first was used up
    write(build(TUNE3_SEED, 2), TUNE3_OUT)  # a third, with fresh places and given names
    write(build(TUNE4_SEED, 3), TUNE4_OUT)  # a fourth, with fresh school kinds, places, departments, documents


if __name__ == "__main__":
    main()
