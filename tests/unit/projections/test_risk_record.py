"""The risk level recorded by a person (issue 20, item 5; Guizhou: "開展風險等級評估"): its history in any order of
arrival, a change of level, the review date."""

from datetime import UTC, date, datetime

from events.contracts.risk_assessment import RiskAssessed
from events.envelope import Envelope
from projections.apply import Applied, Rejected, apply
from projections.risk_record import level_change, opened_history, risk_alerts

KEY = "ck_" + "a" * 40


def assessed(level, on, review, source="civil_affairs"):
    payload = RiskAssessed(assessor_id="dir-001", assessed_on=on, level=level, reasons=["family_hardship"],
                           next_review_on=review)
    return Envelope.new(payload, source=source, child_key=KEY,
                        occurred_at=datetime.combine(on, datetime.min.time(), UTC))


def fields_of(record):
    return {name: fv.value for name, fv in record.fields.items()}


def run(*envelopes):
    record = None
    for env in envelopes:
        outcome = apply(record, env)
        assert isinstance(outcome, Applied)
        record = outcome.record
    return record


def test_every_assessment_is_kept_in_the_history_whatever_the_order_of_arrival():
    a = assessed("low", date(2026, 3, 1), date(2026, 9, 1))
    b = assessed("high", date(2026, 9, 5), date(2026, 12, 5))
    one, other = run(a, b), run(b, a)
    plain = lambda _f, v: v  # noqa: E731
    assert opened_history(fields_of(one)["ledger.risk_history"], plain) == \
        opened_history(fields_of(other)["ledger.risk_history"], plain)
    assert [e["level"] for e in opened_history(fields_of(one)["ledger.risk_history"], plain)] == ["low", "high"]
    # the recorded level is the newest assessment's, last-writer by occurred_at
    assert fields_of(other)["ledger.risk_level"] == "high"


def test_a_redelivered_assessment_adds_nothing():
    a = assessed("low", date(2026, 3, 1), date(2026, 9, 1))
    assert len(fields_of(run(a, a))["ledger.risk_history"]) == 1


def test_only_civil_affairs_records_a_risk_level():
    outcome = apply(None, assessed("high", date(2026, 3, 1), date(2026, 9, 1), source="education"))
    assert isinstance(outcome, Rejected) and outcome.code == "not_owner"


def test_a_change_of_level_is_alerted_on_the_new_assessments_day_a_first_one_or_the_same_level_is_not():
    first = fields_of(run(assessed("low", date(2026, 3, 1), date(2026, 12, 1))))
    assert risk_alerts(first, date(2026, 2, 1), date(2026, 4, 1)) == []
    same = fields_of(run(assessed("low", date(2026, 3, 1), date(2026, 12, 1)),
                         assessed("low", date(2026, 6, 1), date(2026, 12, 1))))
    assert level_change(opened_history(same["ledger.risk_history"], lambda _f, v: v)) is None
    changed = fields_of(run(assessed("low", date(2026, 3, 1), date(2026, 12, 1)),
                            assessed("high", date(2026, 6, 1), date(2026, 12, 1))))
    assert risk_alerts(changed, date(2026, 5, 31), date(2026, 6, 1)) == [("risk_level_changed", date(2026, 6, 1))]
    assert risk_alerts(changed, date(2026, 6, 1), date(2026, 7, 1)) == []


def test_a_passed_review_date_is_alerted_once_the_day_after():
    fields = fields_of(run(assessed("medium", date(2026, 3, 1), date(2026, 9, 1))))
    assert risk_alerts(fields, date(2026, 8, 31), date(2026, 9, 1)) == []
    assert risk_alerts(fields, date(2026, 9, 1), date(2026, 9, 2)) == [("risk_review", date(2026, 9, 1))]
    assert risk_alerts(fields, date(2026, 9, 2), date(2026, 10, 2)) == []


def test_a_damaged_history_is_no_history():
    assert opened_history("enc:garbage", lambda _f, v: v) == []
    assert opened_history([{"event": 1}, "x", None], lambda _f, v: v) == []


def test_a_far_future_review_date_does_not_crash():
    assert risk_alerts({"ledger.risk_next_review_on": "9999-12-31"}, date(2026, 1, 1), date.max) == []


def test_the_wording_is_guizhous():
    # The Guizhou page carries pinyin after some characters (風(fēng)險(xiǎn)): read without it.
    import re
    from pathlib import Path

    path = Path("/work/shared/policy/guizhou-measures.txt")
    if path.exists():
        text = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", path.read_text(encoding="utf-8"))
        assert "建立重點關愛服務對象臺賬,開展風險等級評估" in text
