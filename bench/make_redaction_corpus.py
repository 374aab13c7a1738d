"""Build the labelled redaction corpus (bench/data/redaction_corpus.jsonl): varied caseworker-style notes, all fake.

Deterministic (seeded). Each line: {"text": ..., "source": ..., "entities": [{"type", "start", "end"}]}.
"""

from __future__ import annotations

import json
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from privacy.redaction.recognizers.cn_bank_card import luhn_ok  # noqa: E402

OUT = Path(__file__).with_name("data") / "redaction_corpus.jsonl"
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢"
                "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
                "蒙农黎滕蓝岑甘杭祁鲁葛牛卢")
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "皇甫", "慕容", "东方"]
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国志强晓东海燕子涵欣怡梓轩浩宇"
         "思远雨桐一鸣佳琪俊熙诗涵文博嘉豪若曦婷婷")
# Whole given names as parents give them (two characters), for variety beyond random character pairs.
GIVEN_NAMES = ["秋菊", "德才", "小龙", "春燕", "志刚", "丽萍", "浩然", "子墨", "玉兰", "德福", "海燕", "红霞", "茂林",
               "思琪", "俊杰", "桂芬", "晓雯", "一帆", "雨萱", "梓涵", "家乐", "天佑", "欣悦", "锦程", "金花", "永福",
               "秀珍", "建军", "卫东", "淑芬", "佳怡", "宇航", "诗雨", "明辉", "国庆", "春梅", "文静", "振华", "晨曦"]
PROVINCES = [("河北省", ["石家庄市", "保定市", "邯郸市"], ["长安区", "桥西区", "竞秀区", "丛台区"]),
             ("贵州省", ["贵阳市", "遵义市", "毕节市"], ["南明区", "云岩区", "汇川区", "七星关区"]),
             ("浙江省", ["杭州市", "金华市", "宁波市"], ["西湖区", "上城区", "婺城区", "鄞州区"]),
             ("四川省", ["成都市", "绵阳市"], ["武侯区", "涪城区"]),
             ("河南省", ["郑州市", "周口市"], ["金水区", "川汇区"])]
ROADS = ["建设路", "人民路", "解放大道", "中山路", "文化街", "和平巷", "新华路", "友谊大街", "光明路", "朝阳北路",
         "滨江大道"]
ESTATES = ["阳光小区", "锦绣家园", "幸福里", "和谐苑", "金桥花园", "枫林小区", "春晖公寓", "东湖新村", "翠苑二区"]
VILLAGES = ["桃园村", "李家庄村", "石桥村", "新民村", "红旗村"]
TOWNS = ["城关镇", "龙井乡", "三江镇", "花溪街道", "北关街道"]


def name(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(COMPOUND) + rng.choice(GIVEN) + rng.choice(GIVEN)
    if rng.random() < 0.35:
        return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))


def id_number(rng: random.Random) -> str:
    born = date(2005, 1, 1) + timedelta(days=rng.randint(0, 7000))
    first = (f"{rng.choice(['130102', '520103', '330106', '411623', '510107', '522401'])}{born:%Y%m%d}"
             f"{rng.randint(0, 999):03d}")
    check = "10X98765432"[sum(int(d) * w for d, w in zip(first, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2),
                                                         strict=True)) % 11]
    if rng.random() < 0.1:  # the legacy 15-digit form
        return first[:6] + first[8:17]
    return first + check


def mobile(rng: random.Random) -> str:
    n = rng.choice(["138", "139", "150", "186", "177", "199", "135", "158"]) + f"{rng.randint(0, 10**8 - 1):08d}"
    style = rng.random()
    if style < 0.15:
        return f"{n[:3]} {n[3:7]} {n[7:]}"
    if style < 0.25:
        return f"{n[:3]}-{n[3:7]}-{n[7:]}"
    if style < 0.32:
        return "+86 " + n
    if style < 0.36:
        return "+86-" + n
    return n


def landline(rng: random.Random) -> str:
    code = rng.choice(["0311", "0851", "0571", "028", "010", "0371", "0731", "020", "0771"])
    number = str(rng.randint(2, 8)) + f"{rng.randint(0, 10**7 - 1):07d}"[: 6 if len(code) == 4 else 7]
    text = f"({code}){number}" if rng.random() < 0.15 else f"{code}-{number}"
    return text + (f"转{rng.randint(100, 999)}" if rng.random() < 0.15 else "")


def bank_card(rng: random.Random) -> str:
    prefix = rng.choice(["6222", "6217", "6228", "6212", "6230", "6013"])
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((11, 14, 14, 14))))
    card = next(digits + d for d in "0123456789" if luhn_ok(digits + d))
    return " ".join(card[i:i + 4] for i in range(0, len(card), 4)) if rng.random() < 0.4 else card


def bad_id(rng: random.Random) -> str:
    """An 18-digit number shaped like an ID whose check character is wrong."""
    good = id_number(rng)
    while len(good) != 18:
        good = id_number(rng)
    return good[:17] + next(c for c in "0123456789X" if c != good[17])


def bad_card(rng: random.Random) -> str:
    """A 16-digit number that fails the Luhn check."""
    digits = "6222" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return next(digits + d for d in "0123456789" if not luhn_ok(digits + d))


def email(rng: random.Random) -> str:
    user = ("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
            + str(rng.randint(1, 999)))
    return f"{user}@{rng.choice(['qq.com', '163.com', '126.com', 'sina.com', 'edu.cn'])}"


def address(rng: random.Random) -> str:
    province, cities, districts = rng.choice(PROVINCES)
    kind = rng.random()
    prefix = (province if rng.random() < 0.5 else "") + rng.choice(cities) + rng.choice(districts)
    if kind < 0.4:
        return f"{prefix}{rng.choice(ROADS)}{rng.randint(1, 399)}号{rng.choice(ESTATES)}{rng.randint(1, 30)}栋" \
               f"{rng.randint(1, 6)}单元{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
    if kind < 0.6:
        return f"{prefix}{rng.choice(TOWNS)}{rng.choice(VILLAGES)}{rng.randint(1, 12)}组"
    if kind < 0.8:
        return f"{rng.choice(cities)}{rng.choice(districts)}{rng.choice(ROADS)}{rng.randint(1, 399)}号"
    if kind < 0.86:
        return f"{rng.choice(ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
    return rng.choice(FAR_ADDRESSES)(rng)


FAR_ADDRESSES = [
    lambda rng: f"广西壮族自治区河池市都安瑶族自治县地苏镇大定村弄{rng.choice(['林', '宁', '浪'])}屯",
    lambda rng: f"北京市朝阳区十八里店乡吕家营村委会南侧平房{rng.randint(1, 9)}排{rng.randint(1, 30)}号",
    lambda rng: f"深圳市宝安区西乡街道固戍社区{rng.choice(['二', '三', '五'])}巷{rng.randint(1, 40)}号",
    lambda rng: f"湖南省邵阳市隆回县桃洪镇东方红社区团结路{rng.randint(1, 99)}号",
    lambda rng: f"上海市闵行区七宝镇{rng.choice(['中华', '航东', '联明'])}村"
                f"{rng.randint(1, 20)}组{rng.randint(1, 90)}号",
    lambda rng: f"武汉市洪山区珞喻路{rng.randint(100, 1200)}号",
    lambda rng: f"东莞市长安镇{rng.choice(['乌沙', '锦厦', '霄边'])}社区"
                f"{rng.choice(['兴发', '新安'])}路{rng.randint(1, 60)}号",
    lambda rng: f"云南省昭通市镇雄县{rng.choice(['以勒镇', '坡头镇', '花山乡'])}"
                f"{rng.choice(['石缸', '新街', '大湾'])}村",
]


FILL = {"PERSON": name, "CN_ID_CARD": id_number, "CN_MOBILE": mobile, "CN_LANDLINE": landline,
        "CN_BANK_CARD": bank_card, "EMAIL": email, "LOCATION": address}

TEMPLATES = {
    "children_director": [
        "儿童主任入户走访{PERSON}家，孩子由奶奶{PERSON}照顾，家住{LOCATION}。",
        "{date}电话联系{PERSON}的母亲，了解到孩子近期情绪低落，已提醒家长多陪伴。",
        "走访对象：{PERSON}，身份证号{CN_ID_CARD}，监护人{PERSON}，联系电话{CN_MOBILE}。",
        "该儿童父母均在外务工，现与外公{PERSON}居住在{LOCATION}，生活基本稳定。",
        "入户时孩子正在写作业，{PERSON}表示本学期成绩有所进步。",
        "监护人{PERSON}（电话{CN_MOBILE}）反映家中经济困难，已协助申请临时救助。",
        "本次走访发现{PERSON}家屋顶漏雨，已联系村委会协调维修，地址{LOCATION}。",
        "孩子{PERSON}今年{age}岁，由姑姑{PERSON}代为照看，姑姑手机{CN_MOBILE}。",
        "已将{PERSON}纳入重点关爱服务对象台账，下次走访时间为{date}。",
        "电话回访{PERSON}家长，家长称孩子已按时到校，无异常。",
        "儿童主任{PERSON}于{date}完成第二季度走访，共走访{n}户。",
        "{PERSON}的父亲因病去世，母亲改嫁后失联，属于事实无人抚养儿童。",
        "走访中孩子提到想念在外打工的爸爸，情绪较为低落，建议学校心理老师关注。",
        "家庭住址变更为{LOCATION}，原监护人{PERSON}不再共同居住。",
        "孩子奶奶{PERSON}年事已高，身体不好，照护能力不足，建议纳入重点对象。",
        "今天上午和村妇联主任一起去了{PERSON}家，她外孙{PERSON}在镇中心小学读{grade}。",
        "{PERSON}家住{LOCATION}，父母在广东打工，一年回来一次。",
        "联系人：{PERSON}（外婆），电话{CN_MOBILE}。",
        "孩子叫{PERSON}，跟着爸爸{PERSON}在{LOCATION}租房住。",
        "据{PERSON}反映，孙子{PERSON}周末经常去网吧，已提醒加强看护。",
        "已电话告知{PERSON}，下周三带孩子到村委会领取助学物资。",
        "孩子爷爷{PERSON}，{age}0多岁，患有高血压，照顾孩子有困难。",
        "电话：{CN_MOBILE}（孩子父亲{PERSON}），{date}已回访。",
        "{PERSON}和{PERSON}是双胞胎兄弟，今年{age}岁，由叔叔代为照顾。",
        "春节期间孩子回到老家过年，节后随父母返城，状态良好。",
        "走访时{PERSON}不在家，由邻居{PERSON}代为转告。",
    ],
    "school": [
        "班主任家访记录：学生{PERSON}，住址{LOCATION}，家长电话{CN_MOBILE}。",
        "{PERSON}同学自{date}起连续{n}天未到校，班主任已电话联系家长{PERSON}。",
        "劝返复学：经多次做工作，{PERSON}已于{date}返校上课，目前在{grade}就读。",
        "学生{PERSON}学号{studentno}，本学期申请免除学杂费，已审核通过。",
        "家长{PERSON}称孩子跟随父母返乡，暂未办理转学手续，联系电话{CN_MOBILE}。",
        "班主任{PERSON}老师反映该生上课注意力不集中，建议家长带孩子就医评估。",
        "学校值班电话{CN_LANDLINE}，如有情况请及时联系{PERSON}老师。",
        "{PERSON}在校表现良好，成绩中等，与同学相处融洽。",
        "资助名单：{PERSON}，身份证{CN_ID_CARD}，补助金额{money}元，打入银行卡{CN_BANK_CARD}。",
        "请家长将材料发送至邮箱{EMAIL}，或拨打{CN_LANDLINE}咨询。",
        "本周五下午召开家长会，请各位家长准时参加。",
        "{grade}共有流动儿童{n}名，均已按时注册入学。",
        "班主任{PERSON}今天到{PERSON}家进行家访，其父{PERSON}在工地干活。",
        "复学后{PERSON}成绩进步明显，{PERSON}老师表扬了他。",
        "{PERSON}在学校被同学欺负，已与校方沟通，联系电话{CN_LANDLINE}。",
        "辍学学生{PERSON}已由镇教办登记，家庭地址{LOCATION}。",
        "该生身份证号码为{CN_ID_CARD}，户籍在外省，随迁就读。",
        "营养餐补助发放至家长{PERSON}的账户{CN_BANK_CARD}。",
        "{grade}学生{PERSON}因家庭原因申请走读，家长签字确认。",
    ],
    "health": [
        "患儿{PERSON}，{age}岁，因发热来院就诊，监护人{PERSON}陪同。",
        "社区卫生服务中心为{PERSON}完成了第{n}剂次疫苗接种，下次接种时间{date}。",
        "家庭医生签约：签约对象{PERSON}，签约团队第{n}团队，联系电话{CN_MOBILE}。",
        "经评估，{PERSON}疑似孤独症谱系障碍，建议到{LOCATION}的儿童医院进一步诊断。",
        "随访记录：患者{PERSON}服药规律，病情稳定，家属{PERSON}配合良好。",
        "体检结果：身高{n}0厘米，体重正常，视力轻度近视。",
        "门诊电话{CN_LANDLINE}，病历号{studentno}，复诊请提前预约。",
        "{PERSON}的母亲反映孩子夜间睡眠差，已给予健康指导。",
        "医保已于{date}完成参保登记，参保人{PERSON}，身份证号码{CN_ID_CARD}。",
        "本月共完成0至6岁儿童健康管理{n}人次。",
        "主治医生{PERSON}建议{PERSON}住院观察三天，家属已同意。",
        "母亲{PERSON}患有精神疾病，长期在家服药，孩子由外婆照料。",
        "已电话通知{PERSON}的家长，孩子的体检报告可到{LOCATION}领取。",
        "患儿家属手机{CN_MOBILE}，邮箱{EMAIL}，出院小结已发送。",
        "门诊病历：{PERSON}，男，{age}岁，住址{LOCATION}，主诉咳嗽三天。",
    ],
    "police": [
        "居住登记：{PERSON}，公民身份号码{CN_ID_CARD}，现住{LOCATION}。",
        "户主{PERSON}申请为子女办理居住证，联系电话{CN_MOBILE}。",
        "民警{PERSON}核实，该户于{date}迁入本辖区，登记地址为{LOCATION}。",
        "流动人口信息采集：姓名{PERSON}，身份证{CN_ID_CARD}，手机{CN_MOBILE}，住址{LOCATION}。",
        "报警人{PERSON}称其子{PERSON}放学后未回家，后在{LOCATION}附近找到。",
        "辖区派出所值班电话{CN_LANDLINE}。",
        "本季度辖区新增流入儿童{n}人，流出{n}人。",
        "派出所民警{PERSON}协助为{PERSON}补办了户口，证件号{CN_ID_CARD}。",
        "孩子在{LOCATION}附近走失，{date}晚上被巡逻民警找到。",
        "孩子户籍地在{LOCATION}，目前随父母居住在{LOCATION}。",
        "{PERSON}的户口在{LOCATION}，本人手机{CN_MOBILE}。",
        "出租屋房东{PERSON}（{CN_MOBILE}）配合完成了流动人口登记。",
    ],
    "civil_affairs": [
        "低保申请人{PERSON}，身份证号{CN_ID_CARD}，家庭人口{n}人，月收入{money}元。",
        "经审核，{PERSON}家庭符合最低生活保障条件，保障金打入{CN_BANK_CARD}。",
        "孤儿{PERSON}现由民政部门监护，安置在{LOCATION}。",
        "申请人{PERSON}联系电话{CN_MOBILE}，电子邮箱{EMAIL}，材料已齐全。",
        "社工{PERSON}对{PERSON}开展了心理疏导，孩子情绪有所好转。",
        "临时救助金{money}元已发放，收款账户{CN_BANK_CARD}，户名{PERSON}。",
        "事实无人抚养儿童认定：{PERSON}，{age}岁，父亲服刑，母亲失联。",
        "本月发放基本生活费{money}元，覆盖{n}名困境儿童。",
        "请于{date}前将复核材料报送区民政局，联系电话{CN_LANDLINE}。",
        "网格员{PERSON}反映{LOCATION}有一名儿童长期独自在家。",
        "困境儿童{PERSON}，女，{year}年出生，身份证{CN_ID_CARD}，由{PERSON}监护。",
        "低保金发放账户：{CN_BANK_CARD}，开户行农业银行，户名{PERSON}。",
        "如需帮助请拨打热线{CN_LANDLINE}或发邮件到{EMAIL}。",
        "{PERSON}带着两个孩子从{LOCATION}来到本市，现住{LOCATION}。",
        "社区网格员{PERSON}每周上门一次，孩子情况已录入系统。",
        "{PERSON}的监护人是她的姑姑{PERSON}，监护协议已签订。",
    ],
    "negative": [
        "王牌节目今天播出，大家都很高兴。", "孩子张开双手迎接妈妈，周末一起去公园。",
        "本次补助金额为{money}元，于{date}发放。", "学号{studentno}的学生请到教务处领取课本。",
        "会议定于{date}上午九点召开，请准时参加。", "该生数学成绩{n}分，语文成绩{n}分。",
        "订单号1234567890123456已发货。", "高中阶段学生可申请国家助学金。", "马上就要期末考试了，同学们都在认真复习。",
        "平安夜学校组织了文艺活动。", "编号20240315001的材料已归档。", "长江和黄河是中国的母亲河。",
        "白天气温较高，注意防暑。", "请将表格第3栏填写完整。", "共有{n}名儿童参加了夏令营。",
        "金额合计{money}元，已核对无误。", "今天天气很好，孩子们在操场上做游戏。",
        "本学期共发放营养餐补助{money}元，受益学生{n}人。",
        "此次走访共计花费交通费{n}元，已报销。",
        "编号{badid}的档案核验未通过，请重新录入。",
        "银行流水号{badcard}，请财务核对。",
        "江西的红色文化很有特色，孩子们参观了纪念馆。",
        "我们在中山公园组织了亲子活动，{n}个家庭参加。",
        "考勤记录：{datenum}缺勤{n}人，均已请假。",
        "黄金周期间学校放假七天。",
        "白菜价格上涨，食堂调整了菜单。",
        "石头剪刀布是孩子们最喜欢的游戏。",
        "学生证号{studentno}，考试成绩优秀。",
        "结算金额{amount}元，发票号码{invoice}。",
        "高兴的是，孩子终于愿意开口说话了。",
    ],
}


def fill(template: str, rng: random.Random) -> dict:
    text, entities, values, pos = "", [], [], 0
    for match in re.finditer(r"\{(\w+)\}", template):
        text += template[pos:match.start()]
        slot = match.group(1)
        if slot in FILL:
            value = FILL[slot](rng)
            entities.append({"type": slot, "start": len(text), "end": len(text) + len(value)})
            values.append(value)
        else:
            value = {"date": lambda: f"{rng.randint(2023, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                     "age": lambda: str(rng.randint(2, 16)), "n": lambda: str(rng.randint(2, 98)),
                     "money": lambda: str(rng.choice([300, 450, 600, 800, 1200, 2000])),
                     "grade": lambda: rng.choice(["三年级二班", "初一(3)班", "五年级", "八年级"]),
                     "studentno": lambda: f"{rng.randint(2019, 2025)}{rng.randint(0, 99999):05d}",
                     "year": lambda: str(rng.randint(2009, 2022)),
                     "datenum": lambda: f"{rng.randint(2023, 2026)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
                     "badid": lambda: bad_id(rng), "badcard": lambda: bad_card(rng),
                     "amount": lambda: f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}.{rng.randint(0, 99):02d}",
                     "invoice": lambda: f"{rng.randint(0, 10**8 - 1):08d}"}[slot]()
        text += value
        pos = match.end()
    text += template[pos:]
    for e, value in zip(entities, values, strict=True):
        assert text[e["start"]:e["end"]] == value and value, (e, value, text)
    return {"text": text, "entities": entities}


def main() -> None:
    rng = random.Random(20261124)
    lines = []
    for source, templates in TEMPLATES.items():
        repeats = 3 if source == "negative" else 6
        for template in templates:
            for _ in range(repeats):
                lines.append({"source": source, **fill(template, rng)})
    rng.shuffle(lines)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} sentences, {sum(len(t) for t in TEMPLATES.values())} templates -> {OUT}")


if __name__ == "__main__":
    main()
