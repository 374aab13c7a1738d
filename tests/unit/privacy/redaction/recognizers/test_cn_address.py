"""The address recognizer (privacy/redaction/recognizers/cn_address.py), through the redactor."""

import pytest

from privacy.redaction import Redactor, redact
from tests.unit.privacy.redaction.corpus import corpus_texts

R = Redactor()


def types(text):
    return [e for e, _, _ in R.analyze(text)]


def spans_of(text):
    return [(e, text[s:t]) for e, s, t in R.analyze(text)]


@pytest.mark.parametrize("address", ["河北省石家庄市长安区建设路12号阳光小区3栋2单元501室",
                                     "贵阳市南明区花果园小区3栋1502", "遵义市汇川区三江镇石桥村11组",
                                     "广西壮族自治区河池市都安瑶族自治县地苏镇大定村弄林屯",
                                     "北京市朝阳区十八里店乡吕家营村委会南侧平房3排12号", "武汉市洪山区珞喻路1037号"])
def test_addresses_are_found_whole(address):
    text = f"家住{address}，孩子由奶奶照顾。"
    assert ("LOCATION", address) in [(e, text[s:t]) for e, s, t in R.analyze(text)]


@pytest.mark.parametrize("address", ["湖南省怀化市通道侗族自治县牙屯堡镇文坡村4组",
                                     "汇川区上海路街道珠海路与澳门路交叉口",
                                     "花溪区清溪街道贵筑社区安置房C区8栋2单元1203", "呼玛县呼玛镇兴华街3委12组"])
def test_harder_addresses_are_found_whole(address):
    text = f"住址：{address}，已核实。"
    assert ("LOCATION", address) in spans_of(text)


@pytest.mark.parametrize("text", ["他在院子里玩。", "走了5公里山路才到学校。", "父母在广东东莞打工。",
                                  "一名迷路的孩子被送回家。", "小心路滑。"])
def test_words_ending_like_streets_are_not_addresses(text):
    assert R.redact(text).text == text


@pytest.mark.parametrize("text", ["边巴、次旦、顿珠三人参加了篮球队。", "孩子们在校园里拍照留念。",
                                  "弟弟在幼儿园里哭了。"])
def test_a_count_after_a_name_and_a_school_yard_are_not_addresses(text):
    assert "LOCATION" not in types(text)


def test_a_lane_numbered_in_chinese_still_ends_an_address():
    assert (("LOCATION", "深圳市宝安区西乡街道固戍社区二巷12号")
            in spans_of("现住深圳市宝安区西乡街道固戍社区二巷12号。"))


def test_a_mothers_surname_and_starting_kindergarten_are_no_name_and_no_address():
    assert spans_of("孩子姓危，跟母姓，父亲身份不详。") == [("PERSON", "危")]
    assert "LOCATION" not in types("豆豆入园后不愿意说话。")


@pytest.mark.parametrize("address", ["双龙镇高峰村一组", "彝良县柳塘镇长岭村十二组", "八角镇大寨村四组",
                                     "太平乡杨柳村十一组", "和龙市八角镇石板村", "经开区长江路48号2单元",
                                     "城东区幸福路12号3单元"])
def test_village_addresses_and_ones_without_a_province_are_found_whole(address):
    text = f"孩子住在{address}，由奶奶照顾。"
    assert ("LOCATION", address) in spans_of(text)


@pytest.mark.parametrize("text, address", [
    ("具体地址为天河区石牌村东十二巷5号。", "天河区石牌村东十二巷5号"),  # jieba glues 村 to the direction after it
    ("走访地点：武昌区中南路7号中商广场写字楼A座2308室。", "武昌区中南路7号中商广场写字楼A座2308室"),
])
def test_an_address_runs_through_glued_directions_buildings_and_wings(text, address):
    assert redact(text) == text.replace(address, "<LOCATION>")


@pytest.mark.parametrize("text", ["孩子在教学楼3楼摔倒了。", "他家在村东头，离学校不远。",
                                  "孩子们在综合楼A座参加活动。", "镇南的集市每周三开。"])
def test_a_building_or_a_direction_alone_is_no_address(text):
    assert "LOCATION" not in types(text)


@pytest.mark.parametrize("text, expected", [("家住幸福社区3栋201", "家住<LOCATION>"),
                                            ("住在朝阳街道幸福社区", "住在<LOCATION>"),
                                            ("到城东社区卫生服务中心咨询", "到城东社区卫生服务中心咨询")])
def test_a_community_is_an_address_where_people_live_not_where_a_service_is(text, expected):
    assert redact(text) == expected



@pytest.mark.parametrize("text, address, rules", [
    ("家住建设路12号阳光小区3栋2单元501室", "建设路12号阳光小区3栋2单元501室",
     "start_street>street_suffix_or_number>named>place"),
    ("双龙镇高峰村一组", "双龙镇高峰村一组", "start_named>named>street_suffix_or_number")])
def test_the_driver_records_the_rules_that_built_each_address(text, address, rules):
    from privacy.redaction.recognizers.cn_address import find

    assert [(text[s:e], r) for s, e, r in find(text)] == [(address, rules)]


def test_a_veto_rule_drops_an_organisation_named_after_its_area():
    from privacy.redaction.recognizers.cn_address import find

    assert find("幸福街道办事处") == []


@pytest.mark.parametrize("text, address", [
    ("家住镇雄县三河镇坪上村第四村民小组。", "镇雄县三河镇坪上村第四村民小组"),
    ("到核桃坪村岩头寨自然村走访", "核桃坪村岩头寨自然村"),
    ("搬进阳光新城易地搬迁安置点16栋304，", "阳光新城易地搬迁安置点16栋304"),
    ("家住虎门镇宏达鞋厂宿舍7栋307室", "虎门镇宏达鞋厂宿舍7栋307室"),
    ("已到泉州市小榄镇棠下村4巷28号6楼", "泉州市小榄镇棠下村4巷28号6楼"),
    ("回访坪上村的罗家", "坪上村")])
def test_household_level_addresses_are_found_whole(text, address):
    assert ("LOCATION", address) in spans_of(text)


@pytest.mark.parametrize("text", ["在本村开展走访。", "父母在杭州打工，春节回贵州老家。"])
def test_this_village_and_places_in_passing_stay(text):
    assert "LOCATION" not in types(text)


@pytest.mark.parametrize("text, address", [("暂住小榄镇棠下村2巷20号，", "小榄镇棠下村2巷20号"),
                                           ("在小榄镇鑫源五金厂宿舍6栋301室找到", "小榄镇鑫源五金厂宿舍6栋301室")])
def test_an_administrative_character_glued_to_the_next_name_keeps_the_address_whole(text, address):
    assert ("LOCATION", address) in spans_of(text)


def test_a_village_named_alone_is_an_address():
    assert ("LOCATION", "清水村") in spans_of("回访清水村的罗家，房屋已加固。")


@pytest.mark.parametrize("text, address", [
    ("住在茶山村四组40号，", "茶山村四组40号"), ("暂住慈溪市渔农村8巷24号，", "慈溪市渔农村8巷24号"),
    ("序号1，响水乡关口村十组，", "响水乡关口村十组"), ("家住关口村石门坎自然村，", "关口村石门坎自然村"),
    ("户籍地黄土乡桐子村石门坎组，", "黄土乡桐子村石门坎组"),
    ("刚从幸福里易地扶贫搬迁安置区14栋6单元502室回来", "幸福里易地扶贫搬迁安置区14栋6单元502室"),
    ("住安居苑易地搬迁安置区17栋403", "安居苑易地搬迁安置区17栋403"),
    ("在厚街镇顺发五金厂宿舍1栋407室找到", "厚街镇顺发五金厂宿舍1栋407室")])
def test_villages_named_with_common_words_relocation_sites_and_factories_are_whole(text, address):
    assert ("LOCATION", address) in spans_of(text)


def test_leaving_out_the_rules_a_note_has_no_word_for_changes_no_span(monkeypatch):
    """find() drops the rules whose word (安置, 宿舍, a hamlet ending, a crossing, 与/和) is not in the note, and skips
    a token where _start_classes() says no start rule can fire (with every rule kept, no token is skipped)."""
    from privacy.redaction.recognizers import cn_address

    texts = corpus_texts()
    filtered = [cn_address.find(t) for t in texts]
    monkeypatch.setattr(cn_address, "_rules_for", lambda toks: (cn_address.START_RULES, cn_address.CONTINUATION_RULES))
    assert [cn_address.find(t) for t in texts] == filtered


def test_a_continuation_rule_whose_gate_is_closed_answers_nothing_on_every_corpus_note():
    """The gates only skip calls: a rule left out at a token would have answered None there, whether the span starts
    there or before it."""
    from privacy.redaction.recognizers import cn_address
    from privacy.redaction.segment import tokens

    closed = 0
    for text in corpus_texts(mixed=True):
        toks = tokens(text)
        for j, (word, flag, _) in enumerate(toks):
            for rule, gate in cn_address.CONTINUATION_GATES.items():
                if gate(word, flag):
                    continue
                for i in {max(j - 1, 0), j}:  # 2 places, 3 details: every branch open
                    closed += 1
                    assert rule(toks, i, j, 2, 3) is None, (rule.__name__, word, flag, text)
    assert closed > 100_000


@pytest.mark.parametrize("address", ["苍山镇回水村4社", "洪雅县花溪乡桥楼村五社", "营盘村二队",
                                     "石井镇新民村东区3坊17号", "黄岐村9巷14号"])
def test_a_group_or_lane_unit_cut_from_its_number_stays_in_the_address(address):
    text = f"孩子现住{address}，由外婆照顾。"
    assert ("LOCATION", address) in spans_of(text)


@pytest.mark.parametrize("text", ["本月全镇1260名留守儿童完成信息更新。", "全乡326名儿童已建档。"])
def test_a_whole_township_in_a_count_is_no_address(text):
    assert R.redact(text).text == text


@pytest.mark.parametrize("address", ["东河县青山镇易地扶贫搬迁集中安置点8号楼2单元301室",
                                     "城西易地搬迁集中安置区5栋1202"])
def test_a_relocation_site_with_more_relocation_words_before_its_placement_is_whole(address):
    text = f"走访{address}，孩子在家。"
    assert ("LOCATION", address) in spans_of(text)


def test_the_label_of_an_address_field_is_not_part_of_a_relocation_site():
    text = "出院诊断癫痫，地址幸福新村集中安置区12幢302室"
    assert ("LOCATION", "幸福新村集中安置区12幢302室") in spans_of(text)


def test_a_village_named_after_a_family_that_jieba_tags_as_a_name_is_whole():
    text = "跟爷爷在王家堡村3组21号生活"
    assert ("LOCATION", "王家堡村3组21号") in spans_of(text)


@pytest.mark.parametrize("text, address", [("住岷南县回龙乡", "岷南县回龙乡"), ("住在宕河县新寨镇", "宕河县新寨镇")])
def test_a_county_first_character_cut_off_by_jieba_is_part_of_the_address(text, address):
    assert ("LOCATION", address) in spans_of(text)


@pytest.mark.parametrize("text", ["去南县看病", "向南县城走去"])
def test_a_verb_or_direction_before_a_county_word_is_not_part_of_it(text):
    assert all(not s.startswith(("去", "向")) for _, s in spans_of(text))


@pytest.mark.parametrize("text", ["桂花开了，和平广场上孩子们在放风筝。", "周末带孩子去人民公园玩。"])
def test_a_public_place_named_alone_is_no_address(text):
    assert R.redact(text).text == text


def test_a_public_place_with_a_building_number_is_an_address():
    assert ("LOCATION", "人民广场3号楼2单元") in spans_of("家住人民广场3号楼2单元")


@pytest.mark.parametrize("text, address", [("分散供养，住石佛乡桂花村石磨湾，联系人", "石佛乡桂花村石磨湾"),
                                           ("住碾盘乡下湾村水碾河，", "碾盘乡下湾村水碾河")])
def test_a_natural_village_after_its_village_ending_in_a_natural_feature_is_in_the_address(text, address):
    assert ("LOCATION", address) in spans_of(text)


@pytest.mark.parametrize("text, address", [("住棉湖镇柏树垭村1社。", "棉湖镇柏树垭村1社"),
                                           ("孩子现住阳洼村五队，由外婆照顾。", "阳洼村五队")])
def test_a_residence_verb_jieba_glued_to_the_place_is_left_out(text, address):
    assert ("LOCATION", address) in spans_of(text)


@pytest.mark.parametrize("text, found", [("到后楼村入户", True), ("到下河村入户", True),
                                         ("上山村路不好走", False), ("前几天回村", False), ("以后农村孩子", False)])
def test_a_village_whose_first_character_jieba_read_as_a_direction(text, found):
    assert ("LOCATION" in [e for e, _ in spans_of(text)]) is found


@pytest.mark.parametrize("text, address", [("今天到小李庄村五组43号看了", "小李庄村五组43号"),
                                           ("住在糯扎渡镇马家岔村四社", "糯扎渡镇马家岔村四社"),
                                           ("住新蔡县者东乡糯福村2社", "新蔡县者东乡糯福村2社")])
def test_a_first_character_jieba_cut_off_a_village_or_town_stays_in_the_address(text, address):
    """小 + 李庄村, 糯 + 扎渡镇, 者 + 东乡: one character before a place word of two or three characters."""
    assert ("LOCATION", address) in spans_of(text)


@pytest.mark.parametrize("text", ["从小在农村长大", "他去南县打工了"])
def test_a_grammar_word_or_a_verb_before_a_place_word_is_no_part_of_it(text):
    assert not [s for e, s in spans_of(text) if e == "LOCATION" and s[0] in "小去"]
