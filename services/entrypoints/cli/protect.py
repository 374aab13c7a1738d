"""Commands of the protection work under `childcare care`: 摸排 coverage, 比对 discrepancies and their report, and
精准识别 ledger proposals (issue 20, items 1, 2 and 6). Each runs as the care job named by --actor, audited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from services.entrypoints.cli.base import audit_required, cli_audit_to_kafka, day_option, platform_for
from services.entrypoints.cli.care import ACTOR, AS_OF, _print_rows, care_app

if TYPE_CHECKING:
    from services.usecases.care import CareJobs


@contextmanager
def _refused() -> Iterator[None]:
    """A refused input (an area, a campaign or a department that is none) is exit code 2 with the reason; the
    reason never repeats what was typed."""
    from services.usecases.access import BadRequest

    try:
        with audit_required():
            yield
    except BadRequest as err:
        typer.echo(str(err), err=True)
        raise typer.Exit(2) from None


@contextmanager
def _jobs(actor: str) -> Iterator[CareJobs]:
    """The care jobs of the named actor (its audit to Kafka where configured), inside _refused()."""
    platform = platform_for()
    jobs = platform.care_jobs(actor, to_kafka_audit=cli_audit_to_kafka(platform))
    with _refused():
        yield jobs


AREA = typer.Option("", "--area", help="Area code prefix (county 6, township 9 digits); empty: every platform area.")


@care_app.command("coverage")
def care_coverage(actor: str = ACTOR, campaign: str = typer.Option(..., help="The survey campaign's id."),
                  area: str = AREA, as_of: str = AS_OF) -> None:
    """摸排 coverage per county and township: children known to any department vs surveyed in the campaign, and
    the unsurveyed children (keys) for the area's director."""
    from services.usecases.surveys import job_coverage

    with _jobs(actor) as jobs:
        result = job_coverage(jobs, campaign, area, day_option(as_of))
    typer.echo(json.dumps(result, ensure_ascii=False, indent=1))


@care_app.command("discrepancies")
def care_discrepancies(actor: str = ACTOR,
                       department: str = typer.Option(..., help="The receiving department (owner of the fields)."),
                       area: str = AREA, as_of: str = AS_OF) -> None:
    """比对 tasks of one department: each open discrepancy with the fields to correct and the due date, showing only
    the values the department's receiving purpose includes."""
    from services.usecases.reconcile import discrepancies

    with _jobs(actor) as jobs:
        rows = discrepancies(jobs, day_option(as_of), department, area)
    _print_rows(rows)


@care_app.command("discrepancy-report")
def care_discrepancy_report(actor: str = ACTOR, area: str = AREA, as_of: str = AS_OF,
                            threshold: int = typer.Option(5, help="Smallest count shown.")) -> None:
    """Open and overdue discrepancies per county, department and rule (counts under the threshold hidden)."""
    from services.usecases.reconcile import report

    if threshold < 3:
        typer.echo("--threshold at least 3", err=True)
        raise typer.Exit(2)
    with _jobs(actor) as jobs:
        rows = report(jobs, day_option(as_of), area, threshold)
    _print_rows(rows)


@care_app.command("proposals")
def care_proposals(actor: str = ACTOR, area: str = AREA, as_of: str = AS_OF) -> None:
    """精准识别: children who meet the ledger's criteria but are not in it, proposed to the area's director (a task,
    not an entry), with the reasons the director's purpose may see."""
    from services.usecases.surveys import job_proposals

    with _jobs(actor) as jobs:
        rows = job_proposals(jobs, area, day_option(as_of))
    _print_rows(rows)
