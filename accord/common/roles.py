"""The roles of Accord, and what access rules read of whoever acts.

`Role` lives here rather than beside the `User` model so that every app, the register of institutions below
the accounts app included, compares roles by the enum without importing accounts.
"""

from typing import Any, Protocol

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    OFFICER = "officer", "International officer"
    COORDINATOR = "coordinator", "Faculty coordinator"
    STUDENT = "student", "Student"
    PARTNER = "partner", "Partner contact"
    AUDITOR = "auditor", "Auditor"


class Actor(Protocol):
    """What the shared access rules read of a user: `accounts.models.User` is one.

    Apps below accounts (common, reference, institutions) type their actors with it; apps above it use `User`.
    """

    pk: Any
    is_active: bool
    is_superuser: bool
    role: str
    partner_institution_id: int | None

    @property
    def is_authenticated(self) -> bool: ...


READ_ALL_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.AUDITOR})
WRITE_ALL_ROLES = frozenset({Role.ADMIN, Role.OFFICER})
