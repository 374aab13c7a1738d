"""Statistics that answer the policies' questions (issue 17, item 6), over synthetic children in memory."""

from datetime import date

import pytest

from devtools.synthetic import events_for, generate_children
from privacy.audit import InMemoryAuditSink
from privacy.keyring import in_memory_keyring
from projections.catalogue import load_catalogue
from projections.catalogue.loader import platform_areas
from projections.moves import in_platform
from projections.residence import current_area
from services.usecases.access import plain_fields
from services.usecases.care import DIMENSIONS, RESIDENCE_FIELDS, CareJobs, job_principal
from tests.unit.services.usecases.sealed_world import sealed_world

AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def world():
    keyring = in_memory_keyring()
    kids = generate_children(150, keyring.secret("pseudonym"), seed=17)
    w = sealed_world([e for c in kids for e in events_for(c)], keyring)
    return CareJobs(w.store, w.cipher, InMemoryAuditSink(b"k"), job_principal("job:stats")), w.store, w.cipher


def test_children_who_left_the_platform_are_in_no_figure(world):
    jobs, store, cipher = world
    here = [r for r in store.records()
            if in_platform(current_area(plain_fields(r, cipher, RESIDENCE_FIELDS), AS_OF), platform_areas())]
    assert 0 < len(here) <= 150
    table = jobs.statistics("area", "migrant_status", AS_OF, threshold=3)
    assert table["grand_total"] == len(here)


@pytest.mark.parametrize("dimension", [d for d in DIMENSIONS if d not in ("area", "service")])
def test_every_dimension_makes_a_suppressed_table(world, dimension):
    jobs, _, _ = world
    table = jobs.statistics("area", dimension, AS_OF, threshold=5,
                            catalogue=load_catalogue() if dimension == "service" else None)
    assert all(c["count"] is None or c["count"] == 0 or c["count"] >= 5 for c in table["cells"])


def test_age_groups_give_0_6_and_under_16(world):
    jobs, _, _ = world
    table = jobs.statistics("migrant_status", "age_group", AS_OF, threshold=3)
    assert set(table["cols"]) <= {"0-6", "7-15", "16-17", "unknown"}
    migrant_16 = [c for c in table["cells"] if c["row"] == "migrant" and c["col"] == "16-17"]
    assert all(c["count"] in (0, None) for c in migrant_16)  # "不满十六周岁": no migrant child of 16 or 17
