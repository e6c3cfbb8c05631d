"""Calls for exchange applications, the places they offer, applications, allocation runs and offers."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accord.agreements.models import MobilityType
from accord.common.models import BaseModel
from accord.common.uploads import private_storage


class Call(BaseModel):
    """One call for applications: who may apply, when, for which places, and how applicants are scored."""

    title = models.CharField(max_length=200)
    academic_year = models.ForeignKey("reference.AcademicYear", on_delete=models.PROTECT, related_name="+")
    mobility_type = models.CharField(
        max_length=24, choices=MobilityType.choices, default=MobilityType.STUDENT_STUDIES
    )
    description = models.TextField(blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    mobility_start = models.DateField()
    mobility_end = models.DateField()
    # Published calls are visible to students; drafts only to staff.
    published = models.BooleanField(default=False)
    max_preferences = models.PositiveSmallIntegerField(default=6)
    # Eligibility: an applicant below any of these is refused when applying.
    eqf_levels = models.JSONField(default=list, blank=True)
    min_credits = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    min_grade_average = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # {"en": "B2"}: every listed language certificate is required to apply at all.
    required_languages = models.JSONField(default=dict, blank=True)
    # The grade scale, to normalise averages from different scales to 0..1 (e.g. 0..20, 1..10).
    grade_scale_min = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    grade_scale_max = models.DecimalField(max_digits=5, decimal_places=2, default=20)
    # Credits at or above this count fully in the score.
    credits_target = models.DecimalField(max_digits=6, decimal_places=1, default=120)
    weight_grades = models.DecimalField(max_digits=5, decimal_places=2, default=50)
    weight_language = models.DecimalField(max_digits=5, decimal_places=2, default=20)
    weight_motivation = models.DecimalField(max_digits=5, decimal_places=2, default=20)
    weight_credits = models.DecimalField(max_digits=5, decimal_places=2, default=10)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-closes_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="call_dates_ordered"),
            models.CheckConstraint(
                condition=Q(mobility_end__gte=F("mobility_start")), name="call_mobility_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(max_preferences__gte=1, max_preferences__lte=20), name="call_preferences_range"
            ),
            models.CheckConstraint(
                condition=Q(grade_scale_max__gt=F("grade_scale_min")), name="call_grade_scale_ordered"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="call_title_required"),
        ]

    def __str__(self) -> str:
        return self.title


class Place(BaseModel):
    """Seats at one partner drawn from one cooperation condition; a faculty share is limited to one unit."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="places")
    # Agreements are rewritten whole (their conditions replaced) and may be deleted: the place, its seats and
    # the offers made on it stay; a nomination made later simply names no agreement.
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    condition = models.ForeignKey(
        "agreements.CooperationCondition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange_places",
    )
    partner = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    # A faculty share: only applicants of this unit (or units below it) may take these seats. Null = anyone.
    unit = models.ForeignKey(
        "institutions.OrganisationalUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.PositiveIntegerField()
    subject_areas = models.JSONField(default=list, blank=True)
    eqf_levels = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["partner__name", "id"]

    def __str__(self) -> str:
        areas = f" ({', '.join(self.subject_areas)})" if self.subject_areas else ""
        return f"{self.partner.name}{areas}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Application(BaseModel):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    person = models.ForeignKey("mobility.Person", on_delete=models.PROTECT, related_name="applications")
    # The faculty the applicant studies in: coordinators of that unit review and score the application.
    unit = models.ForeignKey("institutions.OrganisationalUnit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED, db_index=True
    )
    eqf_level = models.PositiveSmallIntegerField()
    subject_area = models.CharField(max_length=4, blank=True)
    credits = models.DecimalField(max_digits=6, decimal_places=1)
    grade_average = models.DecimalField(max_digits=5, decimal_places=2)
    languages = models.JSONField(default=dict, blank=True)
    motivation = models.TextField(blank=True)
    # Reviewers' motivation score, 0..100; None until a coordinator has scored the application.
    motivation_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    review_note = models.TextField(blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    submitted_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "person"], name="one_application_per_call"),
            models.CheckConstraint(
                condition=Q(eqf_level__gte=1, eqf_level__lte=8), name="application_eqf_range"
            ),
            models.CheckConstraint(condition=Q(credits__gte=0), name="application_credits_non_negative"),
            models.CheckConstraint(
                condition=Q(motivation_score__isnull=True)
                | Q(motivation_score__gte=0, motivation_score__lte=100),
                name="application_motivation_range",
            ),
        ]
        indexes = [models.Index(fields=["call", "status", "-score"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.call}"


class Preference(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="preferences")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="one_place_per_rank"),
            models.UniqueConstraint(fields=["application", "place"], name="place_ranked_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.place_id}"


class Document(BaseModel):
    """A supporting document (transcript, certificate), stored privately and served after an access check."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(storage=private_storage, upload_to="exchange/%Y/")
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class RunStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Run(BaseModel):
    """One allocation over a call's applications; drafts can be compared, one per round is published."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="runs")
    round = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT)
    policy = models.CharField(max_length=24, default="deferred-acceptance")
    seed = models.BigIntegerField()
    respond_by = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)
    # The checker's report and the run's figures (applicants, assigned, first choices, seconds).
    check_report = models.JSONField(default=dict)
    stats = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "round"], condition=Q(status="published"), name="one_published_run_per_round"
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="run_round_positive"),
        ]

    def __str__(self) -> str:
        return f"Run {self.pk} (round {self.round})"


class Decision(models.Model):
    """What one run gave one application, and why it did not give the places ranked higher."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="decisions")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The rank the assigned place had in the applicant's list (1 = first choice), None when unassigned.
    preference_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2)
    lottery = models.PositiveIntegerField()
    # [{"place": place id, "code": "full", "text": "..."}], one per place ranked above the one given.
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["-score", "lottery"]
        constraints = [
            models.UniqueConstraint(fields=["run", "application"], name="one_decision_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.place_id}"


class OfferStatus(models.TextChoices):
    PENDING = "pending", "Awaiting answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    REPLACED = "replaced", "Replaced by a later round"


class Offer(BaseModel):
    """A published decision's place, to be accepted or declined by the run's deadline."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="offers")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="offers")
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.PENDING, db_index=True
    )
    respond_by = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The outgoing nomination made when the offer was accepted.
    mobility = models.OneToOneField(
        "mobility.Mobility", null=True, blank=True, on_delete=models.SET_NULL, related_name="exchange_offer"
    )

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["pending", "accepted"]),
                name="one_live_offer_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"Offer of {self.place_id} to {self.application_id}"
