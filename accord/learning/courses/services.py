"""Writers of the course catalogue and the equivalence memory.

An equivalence says "these host courses are recognised as these home courses"; it is approved by a
coordinator or the office and offered to the next student going to the same partner (``equivalence_apply``
copies it into the open proposal as Table A and Table B rows linked to the courses).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.common import audit
from accord.common.errors import DomainError, ErrorCode
from accord.common.services import excluding, save_or_conflict
from accord.institutions.models import Institution
from accord.learning.courses.permissions import (
    can_approve_equivalences,
    can_manage_courses,
    can_withdraw_equivalence,
)
from accord.learning.errors import LearningErrorCode
from accord.learning.models import Component, ComponentTable, Course, CourseEquivalence, LearningAgreement
from accord.learning.selectors import components_in_force, open_proposal
from accord.learning.services import ComponentInput, component_add
from accord.reference.vocab import is_language_code


@dataclass
class CourseInput:
    institution_id: int
    title: str
    code: str = ""
    ects: Decimal | None = None
    term: str = ""
    language: str = ""
    url: str = ""
    description: str = ""
    is_active: bool = True


def _validated_course(data: CourseInput, *, course_id: int | None) -> dict[str, Any]:
    institution = Institution.objects.filter(pk=data.institution_id).first()
    if institution is None:
        raise DomainError(
            LearningErrorCode.UNKNOWN_INSTITUTION, "No such institution.", field="institution_id"
        )
    title = data.title.strip()
    if not title:
        raise DomainError(ErrorCode.REQUIRED, "A course needs a title.", field="title")
    code = data.code.strip()
    if code and excluding(Course.objects.filter(institution=institution, code=code), course_id).exists():
        raise DomainError(
            ErrorCode.DUPLICATE, f"{institution} already has a course coded {code!r}.", field="code"
        )
    if data.ects is not None and not (0 <= data.ects <= 120):
        raise DomainError(
            LearningErrorCode.INVALID_CREDITS, "ECTS credits lie between 0 and 120.", field="ects"
        )
    if data.language.strip() and not is_language_code(data.language.strip()):
        raise DomainError(
            LearningErrorCode.INVALID_LANGUAGE, f"Unknown language code {data.language!r}.", field="language"
        )
    if data.url.strip() and not data.url.strip().startswith(("https://", "http://")):
        raise DomainError(ErrorCode.INVALID_URL, "A web address starts with https://.", field="url")
    return {
        "institution": institution,
        "title": title[:300],
        "code": code[:64],
        "ects": data.ects,
        "term": data.term.strip()[:64],
        "language": data.language.strip(),
        "url": data.url.strip(),
        "description": data.description.strip(),
        "is_active": data.is_active,
    }


@transaction.atomic
def course_create(*, data: CourseInput, actor: User) -> Course:
    values = _validated_course(data, course_id=None)
    if not can_manage_courses(actor, values["institution"]):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not add courses to this catalogue.")
    course = Course(**values)
    save_or_conflict(course, what="course")
    audit.record_created(actor=actor, action="course.created", target=course)
    return course


@transaction.atomic
def course_update(*, course: Course, data: CourseInput, actor: User) -> Course:
    if not can_manage_courses(actor, course.institution):
        raise DomainError(ErrorCode.PERMISSION_DENIED, "You may not edit this catalogue.")
    values = _validated_course(data, course_id=course.pk)
    if values["institution"].pk != course.institution_id:
        raise DomainError(
            LearningErrorCode.NOT_ALLOWED,
            "A course stays in its institution's catalogue.",
            field="institution_id",
        )
    with audit.record_changed(actor=actor, action="course.updated", target=course):
        for name, value in values.items():
            setattr(course, name, value)
        save_or_conflict(course, what="course")
    return course


@transaction.atomic
def equivalence_approve(
    *,
    host_course_ids: list[int],
    home_course_ids: list[int],
    actor: User,
    note: str = "",
    source: LearningAgreement | None = None,
) -> CourseEquivalence:
    if not can_approve_equivalences(actor):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "Only coordinators and the office approve equivalences."
        )
    host = list(Course.objects.filter(pk__in=set(host_course_ids)))
    home = list(Course.objects.filter(pk__in=set(home_course_ids)))
    if not host or len(host) != len(set(host_course_ids)):
        raise DomainError(ErrorCode.REQUIRED, "Choose the host course(s).", field="host_courses")
    if not home or len(home) != len(set(home_course_ids)):
        raise DomainError(ErrorCode.REQUIRED, "Choose the home course(s).", field="home_courses")
    host_institutions = {c.institution_id for c in host}
    if len(host_institutions) != 1:
        raise DomainError(
            LearningErrorCode.MIXED_INSTITUTIONS,
            "Host courses must all be of one partner.",
            field="host_courses",
        )
    if len({c.institution_id for c in home}) != 1 or home[0].institution_id in host_institutions:
        raise DomainError(
            LearningErrorCode.MIXED_INSTITUTIONS,
            "Home courses must all be of one other institution.",
            field="home_courses",
        )
    host_ids, home_ids = {c.pk for c in host}, {c.pk for c in home}
    for existing in CourseEquivalence.objects.filter(
        host_institution_id=host[0].institution_id, withdrawn_at__isnull=True
    ).prefetch_related("host_courses", "home_courses"):
        if {c.pk for c in existing.host_courses.all()} == host_ids and {
            c.pk for c in existing.home_courses.all()
        } == home_ids:
            raise DomainError(
                ErrorCode.DUPLICATE, "This equivalence is already remembered.", field="host_courses"
            )
    equivalence = CourseEquivalence.objects.create(
        host_institution_id=host[0].institution_id,
        approved_by=actor if actor.pk else None,
        approved_by_name=str(actor)[:200],
        approved_at=timezone.now(),
        source=source,
        note=note.strip(),
    )
    equivalence.host_courses.set(host)
    equivalence.home_courses.set(home)
    audit.record(
        actor=actor,
        action="course_equivalence.approved",
        target=equivalence,
        data={"host": sorted(host_ids), "home": sorted(home_ids), "source": source.pk if source else None},
    )
    return equivalence


@transaction.atomic
def equivalence_withdraw(*, equivalence: CourseEquivalence, actor: User) -> CourseEquivalence:
    if not can_withdraw_equivalence(actor, equivalence):
        raise DomainError(
            ErrorCode.PERMISSION_DENIED, "Only the office or the approving coordinator withdraw it."
        )
    if equivalence.withdrawn_at is not None:
        raise DomainError(ErrorCode.INVALID_STATE, "This equivalence is already withdrawn.")
    equivalence.withdrawn_at = timezone.now()
    equivalence.withdrawn_by = actor if actor.pk else None
    equivalence.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    audit.record(actor=actor, action="course_equivalence.withdrawn", target=equivalence)
    return equivalence


def _course_for(component: Component, institution_id: int, *, actor: User) -> Course:
    """The catalogue course a component stands for, added to the catalogue if it is not there yet."""
    if component.course_id and component.course.institution_id == institution_id:  # type: ignore[union-attr]
        return component.course  # type: ignore[return-value]
    existing = Course.objects.filter(institution_id=institution_id)
    match = existing.filter(code=component.code).first() if component.code else None
    match = match or existing.filter(code="", title__iexact=component.title).first()
    if match is not None:
        return match
    data = CourseInput(
        institution_id=institution_id, title=component.title, code=component.code, ects=component.ects
    )
    course = Course.objects.create(**_validated_course(data, course_id=None))
    audit.record(actor=actor, action="course.created", target=course, data={"from_component": component.pk})
    return course


@transaction.atomic
def equivalence_from_agreement(
    *,
    la: LearningAgreement,
    host_component_ids: list[int],
    home_component_ids: list[int],
    actor: User,
    note: str = "",
) -> CourseEquivalence:
    """Remember that these approved Table A rows were recognised as these Table B rows."""
    in_force = {c.pk: c for c in components_in_force(la)}
    host = [
        in_force[i] for i in host_component_ids if i in in_force and in_force[i].table != ComponentTable.B
    ]
    home = [
        in_force[i] for i in home_component_ids if i in in_force and in_force[i].table == ComponentTable.B
    ]
    if not host or len(host) != len(set(host_component_ids)):
        raise DomainError(
            ErrorCode.REQUIRED, "Choose approved components of Table A or C.", field="host_components"
        )
    if not home or len(home) != len(set(home_component_ids)):
        raise DomainError(
            ErrorCode.REQUIRED, "Choose approved components of Table B.", field="home_components"
        )
    mobility = la.mobility
    host_courses = [_course_for(c, mobility.host_institution_id, actor=actor).pk for c in host]
    home_courses = [_course_for(c, mobility.home_institution_id, actor=actor).pk for c in home]
    return equivalence_approve(
        host_course_ids=host_courses, home_course_ids=home_courses, actor=actor, note=note, source=la
    )


@transaction.atomic
def equivalence_apply(
    *, la: LearningAgreement, equivalence: CourseEquivalence, term_number: int, total_terms: int, actor: User
) -> list[Component]:
    """Copy a remembered equivalence into the open proposal: host courses to Table A, home courses to B."""
    mobility = la.mobility
    if (
        equivalence.host_institution_id != mobility.host_institution_id
        or equivalence.withdrawn_at is not None
    ):
        raise DomainError(
            LearningErrorCode.NOT_APPLICABLE,
            "This equivalence is not for this partner.",
            field="equivalence",
        )
    added = []
    proposal = open_proposal(la)
    is_change = proposal is not None and proposal.kind == "changes"
    reason = "substituting-deleted" if is_change else ""
    text = f"From the equivalence approved by {equivalence.approved_by_name}" if is_change else ""
    for table, courses in (("A", equivalence.host_courses.all()), ("B", equivalence.home_courses.all())):
        for course in courses:
            data = ComponentInput(
                table=table, title=course.title, code=course.code, term_number=term_number,
                total_terms=total_terms, ects=course.ects, course_id=course.pk,
                reason_code=reason if table == "A" else "", reason_text=text,
            )  # fmt: skip
            added.append(component_add(la=la, data=data, actor=actor))
    audit.record(
        actor=actor,
        action="learning_agreement.equivalence_applied",
        target=la,
        data={"equivalence": equivalence.pk, "components": [c.pk for c in added]},
    )
    return added
