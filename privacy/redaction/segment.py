"""Word segmentation with part-of-speech tags from jieba's shipped dictionary (no download), cached per text."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Any

_lock = threading.Lock()
_posseg = None

SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛"
    "邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝"
    "路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂"
    "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕"
    "楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈"
    "晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉"
    "冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    # Rarer surnames of the Hundred Family Surnames and of today's registers; none of them is a common word alone.
    "訾钮邴仉郇缑禄庹逄禚笪佴麴赖桓厍蒯阎逢钭酆郦濮郏汲蔚蓟荀隗郗糜郄闾杞琚鄂贲羿宓邗贝"
    # Regional ones: Cantonese (禤), Shaanxi and Gansu (雒), Jiangsu (眭), Guizhou (卯), Hui (喇, 撒), Korean (玄)
    "禤雒眭卯喇撒玄"
)
COMPOUND_SURNAMES = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                     "夏侯", "轩辕", "令狐", "端木", "百里", "呼延", "南宫", "独孤",
                     # rarer ones that are no common word as well (第五, 东门, 南门 are left out)
                     "鲜于", "单于", "万俟", "闻人", "赫连", "澹台", "公冶", "宗政", "濮阳", "淳于", "申屠", "钟离",
                     "闾丘", "亓官", "司寇", "颛孙", "巫马", "漆雕", "拓跋", "羊舌", "梁丘", "左丘", "公羊"}


def _load() -> Any:
    global _posseg
    with _lock:
        if _posseg is None:
            import jieba
            import jieba.posseg as posseg

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()  # loads the dictionary inside the jieba package
            _posseg = posseg
    return _posseg


@lru_cache(maxsize=2048)
def tokens(text: str) -> tuple[tuple[str, str, int], ...]:
    """(word, pos flag, start offset) for every word of the text."""
    posseg = _load()
    out, pos = [], 0
    for pair in posseg.lcut(text):
        out.append((pair.word, pair.flag, pos))
        pos += len(pair.word)
    return tuple(out)


def frequency(word: str) -> int:
    """How common a word is in jieba's dictionary (0 when absent): names are rare there, common words are not."""
    _load()
    import jieba

    return int(jieba.dt.FREQ.get(word) or 0)


def word_tag(word: str) -> str:
    """The part-of-speech tag jieba's dictionary gives a word ("" when absent)."""
    posseg = _load()
    return posseg.dt.word_tag_tab.get(word, "")


def has_surname(name: str) -> bool:
    """Whether a candidate starts with a common single or compound surname."""
    return name[:2] in COMPOUND_SURNAMES or name[:1] in SURNAMES
