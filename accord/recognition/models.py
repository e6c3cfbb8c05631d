"""Grade distribution tables, transcripts of records and recognition decisions.

* ``GradeTable``: the share of passing students per grade at one institution, for one subject area (ISCED-F,
  or all subjects) and reference period, on one of the shipped grading scales. Checked by the grade engine
  (one percentage per passing grade, sum 100 within half a point) before it is saved.
* ``Transcript`` and ``TranscriptEntry``: the host institution's grades and credits for the components of a
  learning agreement's Table A, on the host's grading scale.
* ``RecognitionDecision`` and ``RecognisedComponent``: for each home component of Table B, whether it is
  credited, with how many credits, and the converted grade with its method and explanation. A decision is a
  draft until the coordinator of the mobility's unit signs it; a signed decision is final.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accord.common.models import BaseModel


class GradeTable(BaseModel):
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="grade_tables"
    )
    # The slug of a shipped scale (accord.engines.grades.shipped_scales), e.g. "it-18-30".
    scale = models.CharField(max_length=40)
    # None: the table describes all subjects of the institution (used when no subject table matches).
    isced = models.ForeignKey(
        "reference.IscedField", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The reference period, in academic years: "2021/2022-2023/2024" or a single "2023/2024".
    period = models.CharField(max_length=20)
    # Percent of passing students per passing grade of the scale, best grade first.
    percentages = models.JSONField()
    students = models.PositiveIntegerField("students in the reference group", null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["institution__name", "scale", "isced_id", "-period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "scale", "isced", "period"],
                condition=Q(isced__isnull=False),
                name="grade_table_unique_subject",
            ),
            models.UniqueConstraint(
                fields=["institution", "scale", "period"],
                condition=Q(isced__isnull=True),
                name="grade_table_unique_all_subjects",
            ),
            models.CheckConstraint(condition=~Q(period=""), name="grade_table_period_required"),
        ]
        indexes = [models.Index(fields=["institution", "scale"])]

    def __str__(self) -> str:
        subject = f"ISCED {self.isced_id}" if self.isced_id else "all subjects"
        return f"{self.institution} · {subject} · {self.period}"


class Transcript(BaseModel):
    mobility = models.OneToOneField("mobility.Mobility", on_delete=models.CASCADE, related_name="transcript")
    # The host institution's grading scale (slug of a shipped scale).
    scale = models.CharField(max_length=40)
    issued_on = models.DateField(null=True, blank=True)
    # Incremented on every change; a form carrying an older version is refused (edit conflict).
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Transcript of {self.mobility}"


class TranscriptEntry(BaseModel):
    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="entries")
    # A component of Table A in force (its id is stable across approved changes).
    component = models.ForeignKey("learning.Component", on_delete=models.CASCADE, related_name="+")
    grade = models.CharField(max_length=20)
    credits = models.DecimalField("ECTS credits", max_digits=4, decimal_places=1)
    passed = models.BooleanField()
    assessed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["transcript", "component__position", "component_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "component"], name="transcript_one_entry_per_component"
            ),
            models.CheckConstraint(condition=Q(credits__gte=0), name="transcript_credits_non_negative"),
            models.CheckConstraint(condition=~Q(grade=""), name="transcript_grade_required"),
        ]

    def __str__(self) -> str:
        return f"{self.grade} ({self.credits} ECTS)"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class ConversionMethod(models.TextChoices):
    PERCENTILE = "percentile", "Percentile (ECTS grade distribution tables)"
    LINEAR = "linear", "Linear fallback (no grade tables)"


class RecognitionDecision(BaseModel):
    mobility = models.OneToOneField("mobility.Mobility", on_delete=models.CASCADE, related_name="recognition")
    # The home institution's grading scale the converted grades are on.
    home_scale = models.CharField(max_length=40)
    status = models.CharField(
        max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT, db_index=True
    )
    comment = models.TextField(blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_name = models.CharField(max_length=200, blank=True)
    signer_position = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(signed_at__isnull=False) & ~Q(signer_name="")),
                name="recognition_signed_has_signer",
            ),
        ]

    def __str__(self) -> str:
        return f"Recognition for {self.mobility}"

    @property
    def is_signed(self) -> bool:
        return self.status == DecisionStatus.SIGNED


class RecognisedComponent(BaseModel):
    decision = models.ForeignKey(RecognitionDecision, on_delete=models.CASCADE, related_name="components")
    # A component of Table B in force.
    component = models.ForeignKey("learning.Component", on_delete=models.CASCADE, related_name="+")
    # The Table A components whose host grades this home component is recognised for.
    sources = models.ManyToManyField("learning.Component", related_name="+", blank=True)
    # Copied from the component when the decision is made: the base of the recognition rate.
    planned_credits = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    recognised = models.BooleanField(default=False)
    credits = models.DecimalField("credits recognised", max_digits=4, decimal_places=1, default=0)
    host_grades = models.CharField(max_length=200, blank=True)
    grade = models.CharField("converted grade", max_length=20, blank=True)
    method = models.CharField(max_length=10, choices=ConversionMethod.choices, blank=True)
    explanation = models.TextField(blank=True)
    reason = models.CharField("reason if not recognised", max_length=300, blank=True)

    class Meta:
        ordering = ["decision", "component__position", "component_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "component"], name="recognition_one_row_per_component"
            ),
            models.CheckConstraint(
                condition=Q(credits__gte=0) & Q(planned_credits__gte=0),
                name="recognition_credits_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(recognised=True) | Q(credits=0), name="recognition_credits_only_if_recognised"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.component} → {self.grade or '—'}"
