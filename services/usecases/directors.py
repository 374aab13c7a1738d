"""The register of children's directors (儿童主任, issue 20 item 7): who serves which area since when, and whether they
hold a social-work qualification, so that Zhejiang's figure "儿童主任持社会工作者职业资格证的比例" can be reported.

Staff data, not children's: a director is named by their staff id only (no name, no phone). Every change and every
report is audited before it happens; the report counts directors serving on the day per area, and an area with fewer
directors than the threshold is not shown (a share of two would tell each one's qualification).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from privacy.audit import AuditEvent, AuditSink
from privacy.pseudonym import looks_like_id_number
from services.adapters.store.database import Database
from services.adapters.store.schema import children_directors
from services.usecases.access import BadRequest

# 助理社会工作师 / 社会工作师 / 高级社会工作师 (the 社会工作者职业资格 levels), or none.
QUALIFICATIONS = ("none", "assistant_social_worker", "social_worker", "senior_social_worker")
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
_AREA = re.compile(r"^\d{6}(\d{3})?(\d{3})?$")


def _audit(audit: AuditSink, actor: str, action: str, detail: str, outcome: str = "allowed") -> None:
    audit.append(AuditEvent(actor, "operator", "operations", action, outcome, None, (), "cli", detail))


def _id_problem(director_id: str) -> str | None:
    # A staff id, never a name nor an ID number (an 18-character ID number is letters and digits too).
    if not _ID.fullmatch(director_id) or looks_like_id_number(director_id):
        return "director id: 1-40 letters, digits, '_', '.' or '-' (a staff id, not a name nor an ID number)"
    return None


def register(database: Database, audit: AuditSink, actor: str, director_id: str, area: str, since: date,
             qualification: str) -> None:
    """Add a director or record a change (area, qualification); a director who had left serves again."""
    problem = _id_problem(director_id) or (
        "area: a county (6 digits), township (9) or village (12) code" if not _AREA.fullmatch(area) else
        f"qualification: one of {', '.join(QUALIFICATIONS)}" if qualification not in QUALIFICATIONS else None)
    if problem:  # refused and on the trail, without what was typed (a name where an id belongs)
        _audit(audit, actor, "operations", f"director register refused: {problem}", "denied")
        raise BadRequest(problem)
    _audit(audit, actor, "operations",
           f"director register: {director_id} area={area} since={since} qualification={qualification}")
    row = {"area": area, "since": since, "qualification": qualification, "left_on": None,
           "updated_at": datetime.now(UTC), "updated_by": actor}
    with database.begin() as conn:
        found = conn.execute(select(children_directors.c.director_id)
                             .where(children_directors.c.director_id == director_id)).first()
        if found:
            conn.execute(children_directors.update().where(children_directors.c.director_id == director_id), [row])
        else:
            conn.execute(children_directors.insert(), [{"director_id": director_id, **row}])


def leave(database: Database, audit: AuditSink, actor: str, director_id: str, left_on: date) -> bool:
    """A director stopped serving; False when the id is not in the register. An id that is no staff id is refused
    (BadRequest) and on the trail without what was typed."""
    if problem := _id_problem(director_id):
        _audit(audit, actor, "operations", f"director leave refused: {problem}", "denied")
        raise BadRequest(problem)
    _audit(audit, actor, "operations", f"director leave: {director_id} left on {left_on}")
    with database.begin() as conn:
        done = conn.execute(children_directors.update().where(children_directors.c.director_id == director_id),
                            [{"left_on": left_on, "updated_at": datetime.now(UTC), "updated_by": actor}])
        return bool(done.rowcount)


def qualification_report(database: Database, audit: AuditSink, actor: str, as_of: date,
                         threshold: int = 5) -> list[dict[str, Any]]:
    """儿童主任持社会工作者职业资格证的比例 per county, of the directors serving on `as_of`; a county with fewer than
    `threshold` directors shows no figures. One level only (counties): townships beside their county would let a
    small township's figure be recovered by subtraction."""
    if threshold < 3:
        raise BadRequest("threshold at least 3")
    digits = 6
    _audit(audit, actor, "statistics", f"directors' qualification by county as of {as_of}, threshold {threshold}")
    with database.connect() as conn:
        rows = conn.execute(select(children_directors)).mappings().all()
    counts: dict[str, list[int]] = {}
    for r in rows:
        if r["since"] > as_of or (r["left_on"] is not None and r["left_on"] <= as_of):
            continue
        cell = counts.setdefault(str(r["area"])[:digits], [0, 0])
        cell[0] += 1
        cell[1] += r["qualification"] != "none"
    out = []
    for area, (n, qualified) in sorted(counts.items()):
        shown = n >= threshold
        out.append({"area": area, "directors": n if shown else None, "qualified": qualified if shown else None,
                    "share": round(qualified / n, 3) if shown else None})
    return out
