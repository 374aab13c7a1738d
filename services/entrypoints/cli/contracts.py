"""`childcare contracts`: the integration guide of a department, printed from the contracts themselves."""

from __future__ import annotations

import json

import typer

from services.entrypoints.cli.base import app


@app.command(settings=False)
def contracts(department: str = typer.Argument(None, help="e.g. education; omit to list the departments."),
              as_json: bool = typer.Option(False, "--json", help="Print the guide as JSON.")) -> None:
    """What a department publishes: its topic, event types and attributes, and the fields it is the source of."""
    from services.usecases.integration_guide import department_guide, departments

    if department is None:
        for name in departments():
            guide = department_guide(name)
            typer.echo(f"{name:<20} {guide['topic']:<26} event types: {len(guide['events'])}, "
                       f"fields owned: {len(guide['owns'])}")
        return
    try:
        guide = department_guide(department)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(guide, ensure_ascii=False, indent=1))
        return
    typer.echo(f"{guide['department']} publishes to {guide['topic']} (keyed by child key)")
    for event in guide["events"]:
        typer.echo(f"\n{event['event_type']} v{event['schema_version']}: {event['description']}")
        for a in event["attributes"]:
            where = f" -> {a['projection_field']}" if a["projection_field"] else ""
            flags = ", ".join(f for f, on in (("required", a["required"]), ("sealed", a["sealed_at_edge"])) if on)
            typer.echo(f"  {a['name']:<26}{where}{f' ({flags})' if flags else ''}")
        if event["also_sets"]:
            typer.echo(f"  also sets: {', '.join(event['also_sets'])}")
    typer.echo(f"\nalso accepted, for the fields it owns: {', '.join(guide['also_accepted'])}")
    typer.echo(f"fields owned (一数一源): {', '.join(o['field'] for o in guide['owns'])}")
