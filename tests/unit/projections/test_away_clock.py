"""The 6-month clock across moves. Hebei plan: "跨县域异地居住或生活6个月以上" counts the time living away from the
hukou county, not the time in the current county: a move between two counties away from home keeps the clock, a move
back to the hukou county resets it. The clock is derived from `residence.history`, which public security's residence
events write (一数一源) and which any order of arrival builds the same."""

from datetime import UTC, date, datetime
from itertools import permutations

from events.contracts.public_security import IdentityRecorded, MovedIn, MovedOut, ResidenceRegistered
from events.envelope import Envelope
from projections.apply import apply
from projections.migrant import MIGRANT, NOT_MIGRANT, UNKNOWN, away_since, load_definition, migrant_status
from projections.record import ChildRecord

KEY = "ck_" + "e" * 40
HUKOU = "411523"  # 河南 新县
XIHU, NANMING = "330106001", "520102003"  # 杭州 西湖区, 贵阳 南明区: both away from the hukou county


def at(day):
    return datetime.combine(day, datetime.min.time(), UTC).replace(hour=9)


def record_of(*events):
    record = ChildRecord(KEY)
    identity = IdentityRecorded(name="王小明", id_number="41152320150301124X", sex="M", birth_date=date(2015, 3, 1),
                                hukou_area=HUKOU)
    for payload, day in [(identity, date(2024, 1, 1)), *events]:
        record = apply(record, Envelope.new(payload, source="public_security", child_key=KEY,
                                            occurred_at=at(day))).record
    return record


def fields(record):
    return {k: fv.value for k, fv in record.fields.items()}


def status(record, as_of):
    return migrant_status(fields(record), as_of)


def test_the_definition_counts_time_away_from_the_hukou_place():
    assert "跨县域异地居住或生活6个月以上" in load_definition().wording


LIVED_IN_XIHU = (ResidenceRegistered(area_code=XIHU, address="西湖区文三路1号", since=date(2025, 1, 1)),
                 date(2025, 1, 2))
TO_NANMING = (MovedIn(area_code=NANMING, address="南明区花果园1号", from_area=XIHU, moved_on=date(2026, 10, 10)),
              date(2026, 10, 11))


def test_a_move_between_two_counties_away_from_home_keeps_the_clock():
    """Away from 411523 since 2025-01-01 without a break: in 南明区 for three weeks, a 流动儿童 there."""
    record = record_of(LIVED_IN_XIHU, TO_NANMING)
    f = fields(record)
    assert f["residence.since"] == "2026-10-10"  # the time in the current county (still written, still kept)
    assert away_since(f, date(2026, 11, 1)) == date(2025, 1, 1)
    got = status(record, date(2026, 11, 1))
    assert got.status == MIGRANT and "resident_6_months" in got.reasons


def test_a_move_out_then_in_is_one_move_and_keeps_the_clock():
    out = (MovedOut(area_code=XIHU, to_area=NANMING, moved_on=date(2026, 10, 10)), date(2026, 10, 10))
    record = record_of(LIVED_IN_XIHU, out, TO_NANMING)
    assert status(record, date(2026, 11, 1)).status == MIGRANT


def test_a_move_back_to_the_hukou_county_makes_the_child_not_migrant():
    home = (MovedIn(area_code="411523101", address="新县城关", from_area=NANMING, moved_on=date(2026, 10, 20)),
            date(2026, 10, 20))
    got = status(record_of(LIVED_IN_XIHU, TO_NANMING, home), date(2026, 11, 1))
    assert got.status == NOT_MIGRANT and "same_county" in got.reasons


def test_a_move_away_again_restarts_the_clock():
    home = (MovedIn(area_code="411523101", address="新县城关", from_area=NANMING, moved_on=date(2026, 2, 1)),
            date(2026, 2, 1))
    away = (MovedIn(area_code=XIHU, address="西湖区文三路2号", from_area="411523101", moved_on=date(2026, 6, 1)),
            date(2026, 6, 1))
    record = record_of(LIVED_IN_XIHU, home, away)
    assert away_since(fields(record), date(2026, 11, 1)) == date(2026, 6, 1)  # not 2025-01-01: home in between
    got = status(record, date(2026, 11, 1))
    assert got.status == NOT_MIGRANT and "resident_under_6_months" in got.reasons
    assert status(record, date(2026, 12, 1)).status == MIGRANT  # six months after leaving home again


def test_moving_to_a_central_district_of_the_hukou_city_is_coming_home():
    """"城市中心城区的市辖区之间异地居住或生活的除外": a child of 上城区 who lived in 东阳市, then in 西湖区 (both
    central districts of 杭州), is not away while in 西湖区, and a move on to 东阳市 starts the clock again."""
    record = ChildRecord(KEY)
    events = [(IdentityRecorded(name="a", id_number="41152320150301124X", sex="M", birth_date=date(2015, 3, 1),
                                hukou_area="330102"), date(2024, 1, 1)),
              (ResidenceRegistered(area_code="330783", address="东阳", since=date(2024, 1, 1)), date(2024, 1, 2)),
              (MovedIn(area_code="330106", address="西湖", from_area="330783", moved_on=date(2025, 1, 1)),
               date(2025, 1, 1)),
              (MovedIn(area_code="330783", address="东阳", from_area="330106", moved_on=date(2026, 9, 1)),
               date(2026, 9, 1))]
    for payload, day in events:
        record = apply(record, Envelope.new(payload, source="public_security", child_key=KEY,
                                            occurred_at=at(day))).record
    assert away_since(fields(record), date(2026, 11, 1)) == date(2026, 9, 1)


def test_the_history_is_the_same_whatever_order_the_events_arrive_in():
    moves = [LIVED_IN_XIHU, TO_NANMING,
             (MovedIn(area_code="411523101", address="新县", from_area=NANMING, moved_on=date(2026, 10, 20)),
              date(2026, 10, 20))]
    envelopes = [Envelope.new(p, source="public_security", child_key=KEY, occurred_at=at(d)) for p, d in moves]
    outcomes = set()
    for order in permutations(envelopes):
        record = ChildRecord(KEY)
        for env in order:
            record = apply(record, env).record
        f = fields(record)
        outcomes.add((str(f["residence.history"]), f["residence.area_code"], away_since(f, date(2026, 11, 1))))
    assert len(outcomes) == 1


def test_a_redelivered_event_adds_nothing_to_the_history():
    record = record_of(LIVED_IN_XIHU)
    env = Envelope.new(TO_NANMING[0], source="public_security", child_key=KEY, occurred_at=at(TO_NANMING[1]))
    once = apply(record, env).record
    twice = apply(once, env)
    assert twice.changed == () and len(fields(once)["residence.history"]) == 2


def test_an_undated_registration_in_a_new_county_makes_the_clock_unknown_but_a_renewal_keeps_it():
    renewal = (ResidenceRegistered(area_code=XIHU, address="西湖区文三路1号", permit_number="P2"), date(2026, 3, 1))
    assert status(record_of(LIVED_IN_XIHU, renewal), date(2026, 11, 1)).status == MIGRANT
    elsewhere = (ResidenceRegistered(area_code=NANMING, address="南明区"), date(2026, 10, 1))
    got = status(record_of(LIVED_IN_XIHU, elsewhere), date(2026, 11, 1))
    assert got.status == UNKNOWN and "residence_date_unknown" in got.reasons


def test_a_move_takes_effect_on_its_date():
    record = record_of(LIVED_IN_XIHU, (MovedIn(area_code="411523101", address="新县", from_area=XIHU,
                                               moved_on=date(2026, 12, 1)), date(2026, 11, 1)))
    f = fields(record)
    # On 2026-11-05 the child still lives in 西湖区 (current_area), and the clock still runs from 2025-01-01.
    assert away_since({**f, "residence.area_code": XIHU}, date(2026, 11, 5)) == date(2025, 1, 1)
