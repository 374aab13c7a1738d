"""The register of children's directors (issue 20, item 7): register, leave, and the qualification share per county."""

from __future__ import annotations

import json

import typer

from services.entrypoints.cli.base import (
    PlatformTyper,
    actor_name,
    app,
    audit_required,
    cli_audit_sink,
    day_option,
    platform_for,
)

directors_app = PlatformTyper(help="The register of children's directors (儿童主任): area, since, social-work "
                                   "qualification.", no_args_is_help=True)
app.add_typer(directors_app, name="directors")
ACTOR = typer.Option(..., "--actor", help="Who does this (recorded in the audit trail).", callback=actor_name)



@directors_app.command("register")
def directors_register(director_id: str, area: str = typer.Option(..., help="Area served (6, 9 or 12 digits)."),
                       since: str = typer.Option(..., help="Serving since, YYYY-MM-DD."),
                       qualification: str = typer.Option("none", help="none, assistant_social_worker, social_worker "
                                                                      "or senior_social_worker"),
                       actor: str = ACTOR) -> None:
    """Add a director to the register, or record a change (audited)."""
    from services.usecases.access import BadRequest
    from services.usecases.directors import register

    platform = platform_for()
    try:
        with audit_required():
            register(platform.database, cli_audit_sink(platform), actor, director_id, area, day_option(since),
                     qualification)
    except BadRequest as exc:
        typer.echo(f"refused: {exc}", err=True)
        raise typer.Exit(2) from None


@directors_app.command("leave")
def directors_leave(director_id: str, on: str = typer.Option(..., "--on", help="Last day served, YYYY-MM-DD."),
                    actor: str = ACTOR) -> None:
    """A director stopped serving (audited)."""
    from services.usecases.access import BadRequest
    from services.usecases.directors import leave

    platform = platform_for()
    try:
        with audit_required():
            found = leave(platform.database, cli_audit_sink(platform), actor, director_id, day_option(on))
    except BadRequest as exc:
        typer.echo(f"refused: {exc}", err=True)
        raise typer.Exit(2) from None
    if not found:
        typer.echo("no such director in the register", err=True)
        raise typer.Exit(1)


@directors_app.command("report")
def directors_report(actor: str = ACTOR, as_of: str = typer.Option(None, "--as-of", help="YYYY-MM-DD (default today)."),
                     threshold: int = typer.Option(5, help="Fewest directors a county must have to be shown.")) -> None:
    """儿童主任持社会工作者职业资格证的比例 per county (Zhejiang), of directors serving on the day (audited)."""
    from services.usecases.access import BadRequest
    from services.usecases.directors import qualification_report

    platform = platform_for()
    try:
        with audit_required():
            rows = qualification_report(platform.database, cli_audit_sink(platform), actor,
                                        day_option(as_of), threshold)
    except BadRequest as exc:
        typer.echo(f"refused: {exc}", err=True)
        raise typer.Exit(2) from None
    for row in rows:
        typer.echo(json.dumps(row, ensure_ascii=False))
