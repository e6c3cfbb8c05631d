"""The demo loader: a plausible university's partnership portfolio, the same for the same seed and day.

`load_demo()` writes one home institution with faculties, departments and contacts; the real partner
institutions shipped in `data/partners.csv` (plus synthetic ones for the large size); agreements of every kind
with conditions; people and mobilities in both directions; and one account per role. It is a seeded bulk
loader, not a user: rows go straight to the database (COPY on PostgreSQL) without services or per-row audit
events, and a single audit event `demo.loaded` records what was loaded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.agreements.models import (
    Agreement,
    AgreementPartner,
    AgreementStatus,
    ConditionLanguage,
    ConditionSubjectArea,
    CooperationCondition,
)
from accord.common import audit
from accord.common.models import AuditEvent
from accord.common.roles import Role
from accord.demo import vocabulary as vocab
from accord.demo.agreements import MOBILE_KINDS, academic_year_of, build_agreements
from accord.demo.analytics import build_analytics
from accord.demo.bulk import BulkWriter, wipe_domain_data
from accord.demo.collaboration import build_collaboration
from accord.demo.documents import build_documents
from accord.demo.ewp import build_partner_copies
from accord.demo.exchange import build_exchange
from accord.demo.institutions import build_institutions
from accord.demo.learning import build_learning
from accord.demo.lifecycle import build_lifecycle
from accord.demo.mobilities import build_mobilities
from accord.demo.nominations import build_nominations
from accord.demo.recognition import build_recognition
from accord.institutions.models import Contact, Institution, InstitutionDomain, OrganisationalUnit
from accord.mobility.models import Direction, Mobility, MobilityStatus, Person
from accord.reference.models import IscedField
from accord.reference.services import academic_year_ensure

LOADED_ACTION = "demo.loaded"
BULK_MODELS = (
    Institution,
    InstitutionDomain,
    OrganisationalUnit,
    Contact,
    Agreement,
    AgreementPartner,
    CooperationCondition,
    ConditionSubjectArea,
    ConditionLanguage,
    Person,
    Mobility,
)


@dataclass(frozen=True)
class DemoSize:
    name: str
    institutions: int
    agreements: int
    mobilities: int


SIZES = {
    "small": DemoSize("small", institutions=0, agreements=450, mobilities=4_000),
    "large": DemoSize("large", institutions=20_000, agreements=50_000, mobilities=1_000_000),
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    description: str


@dataclass
class DemoReport:
    size: str
    seed: int
    counts: dict[str, int]
    seconds: float
    logins: list[DemoLogin]


class _NullBar:
    def update(self, n: int) -> None:
        pass


@contextlib.contextmanager
def no_progress(label: str, total: int) -> Iterator[_NullBar]:
    yield _NullBar()


# A progress factory takes a label and a total and gives a context manager whose value has `update(n)`;
# `click.progressbar` fits, and so does the CLI's `progress_display` (a bar, or plain lines in a log).
Progress = Callable[[str, int], contextlib.AbstractContextManager[Any]]


@dataclass
class Context:
    rng: random.Random
    writer: BulkWriter
    today: dt.date
    now: dt.datetime
    progress: Progress
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def demo_logins() -> list[DemoLogin]:
    partner = (
        User.objects.filter(username="partner", role=Role.PARTNER)
        .select_related("partner_institution")
        .first()
    )
    logins = []
    for username, role, _given, _family, text in vocab.DEMO_USERS:
        if partner is not None and username == partner.username:
            text = f"{text} ({partner.partner_institution})"
        logins.append(DemoLogin(username, vocab.DEMO_PASSWORD, role, text))
    return logins


def demo_loaded() -> AuditEvent | None:
    """The event of the last demo load, if the demo data is in this database."""
    return AuditEvent.objects.filter(action=LOADED_ACTION).order_by("-id").first()


def database_has_data() -> bool:
    return Institution.objects.exists()


def load_demo(
    *,
    size: str | DemoSize = "small",
    seed: int = 2026,
    today: dt.date | None = None,
    progress: Progress | None = None,
    reset: bool = False,
) -> DemoReport:
    """Load the demo portfolio into an empty database (or empty it first with `reset`)."""
    plan = SIZES[size] if isinstance(size, str) else size
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        if reset:
            wipe_domain_data()
        ctx = Context(random.Random(seed), BulkWriter(), today, timezone.now(), progress or no_progress)
        for year in range(2019, max(2029, academic_year_of(today) + 3)):
            academic_year_ensure(year)
        names = dict(IscedField.objects.values_list("code", "name"))
        with ctx.writer.indexes_built_afterwards(BULK_MODELS):
            campus = build_institutions(ctx, total=plan.institutions)
            portfolio = build_agreements(ctx, campus, total=plan.agreements, isced_names=names)
            build_mobilities(ctx, home_id=campus.home_id, slots=portfolio.slots, total=plan.mobilities)
        ctx.writer.reset_sequences(
            [Institution, OrganisationalUnit, Contact, Agreement, CooperationCondition, Person]
        )
        busiest = max(
            (p for p in campus.partners if p.real),
            key=lambda p: portfolio.agreements_per_partner.get(p.id, 0),
        )
        _create_users(ctx, campus.faculty_ids["SCI"], busiest.id, campus.home_id)
        build_exchange(ctx, science_id=campus.faculty_ids["SCI"])
        build_nominations(
            ctx, home_id=campus.home_id, partner_id=busiest.id, science_id=campus.faculty_ids["SCI"]
        )
        build_partner_copies(partner_id=busiest.id)
        build_lifecycle(science_id=campus.faculty_ids["SCI"])
        build_documents(science_id=campus.faculty_ids["SCI"])
        build_learning(
            ctx, home_id=campus.home_id, science_id=campus.faculty_ids["SCI"], partner_id=busiest.id
        )
        build_recognition(ctx, home_id=campus.home_id, science_id=campus.faculty_ids["SCI"])
        ctx.counts.update(
            build_collaboration(
                seed=seed,
                science_id=campus.faculty_ids["SCI"],
                partner_id=busiest.id,
                year=academic_year_of(today),
            )
        )
        ctx.counts.update(build_analytics(seed=seed, this_year=academic_year_of(today)))
        home = Institution.objects.get(pk=campus.home_id)
        audit.record(
            actor=None,
            action=LOADED_ACTION,
            target=home,
            data={"size": plan.name, "seed": seed, "today": today, "counts": ctx.counts},
        )
    ctx.writer.analyze(BULK_MODELS)
    return DemoReport(plan.name, seed, dict(ctx.counts), time.monotonic() - started, demo_logins())


def _create_users(ctx: Context, science_id: int, partner_id: int, home_id: int) -> None:
    users = {}
    # One hash for the shared demo password: Argon2 is slow on purpose, and these passwords are public anyway.
    encoded = make_password(vocab.DEMO_PASSWORD)
    for username, role, given, family, _text in vocab.DEMO_USERS:
        user = User(
            username=username,
            first_name=given,
            last_name=family,
            email=f"{username}@accord.example.edu",
            role=role,
            is_staff=role == Role.ADMIN,
            partner_institution_id=partner_id if role == Role.PARTNER else None,
        )
        if role == Role.PARTNER:
            user.email = f"{username}@partner.example.org"
        user.password = encoded
        user.save()
        users[role] = user
    users[Role.COORDINATOR].units.set([science_id])
    ctx.count("users", len(users))
    _student_mobility(ctx, users[Role.STUDENT], science_id, home_id)


def _student_mobility(ctx: Context, user: User, science_id: int, home_id: int) -> None:
    """The demo student goes abroad next academic year under a Faculty of Science exchange agreement."""
    year = academic_year_of(ctx.today) + 1
    science = OrganisationalUnit.objects.filter(pk=science_id) | OrganisationalUnit.objects.filter(
        parent_id=science_id
    )
    condition = (
        CooperationCondition.objects.filter(
            agreement__owner_unit__in=science,
            agreement__kind__in=MOBILE_KINDS,
            sending_institution_id=home_id,
            agreement__status__in=(AgreementStatus.ACTIVE, AgreementStatus.SIGNED),
            last_year_id__gte=year,
            mobility_type="student_studies",
        )
        .order_by("agreement_id", "id")
        .first()
    )
    person = Person.objects.create(
        given_names=user.first_name,
        family_name=user.last_name,
        email=user.email,
        student_number=f"{year}0000001",
        nationality="BE",
        birth_date=dt.date(year - 21, 5, 17),
        user=user,
    )
    ctx.count("people", 1)
    if condition is None:
        return
    Mobility.objects.create(
        person=person,
        agreement_id=condition.agreement_id,
        condition=condition,
        direction=Direction.OUTGOING,
        mobility_type=condition.mobility_type,
        home_institution_id=home_id,
        host_institution_id=condition.receiving_institution_id,
        unit_id=condition.agreement.owner_unit_id,
        academic_year=academic_year_ensure(year),
        planned_start=dt.date(year, 9, 15),
        planned_end=dt.date(year + 1, 1, 31),
        status=MobilityStatus.NOMINATED,
        ects_planned=Decimal(30),
        grant_amount=Decimal("2600.00"),
    )
    ctx.count("mobilities", 1)
