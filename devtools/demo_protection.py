"""The demo's protection story (issue 20, items 3-5): one harm report walked through 训诫, 临时监护 and a court's
revocation with the alerts each stage raises, a 一生一策 plan whose review is overdue, referrals answered by their
receivers (a mental-health centre, 12355) or overdue to one (social work, 民政), and a recorded risk level that
changed. Events go through the department SDK (sealed at the edge) and the processor like every other event; every
reading passes the gate and the jobs' own rules, and is audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from events.contracts import harm_reports as hr
from events.contracts import mental_health as mh
from events.contracts import risk_assessment as ra
from events.envelope import Envelope
from events.registry import PayloadBase
from projections.catalogue.loader import platform_areas
from projections.harm_cases import CHINA, STAGE_LABEL, guardianship_stage
from projections.mental_health import school_year
from projections.moves import in_platform
from services.adapters.tokens import Principal
from services.bootstrap import Platform
from services.processor.spawn import WorkerProcess, wait_caught_up
from services.usecases.protection_work import harm_alerts, harm_steps, mental_health_alert_list, mental_health_task_list


def _child_in_platform(platform: Platform, keys: list[str]) -> tuple[str, str]:
    areas = platform_areas()
    for key in keys:
        record = platform.store.get(key)
        area = str(record.value("residence.area_code") or "") if record is not None else ""
        if area and in_platform(area, areas):
            return key, area
    raise RuntimeError("no synthetic child lives in the platform's areas")


def _kinds(alerts: list[dict[str, Any]]) -> str:
    return ", ".join(f"{a['kind']} → {a['to']}" for a in alerts) or "none"


def protection_story(platform: Platform, workers: list[WorkerProcess], keys: list[str],
                     say: Callable[[str], None]) -> None:
    """Publish the story in three stages and show what each stage alerts."""
    now = datetime.now(CHINA).replace(microsecond=0)
    today = now.date()
    t0 = now - timedelta(days=40)
    harmed, area = _child_in_platform(platform, keys)
    planned, _ = _child_in_platform(platform, [k for k in keys if k != harmed])
    publisher = platform.publisher()

    def publish(*items: tuple[PayloadBase, str, datetime]) -> None:
        publisher.publish_many([Envelope.new(p, source=p.DEPARTMENT or "", child_key=key, occurred_at=at)
                                for p, key, at in items])
        wait_caught_up(platform.store, platform.settings, timeout=120, workers=workers)

    jobs = platform.care_jobs("demo-protection")
    gate = platform.api_context().access
    caseworker = Principal("caseworker-demo", "caseworker", area[:6])

    def stage() -> str:
        view = gate.read(caseworker, "crisis_intervention", harmed, origin="demo")
        found = guardianship_stage(view.fields)
        return f"{found} ({STAGE_LABEL[found]})" if found else "none"

    # 1. A village committee reports harm (强制报告); 民政 places the child in 临时监护 six hours later.
    publish((hr.CommunityHarmReported(reported_at=t0, kind="harm", reporter="village_committee"), harmed, t0),
            (hr.CrisisInterventionStarted(started_at=t0 + timedelta(hours=6), measure="temporary_guardianship"),
             harmed, t0 + timedelta(hours=6)),
            (ra.RiskAssessed(assessor_id="dir-demo", assessed_on=(t0 - timedelta(days=100)).date(), level="low",
                             reasons=["family_hardship"], next_review_on=(t0 + timedelta(days=80)).date()),
             harmed, t0 - timedelta(days=100)))
    alerts = harm_alerts(jobs, t0 - timedelta(hours=1), t0 + timedelta(days=2))
    say(f"harm report (村委会, 强制报告) → 临时监护 after 6 h; guardianship stage: {stage()}; alerts in the first two "
        f"days: {_kinds(alerts)} (the police's 训诫 is owed within 24 h)")
    # 2. The police reprimand the guardian after 30 hours (训诫, 责令接受家庭教育指导); no 督促监护令 follows.
    publish((hr.GuardianReprimanded(reprimanded_on=(t0 + timedelta(hours=30)).date(), guidance_ordered=True),
             harmed, t0 + timedelta(hours=30)),
            (ra.RiskAssessed(assessor_id="dir-demo", assessed_on=(t0 + timedelta(days=2)).date(), level="high",
                             reasons=["guardian_neglect_or_harm"], next_review_on=today + timedelta(days=30)),
             harmed, t0 + timedelta(days=2)))
    alerts = harm_alerts(jobs, t0 + timedelta(days=2), t0 + timedelta(days=33))
    say(f"训诫 recorded at 30 h; days 2-33 in 临时监护 without a 督促监护令 or a court's decision: {_kinds(alerts)}")
    # 3. The court revokes the guardian's qualification and appoints 民政 (撤销其监护人资格,并依法指定监护人).
    publish((hr.GuardianshipRevoked(decided_on=today - timedelta(days=2), appointed="civil_affairs"), harmed,
             now - timedelta(days=2)))
    open_steps = [s for s in harm_steps(jobs, now) if s["child_key"] == harmed]
    say(f"court revocation, 民政 appointed: guardianship stage {stage()}; open steps left: {len(open_steps)}")
    director = [a for a in jobs.alerts((t0 - timedelta(days=1)).date(), today) if a["child_key"] == harmed
                and a["kind"].startswith("risk_")]
    say(f"recorded risk level (the computed score stays a suggestion): director alerts "
        f"{', '.join(a['kind'] for a in director) or 'none'}")
    # A 一生一策 plan whose review date has passed, and its referral answered.
    publish((mh.MentalHealthAssessed(school_year=school_year(today), assessed_on=today - timedelta(days=70),
                                     level="attention"), planned, now - timedelta(days=70)),
            (mh.MentalHealthPlanRecorded(owner_id="teacher-demo", goals=["peer_relations", "study_stress"],
                                         recorded_on=today - timedelta(days=60), review_on=today - timedelta(days=20)),
             planned, now - timedelta(days=60)),
            (mh.MentalHealthReferred(referred_on=today - timedelta(days=58), referred_to="mental_health_centre"),
             planned, now - timedelta(days=58)),
            (mh.MentalHealthReferralOutcome(outcome_on=today - timedelta(days=40), outcome="treatment_started"),
             planned, now - timedelta(days=40)))
    alerts = [a for a in mental_health_alert_list(jobs, today - timedelta(days=30), today) if a["child_key"] == planned]
    late = [t for t in mental_health_task_list(jobs, today) if t["child_key"] == planned and t["overdue"]]
    say(f"mental health: 一生一策 plan reviewed by {today - timedelta(days=20)} and not yet: alerts "
        f"{', '.join(a['kind'] + ' → ' + a['to'] for a in alerts) or 'none'}; "
        f"{', '.join(str(t['kind']) + ' ' + str(t['days_overdue']) + ' days overdue' for t in late)}")
    # Referrals to the other receivers, each answered (or not) by the receiver itself: 12355 (共青团) answers in 12
    # days; social work (民政) has not answered in 35, so its alert goes to 民政, not to health.
    try:
        hotline, _ = _child_in_platform(platform, [k for k in keys if k not in (harmed, planned)])
        social, _ = _child_in_platform(platform, [k for k in keys if k not in (harmed, planned, hotline)])
    except RuntimeError:
        say("referrals to 12355 and social work: not shown (too few synthetic children in the platform's areas)")
        return
    publish((mh.MentalHealthReferred(referred_on=today - timedelta(days=40), referred_to="youth_hotline_12355"),
             hotline, now - timedelta(days=40)),
            (mh.HotlineReferralOutcome(outcome_on=today - timedelta(days=28), outcome="counselling_started"),
             hotline, now - timedelta(days=28)),
            (mh.MentalHealthReferred(referred_on=today - timedelta(days=35), referred_to="social_work"),
             social, now - timedelta(days=35)))
    alerts = [a for a in mental_health_alert_list(jobs, today - timedelta(days=30), today)
              if a["child_key"] in (hotline, social) and a["kind"] == "referral_outcome_overdue"]
    say(f"referrals: to 12355, answered by 共青团 after 12 days; to social work, unanswered for 35 days: alerts "
        f"{_kinds(alerts)}")

