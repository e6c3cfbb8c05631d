import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accord.common.models import BaseModel
from accord.common.uploads import PrivateStorage
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
    EXPIRING = "expiring", "Expiring"
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
    # Lifecycle (see lifecycle/services.py): a renewal's predecessor, the partner's approval, a termination.
    predecessor = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successor"
    )
    renewal_deadline = models.DateField(null=True, blank=True)
    # Days before valid_to at which an active agreement becomes "expiring"; empty = the site default.
    notice_period_days = models.PositiveIntegerField(null=True, blank=True)
    partner_approved_at = models.DateTimeField(null=True, blank=True)
    partner_approved_revision = models.ForeignKey(
        "AgreementRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    terminated_at = models.DateTimeField(null=True, blank=True)
    termination_reason = models.TextField(blank=True)
    # Whether a year's unused balance (students sent minus received) carries over to the next year.
    carries_balance_over = models.BooleanField(default=False)
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


class AgreementApprover(BaseModel):
    """Who may approve agreements of one kind in internal review; no row for a kind = any officer."""

    kind = models.CharField(max_length=24, choices=AgreementKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "user"], name="one_approver_row_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.user_id}"


class AgreementRevision(models.Model):
    """The agreement's partners and conditions as they stood after one change, numbered from 1."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    # SHA-256 of the cooperation conditions as EWP IIA v7 defines it, when the agreement is an exchange one.
    conditions_hash = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="one_revision_number_per_agreement")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} r{self.number}"


class DocumentKind(models.TextChoices):
    SIGNED_AGREEMENT = "signed_agreement", "Signed agreement"
    ANNEX = "annex", "Annex"
    OTHER = "other", "Other"


def _document_path(instance: "AgreementDocument", filename: str) -> str:
    # The stored name never reuses the uploaded one: it carries no user input into the file system.
    return f"agreements/{instance.agreement_id}/{uuid.uuid4().hex}.pdf"


class AgreementDocument(BaseModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(
        max_length=20, choices=DocumentKind.choices, default=DocumentKind.SIGNED_AGREEMENT
    )
    title = models.CharField(max_length=200)
    file = models.FileField(storage=PrivateStorage(), upload_to=_document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PartnerIiaCopy(BaseModel):
    """The partner's copy of an IIA as received in an EWP get-response, kept beside ours to compare."""

    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="partner_copies"
    )
    partner = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    partner_iia_id = models.CharField(max_length=64)
    partner_iia_code = models.CharField(max_length=64, blank=True)
    # Our iia-id as the partner quotes it, used to match the copy to our agreement.
    our_iia_id = models.CharField(max_length=64, blank=True)
    schema_version = models.CharField(max_length=8)
    conditions_hash = models.CharField(max_length=64, blank=True)
    snapshot = models.JSONField()
    xml = models.TextField()
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "partner_iia_id"], name="one_copy_per_partner_iia")
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}:{self.partner_iia_id}"


class ReminderKind(models.TextChoices):
    EXPIRY = "expiry", "Expiry"
    RENEWAL_DEADLINE = "renewal_deadline", "Renewal deadline"


class ReminderSent(models.Model):
    """One reminder e-mailed, so that the daily job never sends the same one twice."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders_sent")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    lead_days = models.PositiveIntegerField()
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "lead_days", "due_date"], name="one_reminder_per_lead_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.kind} -{self.lead_days}d"


# The calendar feed's token lives beside the feed (calendar.py); imported here so that Django registers it.
from accord.agreements.calendar.models import CalendarFeedToken  # noqa: E402, F401
