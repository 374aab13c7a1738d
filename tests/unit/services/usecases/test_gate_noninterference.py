"""Non-interference of every output path (issue 14): for any record, changing fields the caller's purpose excludes
changes nothing the caller gets — the gate's read and list answers, its refusals, a purpose's view message and the
entitlement view. Hypothesis picks the fields to change and their new values."""

from dataclasses import asdict
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devtools.synthetic import events_for, generate_children
from privacy.access_policy import load_policy
from privacy.audit import InMemoryAuditSink
from privacy.keyring import in_memory_keyring
from projections.catalogue import load_catalogue
from projections.record import FieldValue
from services.adapters.messaging import InMemoryBroker
from services.adapters.tokens import Principal
from services.adapters.topics import Topics
from services.usecases.access import KNOWN_FIELDS, AccessDenied, AccessService, NotFound
from services.usecases.care import CareJobs, job_principal
from services.usecases.views import ViewProjector, view_sealer
from tests.unit.services.usecases.sealed_world import sealed_world

POLICY = load_policy()
RULES = [r for r in POLICY.rules if r.fields]
AS_OF = date(2026, 11, 1)
AT = datetime(2000, 1, 1, tzinfo=UTC)  # older than any event: when a record was last updated is not what varies


@pytest.fixture(scope="module")
def world():
    keyring = in_memory_keyring()
    kids = generate_children(12, keyring.secret("pseudonym"), seed=11)
    w = sealed_world([e for c in kids for e in events_for(c)], keyring)
    return keyring, w.cipher, w.store, sorted(r.child_key for r in w.store.records())


def _vary(store, cipher, child_key, excluded, changes):
    """The child's record with some excluded fields set to other values (sealed where the field is sealed)."""
    record = store.get(child_key)
    updates = {}
    for name, value in changes:
        if name not in excluded:
            continue
        stored = cipher.seal(child_key, name, value) if name in record.fields and isinstance(
            record.fields[name].value, str) and record.fields[name].value.startswith("enc:") else value
        updates[name] = FieldValue(stored, "public_security", "e-" + name, AT)
    # same version: the version counts every change, of any field (README says so); values are what is tested here
    return record.with_values(updates) if updates else record


class OneRecordStore:
    """A store holding exactly one record (the varied one)."""

    def __init__(self, record):
        self.record = record

    def get(self, key):
        return self.record if key == self.record.child_key else None

    def records(self):
        return iter([self.record])

    def in_area(self, prefix, limit=100):
        return [self.record] if str(self.record.value("residence.area_code") or "").startswith(prefix) else []


def _answer(call):
    try:
        return ("ok", call())
    except AccessDenied as exc:
        return ("denied", exc.decision.reason, exc.decision.denied_fields)
    except NotFound:
        return ("not_found",)


CHANGES = st.lists(st.tuples(st.sampled_from(KNOWN_FIELDS),
                             st.one_of(st.text(max_size=8), st.integers(-5, 5), st.booleans())), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rule=st.sampled_from(RULES), child=st.integers(0, 11), changes=CHANGES,
       area=st.sampled_from([None, "33", "5201"]))
def test_the_gate_answers_the_same_whatever_the_excluded_fields_hold(world, rule, child, changes, area):
    keyring, cipher, store, keys = world
    key = keys[child]
    permitted = set(POLICY.fields_for(rule, KNOWN_FIELDS))
    # An area-bound rule decides scope by where the child lives: in or out of the caller's area is what it reveals.
    excluded = set(KNOWN_FIELDS) - permitted - ({"residence.area_code"} if rule.same_area else set())
    principal = Principal("p", rule.role, area or str(store.get(key).value("residence.area_code") or "")[:6])

    def answers(record):
        gate = AccessService(OneRecordStore(record), cipher, POLICY, InMemoryAuditSink(b"k"))
        read = _answer(lambda: asdict(gate.read(principal, rule.purpose, key)))
        asked = _answer(lambda: asdict(gate.read(principal, rule.purpose, key, sorted(excluded)[:2])))
        listed = _answer(lambda: [asdict(v) for v in gate.list_area(principal, rule.purpose,
                                                                      principal.area or "33", 10, None)])
        return read, asked, listed

    assert answers(store.get(key)) == answers(_vary(store, cipher, key, excluded, changes))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(child=st.integers(0, 11), changes=CHANGES)
def test_a_view_message_and_the_entitlement_view_ignore_what_their_purpose_excludes(world, child, changes):
    keyring, cipher, store, keys = world
    key = keys[child]
    rule = POLICY.rule("downstream_app", "entitlement_matching")
    permitted = set(POLICY.fields_for(rule, KNOWN_FIELDS))
    excluded = set(KNOWN_FIELDS) - permitted
    catalogue = load_catalogue("guizhou")

    def outputs(record):
        producer = InMemoryBroker().producer()
        projector = ViewProjector("entitlement_matching", OneRecordStore(record), cipher, POLICY,
                                  InMemoryAuditSink(b"k"), producer, Topics(""), view_sealer(keyring, "x"))
        body = projector.project(key)
        jobs = CareJobs(OneRecordStore(record), cipher, InMemoryAuditSink(b"k"), job_principal("job"), POLICY)
        return body, jobs.entitlement_view(record, catalogue, AS_OF, permitted)

    before, after = outputs(store.get(key)), outputs(_vary(store, cipher, key, excluded, changes))
    assert before == after


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(child=st.integers(0, 11), changes=CHANGES)
def test_ledger_alerts_and_tasks_ignore_what_the_directors_purpose_excludes(world, child, changes):
    keyring, cipher, store, keys = world
    key = keys[child]
    permitted = set(POLICY.fields_for(POLICY.rule("children_director", "key_child_care"), KNOWN_FIELDS))
    excluded = set(KNOWN_FIELDS) - permitted

    def outputs(record):
        jobs = CareJobs(OneRecordStore(record), cipher, InMemoryAuditSink(b"k"), job_principal("job"), POLICY)
        return jobs.alerts(date(2000, 1, 1), AS_OF), jobs.tasks(AS_OF)

    assert outputs(store.get(key)) == outputs(_vary(store, cipher, key, excluded, changes))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(child=st.integers(0, 11), changes=CHANGES)
def test_the_entitlement_view_depends_on_excluded_fields_only_through_the_declared_derived_outputs(world, child,
                                                                                                    changes):
    """With the app's declared derivations (access_policy.json "derived"), the entitlement view is a function of the
    fields the app's purpose includes and of the declared outputs (the 流动儿童 status, the states of the items
    released): fields neither in the purpose nor consumed by a declared derivation change nothing, and the inputs a
    derivation consumes change the view only where they change its declared output."""
    from projections.entitlements import entitlements
    from projections.migrant import INPUTS, migrant_status
    from services.usecases.access import plain_fields
    from services.usecases.care import ENTITLED_ITEMS, release_for

    keyring, cipher, store, keys = world
    key = keys[child]
    release = release_for(POLICY, "downstream_app", "entitlement_matching")
    consumed = set().union(*release.derived.values())
    excluded = set(KNOWN_FIELDS) - release.fields
    catalogue = load_catalogue("guizhou")
    released = {i.id for i in catalogue.items if release.covers(i.rule_fields, ENTITLED_ITEMS)}

    def view(record):
        jobs = CareJobs(OneRecordStore(record), cipher, InMemoryAuditSink(b"k"), job_principal("job"), POLICY)
        return jobs.entitlement_view(record, catalogue, AS_OF, release)

    def declared(record):
        f = plain_fields(record, cipher, catalogue.fields)
        return (migrant_status(f, AS_OF).to_json(), {n: record.fields[n].source for n in INPUTS if n in record.fields},
                [(e.item_id, e.delivered) for e in entitlements(f, catalogue, AS_OF) if e.item_id in released])

    original = store.get(key)
    assert view(original) == view(_vary(store, cipher, key, excluded - consumed, changes))
    varied = _vary(store, cipher, key, excluded, changes)
    if declared(varied) == declared(original):
        assert view(varied) == view(original)
