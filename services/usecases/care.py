"""The care work on live data: entitlement projection, ledger deadline alerts, publishable statistics.

These jobs read personal fields, so they pass the gate like any caller: the job's principal and purpose must have a
rule in the access policy that covers every field the job opens (a statistic's inputs are opened only for a rule
that may publish aggregates), and each run leaves an audit record under that principal. What they derive (risk,
flags, entitlements) is released only to a purpose that may see every field it is computed from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from privacy.access_policy import Decision, Policy, load_policy
from privacy.audit import AuditEvent, AuditSink
from privacy.cipher import FieldCipher
from privacy.per_child import PerChildSealer
from projections.catalogue import Catalogue, age_on
from projections.catalogue.loader import platform_areas
from projections.entitlements import entitlements, report
from projections.ledger import deadline_alerts, due_tasks, ledger_flags, risk_fields, risk_level
from projections.migrant import INPUTS as MIGRANT_INPUTS
from projections.migrant import MIGRANT, load_definition, migrant_status, provenance
from projections.moves import HANDOVER_FIELDS, Move, in_platform, last_move, pending_handover
from projections.record import ChildRecord
from projections.residence import RESIDENCE_FIELDS, current_area
from projections.risk_record import RISK_RECORD_FIELDS, review_due, risk_alerts
from projections.statistics import count_table, suppress
from services.adapters.store.port import ProjectionStore
from services.adapters.tokens import Principal
from services.adapters.topics import Topics
from services.usecases.access import KNOWN_FIELDS, AccessDenied, BadRequest, gone, plain_fields
from services.usecases.follow import follow_changes
from services.usecases.views import VIEW_ROLE, seal_view

LEDGER_FIELDS = {"ledger.in_ledger", "ledger.entered_on", "ledger.last_contact_on", "ledger.last_home_visit_on",
                 "ledger.reasons", "ledger.director_id", "assistance.dibao", "assistance.tekun", "disability.category",
                 "disability.grade", "guardianship.status", "guardianship.parents_migrant_workers", "orphan.status",
                 "education.status", "health.conditions", "insurance.resident_enrolled", "residence.area_code"
                 } | risk_fields()  # the risk rules are data: whatever they read is opened for them
# What deadlines read: the ledger's dates, its director, 民政's refresh, where the child lives and has moved, and what
# the migrant status reads (the six-monthly refresh is owed to every migrant child).
DEADLINE_FIELDS = {"ledger.in_ledger", "ledger.entered_on", "ledger.last_contact_on", "ledger.last_home_visit_on",
                   "ledger.director_id", "monitoring.last_refreshed_on"} | RESIDENCE_FIELDS | HANDOVER_FIELDS \
    | set(MIGRANT_INPUTS)
# Alerts on events: each kind, the fields it is computed from (released to a director only when the director's
# purpose covers them all), and the condition on plain values. The event's day is when its field was last set.
EVENT_ALERTS: dict[str, tuple[frozenset[str], Any]] = {
    "guardianship_lacking": (frozenset({"guardianship.status"}), lambda f: f.get("guardianship.status") == "lacking"),
    "guardianship_improper": (frozenset({"guardianship.concern"}),
                              lambda f: f.get("guardianship.concern") in ("improper", "infringed")),
    "supervision_order": (frozenset({"judicial.supervision_order_on"}),
                          lambda f: bool(f.get("judicial.supervision_order_on"))),
    "court_guidance_order": (frozenset({"judicial.court_guidance_order_on"}),
                             lambda f: bool(f.get("judicial.court_guidance_order_on"))),
    "dropped_out": (frozenset({"education.status"}), lambda f: f.get("education.status") == "dropped_out"),
    "meets_ledger_criteria": (frozenset({"assistance.dibao", "assistance.tekun", "disability.category",
                                         "guardianship.status", "orphan.status", "ledger.reasons", "ledger.in_ledger",
                                         "ledger.categories"}),
                              lambda f: bool(ledger_flags(f)) and f.get("ledger.in_ledger") is not True),
}
EVENT_FIELDS = frozenset().union(*(inputs for inputs, _ in EVENT_ALERTS.values()))
# What a handover tells the receiving director, each only if their purpose may see it.
HANDOVER_CONTENT = {"guardianship_status": "guardianship.status", "ledger_reasons": "ledger.reasons"}
HANDOVER_NOTICE_VIEW = "handover"  # label of the per-child key a notice to another region is sealed under
AGE_BANDS = [(0, 2, "0-2"), (3, 5, "3-5"), (6, 11, "6-11"), (12, 14, "12-14"), (15, 17, "15-17")]
# The policies' own ages: "0-6岁流动儿童" (item 1) and "不满十六周岁" (the definition): 0-6 and 7-15 add up to under 16.
AGE_GROUPS = [(0, 6, "0-6"), (7, 15, "7-15"), (16, 17, "16-17")]
DIMENSIONS = ("area", "age_band", "age_group", "risk", "service", "migrant_status", "ledger_category", "sex",
              "province_of_origin", "school_type")
PROVINCES = {"11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁", "22": "吉林",
             "23": "黑龙江", "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西",
             "37": "山东", "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
             "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃",
             "63": "青海", "64": "宁夏", "65": "新疆"}
STAT_FIELDS = {"identity.sex", "identity.hukou_area", "education.school_type", "ledger.categories"} | RESIDENCE_FIELDS \
    | set(MIGRANT_INPUTS)


def known_since(record: ChildRecord, names: Iterable[str] = MIGRANT_INPUTS) -> date:
    """When the platform first heard of the child (the refresh clock before 民政's first re-check), from the fields
    the job may open (when another department first reported is not the caller's to know)."""
    days = [fv.occurred_at.date() for n in names if (fv := record.fields.get(n)) is not None]
    return min(days, default=date.min)


def set_on(record: ChildRecord, name: str) -> date | None:
    """The day the event that last set a field occurred."""
    fv = record.fields.get(name)
    return None if fv is None else fv.occurred_at.date()


def age_band(fields: dict[str, Any], as_of: date, bands: list[tuple[int, int, str]] = AGE_BANDS) -> str:
    """The age band used in statistics."""
    born = fields.get("identity.birth_date")
    try:
        age = age_on(date.fromisoformat(born), as_of) if isinstance(born, str) else None
    except ValueError:  # a correction may have put anything there; a count must not fail on one child
        age = None
    if age is None:
        return "unknown"
    return next((label for low, high, label in bands if low <= age <= high), "18+")


def categories(fields: dict[str, Any]) -> list[str]:
    """A child's ledger reasons and Zhejiang's 困境儿童 categories (a child may have several; "none" for none)."""
    found = set(fields.get("ledger.reasons") or []) | set(fields.get("ledger.categories") or [])
    return sorted(found) or ["none"]


JOB_ROLE = "care_job"  # the platform's own jobs; their rules in access_policy.json say what they may open


def job_principal(actor: str) -> Principal:
    """The service principal a care job runs as (the actor who started it is named)."""
    return Principal(actor, JOB_ROLE, None)


def releasable(inputs: Iterable[str], permitted: set[str]) -> bool:
    """A derived value may go where every field it is computed from may go."""
    return set(inputs) <= permitted


MIGRANT_STATUS, ENTITLED_ITEMS = "derived.migrant_status", "derived.entitlements"
ENTITLEMENT_JOB_RULE = "care_job.entitlement_matching"


@dataclass(frozen=True)
class Release:
    """What a receiver may get of the entitlement view: the raw fields its purpose includes, and the derived outputs
    declared releasable to it (privacy/data/access_policy.json "derived"), each with the inputs the platform's
    entitlement job may consume for it. An output is released, never its inputs."""

    fields: frozenset[str]
    derived: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def covers(self, inputs: Iterable[str], derived_id: str) -> bool:
        """Every input is within the purpose, or consumed by the declared derivation `derived_id`."""
        return set(inputs) <= self.fields | self.derived.get(derived_id, frozenset())


def release_for(policy: Policy, role: str, purpose: str) -> Release:
    """The release of a (role, purpose): its rule's fields and the derived outputs computed by the platform's
    entitlement job that are declared for it (nothing without a rule)."""
    rule = policy.rule(role, purpose)
    if rule is None:
        return Release(frozenset())
    return Release(frozenset(policy.fields_for(rule, KNOWN_FIELDS)),
                   policy.derived_for(role, purpose, ENTITLEMENT_JOB_RULE))


@dataclass
class CareJobs:
    """Jobs over the store for one principal (a care-job service principal, or a statistician), each audited."""

    store: ProjectionStore
    cipher: FieldCipher
    audit: AuditSink
    principal: Principal
    policy: Policy = field(default_factory=load_policy)
    _opened: set[str] = field(default_factory=set, init=False, repr=False)

    def record_access(self, purpose: str, action: str, child_key: str | None, fields: Iterable[str],
                      detail: str) -> None:
        self.audit.append(AuditEvent(self.principal.name, self.principal.role, purpose, action, "allowed", child_key,
                                     tuple(sorted(fields)), "job", detail))

    def _deny(self, purpose: str, action: str, decision: Decision) -> AccessDenied:
        self.audit.append(AuditEvent(self.principal.name, self.principal.role, purpose, "deny", "denied", None, (),
                                     "job", f"{action}: {decision.reason}"))
        return AccessDenied(decision)

    def inputs(self, purpose: str, needed: set[str], action: str, aggregate: bool = False) -> set[str]:
        """The fields this job may open for `purpose`: all of `needed`, or the job is refused (fail closed). An
        aggregate (a suppressed count) may be computed from fields the rule does not open one by one."""
        rule = self.policy.rule(self.principal.role, purpose)
        if rule is None:
            raise self._deny(purpose, action, Decision(False, None, f"role {self.principal.role!r} may not act for "
                                                                    f"purpose {purpose!r}"))
        if aggregate and rule.aggregate:
            return set(needed)
        missing = set(needed) - set(self.policy.fields_for(rule, KNOWN_FIELDS))
        if missing:
            raise self._deny(purpose, action, Decision(
                False, rule.id, f"rule {rule.id} does not cover what {action} reads: {', '.join(sorted(missing))}"))
        return set(needed)

    def _children(self, names: set[str]) -> Iterator[tuple[ChildRecord, dict[str, Any]]]:
        for record in self.store.records():
            if not record.erased:
                yield record, plain_fields(record, self.cipher, names)

    def entitlement_view(self, record: ChildRecord, catalogue: Catalogue, as_of: date,
                         release_to: Release | set[str] | None = None) -> dict[str, Any]:
        """One child's entitlements, delivered services and gaps (service ids only), for a receiver that may see
        `release_to` (a Release; a plain set of fields: no derived outputs). The migrant status is shown when each of
        its inputs is within the receiver's purpose or consumed by the declared derived.migrant_status; an item is
        named when the status is shown and each field its own rules read is within the purpose or consumed by the
        declared derived.entitlements. Inputs outside the purpose never appear: not their values, not the ids or
        times of the events that set them (a receiver that may not see every input of the status gets the departments
        of its inputs, not the ids and times of their events, which one event shares across fields). Risk levels and
        ledger flags stay on the director's ledger."""
        if release_to is None:
            release = Release(frozenset(KNOWN_FIELDS))
        elif isinstance(release_to, Release):
            release = release_to
        else:
            release = Release(frozenset(release_to))
        permitted = release.fields
        if release.derived:
            # A derivation is performed under the job's own purpose: its rule must cover every input (fail closed).
            self.inputs("entitlement_matching", set().union(*release.derived.values()), "entitlements")
        status_shown = release.covers(MIGRANT_INPUTS, MIGRANT_STATUS)
        shown = [i for i in catalogue.items if status_shown and release.covers(i.rule_fields, ENTITLED_ITEMS)]
        # Only the inputs of what is released are opened at all: the rest cannot sway the answer.
        names = self.inputs("entitlement_matching", set().union(*(i.fields for i in shown))
                            | (set(MIGRANT_INPUTS) if status_shown else set())
                            | ({"residence.area_code"} & permitted), "entitlements")
        fields = plain_fields(record, self.cipher, names)
        ids = {i.id for i in shown}
        items = [e for e in entitlements(fields, catalogue, as_of) if e.item_id in ids]
        status = migrant_status(fields, as_of, load_definition(catalogue.definition))
        # Event ids (UUIDv7: a time inside) and times only to a receiver that may see every input: one event sets
        # several fields (a registration: the area the app may see, and the start date it may not).
        full = set(MIGRANT_INPUTS) <= permitted
        prov = {n: (p if full else {"source": p["source"]}) for n, p in provenance(record.fields).items()}
        return {"child_key": record.child_key, "version": record.version, "catalogue": catalogue.version,
                "as_of": as_of.isoformat(),
                # 流动儿童 status, why, and which departments its inputs came from
                "migrant": {**status.to_json(), "provenance": prov} if status_shown else None,
                "area": str(fields.get("residence.area_code") or "")[:6] if "residence.area_code" in permitted else "",
                "entitled": [e.item_id for e in items], "delivered": [e.item_id for e in items if e.delivered],
                "gaps": [e.item_id for e in items if e.delivered is False]}

    def report(self, catalogue: Catalogue, as_of: date, by: str, threshold: int = 5) -> list[dict[str, Any]]:
        """Entitled vs delivered per area or responsible department, of migrant children in the area they live in
        on `as_of`, with the count of children by migrant status; suppressed like every published statistic."""
        if threshold < 3:
            raise BadRequest("threshold must be at least 3")
        names = self.inputs("statistics", catalogue.fields | RESIDENCE_FIELDS, "report", aggregate=True)
        self.record_access("statistics", "statistics", None, names,
                           f"entitlement report by {by}, threshold {threshold}")
        return report((f for _, f in self._children(names)), catalogue, as_of, by, threshold, platform_areas())

    def director_fields(self) -> set[str]:
        """What a children's director may see for key_child_care: the bound of every alert, task and handover."""
        rule = self.policy.rule("children_director", "key_child_care")
        return set(self.policy.fields_for(rule, KNOWN_FIELDS)) if rule else set()

    def _migrant(self, fields: dict[str, Any], as_of: date) -> bool:
        return migrant_status(fields, as_of, load_definition()).status == MIGRANT

    def _handover(self, record: ChildRecord, fields: dict[str, Any], as_of: date, seen: set[str],
                  move: Move) -> dict[str, Any]:
        body: dict[str, Any] = {"child_key": record.child_key, "kind": "handover", "area": move.to_area,
                                "from_area": (move.from_area or "")[:6], "moved_on": move.on.isoformat(),
                                "director_id": None}  # the receiving area's director takes it
        for key, name in HANDOVER_CONTENT.items():
            if name in seen:
                body[key] = fields.get(name)
        open_tasks = due_tasks(fields, as_of, known_since(record, self._opened), self._migrant(fields, as_of))
        body["open_deadlines"] = [{"kind": t.kind, "due_on": t.due_on.isoformat()} for t in open_tasks]
        return body

    def _key_care_fields(self, action: str) -> tuple[set[str], set[str]]:
        seen = self.director_fields()
        wanted = (DEADLINE_FIELDS | EVENT_FIELDS | set(HANDOVER_CONTENT.values()) | RISK_RECORD_FIELDS) & seen
        self._opened = self.inputs("key_child_care", wanted, action)
        return self._opened, seen

    def alerts(self, previous: date, as_of: date) -> list[dict[str, Any]]:
        """What happened in (previous, as_of] that a children's director must act on, for the area the child lives in
        on as_of: deadlines passed (or already passed when the child entered the ledger or arrived), events (监护缺失
        / 监护不当, orders, drop-out, a child who now meets ledger criteria), moves (the old area is told the child
        left; the new one gets the handover). No personal values in an alert."""
        areas = platform_areas()
        names, seen = self._key_care_fields("alerts")
        out = []
        for record, fields in self._children(names):
            here = current_area(fields, as_of)
            move = last_move(fields, as_of)
            if move is not None and previous < move.on <= as_of and move.from_area:
                out.append({"child_key": record.child_key, "kind": "moved_out", "due_on": move.on.isoformat(),
                            "director_id": fields.get("ledger.director_id"), "area": move.from_area[:9],
                            "to_platform_area": in_platform(move.to_area, areas)})
                # Both sides of a move are on the trail: the old area is told, the new one handed the child.
                self.record_access("key_child_care", "deliver", record.child_key, HANDOVER_FIELDS & names,
                                   f"moved out of {move.from_area[:6]} to {(move.to_area or 'unknown')[:6]}")
            if not in_platform(here, areas):
                continue  # left this platform's regions (a handover notice goes to the receiving region)
            pending = pending_handover(fields, as_of)
            if pending is not None:
                if previous < pending.on <= as_of:
                    out.append(self._handover(record, fields, as_of, seen, pending))
                    self.record_access("key_child_care", "deliver", record.child_key,
                                       {v for v in HANDOVER_CONTENT.values() if v in seen} | HANDOVER_FIELDS,
                                       f"handover to {str(here)[:6]}")
                continue  # the old director's deadlines are not the new area's until the handover is taken
            migrant = self._migrant(fields, as_of)
            arrived = set_on(record, "ledger.in_ledger")
            for task in deadline_alerts(fields, previous, as_of, known_since(record, self._opened), migrant, arrived):
                out.append({"child_key": record.child_key, "kind": task.kind, "due_on": task.due_on.isoformat(),
                            "director_id": fields.get("ledger.director_id"), "area": str(here)[:9]})
            for kind, (inputs, holds) in EVENT_ALERTS.items():
                on = max((d for d in (set_on(record, n) for n in inputs if n != "ledger.in_ledger") if d), default=None)
                if inputs <= seen and on is not None and previous < on <= as_of and holds(fields):
                    out.append({"child_key": record.child_key, "kind": kind, "due_on": on.isoformat(),
                                "director_id": fields.get("ledger.director_id"), "area": str(here)[:9]})
            for kind, on in risk_alerts(fields, previous, as_of):  # the recorded risk level (issue 20, item 5)
                out.append({"child_key": record.child_key, "kind": kind, "due_on": on.isoformat(),
                            "director_id": fields.get("ledger.director_id"), "area": str(here)[:9]})
        self.record_access("key_child_care", "read", None, names, f"alerts {previous}..{as_of}: {len(out)}")
        return out

    def tasks(self, as_of: date, area: str = "") -> list[dict[str, Any]]:
        """Open tasks of the children living in an area on as_of (optionally an area prefix): ledger deadlines, the
        six-monthly refresh of every migrant child, and handovers of children who moved in."""
        areas = platform_areas()
        names, seen = self._key_care_fields("tasks")
        out = []
        for record, fields in self._children(names):
            here = current_area(fields, as_of)
            if not in_platform(here, areas) or not str(here).startswith(area):
                continue
            pending = pending_handover(fields, as_of)
            if pending is not None:
                out.append(self._handover(record, fields, as_of, seen, pending))
                self.record_access("key_child_care", "deliver", record.child_key,
                                   {v for v in HANDOVER_CONTENT.values() if v in seen} | HANDOVER_FIELDS,
                                   f"handover to {str(here)[:6]}")
                continue
            for task in due_tasks(fields, as_of, known_since(record, self._opened), self._migrant(fields, as_of)):
                out.append({"child_key": record.child_key, **asdict(task), "due_on": task.due_on.isoformat(),
                            "area": str(here)[:9], "director_id": fields.get("ledger.director_id")})
            review = review_due(fields)  # the recorded risk level's next review (issue 20, item 5)
            if review is not None:
                out.append({"child_key": record.child_key, "kind": "risk_review", "due_on": review.isoformat(),
                            "overdue": as_of > review, "days_overdue": max(0, (as_of - review).days),
                            "area": str(here)[:9], "director_id": fields.get("ledger.director_id")})
        self.record_access("key_child_care", "read", None, names, f"tasks as of {as_of}: {len(out)}")
        return out

    def handover_notices(self, previous: date, as_of: date) -> list[dict[str, Any]]:
        """Children who moved in (previous, as_of] to an area outside this platform's regions: a notice for the
        receiving region (what a director may see, as for a handover), sealed before it leaves (see
        handover_message). A move to an unknown place is alerted to the old area instead (alerts)."""
        areas = platform_areas()
        names, seen = self._key_care_fields("handover notices")
        out = []
        for record, fields in self._children(names):
            move = last_move(fields, as_of)
            if move is None or not (previous < move.on <= as_of) or move.to_area is None:
                continue
            if in_platform(move.to_area, areas):
                continue
            out.append(self._handover(record, fields, as_of, seen, move))
            self.record_access("key_child_care", "deliver", record.child_key,
                               {v for v in HANDOVER_CONTENT.values() if v in seen} | HANDOVER_FIELDS,
                               f"handover notice to region {move.to_area[:2]} (outside the platform)")
        self.record_access("key_child_care", "read", None, names, f"handover notices {previous}..{as_of}: {len(out)}")
        return out

    def statistics(self, rows: str, cols: str, as_of: date, threshold: int = 5,
                   catalogue: Catalogue | None = None) -> dict[str, Any]:
        """A suppressed 2-D count table of the children living in this platform's areas on as_of (a child who moved
        away counts nowhere here). Dimensions: area, age_band, age_group (0-6, 7-15, 16-17), risk, service,
        migrant_status, ledger_category, sex, province_of_origin (from the hukou area), school_type. A child counts
        once per service or ledger category when those are a dimension."""
        if rows == cols:  # a dimension against itself is a diagonal of margins, which suppression cannot cover
            raise BadRequest("rows and cols must be two different dimensions")
        if rows not in DIMENSIONS or cols not in DIMENSIONS:
            raise BadRequest(f"dimensions are {', '.join(DIMENSIONS)}")
        names = self.inputs("statistics", {"residence.area_code", "identity.birth_date"} | LEDGER_FIELDS | STAT_FIELDS
                            | (catalogue.fields if catalogue else set()), "statistics", aggregate=True)
        # Audited before the computation: an attempt that fails is still on the trail.
        self.record_access("statistics", "statistics", None, names, f"table {rows} x {cols}, threshold {threshold}")
        areas, definition = platform_areas(), load_definition(catalogue.definition if catalogue else "hebei-2024")
        facts = []
        for _, fields in self._children(names):
            here = current_area(fields, as_of)
            if not in_platform(here, areas):
                continue
            hukou = str(fields.get("identity.hukou_area") or "")
            base = {"area": str(here)[:6], "age_band": age_band(fields, as_of),
                    "age_group": age_band(fields, as_of, AGE_GROUPS), "risk": risk_level(fields, as_of).level,
                    "migrant_status": migrant_status(fields, as_of, definition).status,
                    "sex": fields.get("identity.sex") or "unknown",
                    "province_of_origin": PROVINCES.get(hukou[:2], "unknown"),
                    "school_type": fields.get("education.school_type") or "unknown"}
            services = ([e.item_id for e in entitlements(fields, catalogue, as_of)] if catalogue and "service" in
                        (rows, cols) else [None])
            cats = categories(fields) if "ledger_category" in (rows, cols) else [None]
            facts += [{**base, "service": s, "ledger_category": c} for s in services for c in cats]
        return suppress(count_table(facts, rows, cols), threshold).to_json()


ALERTS_VIEW = "ledger_alerts"  # the per-child key label of alert messages (directors' purpose: key_child_care)


def alert_message(sealer: PerChildSealer, alert: dict[str, Any]) -> tuple[bytes, bytes]:
    """(key, value) of one alert on the ledger.alerts topic: that a child is on the key-child ledger is itself
    sensitive, so the alert travels sealed under a key of the child and dies with the child's erasure."""
    return alert["child_key"].encode(), seal_view(sealer, alert["child_key"], alert)


def handover_topic(namespace: str, to_area: str) -> str:
    """The topic of handover notices for the province a child moved to (outside this platform)."""
    return f"{namespace}handover.{str(to_area)[:2]}"


def handover_message(sealer: PerChildSealer, notice: dict[str, Any]) -> tuple[bytes, bytes]:
    """(key, value) of a handover notice: sealed under the child's key for the receiving region (the sealer's label
    names the region), so nothing of the child travels in plaintext and erasure reaches it."""
    return notice["child_key"].encode(), seal_view(sealer, notice["child_key"], notice)


def publish_entitlements(jobs: CareJobs, catalogue: Catalogue, topics: Topics, producer: Any, sealer: PerChildSealer,
                         keys: Iterable[str], as_of: date, release: Release) -> int:
    """Publish the entitlement view of each child (sealed; a tombstone for an erased one), audited per delivery with
    the raw fields and the derived outputs it was released under."""
    sent = 0
    for key in keys:
        record = jobs.store.get(key)
        if record is None:
            continue
        if gone(record, sealer.keyring):
            producer.send(topics.view("entitlements"), key=key.encode(), value=None)  # tombstone
            continue
        body = jobs.entitlement_view(record, catalogue, as_of, release)
        jobs.record_access("entitlement_matching", "deliver", key,
                           (catalogue.fields & release.fields) | set(release.derived), topics.view("entitlements"))
        producer.send(topics.view("entitlements"), key=key.encode(), value=seal_view(sealer, key, body))
        sent += 1
    return sent


def run_entitlement_projector(jobs: CareJobs, catalogue: Catalogue, topics: Topics, bootstrap_servers: str,
                              producer: Any, sealer: PerChildSealer, as_of: date | None = None,
                              stop_after_idle_s: float | None = None) -> int:
    """Recompute a child's entitlements whenever their record changes and publish them, sealed, to the
    `view.entitlements` topic that downstream apps follow with the subscriber SDK."""

    release = release_for(jobs.policy, VIEW_ROLE, "entitlement_matching")

    def publish(keys: list[str]) -> int:
        return publish_entitlements(jobs, catalogue, topics, producer, sealer, keys, as_of or date.today(), release)

    return follow_changes(topics, bootstrap_servers, f"{topics.namespace}entitlements", publish, producer.flush,
                          stop_after_idle_s)
