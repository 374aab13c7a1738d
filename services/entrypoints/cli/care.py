"""Commands of the care work: entitlements, ledger deadlines and tasks, publishable statistics."""

from __future__ import annotations

import json
from typing import Any

import typer

from services.entrypoints.cli.base import (
    PlatformTyper,
    actor_name,
    app,
    audit_required,
    cli_audit_to_kafka,
    day_option,
    platform_for,
)

care_app = PlatformTyper(help="Entitlements, the key-child ledger and publishable statistics.", no_args_is_help=True)
app.add_typer(care_app, name="care")
ACTOR = typer.Option(..., "--actor", help="Who runs this (recorded in the audit trail).", callback=actor_name)
AS_OF = typer.Option(None, "--as-of", help="Evaluation date, YYYY-MM-DD (default today).")



def _print_rows(rows: Any) -> None:
    for row in rows:
        typer.echo(json.dumps(row, ensure_ascii=False))


@care_app.command("report")
def care_report(actor: str = ACTOR, by: str = typer.Option("area", help="area or department"),
                region: str = typer.Option("base", help="catalogue region (a file in projections/catalogue/data)"),
                as_of: str = AS_OF, threshold: int = typer.Option(5, help="Smallest publishable count."),
                offline_audit: bool = typer.Option(False, help="Audit to the SQL table only.")) -> None:
    """Entitled vs delivered services of migrant children per area or per responsible department (suppressed)."""
    from projections.catalogue import load_catalogue

    if threshold < 3:
        typer.echo("--threshold at least 3", err=True)
        raise typer.Exit(2)
    platform = platform_for()
    jobs = platform.care_jobs(actor, to_kafka_audit=cli_audit_to_kafka(platform, offline_audit))
    with audit_required():
        rows = jobs.report(load_catalogue(region), day_option(as_of), by, threshold)
    _print_rows(rows)


@care_app.command("alerts")
def care_alerts(actor: str = ACTOR, since: str = typer.Option(..., help="Previous evaluation date (exclusive)."),
                as_of: str = AS_OF,
                publish: bool = typer.Option(True, help="Also publish each alert to the ledger.alerts topic.")) -> None:
    """Ledger deadlines (contact 3 months, home visit 6 months, info refresh 6 months) that passed in the window."""
    platform = platform_for()
    jobs = platform.care_jobs(actor, to_kafka_audit=publish or cli_audit_to_kafka(platform))
    with audit_required():
        alerts = jobs.alerts(day_option(since), day_option(as_of))
    if publish:
        from services.usecases.care import ALERTS_VIEW, alert_message
        from services.usecases.views import view_sealer

        sealer = view_sealer(platform.keyring, ALERTS_VIEW)
        for alert in alerts:
            key, value = alert_message(sealer, alert)
            platform.producer_for("projector").send(f"{platform.settings.namespace}ledger.alerts", key=key, value=value)
        platform.producer_for("projector").flush()
    _print_rows(alerts)


@care_app.command("handovers")
def care_handovers(actor: str = ACTOR, since: str = typer.Option(..., help="Previous evaluation date (exclusive)."),
                   as_of: str = AS_OF,
                   publish: bool = typer.Option(True, help="Publish each notice to handover.<province>.")) -> None:
    """Children who moved out of this platform's regions in the window: a handover notice for the receiving region,
    sealed per child under that region's label (nothing in plaintext), on the topic handover.<province code>."""
    platform = platform_for()
    jobs = platform.care_jobs(actor, to_kafka_audit=publish or cli_audit_to_kafka(platform))
    with audit_required():
        notices = jobs.handover_notices(day_option(since), day_option(as_of))
    if publish:
        from services.usecases.care import HANDOVER_NOTICE_VIEW, handover_message, handover_topic
        from services.usecases.views import view_sealer

        for notice in notices:
            region = str(notice["area"])[:2]
            key, value = handover_message(view_sealer(platform.keyring, f"{HANDOVER_NOTICE_VIEW}:{region}"), notice)
            platform.producer_for("projector").send(handover_topic(platform.settings.namespace, notice["area"]),
                                                    key=key, value=value)
        platform.producer_for("projector").flush()
    # What the operator sees: that a notice went, and where; never the child's details.
    _print_rows({"child_key": n["child_key"], "to_region": str(n["area"])[:2], "moved_on": n["moved_on"]}
                for n in notices)


@care_app.command("tasks")
def care_tasks(actor: str = ACTOR, area: str = typer.Option("", help="Area code prefix."), as_of: str = AS_OF
               ) -> None:
    """Open monitoring tasks of ledger children, with due dates."""
    platform = platform_for()
    jobs = platform.care_jobs(actor, to_kafka_audit=cli_audit_to_kafka(platform))
    with audit_required():
        rows = jobs.tasks(day_option(as_of), area)
    _print_rows(rows)


@care_app.command("stats")
def care_stats(actor: str = ACTOR,
               rows: str = typer.Option("area", help="a dimension (see services.usecases.care.DIMENSIONS)"),
               cols: str = typer.Option("age_band"),
               threshold: int = typer.Option(5, help="Smallest publishable count."),
               region: str = typer.Option("base"), as_of: str = AS_OF) -> None:
    """Counts safe to publish: small cells suppressed, with complements so none can be recovered."""
    from projections.catalogue import load_catalogue
    from services.usecases.care import DIMENSIONS as dimensions

    if rows not in dimensions or cols not in dimensions or rows == cols or threshold < 3:
        typer.echo(f"--rows and --cols: two different of {', '.join(dimensions)}; --threshold at least 3", err=True)
        raise typer.Exit(2)
    catalogue = load_catalogue(region) if "service" in (rows, cols) else None
    platform = platform_for()
    jobs = platform.care_jobs(actor, to_kafka_audit=cli_audit_to_kafka(platform))
    with audit_required():
        table = jobs.statistics(rows, cols, day_option(as_of), threshold, catalogue)
    typer.echo(json.dumps(table, ensure_ascii=False, indent=1))


@care_app.command("entitlements")
def care_entitlements(region: str = typer.Option("base")) -> None:
    """Run the entitlement projector: recompute on every projection change, publish to view.entitlements."""
    from projections.catalogue import load_catalogue
    from services.usecases.care import run_entitlement_projector
    from services.usecases.views import view_sealer

    platform = platform_for()
    platform.ensure_view_topic("entitlements")
    run_entitlement_projector(platform.care_jobs("job:entitlements"), load_catalogue(region), platform.topics,
                              platform.settings.bootstrap_servers, platform.producer_for("projector"),
                              view_sealer(platform.keyring, "entitlements"))


# --- Issue 20, items 3 and 4: alerts and open steps of harm reports and of mental-health follow-up. ---
def _moment(value: str | None) -> Any:
    """A window bound: YYYY-MM-DD (the end of that day, Beijing time) or an ISO time (harm deadlines are in hours)."""
    from datetime import date, datetime

    if not value:
        return datetime.now().astimezone()
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        typer.echo("not a date or time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[+08:00])", err=True)
        raise typer.Exit(2) from None


def _day_of(value: Any) -> Any:
    from datetime import datetime

    return value.date() if isinstance(value, datetime) else value


@care_app.command("protection-alerts")
def care_protection_alerts(actor: str = ACTOR,
                           since: str = typer.Option(..., help="Previous evaluation date or time (exclusive)."),
                           as_of: str = typer.Option(None, "--as-of", help="Evaluation date or time (default now)."),
                           publish: bool = typer.Option(True, help="Also publish each alert, sealed, to "
                                                                   "protection.alerts.")) -> None:
    """Harm reports whose next step is late (训诫, 危机干预, 督促监护令 / a court's decision), a new report for the
    police, and overdue mental-health follow-up (a school year without an assessment, a plan's review, a referral 30
    days without an outcome); each to the department that owes it, with no personal value."""
    from projections.harm_cases import as_moment
    from services.usecases import unrecorded_harm
    from services.usecases.protection_work import harm_alerts, mental_health_alert_list

    start, end = _moment(since), _moment(as_of)
    platform = platform_for()
    jobs = platform.care_jobs(actor, to_kafka_audit=publish or cli_audit_to_kafka(platform))
    with audit_required():
        alerts = harm_alerts(jobs, start, end) + mental_health_alert_list(jobs, _day_of(start), _day_of(end))
    # Harm reports on a child with no record (erased), for 民政's crisis intervention of the area where each was made:
    # nothing personal (the report id, the area, when it was filed), printed here, not published (no child key to
    # seal them under); 民政 gets them from GET /protection/alerts and opens them there.
    unrecorded = unrecorded_harm.alerts(platform.database, "", as_moment(start), as_moment(end))
    if publish:
        from services.usecases.care import alert_message
        from services.usecases.protection_work import PROTECTION_ALERTS_VIEW
        from services.usecases.views import view_sealer

        sealer = view_sealer(platform.keyring, PROTECTION_ALERTS_VIEW)
        for alert in alerts:
            key, value = alert_message(sealer, alert)
            platform.producer_for("projector").send(f"{platform.settings.namespace}protection.alerts", key=key,
                                                    value=value)
        platform.producer_for("projector").flush()
    _print_rows(alerts + unrecorded)


@care_app.command("protection-tasks")
def care_protection_tasks(actor: str = ACTOR, area: str = typer.Option("", help="Area code prefix."),
                          as_of: str = typer.Option(None, "--as-of", help="Evaluation date or time (default now).")
                          ) -> None:
    """Open steps of harm reports and open mental-health tasks, with their owners and due dates."""
    from services.usecases.access import BadRequest
    from services.usecases.protection_work import harm_steps, mental_health_task_list

    end = _moment(as_of)
    platform = platform_for()
    jobs = platform.care_jobs(actor, to_kafka_audit=cli_audit_to_kafka(platform))
    try:
        with audit_required():
            rows = harm_steps(jobs, end, area) + mental_health_task_list(jobs, _day_of(end), area)
    except BadRequest as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from None
    _print_rows(rows)
