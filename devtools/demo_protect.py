"""The demo's protection-work stage (issue 20, items 1, 2 and 6): a county's 摸排 campaign with its coverage, the
比对 discrepancies each department receives and the report, and the 精准识别 proposals for directors."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from devtools.synthetic import SyntheticChild
from devtools.synthetic.generator import campaign_of
from events.contracts.public_security import IdentityRecorded, ResidenceRegistered
from events.envelope import CHILD_KEY_PREFIX, Envelope

RECEIVERS = ("education", "civil_affairs", "disabled_federation", "medical_insurance", "public_security")


def publish_second_hukou_record(platform: Any, child: SyntheticChild) -> str:
    """What 比对 must catch: the same ID number recorded again under another child key (a second hukou record, e.g.
    from a typing error in a key's source). Sealed at the edge like every identity."""
    key = CHILD_KEY_PREFIX + hashlib.sha256(f"demo-second-record:{child.key}".encode()).hexdigest()[:40]
    at = datetime.now(UTC)
    identity = IdentityRecorded(name=child.name, id_number=child.id_number, sex=child.sex,
                                birth_date=child.birth_date, hukou_area=child.hukou_area)
    residence = ResidenceRegistered(area_code=child.area[0], address=child.address)
    platform.publisher().publish_many([Envelope.new(p, source="public_security", child_key=key, occurred_at=at)
                                       for p in (identity, residence)])
    return key


def show(platform: Any, county: str, say: Callable[[str], None], as_of: date | None = None) -> dict[str, Any]:
    """Print the stage; return what it found (coverage of the county's campaign, tasks per department and rule)."""
    from services.usecases.reconcile import discrepancies, report
    from services.usecases.surveys import job_coverage, job_proposals

    as_of = as_of or date.today()
    jobs = platform.care_jobs("demo-protection")
    campaign = campaign_of(county)
    coverage = job_coverage(jobs, campaign, county, as_of)
    total = coverage["areas"][0] if coverage["areas"] else {"known": 0, "surveyed": 0, "coverage": None}
    say(f"摸排 campaign {campaign} (以县为单位, 村(居)委 and 民政 records): {total['known']} children known to any "
        f"department in {county}, {total['surveyed']} surveyed (coverage {total['coverage']}); "
        f"{len(coverage['unsurveyed'])} unsurveyed listed for the county's directors")
    kinds: Counter[tuple[str, str]] = Counter()
    for department in RECEIVERS:
        tasks = discrepancies(jobs, as_of, department)
        kinds.update((department, t["rule"]) for t in tasks)
        overdue = sum(t["overdue"] for t in tasks)
        say(f"比对 tasks for {department}: {len(tasks)} ({overdue} overdue) "
            f"{dict(Counter(t['rule'] for t in tasks))}")
    rows = report(jobs, as_of)
    shown = [r for r in rows if r["open"] is not None]
    say(f"discrepancy report per county, department and rule: {len(rows)} cells, {len(rows) - len(shown)} under 5 "
        f"hidden; published: " + "; ".join(f"{r['area']} {r['department']} {r['rule']} {r['open']} open, "
                                           f"{r['overdue']} overdue" for r in shown))
    proposals = job_proposals(jobs, "", as_of)
    reasons = Counter(reason for p in proposals for reason in p["reasons"])
    say(f"精准识别: {len(proposals)} children meet the ledger's criteria outside it, proposed to their directors "
        f"(tasks, not entries); reasons {dict(reasons.most_common())}")
    return {"coverage": coverage, "kinds": kinds, "proposals": len(proposals)}
