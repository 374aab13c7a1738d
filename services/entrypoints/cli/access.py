"""Commands for access and accountability: the API, per-purpose views, tokens, compliance queries."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from privacy.audit import AuditEvent, AuditSink
from privacy.pseudonym import is_child_key, scrub_id_numbers
from services.bootstrap import Platform
from services.entrypoints.cli.base import (
    PlatformTyper,
    app,
    audit_required,
    broker_configured,
    cli_audit_sink,
    platform_for,
)


@app.command()
def api(host: str = "127.0.0.1", port: int = 8000,
        offline_audit: bool = typer.Option(False, help="Audit to the SQL table only (no broker).")) -> None:
    """Serve the query and compliance API (OpenAPI at /docs and /openapi.json)."""
    import uvicorn

    from services.entrypoints.api.app import create_api

    platform = platform_for()
    if offline_audit:
        typer.echo("warning: offline audit chosen: accesses are audited to the audit table only", err=True)
    uvicorn.run(create_api(platform.api_context(to_kafka=not offline_audit)), host=host, port=port)


@app.command()
def console(host: str = "127.0.0.1", port: int = 8000,
            offline_audit: bool = typer.Option(False, help="Audit to the SQL table only (no broker).")) -> None:
    """Serve the web console (and the API it sits on): sign in with a token at /console/. With no broker configured
    (the embedded defaults) the audit goes to the table only, as for the other commands."""
    typer.echo(f"console: http://{host}:{port}/console/  (sign in with a token from `childcare tokens issue`)")
    api(host=host, port=port, offline_audit=offline_audit or not broker_configured())


views_app = PlatformTyper(help="Per-purpose projection views for downstream apps.", no_args_is_help=True)
app.add_typer(views_app, name="views")


@views_app.command("run")
def views_run(purpose: str) -> None:
    """Publish the view of one purpose (e.g. entitlement_matching) as projections change."""
    platform = platform_for()
    platform.ensure_view_topic(purpose)
    platform.view_projector(purpose).run(platform.settings.bootstrap_servers)


@views_app.command("key")
def views_key(view: str, key_id: str = typer.Argument(..., help="The key id a view message names (ck_….N)."),
              actor: str = typer.Option(..., help="Operator handing the key over (audited).")) -> None:
    """Print the per-child key of one view message (base64), for an app that cannot call the API's key route; the
    hand-over is audited as key use (table and topic). After the child's erasure there is no key to print."""
    import base64

    from privacy.keyring import KeyringError
    from privacy.per_child import child_of
    from services.usecases.access import is_child_key
    from services.usecases.views import view_sealer

    platform = platform_for()
    child = child_of(key_id)
    with audit_required():
        cli_audit_sink(platform).append(AuditEvent(
            actor, "operator", "operations", "key_use", "allowed", child if is_child_key(child) else None, (), "cli",
            f"view {view} key {key_id if is_child_key(child) else '(not a key id)'}"))
    try:
        if not is_child_key(child):
            raise KeyringError("not a key id")
        typer.echo(base64.b64encode(view_sealer(platform.keyring, view).key(key_id)).decode())
    except (KeyringError, ValueError):
        typer.echo("no such key (erased, unknown, or not a key id)", err=True)
        raise typer.Exit(1) from None


tokens_app = PlatformTyper(help="API tokens (stored hashed).", no_args_is_help=True)
app.add_typer(tokens_app, name="tokens")


ACTOR = typer.Option(..., "--actor", help="Who does this (recorded in the audit trail).")


def _token_platform() -> tuple[Platform, AuditSink]:
    platform = platform_for()
    return platform, cli_audit_sink(platform)


@tokens_app.command("issue")
def tokens_issue(principal: str, role: str, area: str = typer.Option(None, help="Area code the caller serves: county "
                                                                      "(6 digits), township (9) or village (12)."),
                 days: int = typer.Option(90, "--days", help="Days until the token expires (1-366)."),
                 actor: str = ACTOR) -> None:
    """Issue a bearer token (printed once; audited). Department systems are '<department>:<system>'."""
    from services.adapters.tokens import TokenRefused, issue

    platform, sink = _token_platform()
    try:
        with audit_required():
            issued = issue(platform.database, principal, role, area, days=days, audit=sink,
                           actor=actor)
    except TokenRefused as exc:
        typer.echo(f"refused: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"token id {issued.token_id}, expires {issued.expires_at.date().isoformat()}", err=True)
    typer.echo(issued.token)


@tokens_app.command("list")
def tokens_list(actor: str = ACTOR,
                as_json: bool = typer.Option(False, "--json", help="One JSON object per line.")) -> None:
    """Every token: id, principal, role, area, created, expires, revoked (never the token or its hash; audited)."""
    from services.adapters.tokens import list_tokens

    platform, sink = _token_platform()
    with audit_required():
        sink.append(AuditEvent(actor, "operator", "operations", "list", "allowed", None, (), "cli", "list tokens"))
    rows = list_tokens(platform.database)
    for row in rows:
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            state = "revoked" if row["revoked"] else "expired" if row["expired"] else "active"
            typer.echo(f"{row['token_id']}  {row['principal']}  {row['role']}  area={row['area'] or '-'}  "
                       f"created={(row['created'] or '-')[:10]}  expires={(row['expires'] or '-')[:10]}  {state}")


@tokens_app.command("revoke")
def tokens_revoke(actor: str = ACTOR, principal: str = typer.Option(None, help="Revoke every token of a principal."),
                  token_id: str = typer.Option(None, "--token-id", help="Revoke one token (id from `tokens list`).")
                  ) -> None:
    """Revoke one token or every token of a principal (audited); revoked tokens fail authentication at once."""
    from services.adapters.tokens import revoke

    if (principal is None) == (token_id is None):
        typer.echo("give exactly one of --principal or --token-id", err=True)
        raise typer.Exit(2)
    platform, sink = _token_platform()
    with audit_required():
        n = revoke(platform.database, principal=principal, token_id=token_id, audit=sink,
                   actor=actor)
    typer.echo(f"revoked {n} token(s)")


audit_app = PlatformTyper(help="Compliance queries over the audit trail (each query is audited).", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


def _audited_query(actor: str, what: str, child: str | None = None) -> Platform:
    platform = platform_for()
    with audit_required():
        cli_audit_sink(platform).append(
            AuditEvent(actor, "compliance", "compliance_review", "audit_query", "allowed",
                       child if is_child_key(child) else None, (), "cli", scrub_id_numbers(what)[:300]))
    return platform


@audit_app.command("verify")
def audit_verify(actor: str = typer.Option(..., help="Who is asking (recorded).")) -> None:
    """Walk the hash chain and compare its head with the signed anchor and, when a broker is configured, with the
    audit topic; names the first broken record and every problem found."""
    platform = platform_for()
    with_topic = broker_configured()
    sink = cli_audit_sink(platform)
    try:
        result = platform.verify_audit(with_topic=with_topic)
    except Exception as exc:  # noqa: BLE001 - an unreadable topic must not pass for a verified one
        if not with_topic:
            raise
        typer.echo(f"audit topic unreadable ({type(exc).__name__}): cannot compare the table with it", err=True)
        raise typer.Exit(1) from None
    summary = (f"ok: {result.checked} records, anchor at {result.anchor_seq}"
               + (f", {result.topic_checked} on the audit topic" if result.topic_checked is not None else "")
               if result.ok else f"BROKEN{f' at record {result.first_broken_seq}' if result.first_broken_seq else ''}: "
               f"{result.reason}")
    with audit_required():
        sink.append(AuditEvent(actor, "compliance", "compliance_review", "audit_query", "allowed", None, (), "cli",
                               f"verify chain: {summary}"[:2000]))
    typer.echo(summary)
    for problem in result.problems[1:]:
        typer.echo(f"  also: {problem}")
    raise typer.Exit(0 if result.ok else 1)


@audit_app.command("query")
def audit_query(actor: str = typer.Option(..., help="Who is asking (recorded)."),
                child_key: str = typer.Option(None), user: str = typer.Option(None), since: str | None = None,
                until: str | None = None, denials: bool = False, without_purpose: bool = False,
                anomalies: int = typer.Option(None, help="Users who read more than N children."),
                csv_out: Path = typer.Option(None, "--csv", help="Write the rows as CSV.")) -> None:
    """Who accessed child X; what user Y accessed; denials; accesses without a valid purpose; bulk anomalies."""
    from services.usecases import compliance

    platform = _audited_query(actor, f"query child={child_key} user={user} denials={denials} "
                                     f"without_purpose={without_purpose} anomalies={anomalies}", child_key)
    database = platform.database
    if child_key:
        rows = compliance.accesses_to_child(database, child_key)
    elif user:
        rows = compliance.accesses_by_actor(database, user, since, until)
    elif without_purpose:
        rows = compliance.without_valid_purpose(database)
    elif anomalies is not None:
        rows = compliance.bulk_anomalies(database, anomalies, since)
    else:
        rows = compliance.denials(database)
    if csv_out:
        csv_out.write_text(compliance.to_csv(rows), encoding="utf-8")
        typer.echo(f"{len(rows)} row(s) written to {csv_out}")
    else:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
