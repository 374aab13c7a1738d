from devtools.synthetic import events_for, generate_children
from events.departments import Department
from projections.apply import Rejected, apply


def test_the_synthetic_children_have_events_from_every_department_and_each_owns_what_it_writes():
    records, sources = {}, set()
    for child in generate_children(200, b"k" * 32, seed=11):
        for envelope in events_for(child):
            sources.add(envelope.source)
            out = apply(records.get(child.key), envelope)
            assert not isinstance(out, Rejected), (envelope.event_type, out.reason)
            records[child.key] = out.record
    assert sources == set(Department) - {Department.PLATFORM}


def test_synthetic_events_are_deterministic_by_seed():
    child = generate_children(1, b"k" * 32, seed=3)[0]
    first = [(e.event_type, e.payload) for e in events_for(child, seed=1)]
    assert first == [(e.event_type, e.payload) for e in events_for(child, seed=1)]
