"""Build the fresh redaction set (bench/data/redaction_fresh.jsonl): caseworker notes written after the recognizers.

Templates of notes in the voices of children's directors, social workers, teachers, police, community grid workers
(网格员), civil affairs and health staff, filled (seeded) from wide pools of invented names, places and numbers:
Han names with common, rare and compound surnames, Korean (朝鲜族) and Hui names, pet names, rural 村/组 addresses
and urban ones without a province, mobiles with spaces or dashes, ID numbers with a lower-case x or in groups, cards
with spaces. Hard negatives sit among them: schools, 派出所 and 街道 names, organisations, dates, amounts, case numbers,
policy terms (低保, 特困) and words that look like names (高兴, 王府井, 向阳, 金色, 白天, 万一, 常常).
All names and numbers are fake (ID numbers carry a valid GB 11643 check character, card numbers pass Luhn).

Markup and labelling conventions are those of bench/make_redaction_heldout.py: a surname before a title (张老师,
李阿姨) is PERSON alone; pet names (小明, 阿强) and 小/老 + surname are PERSON whole; an address runs from its first
administrative or street part to its last number or group; a lone city in passing and an institution are not labelled.
Slots: {P} any name, {PK} Korean, {PH} Hui, {PC} compound surname, {PR} rare surname, {S} a surname before a title,
{NICK} a pet name, {OLD} 小/老 + surname, {ADDR} any address, {URBAN} an urban one without a province, {RURAL} a village
one, {MOB}, {LAND}, {IDC} a child's ID, {IDA} an adult's, {IDG} one written in groups, {CARD}, {EMAIL}; a digit after a
slot name makes another value (the same slot twice in a note means the same value).

    .venv/bin/python bench/make_redaction_fresh.py
"""

from __future__ import annotations

import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_redaction_heldout import write_corpus  # noqa: E402

OUT = Path(__file__).with_name("data") / "redaction_fresh.jsonl"
SEED = 20250611
COPIES = 2  # each template with slots is filled this many times; a template without slots once

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
                "沈姚卢姜崔钟谭陆汪范石廖贾夏韦付方邹孟熊秦邱尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤"
                "温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申耿焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕")
RARE_SURNAMES = list("荆蓝危阙禤粟佘敖麻滕冉邝晏亓郇訾闵蒯仉雒昝缪郦逯庹揭谌冼靳笪眭卯芶")
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "皇甫", "令狐", "慕容", "公孙", "尉迟", "端木", "独孤", "夏侯"]
GIVEN2 = ["浩然", "子涵", "雨轩", "梓萱", "海波", "俊熙", "欣怡", "思彤", "家豪", "佳怡", "一诺", "子墨", "语嫣",
          "天宇", "晨阳", "明轩", "美琳", "春花", "秀兰", "建华", "志勇", "德明", "桂香", "丽娟", "国强", "永红",
          "金凤", "玉珍", "文斌", "宏伟", "红梅", "保国", "爱民", "兴旺", "学文", "思雨", "梦瑶", "若汐", "博文",
          "宇航", "书豪", "俊杰", "雅琴", "红英", "秋月", "德胜", "长青", "冬梅", "春生", "翠花", "丽华", "秀梅",
          "志华", "振宇", "安琪", "可欣", "紫涵", "嘉怡", "诗琪", "浩宇", "子轩", "睿泽", "锦鹏", "海燕", "凤英",
          "家旺", "恩泽", "沐阳", "皓轩", "若琳"]
GIVEN1 = list("伟芳军敏磊洁静勇霞鹏丹颖斌琳超涛萍健凯彤")
KOREAN = ["金哲洙", "朴英姬", "崔成浩", "李顺姬", "郑美玉", "朴光日", "金春子", "韩恩惠", "玄成哲", "池贤宇", "全顺玉",
          "姜明哲", "申美兰", "朴成龙", "金善花", "崔银姬", "李光洙", "金永哲", "朴智恩", "玄美善", "许正浩", "南明淑",
          "千英爱", "金日焕", "朴顺福", "崔明珠", "金银珠", "池英镐", "车成日", "朴海燕", "俞贤珠", "黄顺子"]
HUI = ["马福祥", "哈宝玉", "纳国明", "沙明礼", "马海燕", "白志明", "穆永福", "丁文忠", "海玉梅", "马尔萨", "撒玉兰",
       "马成龙", "哈文军", "纳顺华", "马尕西", "喇海青", "冶成福", "马哈三", "妥生兰", "敏学文", "马木沙", "马秀英",
       "马尕娃", "韩尕东", "马乙四夫", "拜学军"]
NICKNAMES = ["小明", "阿强", "豆豆", "妞妞", "小宝", "阿花", "小胖", "阿龙", "乐乐", "丫丫", "小军", "阿妹", "壮壮",
             "果果", "阿福", "小雨", "阳阳", "小虎", "阿珍", "糖糖", "小磊", "阿勇", "嘟嘟", "小杰"]
# Words that a random surname + given name could spell; such a "name" is redrawn so that the gold stays unambiguous.
WORDS = {"文静", "高明", "方便", "江山", "黄金", "周到", "安静", "宁静", "田园", "梅花", "高超", "常委", "江涛",
         "夏至", "钱敏", "于是", "向伟"}

PROVINCES = [("吉林省", "延边朝鲜族自治州", ["延吉市", "龙井市", "和龙市", "珲春市"]),
             ("宁夏回族自治区", "银川市", ["兴庆区", "金凤区", "西夏区"]),
             ("宁夏回族自治区", "固原市", ["西吉县", "原州区"]),
             ("甘肃省", "临夏回族自治州", ["临夏市", "广河县", "和政县"]),
             ("广东省", "深圳市", ["龙岗区", "宝安区", "光明区"]), ("浙江省", "宁波市", ["北仑区", "鄞州区"]),
             ("江苏省", "苏州市", ["吴中区", "相城区"]), ("湖南省", "邵阳市", ["隆回县", "洞口县"]),
             ("四川省", "南充市", ["仪陇县", "营山县"]), ("河南省", "信阳市", ["固始县", "商城县"]),
             ("安徽省", "阜阳市", ["临泉县", "太和县"]), ("云南省", "昭通市", ["镇雄县", "彝良县"]),
             ("江西省", "赣州市", ["于都县", "兴国县"]), ("贵州省", "黔东南苗族侗族自治州", ["榕江县", "从江县"])]
DISTRICTS = ["城东区", "城西区", "河西区", "新城区", "江南区", "滨湖区", "龙华区", "白云区", "高新区", "经开区",
             "江北区", "南湖区", "东城区", "开发区"]
STREETS = ["幸福街道", "解放街道", "新华街道", "东风街道", "长安街道", "人民街道", "湖滨街道", "太平街道"]
ROADS = ["幸福路", "建设北路", "解放东路", "团结巷", "新华大街", "人民南路", "长江路", "滨河大道", "育才路", "民主街",
         "劳动路", "胜利巷", "光华路", "和平大道", "园林路", "工农街", "迎宾大道", "文昌路"]
ESTATES = ["阳光花园", "锦绣小区", "康居苑", "绿洲家园", "金地公寓", "翠湖小区", "安居小区", "电厂宿舍", "东方新村",
           "丽景湾", "怡和苑", "城南花园", "棉纺厂宿舍", "新世纪家园"]
COUNTIES = ["隆回县", "仪陇县", "固始县", "临泉县", "镇雄县", "于都县", "榕江县", "西吉县", "广河县", "和龙市",
            "营山县", "兴国县", "彝良县", "洞口县"]
TOWNS = ["三河镇", "白果镇", "桃花乡", "石门镇", "金鸡乡", "马场镇", "双龙镇", "大坪乡", "新街镇", "柳塘镇", "太平乡",
         "龙泉镇", "高坪镇", "兴隆乡", "八角镇", "东山乡"]
VILLAGES = ["团结村", "石板村", "大寨村", "杨柳村", "清水村", "岩脚村", "坪上村", "高峰村", "红岩村", "下坝村",
            "新田村", "龙潭村", "鱼塘村", "黄泥村", "松林村", "长岭村", "水口村", "老屋村"]
GROUPS = ["一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组", "十一组", "十二组"]
NAMED_GROUPS = ["上寨组", "下院组", "河坝组", "坡脚组", "大湾组", "新房组"]
AREA_CODES = ["0433", "0951", "0930", "0755", "0574", "0512", "0739", "0817", "0376", "0558", "0870", "0797", "0855"]
REGION_CODES = ["222401", "222405", "640104", "640422", "622901", "440307", "330206", "320506", "430524", "511324",
                "411525", "341221", "530627", "360731", "522632"]
MOBILE_PREFIXES = ["130", "132", "135", "137", "138", "139", "147", "150", "152", "157", "158", "159", "166", "173",
                   "177", "178", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"]
CARD_PREFIXES = ["622202", "621700", "622848", "623059", "621483", "621559", "623190", "622188", "621036"]
MAIL_USERS = ["zhangli", "wang_xf", "liuyan", "chenjing", "xxb_office", "sgzx", "etzr", "mzj_jz", "hefang", "lym",
              "gzj_2024", "teacher.zhao", "minzheng", "shequ_wg", "jiaoyu_zz"]
MAIL_DOMAINS = ["163.com", "qq.com", "126.com", "sina.com", "foxmail.com", "yeah.net", "139.com"]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_char(first17: str) -> str:
    """The GB 11643-1999 check character."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def luhn_digit(body: str) -> str:
    """The digit that makes body + it pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * 2 if i % 2 == 0 else int(ch)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def han_name(rng: random.Random, surnames: list[str]) -> str:
    while True:
        given = rng.choice(GIVEN2) if rng.random() < 0.75 else rng.choice(GIVEN1)
        name = rng.choice(surnames) + given
        if name not in WORDS:
            return name


def any_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(KOREAN)
    if roll < 0.10:
        return rng.choice(HUI)
    if roll < 0.17:
        return han_name(rng, COMPOUND_SURNAMES)
    if roll < 0.27:
        return han_name(rng, RARE_SURNAMES)
    return han_name(rng, SURNAMES)


def surname(rng: random.Random) -> str:
    return rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.1 else rng.choice(SURNAMES + RARE_SURNAMES[:8])


def old_or_young(rng: random.Random) -> str:
    return rng.choice("小老") + rng.choice("李刘王张陈杨赵黄周吴孙马胡郭")


def house(rng: random.Random) -> str:
    return f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 28)}0{rng.randint(1, 4)}室"


def urban(rng: random.Random) -> str:
    """A town address without a province or city, as a neighbour or a teacher writes it."""
    district, road, estate = rng.choice(DISTRICTS), rng.choice(ROADS), rng.choice(ESTATES)
    number = f"{rng.randint(1, 260)}号"
    return rng.choice([
        lambda: f"{district}{road}{number}{rng.randint(1, 6)}单元",
        lambda: f"{district}{road}{number}{estate}{house(rng)}",
        lambda: f"{district}{estate}{rng.randint(1, 30)}栋{rng.randint(1, 28)}0{rng.randint(1, 4)}",
        lambda: f"{district}{rng.choice(STREETS)}{road}{number}",
        lambda: f"{road}{number}{estate}{rng.randint(1, 20)}号楼{rng.randint(1, 6)}单元"
                f"{rng.randint(1, 18)}0{rng.randint(1, 4)}室",
        lambda: f"{estate}{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 28)}0{rng.randint(1, 4)}室",
    ])()


def rural(rng: random.Random) -> str:
    """A village address down to the villagers' group (组), the way rural households are located."""
    county, town, village = rng.choice(COUNTIES), rng.choice(TOWNS), rng.choice(VILLAGES)
    group = rng.choice(NAMED_GROUPS) if rng.random() < 0.2 else rng.choice(GROUPS if rng.random() < 0.7 else
                                                                          [f"{rng.randint(1, 12)}组"])
    return rng.choice([
        lambda: f"{county}{town}{village}{group}",
        lambda: f"{town}{village}{group}",
        lambda: f"{town}{village}{group}{rng.randint(1, 60)}号",
        lambda: f"{county}{town}{village}",
    ])()


def full_address(rng: random.Random) -> str:
    province, city, counties = rng.choice(PROVINCES)
    county = rng.choice(counties)
    head = (province if rng.random() < 0.6 else "") + city + county
    if rng.random() < 0.5:
        return f"{head}{rng.choice(TOWNS)}{rng.choice(VILLAGES)}{rng.choice(GROUPS)}"
    return f"{head}{rng.choice(STREETS)}{rng.choice(ROADS)}{rng.randint(1, 300)}号" + (
        f"{rng.choice(ESTATES)}{house(rng)}" if rng.random() < 0.5 else "")


def any_address(rng: random.Random) -> str:
    return rng.choice([urban, rural, full_address, full_address])(rng)


def mobile(rng: random.Random) -> str:
    n = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 10**8 - 1):08d}"
    return rng.choice([n, n, f"{n[:3]} {n[3:7]} {n[7:]}", f"{n[:3]}-{n[3:7]}-{n[7:]}", f"+86 {n}", f"+86-{n}",
                       f"{n[:3]} {n[3:]}"])


def landline(rng: random.Random) -> str:
    code = rng.choice(AREA_CODES)
    number = str(rng.randint(2, 8)) + f"{rng.randint(0, 10**7 - 1):07d}"[:7 if code in ("0755", "0574", "0512") else 6]
    text = rng.choice([f"{code}-{number}", f"{code}-{number}", f"({code}){number}", f"（{code}）{number}",
                       f"{code} {number}"])
    return text + (f"转{rng.randint(800, 899)}" if rng.random() < 0.15 else "")


def id_number(rng: random.Random, first_year: int, last_year: int) -> str:
    born = date(first_year, 1, 1) + timedelta(days=rng.randint(0, (last_year - first_year) * 365))
    first17 = f"{rng.choice(REGION_CODES)}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    check = check_char(first17)
    return first17 + (check.lower() if check == "X" and rng.random() < 0.5 else check)


def id_with_x(rng: random.Random, first_year: int, last_year: int) -> str:
    """About one ID in eleven ends in X; notes show them more often than that, so some are drawn to."""
    while True:
        number = id_number(rng, first_year, last_year)
        if number[-1] in "Xx":
            return number


def child_id(rng: random.Random) -> str:
    return (id_with_x if rng.random() < 0.3 else id_number)(rng, 2008, 2020)


def adult_id(rng: random.Random) -> str:
    return (id_with_x if rng.random() < 0.3 else id_number)(rng, 1955, 1995)


def grouped_id(rng: random.Random) -> str:
    n = child_id(rng)
    return rng.choice([f"{n[:6]} {n[6:14]} {n[14:]}", " ".join(n[i:i + 4] for i in range(0, 18, 4))])


def bank_card(rng: random.Random) -> str:
    body = rng.choice(CARD_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((9, 12, 12))))
    card = body + luhn_digit(body)
    return rng.choice([card, card, " ".join(card[i:i + 4] for i in range(0, len(card), 4)),
                       "-".join(card[i:i + 4] for i in range(0, len(card), 4))])


def email(rng: random.Random) -> str:
    return f"{rng.choice(MAIL_USERS)}{rng.randint(1, 999) if rng.random() < 0.6 else ''}@{rng.choice(MAIL_DOMAINS)}"


SLOTS = {
    "P": ("P", any_name), "PK": ("P", lambda rng: rng.choice(KOREAN)), "PH": ("P", lambda rng: rng.choice(HUI)),
    "PC": ("P", lambda rng: han_name(rng, COMPOUND_SURNAMES)), "PR": ("P", lambda rng: han_name(rng, RARE_SURNAMES)),
    "S": ("P", surname), "NICK": ("P", lambda rng: rng.choice(NICKNAMES)), "OLD": ("P", old_or_young),
    "ADDR": ("A", any_address), "URBAN": ("A", urban), "RURAL": ("A", rural), "MOB": ("M", mobile),
    "LAND": ("L", landline), "IDC": ("ID", child_id), "IDA": ("ID", adult_id), "IDG": ("ID", grouped_id),
    "CARD": ("B", bank_card), "EMAIL": ("E", email),
}
SLOT = re.compile(r"\{([A-Z]+)(\d?)\}")

NOTES = {
    "children_director": [
        "{P}今天没有上学，奶奶说他肚子疼，已提醒带去村卫生室看看。",
        "{P}暑假一直跟着外公在{RURAL}放牛，没有去河边玩水。",
        "入户走访{P}家，孩子父亲在外地打工，母亲{P2}在家务农，电话{MOB}。",
        "{S}奶奶今年七十多岁，一个人照顾两个孙子，孙子{P}读五年级。",
        "{NICK}的妈妈过年没有回来，孩子情绪低落，{S}老师说他上课常常发呆。",
        "监护人：{P}（祖父）  身份证号：{IDA}  联系电话：{MOB}",
        "今天和网格员{P}一起走访，孩子在家写作业，家里收拾得很干净。",
        "{P}、{P2}兄妹由外婆照顾，外婆不识字，作业没人辅导。",
        "孩子的爸爸{P}因交通事故去世，妈妈改嫁，现由叔叔{P2}监护。",
        "{PK}是朝鲜族，父母在韩国打工，目前跟爷爷住在{ADDR}。",
        "走访时{PK}不在家，邻居说她跟姑姑去延吉了。",
        "{PH}的爷爷说孩子周五要去清真寺做礼拜，下午请假半天。",
        "孩子小名叫{NICK}，大名{P}，今年六岁，还没有上幼儿园。",
        "{P}的低保申请已经批下来了，每月补助560元，从3月份开始发放。",
        "本次走访发现{P}家的房屋漏雨，已联系{S}书记协调维修。",
        "{P}父母离异，跟父亲生活，父亲常年在外，孩子白天在学校，晚上一个人在家。",
        "{P}说想妈妈了，妈妈在广州打工，一年只回来一次。",
        "今天{OLD}陪我去看望{P}，带了一袋米和一桶油。",
        "{P}家住{RURAL}，离学校有五公里山路，每天走路上学。",
        "住在{URBAN}的{P}已经三天没来上学，班主任{P2}上门了解情况。",
        "困境儿童{P}，女，2014年出生，身份证{IDC}，现住{ADDR}。",
        "{P}的奶奶{P2}患有高血压，需要长期吃药，医药费每月约300元。",
        "随访记录：{P}情绪稳定，能按时吃饭，和同学相处融洽。",
        "{P2}（{P}的姑姑）表示愿意承担监护责任，已签订委托监护协议。",
        "{NICK}今天主动跟我打招呼，还给我看了他画的画。",
        "{P}最近迷上了手机游戏，常常玩到半夜，已提醒家长管理。",
        "跟{S}阿姨商量后，决定周末带{P}去县医院复查。",
        "孩子母亲{P}患精神疾病，无监护能力，已申请认定为事实无人抚养儿童。",
        "{PC}的父母在外打工，由外婆照顾，外婆身体还算硬朗。",
        "{PR}这学期转到镇中心小学，性格比较内向，不爱说话。",
        "为{PR}申请了助学金，每学期500元，已报县教育局审核。",
        "{OLD}说{P}家的狗咬伤了邻居家的孩子，已赔偿医药费300元。",
        "{PK}、{PK2}姐妹俩的母亲{PK3}在韩国务工，每月寄回2000元。",
        "孩子外公{PH}说，家里信仰伊斯兰教，饮食上请学校多关照。",
        "{P}一家从河南来宁波打工，租住在{URBAN}。",
        "{S}叔叔是孩子的邻居，平时会帮忙接送孩子上下学。",
        "万一联系不上{P}的奶奶，可以打她姑姑{P2}的电话{MOB}。",
    ],
    "school": [
        "{P}同学本周缺课三天，{S}老师多次电话联系家长{P2}（{MOB}）未接通。",
        "家访记录：学生{P}，家长{P2}，住址{URBAN}，家长手机{MOB}。",
        "{P}在这次期中考试中进步了12名，{S}老师在班会上表扬了他。",
        "向阳小学四年级（2）班{P}因随父母迁居昆山，申请转学。",
        "{S}校长要求班主任本周内完成留守儿童花名册的核对。",
        "金色童年幼儿园的{S}园长反映，{NICK}入园后不愿意说话。",
        "学籍号G{IDC}，学生{P}，转入本校三年级。",
        "{P}上课常常打瞌睡，了解后得知他每天晚上要帮妈妈摆夜市。",
        "营养午餐补助名单已报教育局，{P}、{P2}、{P3}三人为新增对象。",
        "学生{P}的家长{P2}来电（{LAND}），说孩子在学校被高年级同学要钱。",
        "{P}获得全县中小学生书法比赛二等奖，奖金200元。",
        "请各班主任于本周五前把资助材料发到{EMAIL}。",
        "{P}因先天性心脏病需要手术，学校组织了爱心捐款，共筹得8650元。",
        "{PK}的汉语不太好，{S}老师每天放学后给她补习半小时。",
        "{PH}在学校不吃猪肉，食堂已安排清真窗口。",
        "班主任{P}：{NICK}这周表现很好，按时交作业，还帮同学打扫卫生。",
        "{P}同学的身份证号码{IDC}，与户口本一致。",
        "{P}的妈妈{P2}电话打不通，改打她单位的座机{LAND}，也没人接。",
        "{P}和{P2}是同桌，两人经常一起走路回家。",
    ],
    "police": [
        "报警人{P}称其子{P2}（11岁）于昨晚离家未归，手机{MOB}。",
        "城东派出所民警{P}在{URBAN}附近找到走失儿童，已交还家长。",
        "户籍核查：{P}，身份证号{IDC}，户籍地{RURAL}。",
        "{S}警官告知，孩子补办户口需要提供出生医学证明和亲子鉴定。",
        "案件编号2024-0315-017，涉事未成年人{P}，监护人{P2}，联系电话{MOB}。",
        "流动人口登记：{P}，{IDA}，暂住{ADDR}，房东{P2}。",
        "所里值班电话{LAND}，夜间有紧急情况可直接拨打。",
        "{P}的父亲{P2}因吸毒被强制隔离戒毒，孩子由奶奶照顾。",
        "派出所{S}所长说辖区内今年新增流动儿童37名，均已登记。",
        "身份证号 {IDG}（{P}），已在系统中核验一致。",
    ],
    "grid_worker": [
        "网格员巡查发现{URBAN}住着一户外地人家，有两个孩子没上学。",
        "{P}家上个月搬到{ADDR}，租住在{S}大爷家的平房里。",
        "网格员{P}反映，{P2}家的孩子经常一个人在小区门口玩到很晚。",
        "今天入户登记了{RURAL}的三户留守家庭，其中{P}家情况最困难。",
        "网格员{P}，电话{MOB}，负责幸福街道第三网格的入户走访。",
    ],
    "civil_affairs": [
        "孤儿基本生活费每月1450元，发放至监护人{P}的银行卡{CARD}。",
        "申请人：{P}  身份证号：{IDA}  开户行：农村信用社  账号：{CARD}",
        "{P}一家被纳入低保，月人均补差380元，享受特困供养的是其祖父{P2}。",
        "民政局值班电话{LAND}，社会救助热线12345。",
        "临时救助审批：救助对象{P}，原因为房屋失火，救助金额3000元。",
        "事实无人抚养儿童{P}的生活补贴已于6月10日打入卡号{CARD}，金额1450元。",
        "{S}主任交代，本月底前要把特困人员名单公示完。",
        "{P}户的低保年审材料不全，缺少户口本复印件，已电话通知其补交（{MOB}）。",
        "孩子的银行卡号{CARD}，开户人为监护人{P}。",
    ],
    "health": [
        "患儿{P}，男，5岁，孤独症，在康复中心接受训练，家长{P2}陪同。",
        "{S}医生建议{NICK}两周后复查，如果还发烧要及时来医院。",
        "{P}的听力筛查未通过，已转诊到市妇幼保健院，联系电话{LAND}。",
        "康复机构地址：{ADDR}，联系人{P}，手机{MOB}。",
        "{PK}出生时体重不足2公斤，现在发育基本正常。",
        "接种记录：{P}，乙肝疫苗第三针，接种日期2023年9月8日。",
    ],
    "forms": [
        "姓名：{PK}  性别：女  民族：朝鲜族  身份证号：{IDC}  家庭住址：{ADDR}",
        "紧急联系人：{P}  {MOB}  {EMAIL}",
        "家庭成员：父{P}（务工）、母{P2}（务农）、兄{P3}（读高中）。",
        "{P}的邮箱是{EMAIL}，孩子的作业照片可以发到这个邮箱。",
        "姓名：{PH}  民族：回族  出生日期：2013年5月2日  住址：{ADDR}  监护人电话：{MOB}",
    ],
    "negatives": [
        "孩子今天很高兴，因为学校发了新书包。",
        "周末带孩子去王府井看了灯，孩子说第一次来北京。",
        "万一孩子晚上发烧，要马上打120或者去镇卫生院。",
        "白天奶奶去地里干活，孩子常常一个人在家看电视。",
        "金色的稻田边上就是孩子们的学校。",
        "本季度共发放低保金12.6万元、特困供养金3.2万元，惠及68户。",
        "案件编号（2024）黔0102民初1234号已结案，判决书已送达。",
        "档案编号ETFL-2023-0418，归档日期2023年4月18日。",
        "请于2024年12月31日前到街道办事处领取过冬棉衣。",
        "向阳花开公益项目今年资助了42名困境儿童，每人每学期800元。",
        "城南派出所、民政局和妇联联合开展了防拐骗宣传。",
        "12345政务热线转来一条群众反映，称有小孩在工地附近玩耍。",
        "孩子的学号是20240312，班级是六年级三班。",
        "经评估，该户符合特困人员认定条件，建议纳入分散供养。",
        "体检结果：身高128厘米，体重25公斤，视力左5.0右4.9。",
        "常常有志愿者来陪孩子们下棋、读书。",
        "市儿童福利院将于下周三组织开放日活动。",
        "学校开展了防溺水教育，向家长发放了告知书1200份。",
        "三年级一班共45人，其中随迁子女19人、留守儿童6人。",
        "幸福街道办事处组织了六一儿童节活动，共有80多名流动儿童参加。",
        "孩子说长大想去王府井开一家小吃店。",
        "金色阳光儿童之家每周六下午开放，志愿者会带孩子们做手工。",
        "孩子把向日葵种在院子里，说要让它一直向阳。",
        "高兴之余，奶奶也担心孩子去城里读书的开销。",
        "白天气温28度，晚上降到15度，提醒孩子添衣。",
        "孩子的低保卡每月10日到账，金额680元，奶奶常常忘了去取。",
        "明德小学的老师们利用周末给留守儿童补课。",
        "县人民医院儿科门诊量比上个月增加了15%。",
        "特困供养人员的护理补贴从7月起提高到每月260元。",
        "工作日志：上午参加街道例会，下午整理困境儿童台账共37份。",
    ],
}


def fill(template: str, rng: random.Random) -> str:
    """The template with every slot replaced by a marked-up value; a slot repeated in a note keeps its value."""
    values: dict[str, str] = {}

    def value(m: re.Match) -> str:
        if m.group(0) not in values:
            mark, make = SLOTS[m.group(1)]
            drawn = set(values.values())
            while (v := f"[[{mark}:{make(rng)}]]") in drawn:
                pass  # two people in a note have two names
            values[m.group(0)] = v
        return values[m.group(0)]

    return SLOT.sub(value, template)


def build(rng: random.Random) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {}
    for source, templates in NOTES.items():
        out = notes.setdefault(source, [])
        for template in templates:
            copies = COPIES if SLOT.search(template) else 1
            for _ in range(copies):
                out.append(fill(template, rng))
    return notes


def main() -> None:
    write_corpus(build(random.Random(SEED)), OUT)


if __name__ == "__main__":
    main()
