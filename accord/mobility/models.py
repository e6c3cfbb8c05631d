from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accord.agreements.models import MobilityType
from accord.common.models import BaseModel


class Person(BaseModel):
    given_names = models.CharField(max_length=150)
    family_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True, db_index=True)
    student_number = models.CharField(max_length=64, blank=True, db_index=True)
    staff_number = models.CharField(max_length=64, blank=True)
    nationality = models.CharField(max_length=2, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    # The European Student Identifier (EWP global-id), as the sending institution gave it.
    global_id = models.CharField("European Student Identifier", max_length=255, blank=True, db_index=True)
    # The account a student signs in with, so that they see their own mobilities.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    class Meta:
        ordering = ["family_name", "given_names", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(family_name="") | ~Q(given_names=""), name="person_named"),
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class Direction(models.TextChoices):
    OUTGOING = "outgoing", "Outgoing"
    INCOMING = "incoming", "Incoming"


class MobilityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    NOMINATED = "nominated", "Nominated"
    ACCEPTED = "accepted", "Accepted by host"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    # The host declined the nomination: kept apart from "cancelled" so that refusals can be counted.
    REJECTED = "rejected", "Rejected by host"


class Mobility(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mobilities")
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="mobilities"
    )
    condition = models.ForeignKey(
        "agreements.CooperationCondition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mobilities",
    )
    direction = models.CharField(max_length=8, choices=Direction.choices, db_index=True)
    mobility_type = models.CharField(max_length=24, choices=MobilityType.choices)
    home_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="mobilities_sent"
    )
    host_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="mobilities_hosted"
    )
    # The unit of our own institution responsible for the mobility (sending for outgoing, host for incoming).
    unit = models.ForeignKey(
        "institutions.OrganisationalUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobilities",
    )
    academic_year = models.ForeignKey("reference.AcademicYear", on_delete=models.PROTECT, related_name="+")
    planned_start = models.DateField()
    planned_end = models.DateField()
    actual_start = models.DateField(null=True, blank=True)
    actual_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=MobilityStatus.choices, default=MobilityStatus.PLANNED)
    ects_planned = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    ects_obtained = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    grant_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    # Nomination: the EWP omobility-id is assigned by the sending institution (by us when we send one, by the
    # partner for incoming ones), so it is unique per home institution and maps a re-import to the same row.
    omobility_id = models.CharField("EWP omobility id", max_length=64, blank=True, default="")
    nomination_sent_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    eqf_level = models.PositiveSmallIntegerField("EQF level at nomination", null=True, blank=True)
    isced_code = models.CharField("ISCED-F code of the study programme", max_length=4, blank=True)
    # [{"language": "en", "cefr": "B2"}, ...] at the time of the nomination.
    language_skills = models.JSONField(default=list, blank=True)
    fewer_opportunities = models.BooleanField(
        default=False, help_text="Erasmus+ participant with fewer opportunities (inclusion support)"
    )
    fewer_opportunities_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-planned_start", "-id"]
        verbose_name_plural = "mobilities"
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")), name="mobility_planned_ordered"
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="mobility_actual_ordered",
            ),
            models.CheckConstraint(
                condition=Q(ects_planned__isnull=True) | Q(ects_planned__gte=0),
                name="mobility_ects_planned_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(ects_obtained__isnull=True) | Q(ects_obtained__gte=0),
                name="mobility_ects_obtained_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(grant_amount__isnull=True) | Q(grant_amount__gte=0),
                name="mobility_grant_non_negative",
            ),
            models.CheckConstraint(
                condition=~Q(home_institution=F("host_institution")), name="mobility_two_sides"
            ),
            models.CheckConstraint(
                condition=Q(eqf_level__isnull=True) | Q(eqf_level__gte=1, eqf_level__lte=8),
                name="mobility_eqf_level_range",
            ),
            models.UniqueConstraint(
                fields=["home_institution", "omobility_id"],
                condition=~Q(omobility_id=""),
                name="mobility_omobility_id_unique_per_sender",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "planned_start"]),
            models.Index(fields=["academic_year", "direction"]),
            models.Index(fields=["agreement", "academic_year"]),
            # Lists show the latest mobilities first; with a million rows the sort must come from an index.
            models.Index(fields=["-planned_start", "-id"], name="mobility_planned_start_desc"),
            models.Index(fields=["direction", "status", "academic_year"], name="mobility_nomination_list"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_direction_display().lower()} {self.academic_year_id}"

    @property
    def is_staff(self) -> bool:
        return self.mobility_type in (MobilityType.STAFF_TEACHING, MobilityType.STAFF_TRAINING)

    @property
    def duration_days(self) -> int:
        start = self.actual_start or self.planned_start
        end = self.actual_end or self.planned_end
        return (end - start).days + 1
