"""Synthetic children and the department events that describe them (all fake, deterministic by seed)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from devtools.synthetic import people
from events.contracts import civil_affairs as ca
from events.contracts import court as co
from events.contracts import disabled_federation as df
from events.contracts import education as ed
from events.contracts import health as he
from events.contracts import housing as ho
from events.contracts import human_resources as hr
from events.contracts import medical_insurance as mi
from events.contracts import procuratorate as pr
from events.contracts import public_security as ps
from events.contracts import village_committee as vc
from events.contracts import womens_federation as wf
from events.contracts import youth_league as yl
from events.contracts.education import Stage
from events.contracts.village_committee import SurveyCategory, SurveyResult
from events.envelope import Envelope
from events.registry import PayloadBase
from privacy.pseudonym import child_key

DIRECTORS = ["dir-001", "dir-002", "dir-003", "dir-004"]
NOTES = [
    "{d}走访{name}家，孩子由祖母照顾，监护人电话{phone}，学习情况良好。",
    "电话联系{name}的母亲，了解到孩子近期情绪低落，已建议到社区卫生服务中心咨询。",
    "入户走访，住址{addr}，居住条件较差，已协助申请临时救助。",
    "{name}本学期出勤正常，监护人表示父亲在外务工，联系电话{phone}。",
]


@dataclass(frozen=True)
class SyntheticChild:
    """One fake child: the plaintext facts a department holds, and the pseudonymous key."""

    key: str
    name: str
    id_number: str
    sex: Literal["F", "M"]
    birth_date: date
    hukou_area: str
    area: tuple[str, str, str, str]
    address: str
    guardian_name: str
    guardian_phone: str


def generate_children(n: int, secret: bytes, seed: int = 7, today: date | None = None) -> list[SyntheticChild]:
    """n distinct fake children."""
    rng, today = random.Random(seed), today or date(2026, 11, 1)
    children: list[SyntheticChild] = []
    seen: set[str] = set()
    while len(children) < n:
        female = rng.random() < 0.5
        born = people.birth_date(rng, today)
        hukou = rng.choice(people.HUKOU)
        number = people.id_number(rng, hukou, born, female)
        if number in seen:
            continue
        seen.add(number)
        area = rng.choice(people.AREAS)
        name = people.chinese_name(rng)
        children.append(SyntheticChild(
            key=child_key(secret, number), name=name, id_number=number, sex="F" if female else "M",
            birth_date=born, hukou_area=hukou, area=area, address=people.address(rng, area),
            guardian_name=name[0] + rng.choice(people.GIVEN) + rng.choice(people.GIVEN),
            guardian_phone=people.mobile(rng)))
    return children


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), UTC)


def events_for(child: SyntheticChild, seed: int = 0, today: date | None = None) -> Iterator[Envelope]:
    """The events several departments would publish about one child, in a plausible story."""
    rng = random.Random(f"{seed}:{child.key}")
    today = today or date(2026, 11, 1)
    age_days = (today - child.birth_date).days
    start = today - timedelta(days=rng.randint(200, 700))

    def env(payload: PayloadBase, source: str, day: date) -> Envelope:
        return Envelope.new(payload, source=source, child_key=child.key, occurred_at=_at(day, rng))

    yield env(ps.IdentityRecorded(name=child.name, id_number=child.id_number, sex=child.sex,
                                  birth_date=child.birth_date, hukou_area=child.hukou_area), "public_security", start)
    side = random.Random(f"{seed}:{child.key}:residence")  # its own stream: the earlier story stays as it was
    lived = side.choice([30, 120, 250, 400, 900])  # some children arrived less than 6 months before `start`
    yield env(ps.ResidenceRegistered(area_code=child.area[0], address=child.address,
                                     valid_until=today + timedelta(days=365),
                                     since=max(child.birth_date, start - timedelta(days=lived))),
              "public_security", start)
    yield env(mi.ResidentInsuranceEnrolled(insured_area=child.area[0], enrolled_on=start + timedelta(days=20),
                                           cross_region_settlement=rng.random() < 0.5), "medical_insurance",
              start + timedelta(days=20))
    if age_days < 7 * 365:
        yield env(he.ImmunisationRecorded(vaccine=rng.choice(["MMR", "DTaP", "HepB", "JE"]), dose=rng.randint(1, 3),
                                          given_on=start + timedelta(days=40)), "health", start + timedelta(days=40))
    if rng.random() < 0.6:
        yield env(he.FamilyDoctorSigned(team=f"社区卫生服务中心第{rng.randint(1, 9)}团队",
                                        signed_on=start + timedelta(days=30)), "health", start + timedelta(days=30))
    if age_days < 3 * 365 and side.random() < 0.3:  # 托育: a nursery place for an under-3
        enrolled = start + timedelta(days=60)
        yield env(ed.Enrolled(school_code=f"T{side.randint(1000, 9999)}", school_name="社区普惠托育园", stage="nursery",
                              enrolled_on=enrolled, school_type="inclusive_private"), "education", enrolled)
    if age_days >= 3 * 365:
        stage: Stage = ("preschool" if age_days < 6 * 365 else "primary" if age_days < 12 * 365
                 else "junior_secondary" if age_days < 15 * 365 else "senior_secondary")
        enrolled = start + timedelta(days=60)
        yield env(ed.Enrolled(school_code=f"S{rng.randint(1000, 9999)}", school_name=rng.choice(
            ["阳光小学", "实验中学", "第一幼儿园", "育才学校"]), stage=stage, enrolled_on=enrolled,
            fee_exempted=rng.random() < 0.3,
            school_type=side.choice(["public", "public", "public", "private", "inclusive_private", "purchased_place"])),
            "education", enrolled)
        if rng.random() < 0.05:
            dropped = enrolled + timedelta(days=120)
            yield env(ed.DroppedOut(dropped_on=dropped, reason="随父母返乡后未到校"), "education", dropped)
    yield env(ca.GuardianshipChanged(status=rng.choice(["both_parents", "one_parent", "relative", "lacking"]),
                                     guardian_name=child.guardian_name, guardian_relation="祖母",
                                     guardian_phone=child.guardian_phone,
                                     parents_migrant_workers=rng.random() < 0.4), "civil_affairs", start)
    dibao = rng.random() < 0.15
    if dibao:
        yield env(ca.SubsistenceAllowanceGranted(monthly_amount_cny=round(rng.uniform(300, 900), 2),
                                                 since=start + timedelta(days=10)), "civil_affairs",
                  start + timedelta(days=10))
    disabled = rng.random() < 0.05
    if disabled:
        yield env(df.DisabilityCertified(category=rng.choice(["intellectual", "physical", "hearing"]),
                                         grade=rng.randint(1, 4), certified_on=start), "disabled_federation", start)
    if rng.random() < 0.2:
        entered = start + timedelta(days=50)
        director = rng.choice(DIRECTORS)
        yield env(ca.KeyChildLedgerEntered(reasons=[rng.choice(["family_hardship", "lack_of_guardianship",
                                                                 "psychological"])],
                                           director_id=director, entered_on=entered), "civil_affairs", entered)
        visit = entered + timedelta(days=rng.randint(30, 150))
        note = rng.choice(NOTES).format(d="儿童主任", name=child.name, phone=child.guardian_phone, addr=child.address)
        yield env(ca.DirectorVisited(director_id=director, kind=rng.choice(["contact", "home_visit"]),
                                     visited_on=visit, note=note), "civil_affairs", visit)
    # Drawn after every earlier event, so adding departments leaves the earlier story of each child unchanged.
    yield from _later_departments(child, rng, env, start, today, dibao, disabled)
    yield from _justice_youth_and_work(child, rng, env, today)
    yield from _civil_affairs_and_moves(child, side, env, today)
    yield from _surveys(child, random.Random(f"{seed}:{child.key}:survey"), env, today)


def _later_departments(child: SyntheticChild, rng: random.Random, env: Callable[[PayloadBase, str, date], Envelope],
                       start: date, today: date, dibao: bool, disabled: bool) -> Iterator[Envelope]:
    """住建 housing, 妇联 women's federation, 临时救助 and assistive devices."""
    if rng.random() < (0.5 if dibao else 0.06):
        recognised = start + timedelta(days=rng.randint(15, 90))
        yield env(ho.HousingDifficultyRecognised(recognised_on=recognised, basis=rng.choice(
            ["no_own_housing", "below_area_standard", "unsafe_dwelling"])), "housing", recognised)
        outcome = rng.random()
        if outcome < 0.4:
            applied = recognised + timedelta(days=rng.randint(5, 30))
            yield env(ho.PublicRentalApplied(applied_on=applied), "housing", applied)
            if rng.random() < 0.6:
                allocated = applied + timedelta(days=rng.randint(60, 180))
                if allocated < today:
                    yield env(ho.PublicRentalAllocated(allocated_on=allocated), "housing", allocated)
        elif outcome < 0.8:
            since = recognised + timedelta(days=rng.randint(20, 60))
            yield env(ho.RentSubsidyGranted(since=since, monthly_amount_cny=float(rng.choice([400, 600, 800]))),
                      "housing", since)
    if rng.random() < 0.3:
        given = today - timedelta(days=rng.randint(10, 500))
        yield env(wf.FamilyEducationGuidanceDelivered(delivered_on=given, form=rng.choice(
            ["home_visit", "parent_school", "lecture", "group_session", "online"]), recipient=rng.choice(
            ["mother", "father", "grandparent"])), "womens_federation", given)
    if (today - child.birth_date).days >= 4 * 365 and rng.random() < 0.25:
        attended = today - timedelta(days=rng.randint(5, 400))
        yield env(wf.ChildrenHomeActivityAttended(attended_on=attended, activity=rng.choice(
            ["reading", "culture_arts", "sports", "safety_education", "homework_support", "festival"]),
            home_code=f"ETZJ-{child.area[0]}-{rng.randint(1, 30):03d}"), "womens_federation", attended)
    if rng.random() < (0.2 if dibao else 0.03):
        granted = today - timedelta(days=rng.randint(10, 600))
        yield env(ca.TemporaryReliefGranted(granted_on=granted, amount_cny=float(rng.choice([500, 1000, 2000])),
                                            form="cash"), "civil_affairs", granted)
    if disabled and rng.random() < 0.5:
        provided = start + timedelta(days=rng.randint(30, 120))
        yield env(df.AssistiveDeviceProvided(device=rng.choice(["wheelchair", "hearing_aid", "walking_aid"]),
                                             provided_on=provided), "disabled_federation", provided)


def _justice_youth_and_work(child: SyntheticChild, rng: random.Random,
                            env: Callable[[PayloadBase, str, date], Envelope], today: date) -> Iterator[Envelope]:
    """法院, 检察院, 共青团 and 人社, and the schools' and police's guidance and legal education: judicial orders are
    rare, legal education and youth activities common."""
    age = (today - child.birth_date).days // 365

    def recent(max_days: int) -> date:
        return today - timedelta(days=rng.randint(5, max_days))

    if rng.random() < 0.01:
        issued = recent(500)
        yield env(pr.GuardianshipSupervisionOrderIssued(issued_on=issued, concern=rng.choice(
            ["neglect", "truancy", "unsafe_environment", "online_addiction"])), "procuratorate", issued)
        if rng.random() < 0.7:
            given = issued + timedelta(days=rng.randint(7, 60))
            if given < today:
                yield env(pr.FamilyEducationGuidanceDelivered(delivered_on=given, recipient=rng.choice(
                    ["mother", "father", "both_parents", "grandparent"])), "procuratorate", given)
    if rng.random() < 0.005:
        ordered = recent(500)
        yield env(co.FamilyEducationGuidanceOrdered(ordered_on=ordered, recipient=rng.choice(
            ["mother", "father", "both_parents"])), "court", ordered)
    if age >= 6 and rng.random() < 0.3:
        teaching = rng.choice([ps, co, pr, yl]).LegalEducationDelivered
        on = recent(500)
        yield env(teaching(delivered_on=on, form=rng.choice(["lecture", "mock_trial", "court_visit", "online"])),
                  str(teaching.DEPARTMENT), on)
    if age >= 3 and rng.random() < 0.15:
        on = recent(400)
        yield env(ed.FamilyEducationGuidanceDelivered(delivered_on=on, recipient=rng.choice(
            ["mother", "father", "both_parents", "grandparent"])), "education", on)
    if age >= 4 and rng.random() < 0.2:
        on = recent(400)
        yield env(yl.ActivityAttended(attended_on=on, activity=rng.choice(
            ["city_integration", "culture", "reading", "sports", "volunteer_tutoring", "summer_care"])),
            "youth_league", on)
    if age >= 8 and rng.random() < 0.02:
        on = recent(400)
        yield env(yl.CounsellingProvided(provided_on=on, channel=rng.choice(["hotline_12355", "in_person", "online"])),
                  "youth_league", on)
    if age >= 15 and rng.random() < 0.15:
        on = recent(700)
        yield env(hr.TechnicalSchoolEnrolled(school_code=f"JG{rng.randint(100, 999)}", enrolled_on=on,
                                             tuition_waived=rng.random() < 0.6, grant_awarded=rng.random() < 0.3),
                  "human_resources", on)
    if rng.random() < 0.08:
        on = recent(500)
        yield env(hr.ParentEmploymentServiceProvided(provided_on=on, service=rng.choice(
            ["job_referral", "vocational_training", "entrepreneurship_support", "social_insurance_enrolment"])),
            "human_resources", on)


OUTSIDE = ["440106", "320102", "110105"]  # 广州天河, 南京玄武, 北京朝阳: regions outside this platform


def _civil_affairs_and_moves(child: SyntheticChild, rng: random.Random,
                             env: Callable[[PayloadBase, str, date], Envelope], today: date) -> Iterator[Envelope]:
    """民政's six-monthly refresh, HIV and the severe-mental-disorder follow-ups (rare), and moves: some children move
    to another area of the platform (out, then in) and some out of it, a few to a place nobody recorded."""
    if rng.random() < 0.5:
        on = today - timedelta(days=rng.randint(10, 300))
        yield env(ca.InformationRefreshed(refreshed_on=on, kind=rng.choice(["survey", "refresh"])), "civil_affairs", on)
    if rng.random() < 0.005:
        on = today - timedelta(days=rng.randint(100, 900))
        yield env(he.HivInfectionRecorded(recorded_on=on), "health", on)
    draw = rng.random()
    if draw < 0.06:
        moved = today - timedelta(days=rng.randint(5, 200))
        if draw < 0.03:
            to = rng.choice([a for a in people.AREAS if a != child.area])
            yield env(ps.MovedOut(area_code=child.area[0], to_area=to[0], moved_on=moved), "public_security", moved)
            yield env(ps.MovedIn(area_code=to[0], address=people.address(rng, to), from_area=child.area[0],
                                 moved_on=moved), "public_security", moved + timedelta(days=1))
        elif draw < 0.05:
            yield env(ps.MovedOut(area_code=child.area[0], to_area=rng.choice(OUTSIDE), moved_on=moved),
                      "public_security", moved)
        else:
            yield env(ps.MovedOut(area_code=child.area[0], moved_on=moved), "public_security", moved)


SURVEY_FINDINGS: list[SurveyCategory] = ["family_hardship", "lack_of_guardianship", "psychological", "help_request"]


def campaign_of(county: str) -> str:
    """The synthetic survey campaign of a county (以县为单位 监测摸排): one per county in the second half of 2026."""
    return f"{county}-2026H2"


def _surveys(child: SyntheticChild, rng: random.Random, env: Callable[[PayloadBase, str, date], Envelope],
             today: date) -> Iterator[Envelope]:
    """The county's 摸排 campaign: most children surveyed by their village or residents' committee, some by 民政,
    the rest not (yet): the director's list of the unsurveyed."""
    draw = rng.random()
    if draw >= 0.85:
        return
    on = today - timedelta(days=rng.randint(5, 60))
    found = rng.random() < 0.9
    findings: list[SurveyCategory] = [rng.choice(SURVEY_FINDINGS)] if rng.random() < 0.08 else []
    result: SurveyResult = ("needs_help" if findings else "confirmed") if found else rng.choice(["moved_away",
                                                                                                 "not_found"])
    campaign, surveyor = campaign_of(child.area[0]), f"grid-{rng.randint(1, 40):03d}"
    if draw < 0.7:
        yield env(vc.ChildSurveyed(campaign=campaign, surveyor_id=surveyor, surveyed_on=on, found_at_address=found,
                                   result=result, categories_found=findings), "village_committee", on)
    else:
        yield env(ca.ChildSurveyed(campaign=campaign, surveyor_id=surveyor, surveyed_on=on, found_at_address=found,
                                   result=result, categories_found=findings), "civil_affairs", on)
