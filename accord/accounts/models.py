from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from accord.common.roles import Role


class User(AbstractUser):
    """A person who signs in. The role decides what they may do; units and partner decide where."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STUDENT)
    # Faculty coordinators see the agreements and mobilities of these units and the units below them.
    units = models.ManyToManyField("institutions.OrganisationalUnit", blank=True, related_name="coordinators")
    # Partner contacts see only what involves this institution.
    partner_institution = models.ForeignKey(
        "institutions.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_users",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="partner") | Q(partner_institution__isnull=False),
                name="partner_user_has_institution",
            )
        ]

    @property
    def is_administrator(self) -> bool:
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A personal API token; only a SHA-256 hash of the secret is stored, the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
