"""The register of children's directors (issue 20, item 7) and Zhejiang's figure
"稳步提升儿童主任持社会工作者职业资格证的比例": counted per county of the directors serving on the day, small counties
not shown, every change and report audited."""

import json
from datetime import date
from pathlib import Path

import pytest

from privacy.audit import InMemoryAuditSink
from services.usecases.access import BadRequest
from services.usecases.directors import leave, qualification_report, register


def test_the_wording_is_zhejiangs():
    text = Path("/work/shared/policy/zhejiang-measures.txt")
    if text.exists():
        assert "稳步提升儿童主任持社会工作者职业资格证的比例" in text.read_text(encoding="utf-8")


def fill(platform, audit):
    for i in range(6):
        register(platform.database, audit, "ca-admin", f"dir-{i}", f"330106{i:03d}", date(2025, 1, 1),
                 "social_worker" if i < 2 else "none")
    register(platform.database, audit, "ca-admin", "dir-9", "330107001", date(2025, 1, 1), "social_worker")


def test_the_share_per_county_counts_directors_serving_on_the_day(platform):
    audit = InMemoryAuditSink(b"k")
    fill(platform, audit)
    (county, small) = qualification_report(platform.database, audit, "stat-1", date(2026, 11, 1))
    assert county == {"area": "330106", "directors": 6, "qualified": 2, "share": 0.333}
    assert small == {"area": "330107", "directors": None, "qualified": None, "share": None}  # one director: hidden
    register(platform.database, audit, "ca-admin", "dir-2", "330106002", date(2025, 1, 1), "assistant_social_worker")
    assert leave(platform.database, audit, "ca-admin", "dir-5", date(2026, 6, 30))
    (county, _) = qualification_report(platform.database, audit, "stat-1", date(2026, 11, 1))
    assert (county["directors"], county["qualified"]) == (5, 3)
    (before, _) = qualification_report(platform.database, audit, "stat-1", date(2026, 6, 1))
    assert before["directors"] == 6  # the leaver still served then
    assert [r.event.action for r in audit.records()].count("statistics") == 3
    assert not leave(platform.database, audit, "ca-admin", "nobody", date(2026, 6, 30))


@pytest.mark.parametrize("director_id, area, qualification", [("王芳", "330106001", "none"), ("d1", "3301", "none"),
                                                              ("d1", "330106001", "phd")])
def test_bad_entries_are_refused_clearly(platform, director_id, area, qualification):
    with pytest.raises(BadRequest):
        register(platform.database, InMemoryAuditSink(b"k"), "ca-admin", director_id, area, date(2025, 1, 1),
                 qualification)


def test_the_cli_registers_and_reports(env_platform):
    from typer.testing import CliRunner

    from services.entrypoints.cli import app

    runner = CliRunner()
    for i in range(5):
        done = runner.invoke(app, ["directors", "register", f"dir-{i}", "--area", f"520102{i:03d}", "--since",
                                   "2025-03-01", "--qualification", "social_worker" if i else "none", "--actor", "a"])
        assert done.exit_code == 0, done.output
    out = runner.invoke(app, ["directors", "report", "--actor", "s", "--as-of", "2026-11-01"])
    assert out.exit_code == 0
    rows = [json.loads(line) for line in out.output.splitlines() if line.startswith("{")]
    assert rows == [{"area": "520102", "directors": 5, "qualified": 4, "share": 0.8}]
    bad = runner.invoke(app, ["directors", "register", "王芳", "--area", "520102001", "--since", "2025-03-01",
                              "--actor", "a"])
    assert bad.exit_code == 2 and "王芳" not in bad.output
    assert runner.invoke(app, ["directors", "leave", "dir-1", "--on", "not-a-day", "--actor", "a"]).exit_code == 2
