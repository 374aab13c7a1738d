"""Fake identities: GB 11643-valid ID numbers, Chinese names, addresses and phone numbers."""

from __future__ import annotations

import random
from datetime import date, timedelta

from privacy.pseudonym import gb11643_check_char

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("子涵欣怡梓涵思彤雨萱可馨浩宇宇轩俊杰子轩浩然皓轩梓睿一诺语桐芷若晨曦"
         "佳怡明轩博文嘉怡诗琪雅婷天佑梦瑶家豪瑞泽昊然雨泽思源文博铭泽若汐紫萱")
# (county code, province, city, district): real administrative divisions, fake streets and numbers.
AREAS = [
    ("130102", "河北省", "石家庄市", "长安区"), ("130104", "河北省", "石家庄市", "桥西区"),
    ("130602", "河北省", "保定市", "竞秀区"), ("520102", "贵州省", "贵阳市", "南明区"),
    ("520103", "贵州省", "贵阳市", "云岩区"), ("330102", "浙江省", "杭州市", "上城区"),
    ("330106", "浙江省", "杭州市", "西湖区"), ("330783", "浙江省", "金华市", "东阳市"),
]
HUKOU = ["411523", "510722", "522422", "341221", "433122", "500235", "452723", "620421"]
STREETS = ["建设路", "人民路", "解放路", "中山路", "文化路", "和平街", "幸福巷", "新华路", "友谊大街", "光明路"]
COMMUNITIES = ["阳光小区", "锦绣家园", "幸福里", "和谐苑", "金桥花园", "枫林小区", "城中村"]


def id_number(rng: random.Random, hukou_area: str, birth: date, female: bool) -> str:
    """A valid 18-digit resident ID number; the sequence digit's parity encodes sex as the standard requires."""
    seq = rng.randrange(0, 500) * 2 + (0 if female else 1)
    first17 = f"{hukou_area}{birth:%Y%m%d}{seq:03d}"
    return first17 + gb11643_check_char(first17)


def chinese_name(rng: random.Random) -> str:
    """Surname + one or two given-name characters."""
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    """A mainland mobile number shape (fake)."""
    return rng.choice(["138", "139", "150", "152", "158", "177", "186", "189"]) + f"{rng.randrange(10**8):08d}"


def address(rng: random.Random, area: tuple[str, str, str, str]) -> str:
    """A street address in the given district."""
    _, province, city, district = area
    return (f"{province}{city}{district}{rng.choice(STREETS)}{rng.randint(1, 300)}号"
            f"{rng.choice(COMMUNITIES)}{rng.randint(1, 20)}栋{rng.randint(1, 6)}0{rng.randint(1, 4)}室")


def birth_date(rng: random.Random, today: date) -> date:
    """A birth date for a child aged 0 to 17."""
    return today - timedelta(days=rng.randint(30, 17 * 365 + 300))
