"""The local demo: a real broker, a processor worker, synthetic department events, projections, privacy and audit."""

from __future__ import annotations

import json
import os
import shutil
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from devtools.synthetic import SyntheticChild, events_for, generate_children
from events.contracts.public_security import IdentityRecorded
from events.envelope import Envelope
from privacy.audit import verify
from projections.catalogue import load_catalogue
from services.adapters.store import open_store
from services.adapters.tokens import Principal, issue_token
from services.bootstrap import Platform
from services.processor.spawn import WorkerProcess, wait_caught_up
from services.settings import Settings
from services.usecases.erasure import erase_child
from services.usecases.rebuild import opened_snapshot, replay

VIEW_PURPOSE = "entitlement_matching"
ITEMS_SHOWN = ("5", "11", "18", "19", "20", "21", "22", "23")  # items computed from the later departments


def _say(text: str) -> None:
    print(f"[demo] {text}", flush=True)


@dataclass
class DemoRun:
    """What a demo run produced (the privacy scan test reads it)."""

    settings: Settings
    children: list[SyntheticChild]
    erased: str
    rebuild_equal: bool


def _broker(stack: ExitStack, workdir: Path, bootstrap: str | None) -> str:
    if bootstrap or os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return bootstrap or os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    from devtools.broker.kraft import LocalKafka

    _say("starting a single-node KRaft Kafka broker (Apache Kafka from Maven Central, Java 17)")
    broker = LocalKafka(data_dir=workdir / "kafka")
    stack.callback(broker.stop)
    broker.start().wait_ready()
    # Every client of this process (and the spawned worker) authenticates with the broker's credentials file.
    saved = {k: os.environ.get(k) for k in broker.client_env()}
    os.environ.update(broker.client_env())
    def restore() -> None:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v

    stack.callback(restore)
    _say(f"clients authenticate with SASL/SCRAM-SHA-512; credentials in {broker.credentials_file}")
    return broker.bootstrap_servers


def run_demo(children: int = 300, workdir: Path = Path("var/demo"), bootstrap: str | None = None,
             quiet: bool = False) -> DemoRun:
    """Run every stage and print what happened."""
    say = (lambda _: None) if quiet else _say
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    with ExitStack() as stack:
        bootstrap_servers = _broker(stack, workdir, bootstrap)  # first: a local broker sets the credentials
        settings = Settings().with_(bootstrap_servers=bootstrap_servers,
                                    namespace=f"demo{int(time.time() * 1000) % 10**9}.",
                                    database_url=f"sqlite:///{workdir}/childcare.db", keyring_dir=workdir / "keys",
                                    state_dir=workdir / "state")
        platform = Platform(settings)
        stack.callback(platform.close)
        platform.ensure_topics()
        platform.ensure_view_topic(VIEW_PURPOSE)
        worker = WorkerProcess(settings, workdir / "processor.log").start()
        stack.callback(worker.stop)
        say(f"processor worker started (consumer group {settings.processor_group})")

        kids = generate_children(children, platform.pseudonym_secret)
        events = [e for c in kids for e in events_for(c)]
        publisher = platform.publisher()  # seals personal fields before they leave the "department"
        started = time.monotonic()
        publisher.publish_many(events)
        # What goes wrong in real life: a re-sent event, a department writing a field it does not own, bad bytes.
        publisher.publish_many([events[0]])
        intruder = IdentityRecorded(name=kids[1].name, id_number=kids[1].id_number, sex=kids[1].sex,
                                    birth_date=kids[1].birth_date, hukou_area=kids[1].hukou_area)
        publisher.publish_many([Envelope.new(intruder, source="education", child_key=kids[1].key,
                                             occurred_at=datetime.now(UTC))])
        platform.producer_for("dept:health").send(platform.topics.department("health"),
                                                  b'{"event_type": "health.Unknown"}').get(30)
        departments = len({e.source for e in events})
        say(f"published {len(events)} events for {children} synthetic children from {departments} departments "
            "(personal fields sealed at the edge), plus 1 duplicate, 1 non-owner write and 1 malformed message")

        wait_caught_up(platform.store, settings, timeout=600, workers=[worker])
        store = platform.store
        say(f"processor caught up in {time.monotonic() - started:.1f}s: {store.tracking_count('applied')} applied, "
            f"{store.tracking_count('stale')} stale, {store.tracking_count('rejected')} rejected by 一数一源; "
            "rejected and malformed messages are in the dead-letter topic, sealed")

        erased = kids[2].key
        erase_child(platform.keyring, platform.publisher(seal=False), platform.audit_sink(), "privacy-officer-demo",
                    erased, "DEMO-REQ-1", "PIPL art. 47")
        wait_caught_up(platform.store, settings, timeout=120, workers=[worker])
        erased_record = store.get(erased)
        say(f"erased {erased}: data keys destroyed, record now {erased_record.to_json() if erased_record else None}")
        # A grid worker then reports harm to the erased child by its ID number (强制报告): answered as any report, kept
        # sealed outside the erased record for the area's 民政 crisis intervention (the plaintext scan covers it).
        from services.usecases import unrecorded_harm

        where = kids[2].area[0][:6]
        kept = unrecorded_harm.keep(platform.database, platform.keyring, platform.audit_sink(),
                                    Principal("grid-demo", "grid_worker", where), "harm_report", "demo",
                                    unrecorded_harm.Report("neglect", datetime.now(UTC), "grid_worker",
                                                           id_number=kids[2].id_number), where)
        say(f"a harm report on the erased child was kept sealed as unrecorded report {kept} for 民政 of {where}")

        audit = platform.audit_sink()
        # a school reads the children of its own county (its token's area)
        first = store.get(kids[0].key)
        assert first is not None, "the first child's record was projected"
        reader = Principal("teacher-demo", "school", str(first.value("residence.area_code"))[:6])
        access = platform.api_context().access
        view = access.read(reader, "enrolment", kids[0].key, origin="demo")
        say(f"a school reading for enrolment sees {len(view.fields)} fields, masked {len(view.masked)}:")
        if not quiet:
            print(json.dumps(view.fields, ensure_ascii=False, indent=1))
        sent = platform.view_projector(VIEW_PURPOSE).run(settings.bootstrap_servers, stop_after_idle_s=2)
        say(f"view '{VIEW_PURPOSE}' delivered {sent} sealed records to {platform.topics.view(VIEW_PURPOSE)}")
        jobs = platform.care_jobs("demo-analyst")
        catalogue = load_catalogue()
        report_rows = jobs.report(catalogue, date.today(), "area")
        rows = [r for r in report_rows if "entitled" in r and r["entitled"] is not None]  # published cells only
        status: dict[str, int] = {}
        for r in report_rows:
            if "children" in r and r["children"] is not None:
                status[r["item_id"][7:]] = status.get(r["item_id"][7:], 0) + r["children"]
        say(f"流动儿童 status where published (suppressed cells left out): {status}")
        say(f"service list, published cells: {sum(r['entitled'] for r in rows)} entitlements, "
            f"{sum(r['delivered'] for r in rows)} delivered, {sum(r['gap'] for r in rows)} recorded gaps over "
            f"{len({r['key'] for r in rows})} areas")
        for item in (i for i in catalogue.items if i.id in ITEMS_SHOWN):
            mine = [r for r in rows if r["item_id"] == item.id]
            entitled, done, gaps = (sum(r[k] for r in mine) for k in ("entitled", "delivered", "gap"))
            say(f"  {item.id} {item.name} ({', '.join(item.departments)}): {entitled} entitled, {done} delivered, "
                f"{gaps} gaps, {entitled - done - gaps} unknown")
        alerts = jobs.alerts(date(2000, 1, 1), date.today())
        say(f"key-child ledger: {len(alerts)} alerts (deadlines: contact 3 months, home visit 6 months, refresh 6 "
            f"months; events; moves and handovers)")
        # --- protection work (issue 20: 摸排 coverage, 比对 discrepancies, 精准识别) ---
        from devtools import demo_protect

        demo_protect.publish_second_hukou_record(platform, kids[5])
        wait_caught_up(platform.store, settings, timeout=120, workers=[worker])
        demo_protect.show(platform, kids[0].area[0], say)
        # --- end of protection work ---
        # Issue 20 (items 3-5): a harm report to a court order, a plan with an overdue review, a recorded risk level.
        from devtools.demo_protection import protection_story
        protection_story(platform, [worker], [k.key for k in kids[3:]], say)
        table = jobs.statistics("area", "age_band", date.today())
        hidden = sum(c["count"] is None for c in table["cells"])
        say(f"publishable statistics area x age band: {len(table['cells'])} cells, {hidden} suppressed")
        result = verify(platform.keyring.secret("audit"), audit.records())
        say(f"audit trail: {result.checked} records, hash chain intact = {result.ok}")

        rebuilt = open_store(f"sqlite:///{workdir}/rebuilt.db")
        n = replay(settings.bootstrap_servers, platform.topics, rebuilt,
                   handler=platform.handler(store=rebuilt, group="rebuild", emit=False))
        same = opened_snapshot(rebuilt, platform.cipher) == opened_snapshot(store, platform.cipher)
        rebuilt.close()
        say(f"rebuild replayed {n} messages into a fresh store: identical to the live projection = {same}")
        signins = _console_sign_ins(platform)
    say(f"done; the store is in {workdir}/childcare.db")
    say("the web console on this demo's data (audit to the table, as the demo's broker has stopped):")
    say(f"  CHILDCARE_KEYRING_DIR={workdir}/keys .venv/bin/childcare console "
        f"--database-url sqlite:///{workdir}/childcare.db --offline-audit")
    say("  then open http://127.0.0.1:8000/console/ and sign in with one of these demo tokens (valid 7 days):")
    for who, token in signins.items():
        say(f"    {who}: {token}")
    return DemoRun(settings, kids, erased, same)


def _console_sign_ins(platform: Platform) -> dict[str, str]:
    """Demo tokens for the console: a children's director of a county with ledger children, a compliance officer,
    a statistician and an operator."""
    from services.usecases.access import plain_fields

    area = next((str(r.value("residence.area_code"))[:6] for r in platform.store.records()
                 if plain_fields(r, platform.cipher, ["ledger.in_ledger"]).get("ledger.in_ledger") is True
                 and str(r.value("residence.area_code") or "").isdigit()), "330102")
    engine, audit = platform.database, platform.audit_sink()
    grants = {f"儿童主任 (children_director, {area})": ("director-demo", "children_director", area),
              "合规专员 (compliance)": ("compliance-demo", "compliance", None),
              "统计人员 (statistician)": ("statistician-demo", "statistician", None),
              "运维人员 (operator)": ("operator-demo", "operator", None),
              # issue 20, item 7: a township supervisor (counts of the directors' tasks) and a grid worker (reports)
              f"儿童督导员 (child_supervisor, {area})": ("supervisor-demo", "child_supervisor", area),
              f"网格员 (grid_worker, {area})": ("grid-demo", "grid_worker", area),
              # 民政's crisis intervention: the 危机干预 page (alerts, harm cases, unrecorded reports)
              f"民政个案工作者 (caseworker, {area})": ("caseworker-demo", "caseworker", area)}
    return {label: issue_token(engine, name, role, area_, days=7, audit=audit, actor="demo")
            for label, (name, role, area_) in grants.items()}
