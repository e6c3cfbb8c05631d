"""Demo data of virtual exchange: courses of the Faculty of Science and of partners looking for a COIL
partner, and one proposal waiting for the demo partner contact's answer.

Offers go through the services (they check each one as a user's would be), with a seeded variety of
fields, languages, calendars and live-session hours in each institution's own time zone.
"""

import datetime as dt
import random

from accord.accounts.models import User
from accord.collaboration.virtual_exchange.services import OfferInput, offer_create, proposal_create
from accord.common.roles import Role
from accord.institutions.models import Institution
from accord.reference.vocab import timezones_by_country

COURSES = (
    (
        "0613",
        "Software for social good",
        "Teams build a small app for a local charity, a developer per country.",
    ),
    ("0521", "Climate in cities", "Students measure urban heat islands in both cities and compare the data."),
    (
        "0413",
        "Cross-cultural management",
        "Cases of firms working across borders, solved in mixed teams.",
    ),
    ("0314", "Migration and society", "Interviews and a joint report on how two cities welcome newcomers."),
    ("0715", "Robotics design studio", "A robot prototype designed together, built on both campuses."),
    (
        "0912",
        "Public health campaigns",
        "Two classes design a vaccination campaign for each other.",
    ),
    ("0231", "Languages in contact", "Tandem learning and a shared corpus of everyday conversations."),
    ("0611", "Data science for cities", "Open data of two cities analysed with the same notebooks."),
)
LANGUAGES = (("en", "B2"), ("en", "B2"), ("en", "B2"), ("en", "C1"), ("fr", "B1"), ("de", "B2"))
TEACHERS = ("M. Laurent", "A. Kowalska", "J. García", "L. Rossi", "K. Müller", "S. Novak", "E. Johansson")


def _zone(institution: Institution) -> str:
    if institution.timezone:
        return institution.timezone
    zones = timezones_by_country().get(institution.country, [])
    return zones[0] if zones else "Europe/Brussels"


def _offer(rng: random.Random, institution: Institution, unit_id: int | None, year: int) -> OfferInput:
    isced, title, description = rng.choice(COURSES)
    code, level = rng.choice(LANGUAGES)
    spring = rng.random() < 0.6
    start = dt.date(year + 1, 2, rng.randint(1, 28)) if spring else dt.date(year, 9, rng.randint(10, 30))
    weeks = rng.randint(8, 15)
    # Most European classes meet mid-week, mid-day: enough for live overlap between many pairs, not all.
    hour = rng.choice((10, 13, 14, 14, 15))
    slots = [
        {"weekday": day, "start": f"{hour:02d}:00", "end": f"{hour + 1:02d}:30"}
        for day in sorted(rng.sample((1, 2, 3), rng.randint(1, 2)))
    ]
    return OfferInput(
        institution_id=institution.pk,
        unit_id=unit_id,
        title=title,
        description=description,
        goals="Intercultural teamwork; a joint result presented online by mixed teams.",
        teacher_name=rng.choice(TEACHERS),
        isced=isced,
        eqf_level=rng.choice((6, 6, 7)),
        languages=[{"code": code, "cefr": level}],
        start_date=start,
        end_date=start + dt.timedelta(weeks=weeks),
        timezone=_zone(institution),
        slots=slots,
        class_size=rng.randint(12, 45),
        format=rng.choice(("synchronous", "mixed", "mixed", "asynchronous")),
        tools=sorted(rng.sample(["lms", "video", "documents", "chat", "whiteboard"], 3)),
    )


def build_collaboration(*, seed: int, science_id: int, partner_id: int, year: int) -> dict[str, int]:
    rng = random.Random(seed + 12)
    coordinator = User.objects.get(role=Role.COORDINATOR, username="coordinator")
    officer = User.objects.get(username="officer")
    partner_contact = User.objects.get(username="partner")
    home = Institution.objects.get(is_home=True)
    ours = [offer_create(data=_offer(rng, home, science_id, year), actor=coordinator) for _ in range(5)]
    partner = Institution.objects.get(pk=partner_id)
    theirs = [offer_create(data=_offer(rng, partner, None, year), actor=partner_contact) for _ in range(3)]
    others = list(Institution.objects.filter(is_home=False).exclude(pk=partner_id).order_by("id")[:14])
    theirs += [offer_create(data=_offer(rng, other, None, year), actor=officer) for other in others]
    # The demo partner contact has a proposal to answer: our first course with their best-fitting one.
    proposals = 0
    for mine in ours:
        for target in theirs[:2]:
            overlap = (min(mine.end_date, target.end_date) - max(mine.start_date, target.start_date)).days
            shared = {e["code"] for e in mine.languages} & {e["code"] for e in target.languages}
            if overlap >= 35 and shared and not proposals:
                proposal_create(
                    from_offer=mine,
                    to_offer=target,
                    message="Our classes would fit well: shall we teach together this term?",
                    actor=coordinator,
                )
                proposals += 1
    return {"virtual exchange offers": len(ours) + len(theirs), "virtual exchange proposals": proposals}
