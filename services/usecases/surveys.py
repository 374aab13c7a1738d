"""摸排 coverage and 精准识别 proposals on live data, for the platform's job (CLI, demo) and for a children's director
through the gate (API, console). Each run is audited; a director sees their own area only.

Coverage: "以縣(市、區)為單位…完成監測摸排和信息錄入" (Hebei plan 一(一)); proposals: "助力困境儿童精准识别" (Zhejiang).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from privacy.access_policy import Policy
from privacy.pseudonym import looks_like_id_number
from projections.catalogue.loader import platform_areas
from projections.identification import proposal_reasons, visible_inputs
from projections.moves import in_platform
from projections.residence import RESIDENCE_FIELDS, current_area
from projections.surveys import COVERAGE_FIELDS, coverage
from services.adapters.tokens import Principal
from services.usecases.access import KNOWN_FIELDS, AccessService, BadRequest, check_area
from services.usecases.care import CareJobs

COVERAGE, PROPOSALS = "survey_coverage", "precise_identification"
DIRECTOR = "children_director"
MAX_AREA_CHILDREN = 100_000  # a county's children, read through the gate one audited record at a time


def _check_campaign(campaign: str) -> None:
    if (not campaign or len(campaign) > 40 or not all(c.isascii() and (c.isalnum() or c in "_-") for c in campaign)
            or looks_like_id_number(campaign)):  # an ID number typed in the campaign's box: refused, not repeated
        raise BadRequest("campaign: letters, digits, - and _ (at most 40), not an ID number")


def _in(children: Iterable[tuple[str, dict[str, Any]]], area: str, as_of: date
        ) -> Iterator[tuple[str, str, dict[str, Any]]]:
    areas = platform_areas()
    for key, fields in children:
        here = current_area(fields, as_of)
        if in_platform(here, areas) and str(here).startswith(area):
            yield key, str(here), fields


def job_coverage(jobs: CareJobs, campaign: str, area: str, as_of: date) -> dict[str, Any]:
    """The campaign's coverage per county and township of `area` (a prefix; "" for every platform area) and the
    unsurveyed children, computed by the platform's job under care_job.survey_coverage."""
    _check_campaign(campaign)
    check_area(area)
    names = jobs.inputs(COVERAGE, set(RESIDENCE_FIELDS | COVERAGE_FIELDS), "survey coverage")
    children = ((r.child_key, f) for r, f in jobs._children(names))
    result = coverage(_in(children, area, as_of), campaign).to_json()
    jobs.record_access(COVERAGE, "read", None, names, f"coverage of campaign {campaign} in {area or 'all areas'}: "
                                                      f"{len(result['unsurveyed'])} unsurveyed")
    return result


def director_coverage(access: AccessService, principal: Principal, purpose: str, campaign: str,
                      origin: str = "") -> dict[str, Any]:
    """The campaign's coverage in the director's own area, read through the gate (each child's read audited)."""
    _check_campaign(campaign)
    area = _director_area(access, principal, purpose, COVERAGE, origin)
    views = _whole_area(access, principal, purpose, area, origin)
    children = ((v.child_key, v.fields) for v in views)
    result = coverage(((k, str(f.get("residence.area_code") or ""), f) for k, f in children
                       if str(f.get("residence.area_code") or "").startswith(area)), campaign).to_json()
    _called(access, principal, purpose, origin, f"survey coverage of campaign {campaign} in {area}: "
                                                f"{len(result['unsurveyed'])} unsurveyed")
    return result


def _called(access: AccessService, principal: Principal, purpose: str, origin: str, detail: str) -> None:
    # The call itself is on the trail under the caller, also when the area has no child (then no read is).
    from privacy.audit import AuditEvent

    access.audit.append(AuditEvent(principal.name, principal.role, purpose, "read", "allowed", None, (), origin,
                                   detail))


def _whole_area(access: AccessService, principal: Principal, purpose: str, area: str, origin: str,
                needed: list[str] | None = None) -> list[Any]:
    """Every child of the area through the gate (only the `needed` fields opened), or a refusal: an answer cut at the
    limit would count a county short without saying so (coverage too high or too low, proposals missing)."""
    views = access.list_area(principal, purpose, area, MAX_AREA_CHILDREN + 1, needed, origin)
    if len(views) > MAX_AREA_CHILDREN:
        raise BadRequest(f"the area has more than {MAX_AREA_CHILDREN} children, more than one answer holds: a "
                         "township's director asks for the township; a county's figures come from the care job "
                         "(childcare care coverage / proposals --area)")
    return views


def _director_area(access: AccessService, principal: Principal, purpose: str, wanted: str, origin: str) -> str:
    from privacy.access_policy import Decision

    if principal.role != DIRECTOR or purpose != wanted:
        raise access.deny(principal, purpose, "list", None, origin,
                          Decision(False, None, f"only a children's director acting for {wanted!r} sees this list"))
    if not principal.area:
        raise BadRequest("the token is bound to no area")
    return principal.area


def director_visible(policy: Policy) -> set[str]:
    """What a director may see for precise_identification: the bound of a proposal's reasons."""
    rule = policy.rule(DIRECTOR, PROPOSALS)
    return set(policy.fields_for(rule, KNOWN_FIELDS)) if rule else set()


def job_proposals(jobs: CareJobs, area: str, as_of: date) -> list[dict[str, Any]]:
    """Children living in `area` who meet the ledger's criteria but are not in it: a task for the area's director
    (never an entry: 民政 decides), with only the reasons the director's purpose may see."""
    check_area(area)
    seen = director_visible(jobs.policy)
    names = jobs.inputs(PROPOSALS, set(visible_inputs(seen) | RESIDENCE_FIELDS | {"ledger.director_id"}),
                        "ledger proposals")
    out = []
    for key, here, fields in _in(((r.child_key, f) for r, f in jobs._children(names)), area, as_of):
        reasons = proposal_reasons(fields, seen)
        if reasons:
            out.append({"child_key": key, "kind": "ledger_proposal", "area": here[:9], "reasons": reasons,
                        "director_id": fields.get("ledger.director_id")})
            jobs.record_access(PROPOSALS, "deliver", key, visible_inputs(seen), f"ledger proposal to {here[:6]}")
    jobs.record_access(PROPOSALS, "read", None, names, f"ledger proposals in {area or 'all areas'}: {len(out)}")
    return out


def director_proposals(access: AccessService, principal: Principal, purpose: str,
                       origin: str = "") -> list[dict[str, Any]]:
    """The proposals of the director's own area, read through the gate under precise_identification."""
    area = _director_area(access, principal, purpose, PROPOSALS, origin)
    seen = director_visible(access.policy)
    out = []
    # Only what the reasons read (最小必要): a proposal names no child, so the names are not opened.
    needed = sorted((visible_inputs(seen) | {"residence.area_code"}) & seen)
    for view in _whole_area(access, principal, purpose, area, origin, needed):
        reasons = proposal_reasons(view.fields, seen)
        if reasons:
            out.append({"child_key": view.child_key, "kind": "ledger_proposal",
                        "area": str(view.fields.get("residence.area_code") or "")[:9], "reasons": reasons})
    _called(access, principal, purpose, origin, f"ledger proposals in {area}: {len(out)}")
    return out
