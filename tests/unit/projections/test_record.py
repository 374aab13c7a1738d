"""The child record's fields are decoded on first use and stored fields serialise exactly as they were loaded."""

from datetime import UTC, datetime

import orjson

from projections.record import ChildRecord, Fields, FieldValue

AT = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def stored_record() -> ChildRecord:
    rec = ChildRecord("ck_" + "a" * 32).with_fields({
        "education.status": FieldValue("enrolled", "education", "e1", AT),
        "health.last_vaccine": FieldValue("MMR", "health", "e2", AT),
    })
    return ChildRecord.from_stored(orjson.loads(orjson.dumps(rec.to_stored())))


def test_round_trip_is_exact_and_equal() -> None:
    rec = stored_record()
    assert rec.to_json() == ChildRecord.from_json(rec.to_json()).to_json()
    assert rec.to_stored() == ChildRecord.from_stored(rec.to_stored()).to_stored()
    assert ChildRecord.from_stored(rec.to_json()).to_json() == rec.to_json()  # rows stored in the readable form
    assert rec.fields["education.status"] == FieldValue("enrolled", "education", "e1", AT)
    assert dict(rec.fields) == {"education.status": FieldValue("enrolled", "education", "e1", AT),
                                "health.last_vaccine": FieldValue("MMR", "health", "e2", AT)}


def test_stored_fields_are_not_decoded_until_read() -> None:
    rec = stored_record()
    assert isinstance(rec.fields, Fields)
    assert rec.fields._decoded == {}
    assert rec.value("education.status") == "enrolled"
    assert set(rec.fields._decoded) == {"education.status"}


def test_set_fields_win_and_versions_stay_independent() -> None:
    rec = stored_record()
    later = FieldValue("dropped_out", "education", "e3", AT.replace(day=2))
    new = rec.with_fields({"education.status": later, "education.grade": FieldValue(3, "education", "e3", AT)})
    assert new.version == rec.version + 1
    assert new.value("education.status") == "dropped_out" and rec.value("education.status") == "enrolled"
    assert sorted(new.fields) == ["education.grade", "education.status", "health.last_vaccine"]
    assert len(new.fields) == 3 and "education.grade" in new.fields and "education.grade" not in rec.fields
    assert new.to_json()["fields"]["education.status"]["event_id"] == "e3"
    assert list(new.to_json()["fields"]) == sorted(new.fields)


def test_the_stored_form_names_each_event_once_and_drops_events_no_field_refers_to() -> None:
    rec = stored_record()
    later = FieldValue("dropped_out", "education", "e3", AT.replace(day=2))
    stored = rec.with_fields({"education.status": later}).to_stored()
    assert stored["fields"] == {"education.status": ["dropped_out", 0], "health.last_vaccine": ["MMR", 1]}
    assert stored["events"] == [["e3", "education", "2025-03-02T08:00:00+00:00"],
                                ["e2", "health", "2025-03-01T08:00:00+00:00"]]


def test_an_event_setting_several_fields_is_listed_once() -> None:
    rec = stored_record().with_fields({"education.grade": FieldValue(3, "education", "e1", AT)})
    stored = ChildRecord.loads(rec.dumps()).to_stored()
    assert stored["events"] == [["e1", "education", "2025-03-01T08:00:00+00:00"],
                                ["e2", "health", "2025-03-01T08:00:00+00:00"]]
    assert stored["fields"]["education.grade"] == [3, 0] and stored["fields"]["education.status"] == ["enrolled", 0]


def test_rows_that_name_events_by_id_still_load() -> None:
    row = {"child_key": "ck_" + "a" * 32, "version": 2, "erased": False,
           "events": {"e1": ["education", "2025-03-01T08:00:00+00:00"], "e2": ["health", "2025-03-01T08:00:00+00:00"]},
           "fields": {"education.status": ["enrolled", "e1"], "health.last_vaccine": ["MMR", "e2"]}}
    rec = ChildRecord.from_stored(row)
    assert rec.fields["health.last_vaccine"] == FieldValue("MMR", "health", "e2", AT)
    assert rec.to_stored() == stored_record().to_stored() | {"version": 2}


def test_with_values_keeps_the_version() -> None:
    rec = stored_record()
    sealed = rec.with_values({"health.last_vaccine": FieldValue("sealed", "health", "e2", AT)})
    assert sealed.version == rec.version and sealed.value("health.last_vaccine") == "sealed"


def test_erase_clears_every_field() -> None:
    erased = stored_record().erase()
    assert erased.erased and len(erased.fields) == 0 and erased.to_json()["fields"] == {}
