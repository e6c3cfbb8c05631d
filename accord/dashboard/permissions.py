"""What the home page shows to whom: agreements to everyone but students, partner counts to our own staff."""

from accord.accounts.models import User
from accord.common.access import role_of
from accord.common.roles import Role


def sees_agreements(user: User) -> bool:
    # Students have no agreements in scope; the numbers would mean nothing to them.
    return role_of(user) != Role.STUDENT


def sees_partner_count(user: User) -> bool:
    # For a partner contact the count would be their own institution: it means nothing to them.
    return role_of(user) != Role.PARTNER


def lists_own_mobilities(user: User) -> bool:
    return role_of(user) == Role.STUDENT
