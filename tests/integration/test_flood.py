"""Issue 15 on the real broker, both engines: a flood of 10,000 malformed messages of every kind mixed with valid
events, and a kill -9 storm. Every valid event is applied once, every malformed message is dead-lettered once with its
reason, no outbox row is left, no worker restarts, the workers stop within 10 s of SIGTERM, and a rebuild equals the
live store. (bench/fault_bench.py runs the same drills at 100k.)"""

import pytest

from devtools.synthetic.fault_drill import flood, storm
from tests.integration.test_faults import make_platform

pytestmark = pytest.mark.kafka


@pytest.mark.parametrize("engine", ["direct", "faust"])
def test_a_flood_of_malformed_messages_costs_one_dead_letter_each(kafka_bootstrap, unique_name, tmp_path, engine):
    platform = make_platform(kafka_bootstrap, unique_name, tmp_path, engine=engine)
    report = flood(platform, engine, tmp_path, children=150, malformed=10_000)
    print("\n".join(report.lines()))
    assert not report.problems, report.problems
    assert report.malformed == 10_000 and sum(report.dead_letters.values()) == 10_000
    assert report.dead_letter_copies == 0 and report.notification_copies == 0


@pytest.mark.parametrize("engine", ["direct", "faust"])
def test_a_kill_storm_loses_nothing_and_applies_nothing_twice(kafka_bootstrap, unique_name, tmp_path, engine):
    platform = make_platform(kafka_bootstrap, unique_name, tmp_path, engine=engine)
    # a kill every 4-12 s (each worker's partitions move before the next kill), with malformed messages in the stream
    report = storm(platform, engine, tmp_path, children=300, kills=5, every_s=8.0, malformed=300)
    print("\n".join(report.lines()))
    assert not report.problems, report.problems
    assert report.kills == 5 and report.lost == 0 and report.doubled == 0
    # issue 15: "after a worker dies, its partitions are processed again within 15 s on both engines"
    assert report.longest_pause_s < 15, report.longest_pause_s
