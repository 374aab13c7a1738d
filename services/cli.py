"""The `childcare` command: broker, processor, publisher, rebuild and the demo."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import typer

from services.bootstrap import Platform
from services.settings import Settings

app = typer.Typer(help="Event-sourced child data platform (一数一源, 一人一档) with privacy controls.",
                  no_args_is_help=True, pretty_exceptions_enable=False)


def _platform(namespace: str | None, database_url: str | None, bootstrap: str | None) -> Platform:
    settings = Settings()
    changes = {k: v for k, v in {"namespace": namespace, "database_url": database_url,
                                 "bootstrap_servers": bootstrap}.items() if v is not None}
    return Platform(settings.with_(**changes))


NS = typer.Option(None, "--namespace", help="Topic and group prefix (default $CHILDCARE_NAMESPACE).")
DB = typer.Option(None, "--database-url", help="SQLAlchemy URL (default $CHILDCARE_DATABASE_URL or var/childcare.db).")
BS = typer.Option(None, "--bootstrap-servers", help="Kafka bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS).")


@app.command()
def process(namespace: str = NS, database_url: str = DB, bootstrap_servers: str = BS,
            engine: str = typer.Option(None, help="faust (default, $CHILDCARE_ENGINE) or direct (batch consumer)"),
            loglevel: str = typer.Option("warn", help="faust log level: debug, info, warn, error")) -> None:
    """Run one processor worker (start more for more partitions; they share one consumer group)."""
    from services.processor.outbox import OutboxRelay

    platform = _platform(namespace, database_url, bootstrap_servers)
    platform.ensure_topics()
    handler, relay = platform.handler(), OutboxRelay(platform.store, platform.producer)
    if (engine or platform.settings.engine) == "direct":
        from services.processor.direct import run_direct

        run_direct(platform.settings, handler, relay)
        return
    from services.processor.worker import create_app, run_worker

    sys.argv = [sys.argv[0]]  # faust's worker reads argv; ours are already parsed
    run_worker(create_app(platform.settings, handler, relay), loglevel)


@app.command()
def publish(path: Path, namespace: str = NS, bootstrap_servers: str = BS,
            skip_invalid: bool = typer.Option(False, help="Publish the valid events even if some are invalid.")) -> None:
    """Publish a JSON array or JSON-lines file of events; invalid entries are listed with their line and field."""
    from services.publisher import read_event_file

    envelopes, errors = read_event_file(path)
    for err in errors:
        typer.echo(err, err=True)
    if errors and not skip_invalid:
        typer.echo(f"{len(errors)} invalid event(s); nothing was published (use --skip-invalid to send the rest)",
                   err=True)
        raise typer.Exit(2)
    platform = _platform(namespace, None, bootstrap_servers)
    try:
        n = platform.publisher().publish_many(envelopes)
    finally:
        platform.close()
    typer.echo(f"published {n} event(s)")


@app.command()
def rebuild(into: str = typer.Option(..., help="SQLAlchemy URL of a fresh store to rebuild into."),
            namespace: str = NS, bootstrap_servers: str = BS) -> None:
    """Replay every department topic from the beginning into a fresh store."""
    from services.rebuild import replay
    from services.store import open_store

    platform = _platform(namespace, into, bootstrap_servers)
    store = open_store(into)
    n = replay(platform.settings.bootstrap_servers, platform.topics, store,
               handler=platform.handler(store=store, group="rebuild", emit=False))
    typer.echo(f"replayed {n} message(s) into {into}: {sum(1 for _ in store.records())} children")


@app.command()
def generate(out: Path, children: int = 300, seed: int = 7) -> None:
    """Write realistic synthetic department events (fake people) as JSON lines."""
    from events.envelope import encode
    from services.synthetic import events_for, generate_children

    platform = Platform()
    with out.open("wb") as fh:
        for child in generate_children(children, platform.pseudonym_secret, seed):
            for env in events_for(child, seed):
                fh.write(encode(env) + b"\n")
    typer.echo(f"wrote events for {children} children to {out}")


@app.command()
def show(child_key: str, database_url: str = DB) -> None:
    """Print one child's projected record (sealed values stay sealed)."""
    store = _platform(None, database_url, None).store
    record = store.get(child_key)
    if record is None:
        typer.echo(f"no child {child_key}", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(record.to_json(), ensure_ascii=False, indent=2))


@app.command()
def erase(child_key: str = typer.Option(None, help="The child's pseudonymous key."),
          id_number: str = typer.Option(None, help="Or the resident ID number (looked up through the blind index)."),
          request: str = typer.Option(..., help="Reference of the deletion request."),
          legal_basis: str = typer.Option("PIPL art. 47", help="Why the data is erased."),
          namespace: str = NS, bootstrap_servers: str = BS) -> None:
    """Erase a child: destroy their data keys (crypto-shredding) and clear their record everywhere."""
    from privacy.pseudonym import child_key as make_key
    from services.erasure import erase_child

    platform = _platform(namespace, None, bootstrap_servers)
    if (child_key is None) == (id_number is None):
        typer.echo("give exactly one of --child-key or --id-number", err=True)
        raise typer.Exit(2)
    key = child_key or make_key(platform.pseudonym_secret, id_number)
    try:
        n = erase_child(platform.keyring, platform.publisher(seal=False), key, request, legal_basis)
    finally:
        platform.close()
    typer.echo(f"erased {key}: {n} data key(s) destroyed")


@app.command("rotate-keys")
def rotate_keys() -> None:
    """Rotate the key-encryption key and re-wrap every data key under it (safe while the pipeline runs)."""
    platform = Platform()
    version = platform.keyring.rotate_kek()
    n = platform.keyring.rewrap_all()
    typer.echo(f"KEK version {version} is current; re-wrapped {n} key(s); versions in use: "
               f"{sorted(platform.keyring.kek_versions_in_use())}")
    platform.close()


@app.command()
def api(host: str = "127.0.0.1", port: int = 8000, database_url: str = DB,
        offline_audit: bool = typer.Option(False, help="Audit to the SQL table only (no broker).")) -> None:
    """Serve the query and compliance API (OpenAPI at /docs and /openapi.json)."""
    import uvicorn

    from services.api.app import create_api

    platform = _platform(None, database_url, None)
    uvicorn.run(create_api(platform.api_context(to_kafka=not offline_audit)), host=host, port=port)


views_app = typer.Typer(help="Per-purpose projection views for downstream apps.", no_args_is_help=True)
app.add_typer(views_app, name="views")


@views_app.command("run")
def views_run(purpose: str, namespace: str = NS, database_url: str = DB, bootstrap_servers: str = BS) -> None:
    """Publish the view of one purpose (e.g. entitlement_matching) as projections change."""
    from services.kafka_admin import ensure_topics

    platform = _platform(namespace, database_url, bootstrap_servers)
    ensure_topics(platform.settings.bootstrap_servers, [platform.topics.view(purpose)], platform.settings.partitions)
    platform.view_projector(purpose).run(platform.settings.bootstrap_servers)


@views_app.command("key")
def views_key(purpose: str, actor: str = typer.Option(..., help="Operator handing the key over (audited).")) -> None:
    """Print the view key a subscribing app needs (base64); the hand-over is audited as key use."""
    import base64

    from privacy.audit import AuditEvent

    platform = Platform()
    platform.audit_sink(to_kafka=False).append(AuditEvent(actor, "operator", "operations", "key_use", "allowed",
                                                          None, (), "cli", f"view key for {purpose}"))
    typer.echo(base64.b64encode(platform.keyring.secret(f"view:{purpose}")).decode())


care_app = typer.Typer(help="Entitlements, the key-child ledger and publishable statistics.", no_args_is_help=True)
app.add_typer(care_app, name="care")
ACTOR = typer.Option(..., "--actor", help="Who runs this (recorded in the audit trail).")
AS_OF = typer.Option(None, "--as-of", help="Evaluation date, YYYY-MM-DD (default today).")


def _day(value: str | None) -> Any:
    from datetime import date

    return date.fromisoformat(value) if value else date.today()


def _print_rows(rows: Any) -> None:
    for row in rows:
        typer.echo(json.dumps(row, ensure_ascii=False))


@care_app.command("report")
def care_report(actor: str = ACTOR, by: str = typer.Option("area", help="area or department"),
                region: str = typer.Option("base", help="catalogue region: base or guizhou"), as_of: str = AS_OF,
                offline_audit: bool = typer.Option(False, help="Audit to the SQL table only.")) -> None:
    """Entitled vs delivered services per area or per responsible department."""
    from projections.catalogue import load_catalogue

    jobs = Platform().care_jobs(actor, to_kafka_audit=not offline_audit)
    _print_rows(jobs.report(load_catalogue(region), _day(as_of), by))


@care_app.command("alerts")
def care_alerts(actor: str = ACTOR, since: str = typer.Option(..., help="Previous evaluation date (exclusive)."),
                as_of: str = AS_OF, namespace: str = NS, bootstrap_servers: str = BS,
                publish: bool = typer.Option(True, help="Also publish each alert to the ledger.alerts topic.")) -> None:
    """Ledger deadlines (contact 3 months, home visit 6 months, info refresh 6 months) that passed in the window."""
    platform = _platform(namespace, None, bootstrap_servers)
    alerts = platform.care_jobs(actor, to_kafka_audit=publish).alerts(_day(since), _day(as_of))
    if publish:
        for alert in alerts:
            platform.producer.send(f"{platform.settings.namespace}ledger.alerts", key=alert["child_key"].encode(),
                                   value=json.dumps(alert).encode())
        platform.producer.flush()
    _print_rows(alerts)


@care_app.command("tasks")
def care_tasks(actor: str = ACTOR, area: str = typer.Option("", help="Area code prefix."), as_of: str = AS_OF) -> None:
    """Open monitoring tasks of ledger children, with due dates."""
    _print_rows(Platform().care_jobs(actor, to_kafka_audit=False).tasks(_day(as_of), area))


@care_app.command("stats")
def care_stats(actor: str = ACTOR, rows: str = typer.Option("area", help="area, age_band, risk or service"),
               cols: str = typer.Option("age_band"), threshold: int = typer.Option(5, help="Smallest publishable count."),
               region: str = typer.Option("base"), as_of: str = AS_OF) -> None:
    """Counts safe to publish: small cells suppressed, with complements so none can be recovered."""
    from projections.catalogue import load_catalogue

    catalogue = load_catalogue(region) if "service" in (rows, cols) else None
    table = Platform().care_jobs(actor, to_kafka_audit=False).statistics(rows, cols, _day(as_of), threshold, catalogue)
    typer.echo(json.dumps(table, ensure_ascii=False, indent=1))


@care_app.command("entitlements")
def care_entitlements(region: str = typer.Option("base"), namespace: str = NS, database_url: str = DB,
                      bootstrap_servers: str = BS) -> None:
    """Run the entitlement projector: recompute on every projection change, publish to view.entitlements."""
    from projections.catalogue import load_catalogue
    from services.care import run_entitlement_projector
    from services.kafka_admin import ensure_topics

    platform = _platform(namespace, database_url, bootstrap_servers)
    ensure_topics(platform.settings.bootstrap_servers, [platform.topics.view("entitlements")])
    run_entitlement_projector(platform.care_jobs("system:entitlements"), load_catalogue(region), platform.topics,
                              platform.settings.bootstrap_servers, platform.producer,
                              platform.keyring.secret("view:entitlements"))


tokens_app = typer.Typer(help="API tokens (stored hashed).", no_args_is_help=True)
app.add_typer(tokens_app, name="tokens")


@tokens_app.command("issue")
def tokens_issue(principal: str, role: str, area: str = typer.Option(None, help="Area code the caller serves."),
                 database_url: str = DB) -> None:
    """Issue a bearer token (printed once)."""
    from services.tokens import issue_token

    typer.echo(issue_token(_platform(None, database_url, None).store.engine, principal, role, area))  # type: ignore


audit_app = typer.Typer(help="Compliance queries over the audit trail (each query is audited).", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


def _audited_query(actor: str, what: str, child: str | None = None) -> Any:
    from privacy.audit import AuditEvent

    platform = Platform()
    platform.audit_sink(to_kafka=False).append(
        AuditEvent(actor, "compliance", "compliance_review", "audit_query", "allowed", child, (), "cli", what))
    return platform


@audit_app.command("verify")
def audit_verify(actor: str = typer.Option(..., help="Who is asking (recorded).")) -> None:
    """Walk the hash chain; names the first broken record."""
    from privacy.audit import verify

    platform = _audited_query(actor, "verify chain")
    result = verify(platform.keyring.secret("audit"), platform.audit_sink(to_kafka=False).records())
    typer.echo(f"ok: {result.checked} records" if result.ok else
               f"BROKEN at record {result.first_broken_seq}: {result.reason}")
    raise typer.Exit(0 if result.ok else 1)


@audit_app.command("query")
def audit_query(actor: str = typer.Option(..., help="Who is asking (recorded)."),
                child_key: str = typer.Option(None), user: str = typer.Option(None), since: str = None,
                until: str = None, denials: bool = False, without_purpose: bool = False,
                anomalies: int = typer.Option(None, help="Users who read more than N children."),
                csv_out: Path = typer.Option(None, "--csv", help="Write the rows as CSV.")) -> None:
    """Who accessed child X; what user Y accessed; denials; accesses without a valid purpose; bulk anomalies."""
    from services import compliance

    platform = _audited_query(actor, f"query child={child_key} user={user} denials={denials} "
                                     f"without_purpose={without_purpose} anomalies={anomalies}", child_key)
    engine = platform.store.engine  # type: ignore[attr-defined]
    if child_key:
        rows = compliance.accesses_to_child(engine, child_key)
    elif user:
        rows = compliance.accesses_by_actor(engine, user, since, until)
    elif without_purpose:
        rows = compliance.without_valid_purpose(engine)
    elif anomalies is not None:
        rows = compliance.bulk_anomalies(engine, anomalies, since)
    else:
        rows = compliance.denials(engine)
    if csv_out:
        csv_out.write_text(compliance.to_csv(rows), encoding="utf-8")
        typer.echo(f"{len(rows)} row(s) written to {csv_out}")
    else:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))


@app.command()
def migrate(database_url: str = DB) -> None:
    """Bring the store's schema to the newest version (Alembic)."""
    from services.store.migrate import upgrade

    url = database_url or Settings().database_url
    upgrade(url)
    typer.echo(f"migrated {url}")


@app.command()
def demo(children: int = typer.Option(300, help="How many synthetic children."),
         workdir: Path = typer.Option(Path("var/demo"), help="Where the demo keeps its broker and store.")) -> None:
    """Run the whole pipeline locally: broker, processor, synthetic department events, projected records."""
    from services.demo import run_demo

    run_demo(children=children, workdir=workdir)


def _mount_optional() -> None:
    try:
        from services.broker.cli import broker_app
    except ImportError:  # pragma: no cover - only while the broker package is absent
        return
    app.add_typer(broker_app, name="broker")


_mount_optional()


def main() -> None:
    """Entry point of the `childcare` console script."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
