"""Demo learning agreements, course catalogues and the equivalence memory.

A share of this year's and next year's student mobilities get a learning agreement at every stage of its life:
a first version being drafted, one signed by the student and the sending side and waiting for the partner, an
approved one, one with changes proposed (a deletion and its substitute, re-signed by the student only) and one
whose changes were approved. Mobilities to the demo partner are favoured so that the partner account has
something to sign. Catalogues of the demo partner and of our Faculty of Science hold the courses used, and two
equivalences approved by the demo coordinator are offered to the demo student, whose own agreement is left as
an empty first version to try the memory on (the equivalences are also made for their host).

Rows are written directly (not through the services), like the other demo builders: a real signature sends
e-mails, which a demo load must not do. The course names are invented.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q

from accord.accounts.models import User
from accord.common.roles import Role
from accord.demo.agreements import academic_year_of
from accord.learning.models import (
    ChangeProposal,
    Component,
    ComponentStatus,
    Course,
    CourseEquivalence,
    LearningAgreement,
    LearningAgreementStatus,
    ProposalKind,
    ProposalStatus,
    Signature,
    SignatureMethod,
    SignerRole,
)
from accord.mobility.models import Direction, Mobility, MobilityStatus

MAX_AGREEMENTS = 60
HOST_COURSES = (
    ("CS-401", "Advanced algorithms", "6"),
    ("CS-412", "Machine learning", "6"),
    ("MA-305", "Statistical inference", "5"),
    ("CS-420", "Distributed systems", "6"),
    ("LA-110", "Academic writing in English", "3"),
    ("CH-330", "Environmental chemistry", "5"),
    ("CS-415", "Computer vision", "6"),
    ("BI-210", "Cell biology laboratory", "4"),
)
HOME_COURSES = (
    ("INF-B301", "Algorithms and complexity", "6"),
    ("INF-M110", "Data science", "12"),
    ("SCI-E200", "Elective in the major", "6"),
    ("SCI-E100", "Free elective", "3"),
    ("INF-M210", "Distributed computing", "6"),
)
STAGES = ("draft", "awaiting_partner", "approved", "changes_proposed", "changes_approved")


def build_learning(ctx: Any, *, home_id: int, science_id: int, partner_id: int) -> None:
    coordinator = User.objects.filter(role=Role.COORDINATOR, units=science_id).order_by("pk").first()
    partner_user = User.objects.filter(role=Role.PARTNER, partner_institution_id=partner_id).first()
    if coordinator is None:
        return
    home_courses = _catalogue(home_id, HOME_COURSES, term="semester 1", unit_id=science_id)
    host_courses = _catalogue(partner_id, HOST_COURSES, term="winter semester", unit_id=None)
    _equivalences(ctx, partner_id, host_courses, home_courses, coordinator)
    own = Mobility.objects.filter(person__user__role=Role.STUDENT, learning_agreement__isnull=True).first()
    if own is not None:
        if own.host_institution_id != partner_id:
            theirs = _catalogue(own.host_institution_id, HOST_COURSES, term="winter semester", unit_id=None)
            _equivalences(ctx, own.host_institution_id, theirs, home_courses, coordinator)
        la = LearningAgreement.objects.create(mobility=own, language="en", cefr_level="B2", eqf_level=6)
        ChangeProposal.objects.create(learning_agreement=la, number=1, kind=ProposalKind.FIRST_VERSION)
    year = academic_year_of(ctx.today)
    candidates = (
        Mobility.objects.filter(
            mobility_type="student_studies",
            academic_year_id__in=(year, year + 1),
            learning_agreement__isnull=True,
            status__in=(MobilityStatus.NOMINATED, MobilityStatus.ACCEPTED, MobilityStatus.IN_PROGRESS),
        )
        .exclude(person__user__isnull=False)  # the demo student's own agreement is started by hand
        .select_related("person", "home_institution", "host_institution")
    )
    favoured = list(
        candidates.filter(Q(host_institution_id=partner_id) | Q(home_institution_id=partner_id))[:20]
    )
    others = list(
        candidates.exclude(pk__in=[m.pk for m in favoured]).order_by("id")[: MAX_AGREEMENTS - len(favoured)]
    )
    made = 0
    for index, mobility in enumerate(favoured + others):
        stage = STAGES[index % len(STAGES)]
        _agreement(
            ctx,
            mobility,
            stage,
            coordinator=coordinator,
            partner_user=partner_user,
            host_courses=host_courses,
            home_courses=home_courses,
        )
        made += 1
    ctx.count("learning agreements", made)


def _catalogue(
    institution_id: int, rows: tuple[tuple[str, str, str], ...], *, term: str, unit_id: int | None
) -> list[Course]:
    courses = []
    for code, title, ects in rows:
        course, _ = Course.objects.get_or_create(
            institution_id=institution_id,
            code=code,
            defaults={
                "title": title,
                "ects": Decimal(ects),
                "term": term,
                "language": "en",
                "unit_id": unit_id,
            },
        )
        courses.append(course)
    return courses


def _equivalences(
    ctx: Any, partner_id: int, host: list[Course], home: list[Course], coordinator: User
) -> None:
    pairs = (
        ([host[0]], [home[0]], "Same learning outcomes; checked against both syllabi."),
        ([host[1], host[2]], [home[1]], "Together they cover the data science module."),
    )
    for index, (host_courses, home_courses, note) in enumerate(pairs):
        equivalence = CourseEquivalence.objects.create(
            host_institution_id=partner_id,
            approved_by=coordinator,
            approved_by_name=str(coordinator),
            approved_at=ctx.now - dt.timedelta(days=200 - 30 * index),
            note=note,
        )
        equivalence.host_courses.set(host_courses)
        equivalence.home_courses.set(home_courses)
    ctx.count("course equivalences", len(pairs))


def _component(
    proposal: ChangeProposal, table: str, course: Course, position: int, **extra: Any
) -> Component:
    values: dict[str, Any] = {"code": course.code, "title": course.title, "ects": course.ects, **extra}
    mobility = proposal.learning_agreement.mobility
    owner = mobility.host_institution_id if table == "A" else mobility.home_institution_id
    # The catalogue course only when it is the owner's: an invented row elsewhere stays plain text.
    return Component.objects.create(
        proposal=proposal,
        table=table,
        course=course if course.institution_id == owner else None,
        term_number=1,
        total_terms=2,
        position=position,
        **values,
    )


def _sign(
    proposal: ChangeProposal,
    role: str,
    mobility: Mobility,
    when: dt.datetime,
    *,
    coordinator: User,
    partner_user: User | None,
) -> None:
    ours_sending = mobility.direction == Direction.OUTGOING
    if role == SignerRole.STUDENT:
        name, position, email, user = str(mobility.person), "", mobility.person.email, None
    elif (role == SignerRole.SENDING) == ours_sending:
        name, position, email, user = str(coordinator), "Faculty coordinator", coordinator.email, coordinator
    elif partner_user is not None and partner_user.partner_institution_id in (
        mobility.host_institution_id,
        mobility.home_institution_id,
    ):
        name, position, email, user = (
            str(partner_user),
            "Erasmus coordinator",
            partner_user.email,
            partner_user,
        )
    else:
        name, position, email, user = "Partner Coordinator", "Erasmus coordinator", "", None
    Signature.objects.create(
        proposal=proposal,
        role=role,
        signer=user,
        signer_name=name,
        signer_position=position,
        signer_email=email,
        signed_at=when,
        method=SignatureMethod.ACCOUNT if user or role == Role.STUDENT else SignatureMethod.EMAIL_LINK,
    )


def _agreement(
    ctx: Any,
    mobility: Mobility,
    stage: str,
    *,
    coordinator: User,
    partner_user: User | None,
    host_courses: list[Course],
    home_courses: list[Course],
) -> None:
    rng = ctx.rng
    started = ctx.now - dt.timedelta(days=rng.randint(40, 120))
    la = LearningAgreement.objects.create(
        mobility=mobility,
        language="en",
        cefr_level=rng.choice(("B1", "B2", "B2", "C1")),
        eqf_level=rng.choice((6, 7)),
        isced_id=None,
    )
    first = ChangeProposal.objects.create(learning_agreement=la, number=1, kind=ProposalKind.FIRST_VERSION)
    # Incoming students study our courses and have theirs recognised at home.
    if mobility.direction == Direction.INCOMING:
        host_courses, home_courses = home_courses, host_courses
    studied = rng.sample(host_courses, min(5, len(host_courses) - 1))  # one left to substitute
    recognised = rng.sample(home_courses, 3)
    for position, course in enumerate(studied):
        _component(first, "A", course, position)
    # Table B: the home courses recognised, with credits adding up to those studied.
    total = sum((c.ects or Decimal(0) for c in studied), Decimal(0))
    for position, course in enumerate(recognised):
        share = (
            total - sum((c.ects or Decimal(0) for c in recognised[:-1]), Decimal(0))
            if position == len(recognised) - 1
            else course.ects
        )
        _component(first, "B", course, position, ects=share if share and share > 0 else course.ects)
    sign: dict[str, Any] = {"coordinator": coordinator, "partner_user": partner_user}
    ChangeProposal.objects.filter(pk=first.pk).update(created_at=started)
    if stage == "draft":
        LearningAgreement.objects.filter(pk=la.pk).update(created_at=started)
        return
    _sign(first, SignerRole.STUDENT, mobility, started + dt.timedelta(days=2), **sign)
    _sign(first, SignerRole.SENDING, mobility, started + dt.timedelta(days=5), **sign)
    if stage == "awaiting_partner":
        LearningAgreement.objects.filter(pk=la.pk).update(created_at=started)
        return
    approved_at = started + dt.timedelta(days=rng.randint(8, 30))
    _sign(first, SignerRole.RECEIVING, mobility, approved_at, **sign)
    ChangeProposal.objects.filter(pk=first.pk).update(status=ProposalStatus.APPROVED, decided_at=approved_at)
    status = LearningAgreementStatus.APPROVED
    if stage in ("changes_proposed", "changes_approved"):
        change = ChangeProposal.objects.create(learning_agreement=la, number=2, kind=ProposalKind.CHANGES)
        ChangeProposal.objects.filter(pk=change.pk).update(created_at=approved_at + dt.timedelta(days=20))
        removed = Component.objects.filter(proposal=first, table="A").order_by("position").first()
        substitute = next(c for c in host_courses if c not in studied)
        if removed is not None:
            Component.objects.create(
                proposal=change,
                table="A",
                status=ComponentStatus.DELETED,
                deletes=removed,
                code=removed.code,
                title=removed.title,
                ects=removed.ects,
                term_number=1,
                total_terms=2,
                reason_code="timetable-conflict",
            )
        _component(
            change,
            "A",
            substitute,
            10,
            status=ComponentStatus.INSERTED,
            reason_code="substituting-deleted",
            reason_text="Replaces the course that clashed with the timetable",
        )
        changed_at = approved_at + dt.timedelta(days=rng.randint(20, 40))
        _sign(change, SignerRole.STUDENT, mobility, changed_at, **sign)
        status = LearningAgreementStatus.CHANGES_PROPOSED
        if stage == "changes_approved":
            _sign(change, SignerRole.SENDING, mobility, changed_at + dt.timedelta(days=1), **sign)
            _sign(change, SignerRole.RECEIVING, mobility, changed_at + dt.timedelta(days=4), **sign)
            ChangeProposal.objects.filter(pk=change.pk).update(
                status=ProposalStatus.APPROVED, decided_at=changed_at + dt.timedelta(days=4)
            )
            status = LearningAgreementStatus.APPROVED
    LearningAgreement.objects.filter(pk=la.pk).update(
        status=status, first_approved_at=approved_at, created_at=started
    )
