from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accord.agreements.models import MobilityType
from accord.common.models import BaseModel

STAFF_TYPES = [
    (MobilityType.STAFF_TEACHING.value, "Teaching"),
    (MobilityType.STAFF_TRAINING.value, "Training"),
]


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class StaffApplication(BaseModel):
    """A staff member's request to teach or train at a partner; once approved it becomes a staff mobility."""

    person = models.ForeignKey("mobility.Person", on_delete=models.PROTECT, related_name="staff_applications")
    unit = models.ForeignKey("institutions.OrganisationalUnit", on_delete=models.PROTECT, related_name="+")
    host_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    mobility_type = models.CharField(max_length=24, choices=STAFF_TYPES)
    academic_year = models.ForeignKey("reference.AcademicYear", on_delete=models.PROTECT, related_name="+")
    planned_start = models.DateField()
    planned_end = models.DateField()
    # Days of activity at the host, travel excluded (what the Erasmus+ grant is counted on).
    days = models.PositiveSmallIntegerField()
    teaching_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    programme = models.TextField("activity programme")
    grant_requested = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    mobility = models.OneToOneField(
        "mobility.Mobility",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_application",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")), name="staff_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="staff_days_positive"),
            models.CheckConstraint(
                condition=Q(grant_requested__isnull=True) | Q(grant_requested__gte=0),
                name="staff_grant_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_mobility_type_display().lower()} at {self.host_institution}"
