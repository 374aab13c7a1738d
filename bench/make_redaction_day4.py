"""Build the day-4 redaction set: case notes in other provinces, other names and other writing habits than the
earlier generators, split into a tuning half and an evaluation half (bench/data/redaction_day4_tune.jsonl,
bench/data/redaction_day4_eval.jsonl; bench/data/redaction_day4.jsonl is both).

Written on 2026-12-03 (day 4 of issue 19) before any rule was fixed on it. What differs from
bench/make_redaction_casenotes.py: places of Sichuan, Yunnan, Gansu, Henan, Guangdong and Jiangxi (invented county,
township and village names that look real; 社/队 as well as 组, villages named with everyday words 桂花村, 和平村),
other surnames (rare ones such as 禤, 邝, 蒙, 岑, 母, 仇, 能, 第五 ...), one-character given names (李娟), given names
that are words (红旗, 胜利, 建设, 富贵), Tibetan names of Gansu and Qinghai, Liangshan Yi names, Hui and Uyghur names,
Sichuan kinship words (幺爸, 嬢嬢, 家婆), and writing habits: abbreviations (民政办→镇民政, 监护人→监), missing
punctuation, spaces, full-width digits, line breaks, '/' and '|' separators, English words (Tel, ID, addr, visit,
follow up), WeChat chatter and table rows. Entity shapes: ID numbers with a lower-case x, in groups or full-width,
mobiles with +86, dashes or spaces, landlines with area codes in brackets, bank cards of 16 and 19 digits, addresses
with 号楼/单元/室, 组/社/队, 工业园 dormitories, urban-village lanes (巷, 坊) and rented rooms.

Halves: the tuning half takes seed TUNE_SEED, the even-indexed values of every pool and the even-indexed templates of
every kind; the evaluation half seed EVAL_SEED, the odd-indexed values and the odd-indexed templates. So the
evaluation half measures unseen names, places, numbers AND unseen phrasings (written in the same style).
Labelling conventions are those of bench/make_redaction_casenotes.py (a surname before a title is PERSON alone;
an address runs from its first administrative or street part to its last number, group, room or village; 残疾证 and
出生医学证明 numbers are CN_DOCUMENT_NUMBER; a 学籍号 G + ID number is the ID number).

    .venv/bin/python bench/make_redaction_day4.py
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_redaction_fresh import check_char, luhn_digit  # noqa: E402
from redaction_marks import labelled, write  # noqa: E402

DATA = Path(__file__).with_name("data")
ALL_OUT, TUNE_OUT, EVAL_OUT = (DATA / "redaction_day4.jsonl", DATA / "redaction_day4_tune.jsonl",
                               DATA / "redaction_day4_eval.jsonl")
TUNE_SEED, EVAL_SEED = 4041, 4042
COPIES = 4  # each template filled this many times (a note with no personal information 3 times)

# ---- value pools (tuning half: even indices; evaluation half: odd indices) ----
SURNAMES = list("蒲母冉文向敬苟税谯幸鲜仇能蒙岑禤邝甘涂付代何罗杨陈李王刘张黄吴周赵邓廖曾谢骆钟赖温"
                "古巫卜伍牟岳车寇鄢宁焦雍祁景桑权闵鞠")
COMPOUND = ["第五", "东方", "西门", "夏侯", "宇文", "长孙"]
GIVEN1 = list("娟勇静敏杰磊涛伟霞燕丹琴鹏斌婷亮浩倩")
GIVEN2 = ["梓轩", "诗雨", "宇豪", "雨涵", "博涛", "欣然", "俊辉", "思琦", "子怡", "家乐", "锦涛", "嘉欣", "铭泽",
          "婉清", "浩然", "楚瑜", "奕涵", "明哲", "诗瑶", "天翊", "佳豪", "若汐", "晓宇", "雅馨"]
WORD_GIVEN = ["红旗", "胜利", "建设", "富贵", "金花", "兰英", "银花", "和平", "永胜", "春雷", "秋云", "海涛", "向东",
              "春兰", "跃进", "平安", "红星", "玉梅", "卫东", "长江"]
ADULT_GIVEN = ["德全", "明清", "光荣", "淑华", "世芬", "开富", "素珍", "少华", "仕明", "朝英", "泽民", "碧华", "应祥",
               "桂兰", "昌林", "德芳", "兴国", "玉芬", "顺才", "春芳"]
TIBETAN = ["才让卓玛", "多杰才让", "拉毛措", "尕藏加", "桑吉卓玛", "贡保扎西", "完玛才让", "卓玛吉", "更登达吉",
           "仁青措", "道吉才让", "李毛吉"]
YI = ["阿力日哈", "吉克曲布", "海来拉格", "沙马伍各", "阿西木呷", "俄底日哈", "吉伍尔呷", "曲木阿果", "马黑木呷",
      "阿尔拉则", "日火伍沙", "木乃石者"]
HUI = ["马海龙", "马秀兰", "撒文强", "虎玉梅", "马福祥", "丁学成", "锁金花", "马尕西木", "冶成林", "马哈奴"]
UYGHUR = ["努尔艾力·阿不都", "古再丽努尔·买买提", "阿卜杜拉·吐尔洪", "布佐热·艾合买提", "艾克拜尔·热西提",
          "米热古丽·吾斯曼"]
NICKNAMES = ["狗娃", "幺妹", "二娃", "毛毛", "胖墩", "石头", "丫头", "满崽"]

# Provinces and their places (every name below the province invented or used loosely).
PROVINCES = ["四川省", "云南省", "甘肃省", "河南省", "广东省", "江西省", "四川省", "云南省"]
CITIES = ["南充市", "普洱市", "陇南市", "周口市", "揭阳市", "赣州市", "达州市", "临沧市", "定西市", "驻马店市",
          "湛江市", "上饶市"]
COUNTIES = ["营溪县", "澜源县", "宕河县", "郸阳县", "揭东县", "宁兴县", "宣汉县", "双江县", "通安县", "新蔡县",
            "廉江县", "鄱东县", "苍溪县", "墨江县", "岷南县", "沈丘县"]
TOWNS = ["观音桥镇", "勐仑镇", "碧口镇", "付井镇", "棉湖镇", "梅江镇", "回龙乡", "糯扎渡镇", "什川镇", "槐店镇",
         "石佛乡", "长冈乡", "鹿鸣镇", "者东乡", "新寨镇", "田头镇", "碾盘乡", "曲江乡"]
VILLAGES = ["碾子沟村", "曼那村", "阳洼村", "王营村", "塘背村", "燕子岩村", "帕卡村", "马家岔村", "后楼村", "罗坑村",
            "桂花村", "糯福村", "红崖湾村", "小李庄村", "下湾村", "和平村", "苦竹坝村", "芒果树村", "李家堡村",
            "刘庄村", "柏树垭村", "向阳村"]
NATURAL = ["老鸦窝", "大田坎", "石磨湾", "杨家院子", "水碾河", "上寨子", "庙湾", "黄桷垭"]
SHE = ["1社", "2社", "三社", "四社", "5社", "六社", "七社", "8社"]
DUI = ["一队", "二队", "三队", "四队", "五队", "六队"]
GROUPS = ["3组", "7组", "一组", "五组", "11组", "九组", "2组", "八组"]
RELOC = ["天池镇易地扶贫搬迁集中安置点", "梅江新区安置小区", "城北安置区", "彝家新寨安置点", "城东易地搬迁安置小区",
         "幸福里安置点", "阳光新村集中安置区", "新城社区安置小区"]
WORK_CITIES = ["惠州市", "江门市", "广州市", "东莞市", "揭阳市", "佛山市"]
WORK_DISTRICTS = ["惠阳区", "蓬江区", "白云区", "大朗镇", "普宁市", "南海区"]
STREETS = ["新圩镇", "棠下镇", "三元里街道", "沙井街道", "流沙街道", "大沥镇"]
URBAN_VILLAGES = ["长布村", "杨美村", "康乐村", "步涌村", "巷头村", "小坪村", "沙边村", "黄岐村"]
PARKS = ["长布工业园", "棠下工业园", "松山湖科技园", "石湾工业区", "大沥工业园", "新圩工业区"]
FACTORIES = ["信达电子厂", "鸿运塑胶厂", "美雅鞋业", "宏发五金厂", "立讯电子", "华美制衣厂"]
ROADS = ["文化路", "健康路", "人民北路", "东风巷", "红星路", "新华街", "建设巷", "五一路", "滨江路", "解放街"]
ESTATES = ["金色家园", "翠苑小区", "教师新村", "供销社宿舍", "阳光城", "世纪花园", "农机厂家属院", "龙湖苑"]
COMMUNITIES = ["城关社区", "滨河社区", "东风社区", "文昌社区", "新华社区", "民主社区"]

DIAGNOSES = ["脑性瘫痪", "自闭症", "智力残疾二级", "先天性心脏病", "癫痫", "支气管哮喘", "视力残疾一级", "抽动症",
             "苯丙酮尿症", "先天性髋关节脱位", "脊柱裂", "矮小症", "创伤后应激障碍", "精神发育迟滞", "肢体残疾四级",
             "多重残疾", "β地中海贫血", "先天性白内障", "脑积水", "孤独症谱系障碍", "重度贫血", "病毒性心肌炎",
             "慢性肾衰竭", "言语残疾三级", "听力残疾一级", "轻度抑郁", "再生障碍性贫血", "儿童精神分裂症"]
SCHOOLS = ["城关一小", "实验二小", "九义校", "完小", "民族小学", "中心校", "初级中学", "城关中学", "育英学校",
           "红军小学", "第五小学", "附属中学"]
GRADES_P = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "5年级", "3年级"]
GRADES_M = ["七年级", "八年级", "九年级", "初一", "初二", "初三"]
CLASSES = ["1班", "(2)班", "３班", "（3）班", "二班", "4班", "(1)班", "六班"]
COURT_PROV = ["川", "云", "甘", "豫", "粤", "赣"]
COURT_KINDS = ["民特", "民初", "刑初", "民终", "执", "未成年人刑初", "民撤"]
POLICY_DOCS = ["川民发〔2024〕12号", "甘政办发〔2023〕8号", "云民规〔2022〕3号", "豫民文〔2024〕51号",
               "粤民发〔2021〕107号", "赣府厅字〔2023〕19号", "民发〔2021〕44号", "川办函〔2022〕66号"]
DEPARTMENTS = ["儿保科", "发育行为儿科", "康复医学科", "儿童心理门诊", "新生儿重症监护室", "小儿神经内科",
               "儿童血液肿瘤科", "心胸外科", "耳鼻咽喉科", "精神心理科"]
KIN = ["幺爸", "嬢嬢", "家婆", "家公", "表叔", "舅妈", "幺姑", "二伯", "大姨", "外公"]

REGION_CODES = ["511623", "513434", "530824", "532823", "620421", "621122", "411625", "412726", "441323", "360730",
                "361127", "511722"]
MOBILE_PREFIXES = ["133", "136", "137", "147", "151", "155", "156", "157", "176", "178", "180", "182", "185", "186",
                   "188", "193", "195", "196"]
CARD_PREFIXES = ["621799", "622823", "622908", "623668", "621098", "622262", "625965", "621226"]
AREA_CODES = ["0817", "0818", "0879", "0883", "0939", "0932", "0394", "0396", "0663", "0752", "020", "0793"]
PLATES = ["川R", "川S", "云J", "云S", "甘K", "甘J", "豫P", "粤L", "粤V", "赣F"]
MAIL_USERS = ["mzs_ertong", "shegongzhan", "lushengmin", "xiaoxue_xl", "ety_fuwu", "jzb2024"]
MAIL_DOMAINS = ["163.com", "qq.com", "126.com", "yeah.net", "139.com"]


def pick(rng: random.Random, name: str, parity: int):
    return rng.choice(globals()[name][parity::2])


FW = str.maketrans("0123456789", "０１２３４５６７８９")


def fullwidth(rng: random.Random, s: str, p: float = 0.2) -> str:
    return s.translate(FW) if rng.random() < p else s


class Maker:
    """Value makers for one half: each returns (value, given name or None)."""

    def __init__(self, rng: random.Random, parity: int) -> None:
        self.rng, self.parity = rng, parity

    def p(self, name: str):
        return pick(self.rng, name, self.parity)

    def n(self, a: int, b: int) -> int:
        return self.rng.randint(a, b)

    def han(self, kind: str = "child"):
        r = self.rng.random()
        surname = self.p("COMPOUND") if r < 0.05 else self.p("SURNAMES")
        if kind == "word":
            given = self.p("WORD_GIVEN")
        elif kind == "adult":
            given = self.p("ADULT_GIVEN")
        else:
            given = self.p("GIVEN1") if self.rng.random() < 0.3 else self.p("GIVEN2")
        return surname + given, given if len(given) == 2 else None

    def any_name(self):
        r = self.rng.random()
        for limit, pool in ((0.05, "TIBETAN"), (0.10, "YI"), (0.13, "HUI"), (0.15, "UYGHUR")):
            if r < limit:
                return self.p(pool), None
        if r < 0.3:
            return self.han("word")
        return self.han(self.rng.choice(["child", "adult"]))

    def minority(self):
        return self.p(self.rng.choice(["TIBETAN", "TIBETAN", "YI", "YI", "HUI", "UYGHUR"])), None

    # addresses
    def village(self):
        c, t, v = self.p("COUNTIES"), self.p("TOWNS"), self.p("VILLAGES")
        return self.rng.choice([
            lambda: f"{t}{v}{self.p('SHE')}",
            lambda: f"{c}{t}{v}{self.p('GROUPS')}",
            lambda: f"{v}{self.p('DUI')}",
            lambda: f"{t}{v}{self.p('NATURAL')}",
            lambda: f"{v}{self.p('GROUPS')}{fullwidth(self.rng, str(self.n(1, 60)))}号",
            lambda: f"{self.p('PROVINCES')}{self.p('CITIES')}{c}{t}{v}{self.p('SHE')}",
            lambda: f"{c}{t}{v}{self.p('DUI')}",
            lambda: f"{v}{self.p('NATURAL')}组",
        ])(), None

    def room(self):
        return self.rng.choice([f"{self.n(1, 20)}号楼{self.n(1, 5)}单元{self.n(1, 18)}0{self.n(1, 4)}室",
                                f"{self.rng.choice('ABCDE')}栋{self.n(1, 6)}单元{self.n(1, 12)}0{self.n(1, 4)}",
                                f"{self.n(1, 30)}幢{self.n(1, 18)}0{self.n(1, 4)}室"])

    def relocation(self):
        return self.rng.choice([lambda: f"{self.p('COUNTIES')}{self.p('RELOC')}{self.room()}",
                                lambda: f"{self.p('RELOC')}{self.room()}"])(), None

    def urban_village(self):
        uv = self.p("URBAN_VILLAGES")
        return self.rng.choice([
            lambda: f"{self.p('WORK_DISTRICTS')}{uv}{self.n(1, 12)}巷{self.n(1, 40)}号",
            lambda: f"{uv}东区{self.n(1, 9)}坊{self.n(1, 30)}号",
            lambda: f"{self.p('STREETS')}{uv}新村{self.n(1, 15)}巷{self.n(1, 20)}号{self.n(1, 6)}0{self.n(1, 5)}房",
            lambda: f"{self.p('WORK_CITIES')}{self.p('WORK_DISTRICTS')}{uv}{self.n(1, 9)}巷{self.n(1, 30)}号",
        ])(), None

    def dorm(self):
        return self.rng.choice([
            lambda: f"{self.p('WORK_DISTRICTS')}{self.p('PARKS')}{self.p('FACTORIES')}宿舍"
                    f"{self.rng.choice('ABCD')}栋{self.n(2, 6)}0{self.n(1, 9)}",
            lambda: f"{self.p('PARKS')}员工宿舍{self.n(1, 9)}号楼{self.n(1, 6)}楼",
            lambda: f"{self.p('STREETS')}{self.p('PARKS')}宿舍区{self.n(1, 12)}栋{self.n(1, 6)}0{self.n(1, 9)}房",
        ])(), None

    def urban(self):
        return self.rng.choice([
            lambda: f"{self.p('COUNTIES')}{self.p('ROADS')}{self.n(1, 200)}号{self.p('ESTATES')}{self.room()}",
            lambda: f"{self.p('COMMUNITIES')}{self.p('ESTATES')}{self.room()}",
            lambda: f"{self.p('ROADS')}{self.n(1, 99)}号院{self.n(1, 9)}号楼{self.n(1, 3)}单元"
                    f"{self.n(1, 7)}0{self.n(1, 2)}",
        ])(), None

    def any_addr(self):
        return self.rng.choice([self.village, self.village, self.village, self.relocation, self.urban_village,
                                self.dorm, self.urban])()

    def bare_village(self):
        return self.p("VILLAGES"), None

    # numbers
    def id_number(self, first: int, last: int, shape: bool = True) -> str:
        while True:
            born = date(first, 1, 1) + timedelta(days=self.n(0, (last - first) * 365))
            first17 = f"{self.p('REGION_CODES')}{born:%Y%m%d}{self.n(0, 999):03d}"
            v = first17 + check_char(first17)
            if not shape or self.rng.random() < 0.35 or v.endswith("X"):
                break
        if not shape:
            return v
        r = self.rng.random()
        if v.endswith("X") and r < 0.6:
            v = v[:-1] + "x"
        if r > 0.85:
            v = f"{v[:6]} {v[6:14]} {v[14:]}"
        return fullwidth(self.rng, v, 0.12)

    def mobile(self):
        m = self.p("MOBILE_PREFIXES") + f"{self.n(0, 10**8 - 1):08d}"
        return self.rng.choice([m, f"+86 {m}", f"+86-{m}", f"{m[:3]}-{m[3:7]}-{m[7:]}", f"{m[:3]} {m[3:7]} {m[7:]}",
                                m.translate(FW), m, f"86{m}"]), None

    def landline(self):
        code = self.p("AREA_CODES")
        digits = 6 if len(code) == 4 else 7
        body = f"{self.n(2, 8)}{self.n(0, 10**digits - 1):0{digits}d}"
        return self.rng.choice([f"{code}-{body}", f"({code}){body}", f"（{code}）{body}", f"{code} {body}"]), None

    def card(self):
        length = self.rng.choice([16, 19, 19])
        body = self.p("CARD_PREFIXES") + "".join(str(self.n(0, 9)) for _ in range(length - 7))
        c = body + luhn_digit(body)
        return self.rng.choice([c, c, " ".join(c[i:i + 4] for i in range(0, len(c), 4))]), None

    def email(self):
        return f"{self.p('MAIL_USERS')}{self.n(1, 99)}@{self.p('MAIL_DOMAINS')}", None

    def plate(self):
        tail = [self.rng.choice("0123456789") for _ in range(5)]
        for k in self.rng.sample(range(5), self.n(0, 2)):
            tail[k] = self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
        return self.p("PLATES") + "".join(tail), None

    def wechat(self):
        return self.rng.choice(["wxid_", "", "a_"]) + self.rng.choice("abcdefghkmnpqrstwxyz") + "".join(
            self.rng.choice("abcdefghkmnpqrstwxyz0123456789") for _ in range(self.n(6, 10))), None

    def qq(self):
        return str(self.n(10**7, 3 * 10**9)), None

    def diagnosis(self):
        return self.p("DIAGNOSES"), None

    def school_class(self):
        kind = self.p("SCHOOLS")
        places = [self.p("TOWNS"), self.p("COUNTIES")]
        if kind in ("完小", "中心校", "九义校", "民族小学", "红军小学"):
            places.append(self.p("VILLAGES")[:-1])
        place = self.rng.choice(places)
        grades = "GRADES_M" if kind.endswith("中学") else "GRADES_P"
        return f"{place}{kind}{self.p(grades)}{self.p('CLASSES')}", None

    def court(self):
        year = self.n(2020, 2025)
        code = f"{self.n(1, 7)}{self.n(1, 34):02d}{self.n(1, 30):02d}"
        bracket = self.rng.choice(["（{}）", "({})", "〔{}〕"]).format(year)
        return f"{bracket}{self.p('COURT_PROV')}{code}{self.p('COURT_KINDS')}{self.n(1, 999)}号", None

    def case(self):
        year = self.n(2020, 2025)
        county = self.p("COUNTIES")[:-1]
        return self.rng.choice([
            lambda: f"{county}低保证字第{year}{self.n(1, 9999):04d}号",
            lambda: f"NO.{self.p('REGION_CODES')}{year}{self.n(1, 9999):04d}",
            lambda: f"{county}特困供养证{year}-{self.n(1, 999):03d}号",
            lambda: f"LS{year}{self.n(1, 12):02d}-{self.n(1, 999):03d}",
            lambda: f"{county}临救〔{year}〕{self.n(1, 300)}号",
            lambda: f"A{self.p('REGION_CODES')}{self.n(10**9, 10**10 - 1)}{year}",
            lambda: f"{self.p('COURT_PROV')}{county[:1]}检未刑不诉〔{year}〕{self.n(1, 40)}号",
        ])(), None

    def police(self):
        year = self.n(2021, 2025)
        return self.rng.choice([f"A{self.p('REGION_CODES')}{self.n(10**9, 10**10 - 1)}{year}",
                                f"J{self.p('REGION_CODES')}{year}{self.n(1, 12):02d}{self.n(1, 28):02d}"
                                f"{self.n(1, 999):03d}",
                                f"{self.p('COUNTIES')[:-1]}公（刑）立字〔{year}〕{self.n(1, 900)}号"]), None

    def admission(self):
        return self.rng.choice([f"{self.n(3000000, 3999999)}", f"ZY{self.n(2022, 2025)}{self.n(1, 99999):05d}",
                                f"{self.n(2022, 2025)}{self.n(1, 99999):06d}"]), None

    def disability(self):
        return self.id_number(2008, 2021, shape=False) + self.rng.choice(["11", "22", "31", "42", "53", "64"]), None

    def birth(self):
        return self.rng.choice("MNOPQR") + f"{self.n(51, 53)}{self.n(10**7, 10**8 - 1)}", None

    # unlabelled values
    def policy(self):
        return self.p("POLICY_DOCS"), None

    def uscc(self):
        chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        return self.rng.choice(["12", "52", "53"]) + self.p("REGION_CODES") + "".join(
            self.rng.choice(chars) for _ in range(10)), None


SLOTS = {
    "P": ("P", "any_name"), "C": ("P", "han:child"), "W": ("P", "han:word"), "AD": ("P", "han:adult"),
    "MIN": ("P", "minority"), "NICK": ("P", "nick"), "S": ("P", "surname"),
    "ADDR": ("A", "any_addr"), "VIL": ("A", "village"), "RELOC": ("A", "relocation"), "UV": ("A", "urban_village"),
    "DORM": ("A", "dorm"), "URB": ("A", "urban"), "BV": ("A", "bare_village"),
    "MOB": ("M", "mobile"), "LAND": ("L", "landline"), "IDC": ("ID", "idc"), "IDA": ("ID", "ida"),
    "CARD": ("B", "card"), "EMAIL": ("E", "email"), "PLATE": ("PL", "plate"), "WX": ("IM", "wechat"),
    "QQ": ("IM", "qq"), "MED": ("MED", "diagnosis"), "SC": ("SC", "school_class"), "COURT": ("CASE", "court"),
    "CASE": ("CASE", "case"), "PCASE": ("CASE", "police"), "ADM": ("CASE", "admission"),
    "DISC": ("DOC", "disability"), "BIRTH": ("DOC", "birth"), "XJH": (None, "xjh"),
    "POLICY": (None, "policy"), "USCC": (None, "uscc"), "DEPT": (None, "pool:DEPARTMENTS"),
    "TOWN": (None, "pool:TOWNS"), "COUNTY": (None, "pool:COUNTIES"), "KIN": (None, "pool:KIN"),
    "PROV": (None, "prov"), "WCITY": (None, "wcity"), "AMT": (None, "amount"), "NUM": (None, "count"),
    "DAY": (None, "day"),
}


def make(maker: Maker, how: str):
    rng = maker.rng
    if how.startswith("han:"):
        return maker.han(how[4:])
    if how.startswith("pool:"):
        return maker.p(how[5:]), None
    if how == "nick":
        return maker.p("NICKNAMES"), None
    if how == "surname":
        return maker.p("SURNAMES"), None
    if how == "idc":
        return maker.id_number(2008, 2021), None
    if how == "ida":
        return maker.id_number(1965, 1998), None
    if how == "xjh":
        return "G[[ID:" + maker.id_number(2008, 2021, shape=False) + "]]", None
    if how == "prov":
        return maker.p("PROVINCES")[:2], None
    if how == "wcity":
        return maker.p("WORK_CITIES")[:-1], None
    if how == "amount":
        return str(rng.choice([260, 390, 455, 610, 720, 900, 1100, 1380, 2500])), None
    if how == "count":
        return str(rng.randint(8, 2600)), None
    if how == "day":
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        return rng.choice([f"{m}月{d}号", f"{m}.{d}", f"{m}/{d}"]), None
    return getattr(maker, how)()


# Templates: each kind's even-indexed ones are the tuning half's, odd-indexed ones the evaluation half's.
# {G} is the given name of {C}/{W}/{P} (two characters only), {G2} of {C2}...
NOTES = {
    "home_visit": [
        "入户走访 {C}（{IDC}）跟{KIN}{AD}住在{VIL}，父母在{WCITY}打工两年没回来，{G}说想妈妈。",
        "今天到{VIL}看了{W}一家，房子漏雨，{G}的{KIN}{AD}说村里答应帮忙修，孩子作业没人辅导",
        "走访{RELOC} {C}在家，{G}去年确诊{MED}，{KIN}讲医药费报了一部分，还差两千多",
        "{DAY}回访：{C}已经返校，{G}精神状态好转。监护人{AD} 电话{MOB}",
        "到{BV}入户，{MIN}的爷爷{AD}病重卧床，孩子放学回来要做饭喂猪，建议纳入重点关注",
        "入户核查 户主{AD} 家庭成员：妻{AD2}、子{C}，现住{ADDR}，{C}在{SC}",
        "{C}家情况：父亲{AD}服刑中，母亲离家，{G}跟{KIN}在{VIL}生活，{G}性格比较闷",
        "家访记录/{W}/{SC}/住{ADDR}/父{AD}常年在外/联系{MOB}",
        "跟村干部{S}书记一起去了{BV}，{C}和弟弟{C2}在家，{G}说爸爸过年才回来",
        "{C}外婆{AD}今年七十多了，耳朵背，{G}的{MED}要定期复查，下次约好去县医院",
        "visit {DAY}：{C}不在家，邻居{AD}说{G}去{WCITY}找他妈了，已打{MOB}没人接",
        "走访对象：{MIN}，女，住{VIL}，{MED}，家里靠低保过日子，{KIN}照顾",
    ],
    "wechat": [
        "[语音转文字]{S}姐 我刚从{BV}出来 {C}家没人 {G}他{KIN}说带去赶场了",
        "收到👌 {W}的资料明天带到镇民政 {G}身份证{IDC}对过了",
        "@{S}主任 {C}的银行卡号{CARD}，补助打这个卡",
        "{NICK}她妈换号了 新号{MOB} 微信{WX}",
        "刚在{UV}找到{C}了，跟他爸租的单间，{G}说不想回老家读书",
        "麻烦发下{C}的残疾证号 我这边要录系统，{G}是{MED}",
        "{S}老师，{C}今天发烧没来学校，{KIN}说去{DEPT}看了",
        "qq{QQ}是{C}姐姐的，{G}的事可以找她",
        "明早8点{BV}集合，{AD}开车 车牌{PLATE}",
        "ok 已跟{AD}说好了，{C}下周一去{SC}报到，{G}的转学手续我来跑",
        "有个情况：{MIN}这几天没去上学，打他家座机{LAND}没人接，谁离得近去看看",
        "{C} 身份证 {IDC} 手机 {MOB} 住{ADDR} 先记下",
    ],
    "school": [
        "{SC} {C}，学籍{XJH}，父母离异随{KIN}生活，本学期申请寄宿生生活补助",
        "班主任{S}老师反映：{C}（{SC}）连续三天未到校，{G}的监护人{AD}电话{MOB}关机",
        "{SC}学生{W}患{MED}，已办随班就读，{G}的家长{AD}同意每周送康复",
        "辍学劝返台账|{C}|{SC}|去向：随父在{UV}|联系人{AD}|{MOB}",
        "学籍号{XJH}，{C}，现就读{SC}，户籍{VIL}，留守儿童",
        "{MIN}是{SC}的学生，汉语还不太会讲，{S}老师每天中午给她补课",
        "心理健康排查：{SC}{C}疑似{MED}，已通知{KIN}{AD}带去{DEPT}复诊",
        "营养餐名单 {C} {SC} 建档立卡 卡号{CARD}",
        "{C}，{SC}，父亲{AD}，身份证{IDA}，家住{ADDR}",
        "{SC}的{W}同学跟{C}打架，{G}眼角缝了三针，双方家长已到校",
    ],
    "police": [
        "受案回执{PCASE}：报案人{AD}（{IDA}）称其女{C}于昨日傍晚离家未归，联系电话{MOB}",
        "出警记录 {DAY} 于{UV}找到走失儿童{C}，由其父{AD}领回，{G}无外伤",
        "暂住登记：{AD}，身份证{IDA}，暂住{DORM}，随迁子女{C}、{C2}",
        "案件编号{PCASE}，涉案未成年人{C}，户籍地{VIL}，监护人{AD}，电话{LAND}",
        "{S}警官反映{C}在网吧通宵，已通知其{KIN}{AD}到所领人",
        "{MIN}，身份证号{IDC}，户籍{VIL}，出生证编号{BIRTH}，户口已补登",
        "立案决定书{PCASE}：{C}被同村{AD}殴打，{G}轻微伤，监护人{AD2}要求追究",
        "巡逻发现{C}独自在{BV}河边玩水，已送回家，{G}的{KIN}{AD}表示以后会看好",
    ],
    "hospital": [
        "患儿{C} 女 6岁 住院号{ADM} 入院诊断：{MED} 家属：{KIN}{AD} Tel {MOB}",
        "{C}因{MED}在我院{DEPT}住院，费用已走医疗救助，{G}的{KIN}陪护",
        "出院记录：{W}，住院号：{ADM}，出院诊断{MED}，地址{ADDR}",
        "门诊病历 {C}（ID:{IDC}）主诉咳嗽一周，诊断{MED}，监护人{AD}",
        "{MIN}经评估为{MED}，残疾证号{DISC}，建议纳入康复救助",
        "随访电话{MOB}：{C}的{MED}好转，{G}已能下地走路，下月来{DEPT}复查",
        "新生儿{C}出生医学证明{BIRTH}，母亲{AD}（{IDA}），诊断{MED}，转{DEPT}",
        "{C}今天来{DEPT}打针，{G}的奶奶说孩子{MED}好几年了，一直吃药",
    ],
    "civil_affairs": [
        "低保审批：户主{AD}，低保证号{CASE}，家庭成员{C}（{MED}），住{VIL}，月保障金{AMT}元",
        "{C}认定为事实无人抚养儿童，父{AD}重残，母{AD2}失联，现住{RELOC}",
        "临时救助：申请人{AD}，编号{CASE}，因{C}患{MED}住院，拟救助{AMT}元，打卡{CARD}",
        "孤儿{C}，{IDC}，户籍{VIL}，监护人{KIN}{AD}，基本生活费每月{AMT}元",
        "特困人员{W}，证号{CASE}，分散供养，住{ADDR}，联系人{AD}",
        "困境儿童{MIN}，{MED}，残疾证{DISC}，已纳入重残护理补贴",
        "经{TOWN}民政办、村委会核查，{C}的{KIN}{AD}不具备监护能力，建议由{COUNTY}民政局临时监护",
        "{C}|{IDC}|{VIL}|{MED}|{AD}|{MOB}",
    ],
    "court": [
        "{COURT}撤销监护人资格案：申请人{COUNTY}民政局，被申请人{AD}，未成年人{C}由民政部门监护",
        "案号{COURT}，原告{AD}诉被告{AD2}抚养费纠纷，婚生女{C}随原告生活，{G}现在{SC}",
        "检察机关对{C}被性侵案提前介入，案号{COURT}，{G}由社工{AD}陪同询问",
        "不起诉决定书{CASE}，被不起诉人{C}，附条件不起诉考验期六个月",
        "{COURT}判决：{C}的监护人变更为{KIN}{AD}，住{VIL}",
        "法院来电（{LAND}）：{COURT}一案{DAY}开庭，{C}的{KIN}需到庭",
    ],
    "register": [
        "{C}\t{IDC}\t{SC}\t{AD}\t{MOB}",
        "姓名:{W} 身份证:{IDC} 住址:{ADDR} 电话:{MOB}",
        "{C},{IDC},{MED},{DISC},{VIL}",
        "序号 {NUM} | {MIN} | {VIL} | 监护人 {AD} | {MOB}",
        "{C}/{SC}/{RELOC}/{AD}",
        "name:{C} ID:{IDC} addr:{ADDR} tel:{MOB}",
        "{C} 男 {IDC} 监护人{KIN}{AD} {LAND} {VIL}",
        "{W}；{IDC}；{DORM}；父{AD}；{MOB}；随迁",
    ],
    "no_pii": [
        "本周全镇{NUM}名留守儿童完成关爱走访，{TOWN}民政办已汇总上报{COUNTY}民政局",
        "按{POLICY}要求，{DAY}前完成困境儿童基本生活保障资金发放",
        "流感高发季，各村儿童主任提醒家长注意孩子发烧咳嗽，及时到卫生院就诊",
        "很多家长去{WCITY}打工了，过年回{PROV}老家，儿童之家准备了春节活动",
        "{TOWN}中心小学开展防溺水教育，五年级各班签订安全承诺书",
        "社会信用代码{USCC}的康复机构通过年审，可承接残疾儿童康复救助",
        "桂花开了，和平广场上孩子们在放风筝，向阳花幼儿园组织了亲子活动",
        "{DEPT}今天义诊，幺爸、嬢嬢带孩子来的也可以登记，不需要身份证",
        "会议纪要：国庆假期儿童主任轮流值班，春花节活动改到下月",
        "{COUNTY}今年三年级学生共{NUM}人，近视率比去年下降，营养改善计划覆盖全县",
    ],
}


def build(seed: int, parity: int) -> list[dict]:
    rng = random.Random(seed)
    maker = Maker(rng, parity)
    rows = []
    for source, all_templates in NOTES.items():
        templates = all_templates[parity::2]
        for template in templates:
            for _ in range(COPIES - (source == "no_pii")):
                seps = ["\n", "\n", " "] if source in ("wechat", "register") else ["", "", "。", " ", "\n"]
                sep = rng.choice(seps)
                joined = template + sep + rng.choice([t for t in templates if t != template])
                text, entities = labelled(joined, SLOTS, lambda how: make(maker, how))
                rows.append({"source": source, "text": text, "entities": entities})
    return rows


def main() -> None:
    tune, evaluation = build(TUNE_SEED, 0), build(EVAL_SEED, 1)
    write(tune, TUNE_OUT)
    write(evaluation, EVAL_OUT)
    write(tune + evaluation, ALL_OUT)


if __name__ == "__main__":
    main()
