import uuid

from django.db import models
from django.db.models import F, Q

from accord.common.models import BaseModel
from accord.reference.vocab import CEFR_CHOICES


class AgreementKind(models.TextChoices):
    ERASMUS_IIA = "erasmus_iia", "Erasmus+ inter-institutional agreement"
    BILATERAL_EXCHANGE = "bilateral_exchange", "Bilateral exchange agreement"
    FRAMEWORK_MOU = "framework_mou", "Framework MoU"
    JOINT_DEGREE = "joint_degree", "Joint degree"
    DOUBLE_DEGREE = "double_degree", "Double degree"
    RESEARCH = "research", "Research collaboration"
    VIRTUAL_EXCHANGE = "virtual_exchange", "Virtual exchange (COIL)"


EXCHANGE_KINDS = (AgreementKind.ERASMUS_IIA, AgreementKind.BILATERAL_EXCHANGE)


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "Internal review"
    NEGOTIATION = "negotiation", "Negotiation with partner"
    PARTNER_APPROVED = "partner_approved", "Approved by partner"
    SIGNED = "signed", "Signed"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


class MobilityType(models.TextChoices):
    STUDENT_STUDIES = "student_studies", "Student mobility for studies"
    STUDENT_TRAINEESHIP = "student_traineeship", "Student traineeship"
    STAFF_TEACHING = "staff_teaching", "Staff mobility for teaching"
    STAFF_TRAINING = "staff_training", "Staff mobility for training"


STUDENT_MOBILITY_TYPES = (MobilityType.STUDENT_STUDIES, MobilityType.STUDENT_TRAINEESHIP)


class Agreement(BaseModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=24, choices=AgreementKind.choices, db_index=True)
    title = models.CharField(max_length=300)
    reference_code = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT, db_index=True
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, db_index=True)
    owner_unit = models.ForeignKey(
        "institutions.OrganisationalUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_agreements",
    )
    notes = models.TextField(blank=True)
    # Incremented on every edit; a form or API call carrying an older version is refused (edit conflict).
    version = models.PositiveIntegerField(default=1)
    institutions = models.ManyToManyField(
        "institutions.Institution", through="AgreementPartner", related_name="agreements"
    )

    class Meta:
        ordering = ["-valid_to", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="agreement_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["reference_code"],
                condition=~Q(reference_code=""),
                name="unique_agreement_reference_code",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="agreement_title_required"),
        ]
        indexes = [
            models.Index(fields=["status", "valid_to"]),
            models.Index(fields=["kind", "status"]),
            # The lists' default order: many agreements share an end date, so the id is in the index too.
            models.Index(fields=["-valid_to", "-id"], name="agreement_valid_to_desc"),
        ]

    def __str__(self) -> str:
        return f"{self.reference_code} {self.title}".strip()

    @property
    def is_exchange(self) -> bool:
        return self.kind in EXCHANGE_KINDS


class AgreementPartner(BaseModel):
    """One institution's side of an agreement, with the partner's own id and code for it (EWP `partner`)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="partners")
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="agreement_partners"
    )
    unit = models.ForeignKey(
        "institutions.OrganisationalUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partner_agreement_id = models.CharField(max_length=64, blank=True)
    partner_agreement_code = models.CharField(max_length=64, blank=True)
    signing_contact = models.ForeignKey(
        "institutions.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signing_date = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "institution"], name="one_partner_row_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} in {self.agreement_id}"


class CooperationCondition(BaseModel):
    """What one side sends to the other for a range of academic years (one direction, as in EWP)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="conditions")
    mobility_type = models.CharField(max_length=24, choices=MobilityType.choices)
    sending_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="sending_conditions"
    )
    sending_unit = models.ForeignKey(
        "institutions.OrganisationalUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiving_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="receiving_conditions"
    )
    receiving_unit = models.ForeignKey(
        "institutions.OrganisationalUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_year = models.ForeignKey("reference.AcademicYear", on_delete=models.PROTECT, related_name="+")
    last_year = models.ForeignKey("reference.AcademicYear", on_delete=models.PROTECT, related_name="+")
    places_per_year = models.PositiveIntegerField()
    total_months_per_year = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    total_days_per_year = models.PositiveIntegerField(null=True, blank=True)
    blended = models.BooleanField(default=False)
    eqf_levels = models.JSONField(default=list, blank=True)
    other_terms = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="condition_years_ordered"
            ),
            models.CheckConstraint(
                condition=Q(total_months_per_year__isnull=True) | Q(total_months_per_year__gte=0),
                name="condition_months_non_negative",
            ),
            models.CheckConstraint(
                condition=~Q(sending_institution=F("receiving_institution")), name="condition_two_sides"
            ),
        ]

    def __str__(self) -> str:
        kind = self.get_mobility_type_display()
        return f"{kind}: {self.sending_institution_id} → {self.receiving_institution_id}"

    @property
    def is_student(self) -> bool:
        return self.mobility_type in STUDENT_MOBILITY_TYPES


class ConditionSubjectArea(models.Model):
    condition = models.ForeignKey(
        CooperationCondition, on_delete=models.CASCADE, related_name="subject_areas"
    )
    isced = models.ForeignKey("reference.IscedField", on_delete=models.PROTECT, related_name="+")
    clarification = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.isced_id


class ConditionLanguage(models.Model):
    """A recommended language skill: BCP 47 language, CEFR level, optionally for one subject area."""

    condition = models.ForeignKey(CooperationCondition, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=35)
    cefr_level = models.CharField(max_length=2, choices=CEFR_CHOICES)
    isced = models.ForeignKey(
        "reference.IscedField", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.language} {self.cefr_level}"
