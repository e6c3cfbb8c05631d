"""Who keeps the course catalogues and who approves or withdraws an equivalence.

The office and coordinators keep every catalogue; a partner contact keeps their own institution's. Approving
an equivalence is a recognition decision: coordinators and the office only, and only the office or the
approving coordinator withdraws it.
"""

from typing import Any

from accord.accounts.models import User
from accord.accounts.scope import partner_institution_id
from accord.common.access import get_visible_or_404, require, role_of, writes_everything
from accord.common.roles import Role
from accord.institutions.models import Institution
from accord.learning.courses.selectors import CourseFilters, course_list, equivalences_visible_to
from accord.learning.models import Course, CourseEquivalence


def can_manage_courses(user: User, institution: Institution) -> bool:
    if writes_everything(user) or role_of(user) == Role.COORDINATOR:
        return True
    return partner_institution_id(user) == institution.pk


def can_keep_a_catalogue(user: User) -> bool:
    """Someone who keeps at least one catalogue (which one is checked against the course's institution)."""
    return writes_everything(user) or role_of(user) in {Role.COORDINATOR, Role.PARTNER}


def can_approve_equivalences(user: User) -> bool:
    return writes_everything(user) or role_of(user) == Role.COORDINATOR


def can_withdraw_equivalence(user: User, equivalence: CourseEquivalence) -> bool:
    return writes_everything(user) or (
        can_approve_equivalences(user)
        and equivalence.approved_by_id is not None
        and equivalence.approved_by_id == user.pk
    )


def get_course_for_user(user: User, course_id: Any, *, write: bool = False) -> Course:
    course = get_visible_or_404(
        course_list(actor=user, filters=CourseFilters(include_inactive=True)), course_id
    )
    if write:
        require(can_manage_courses(user, course.institution))
    return course


def get_equivalence_for_user(user: User, equivalence_id: Any, *, write: bool = False) -> CourseEquivalence:
    equivalence = get_visible_or_404(equivalences_visible_to(user), equivalence_id)
    if write:
        require(can_withdraw_equivalence(user, equivalence))
    return equivalence
