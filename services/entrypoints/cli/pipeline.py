"""Commands of the pipeline: process, publish, rebuild, generate, show, erase, rotate keys, migrate, demo."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import typer

from services.bootstrap import Platform
from services.entrypoints.cli.base import app, audit_required, cli_audit_sink, devtool, platform_for, settings
from services.usecases.compliance import REBUILD_DETAIL


def settle_heap(platform: Platform) -> None:
    """Load what a worker keeps for life (redaction models, word lists), then exempt it from garbage collection: the
    collector kept re-scanning those long-lived objects while each batch allocated thousands of short-lived ones."""
    import gc

    if platform.settings.privacy:
        platform.redact("张三 13800138000")
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)  # young collections every 10k allocations rather than 700


@app.command()
def process(engine: str = typer.Option(None, help="direct (batch consumer; default, $CHILDCARE_ENGINE) or faust"),
            loglevel: str = typer.Option("warn", help="faust log level: debug, info, warn, error")) -> None:
    """Run one processor worker (start more for more partitions; they share one consumer group)."""
    from services.processor.outbox import OutboxRelay

    platform = platform_for()
    platform.ensure_topics()
    handler, relay = platform.handler(), OutboxRelay(platform.store, platform.producer)
    settle_heap(platform)
    if (engine or platform.settings.engine) == "direct":
        from services.processor.direct import run_direct

        run_direct(platform.settings, handler, relay)
        return
    from services.processor.worker import create_app, run_worker

    sys.argv = [sys.argv[0]]  # faust's worker reads argv; ours are already parsed
    run_worker(create_app(platform.settings, handler, relay), loglevel)


@app.command()
def publish(path: Path,
            skip_invalid: bool = typer.Option(False, help="Publish the valid events even if some "
                                                          "are invalid.")) -> None:
    """Publish a JSON array or JSON-lines file of events; invalid entries are listed with their line and field."""
    from services.sdk.publisher import read_event_file

    envelopes, errors = read_event_file(path)
    for err in errors:
        typer.echo(err, err=True)
    if errors and not skip_invalid:
        typer.echo(f"{len(errors)} invalid event(s); nothing was published (use --skip-invalid to send the rest)",
                   err=True)
        raise typer.Exit(2)
    from services.entrypoints.cli.progress import Progress

    platform = platform_for()
    progress, n = Progress("publishing", len(envelopes)), 0
    try:
        publisher = platform.publisher()
        for i in range(0, len(envelopes), 1000):  # each slice acknowledged by the broker before the next
            n += publisher.publish_many(envelopes[i:i + 1000])
            progress.advance(min(1000, len(envelopes) - i))
    finally:
        platform.close()
    progress.done()
    typer.echo(f"published {n} event(s)")


@app.command()
def rebuild(into: str = typer.Option(..., help="SQLAlchemy URL of a fresh store to rebuild into.")) -> None:
    """Replay every department topic from the beginning into a fresh store (--into; --database-url names the
    platform's own store, which the rebuild does not touch)."""
    from services.adapters.store import open_store
    from services.entrypoints.cli.progress import Progress
    from services.usecases.rebuild import replay

    platform = platform_for()
    store = open_store(into)
    progress = Progress("replaying", None)

    def advance(n: int, total: int) -> None:
        progress.total = total
        progress.advance(n)

    n = replay(platform.settings.bootstrap_servers, platform.topics, store,
               handler=platform.handler(store=store, group="rebuild", emit=False), on_batch=advance)
    progress.done()
    children = sum(1 for _ in store.records())
    from privacy.audit import AuditEvent

    with audit_required():  # the operator's page shows the last rebuild from the trail
        cli_audit_sink(platform).append(AuditEvent("cli", "operator", "operations", "operations", "allowed", None, (),
                                                   "cli", f"{REBUILD_DETAIL} {n} messages, {children} children"))
    typer.echo(f"replayed {n} message(s) into {into}: {children} children")


@app.command(settings=False)
def generate(out: Path, children: int = 300, seed: int = 7) -> None:
    """Write realistic synthetic department events (fake people) as JSON lines."""
    from events.envelope import encode

    synthetic = devtool("synthetic")
    events_for, generate_children = synthetic.events_for, synthetic.generate_children

    platform = Platform()
    with out.open("wb") as fh:
        for child in generate_children(children, platform.pseudonym_secret, seed):
            for env in events_for(child, seed):
                fh.write(encode(env) + b"\n")
    typer.echo(f"wrote events for {children} children to {out}")


@app.command()
def show(child_key: str, actor: str = typer.Option(..., "--actor", help="Who reads (recorded in the audit trail)."),
         role: str = typer.Option(..., help="The role the reader acts in (access_policy.json)."),
         purpose: str = typer.Option(..., help="The purpose of this read (最小必要)."),
         area: str = typer.Option(None, help="The reader's area, for roles bound to one."),
         offline_audit: bool = typer.Option(False, help="Audit to the SQL table only (no broker).")) -> None:
    """One child's record as a role may see it for a purpose: through the same gate as the API (only the allowed
    fields are opened, and the read is audited first)."""
    from privacy.access_policy import load_policy
    from services.adapters.tokens import AREA_LEVELS, Principal
    from services.usecases.access import AccessDenied, AccessService, NotFound

    if area is not None and not (area.isascii() and area.isdigit() and len(area) in AREA_LEVELS):
        typer.echo("--area must be a county (6 digits), township (9) or village (12) area code", err=True)
        raise typer.Exit(2)
    platform = platform_for()
    access = AccessService(platform.store, platform.cipher, load_policy(), cli_audit_sink(platform, offline_audit))
    try:
        with audit_required():
            view = access.read(Principal(actor, role, area), purpose, child_key, origin="cli")
    except AccessDenied as exc:
        typer.echo(f"refused: {exc.decision.reason}", err=True)
        raise typer.Exit(3) from None
    except NotFound:
        typer.echo("no such child in your scope", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(asdict(view), ensure_ascii=False, indent=2))


@app.command()
def erase(child_key: str = typer.Option(None, help="The child's pseudonymous key."),
          id_number: str = typer.Option(None, help="Or the resident ID number (looked up through the blind index)."),
          request: str = typer.Option(..., help="Reference of the deletion request."),
          legal_basis: str = typer.Option("PIPL art. 47", help="Why the data is erased."),
          actor: str = typer.Option(..., "--actor", help="Who erases (recorded in the audit trail).")) -> None:
    """Erase a child: destroy their data keys (crypto-shredding) and clear their record everywhere."""
    from privacy.pseudonym import child_key as make_key
    from privacy.pseudonym import is_child_key
    from services.usecases.erasure import erase_child

    platform = platform_for()
    if (child_key is None) == (id_number is None):
        typer.echo("give exactly one of --child-key or --id-number", err=True)
        raise typer.Exit(2)
    key = child_key or make_key(platform.pseudonym_secret, id_number)
    if not is_child_key(key):
        typer.echo("--child-key takes a child key (ck_…); an ID number goes to --id-number (hashed, never stored)",
                   err=True)
        raise typer.Exit(2)
    try:
        with audit_required():
            n = erase_child(platform.keyring, platform.publisher(seal=False), platform.audit_sink(), actor, key,
                            request, legal_basis)
    finally:
        platform.close()
    typer.echo(f"erased {key}: {n} data key(s) destroyed")


@app.command("rotate-keys", settings=False)
def rotate_keys() -> None:
    """Rotate the key-encryption key and re-wrap every data key under it (safe while the pipeline runs)."""
    platform = Platform()
    from services.entrypoints.cli.progress import Progress

    version = platform.keyring.rotate_kek()
    progress = Progress("re-wrapping data keys", None)

    def advance(done: int, total: int) -> None:
        progress.total = total
        progress.advance(1)

    n = platform.keyring.rewrap_all(on_row=advance)
    progress.done()
    typer.echo(f"KEK version {version} is current; re-wrapped {n} key(s); versions in use: "
               f"{sorted(platform.keyring.kek_versions_in_use())}")
    platform.close()



@app.command()
def migrate() -> None:
    """Bring the store's schema to the newest version (Alembic)."""
    from services.adapters.store.migrate import upgrade

    url = settings().database_url
    upgrade(url)
    typer.echo(f"migrated {url}")


@app.command(settings=False)
def demo(children: int = typer.Option(300, help="How many synthetic children."),
         workdir: Path = typer.Option(Path("var/demo"), help="Where the demo keeps its broker and store.")) -> None:
    """Run the whole pipeline locally: broker, processor, synthetic department events, projected records."""
    devtool("demo").run_demo(children=children, workdir=workdir)


@app.command()
def health(wait: float = typer.Option(5.0, help="Seconds between the two readings that tell behind from stuck."),
           as_json: bool = typer.Option(False, "--json", help="Print the reading as JSON.")) -> None:
    """Lag per ingest partition (broker end vs what the store has applied), the outbox backlog and the processor's
    outcomes, read twice `--wait` seconds apart; exits 1 and says why when something is behind or stuck."""
    import time
    from dataclasses import asdict

    from services.usecases.health import Health, broker_end_offsets, read_health

    platform = platform_for()
    try:
        def reading(previous: Health | None = None) -> Health:
            ends = broker_end_offsets(platform.settings, platform.topics.departments)
            return read_health(platform.store, ends, platform.settings.processor_group, previous, wait)

        first = reading()
        time.sleep(wait)
        now = reading(first)
    finally:
        platform.close()
    if as_json:
        typer.echo(json.dumps({**asdict(now), "total_lag": now.total_lag}, ensure_ascii=False))
    else:
        age = "" if now.oldest_outbox_age_s is None else f", oldest {now.oldest_outbox_age_s:.0f} s"
        typer.echo(f"lag {now.total_lag} message(s); outbox {now.outbox_rows} row(s){age}; events {now.outcomes}")
        for partition, behind in now.lag.items():
            if behind:
                typer.echo(f"  {partition}: {behind} behind")
        if now.dead_letters_last_day:
            typer.echo("dead letters in the last day: " + ", ".join(
                f"{code} {n}" for code, n in sorted(now.dead_letters_last_day.items(), key=lambda kv: -kv[1])))
        for problem in now.problems:
            typer.echo(f"PROBLEM: {problem}")
    raise typer.Exit(1 if now.problems else 0)
