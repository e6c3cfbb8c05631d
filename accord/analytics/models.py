"""Analytics: the office's settings and goals, facts no other module records, and derived summary tables.

`MobilityFact` and `HealthScoreRow` are derived: rebuilt by `refresh.refresh_all()` (a daily background task,
the "Refresh figures" button, or `accord analytics-refresh`) so that dashboards at a million mobilities read a
few thousand pre-aggregated rows instead of scanning the mobilities table on every request.
"""

from django.db import models
from django.db.models import Q

from accord.common.models import BaseModel
from accord.engines.health import DEFAULT_WEIGHTS


def default_weights() -> dict[str, float]:
    return dict(DEFAULT_WEIGHTS)


class AnalyticsSettings(BaseModel):
    """One row (pk=1): thresholds and weights the international office sets."""

    imbalance_threshold = models.PositiveIntegerField(
        default=3, help_text="Warn when an agreement's balance (with carry-over) passes this many mobilities."
    )
    weights = models.JSONField(default=default_weights)
    at_risk_below = models.PositiveSmallIntegerField(default=40)
    dormant_after_years = models.PositiveSmallIntegerField(default=2)
    version = models.PositiveIntegerField(default=1)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    refresh_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "analytics settings"
        constraints = [
            models.CheckConstraint(condition=Q(at_risk_below__lte=100), name="analytics_at_risk_range"),
            models.CheckConstraint(condition=Q(dormant_after_years__gte=1), name="analytics_dormant_min"),
        ]

    def __str__(self) -> str:
        return "Analytics settings"


class GoalKind(models.TextChoices):
    REGION = "region", "Region"
    COUNTRY = "country", "Country"
    LANGUAGE = "language", "Language"
    FIELD = "field", "ISCED field"


class ReachGoal(BaseModel):
    """ "At least N partners in West Africa [teaching engineering]": the office's goals for its reach."""

    kind = models.CharField(max_length=10, choices=GoalKind.choices)
    # A UN region name, an ISO 3166 alpha-2 country, a BCP 47 language, or an ISCED-F code.
    code = models.CharField(max_length=60)
    # Only partners whose agreements cover this field (for region, country and language goals).
    isced = models.ForeignKey(
        "reference.IscedField", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    min_partners = models.PositiveIntegerField(default=1)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code", "isced"], name="unique_reach_goal"),
            models.UniqueConstraint(
                fields=["kind", "code"], condition=Q(isced__isnull=True), name="unique_reach_goal_any_field"
            ),
            models.CheckConstraint(condition=Q(min_partners__gte=1), name="reach_goal_min_partners"),
            models.CheckConstraint(condition=~Q(code=""), name="reach_goal_code_required"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"


class ActivityKind(models.TextChoices):
    JOINT_PROJECT = "joint_project", "Joint project"
    CO_PUBLICATION = "co_publication", "Co-publication"
    SATISFACTION = "satisfaction", "Satisfaction survey"


class PartnerActivity(BaseModel):
    """Research with a partner and satisfaction surveys: recorded here until a research module exists."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="analytics_activities"
    )
    unit = models.ForeignKey(
        "institutions.OrganisationalUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=ActivityKind.choices)
    academic_year = models.ForeignKey("reference.AcademicYear", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=300)
    count = models.PositiveIntegerField(default=1, help_text="Publications or projects this row stands for.")
    # Satisfaction on a 1-5 scale; required for surveys, empty otherwise.
    rating = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-academic_year", "institution__name", "id"]
        verbose_name_plural = "partner activities"
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="partner_activity_title_required"),
            models.CheckConstraint(condition=Q(count__gte=1), name="partner_activity_count_positive"),
            models.CheckConstraint(
                condition=(Q(kind="satisfaction") & Q(rating__gte=1) & Q(rating__lte=5))
                | (~Q(kind="satisfaction") & Q(rating__isnull=True)),
                name="partner_activity_rating_for_surveys",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Stage(models.TextChoices):
    REALISED = "realised", "Realised (in progress or completed)"
    PIPELINE = "pipeline", "Pipeline (planned, nominated, accepted)"


class MobilityFact(models.Model):
    """Mobilities counted by year, agreement, partner, unit, direction, staff/student and stage (derived).

    `fewer_opportunities` counts those among them flagged `Mobility.fewer_opportunities` (Erasmus+ inclusion).
    """

    academic_year = models.PositiveSmallIntegerField()
    agreement_id = models.BigIntegerField(null=True)
    agreement_kind = models.CharField(max_length=24, blank=True)
    owner_unit_id = models.BigIntegerField(null=True)
    unit_id = models.BigIntegerField(null=True)
    # The mobility's unit, or the owner of its agreement when it has none: what a faculty filter selects.
    responsible_unit_id = models.BigIntegerField(null=True)
    partner_id = models.BigIntegerField()
    country = models.CharField(max_length=2)
    direction = models.CharField(max_length=8)
    staff = models.BooleanField()
    stage = models.CharField(max_length=8, choices=Stage.choices)
    with_condition = models.BooleanField()
    mobilities = models.PositiveIntegerField()
    days = models.PositiveIntegerField()
    fewer_opportunities = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["academic_year", "direction"], name="fact_year_direction"),
            models.Index(
                fields=["academic_year", "responsible_unit_id", "agreement_kind"], name="fact_year_unit_kind"
            ),
            models.Index(fields=["partner_id", "academic_year"], name="fact_partner_year"),
            models.Index(fields=["unit_id"], name="fact_unit"),
            models.Index(fields=["owner_unit_id"], name="fact_owner_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year} {self.direction} {self.partner_id}: {self.mobilities}"


class Level(models.TextChoices):
    PARTNER = "partner", "Partner"
    AGREEMENT = "agreement", "Agreement"


class HealthScoreRow(models.Model):
    """The last computed health score of one partner or agreement, with its breakdown and trend (derived)."""

    level = models.CharField(max_length=10, choices=Level.choices)
    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    owner_unit_id = models.BigIntegerField(null=True)
    country = models.CharField(max_length=2)
    agreement_kind = models.CharField(max_length=24, blank=True)
    score = models.FloatField(null=True)
    # [{"code", "label", "value", "weight", "reason"}] and the codes that pull the score down.
    indicators = models.JSONField(default=list)
    pulling_down = models.JSONField(default=list)
    # [[year, score], ...] for five academic years.
    trend = models.JSONField(default=list)
    trend_change = models.FloatField(null=True)
    at_risk = models.BooleanField(default=False)
    dormant = models.BooleanField(default=False)
    deepening = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["institution"], condition=Q(level="partner"), name="one_score_per_partner"
            ),
            models.UniqueConstraint(
                fields=["agreement"], condition=Q(level="agreement"), name="one_score_per_agreement"
            ),
        ]
        indexes = [
            models.Index(fields=["level", "score"], name="health_level_score"),
            models.Index(fields=["level", "owner_unit_id"], name="health_level_unit"),
            models.Index(fields=["level", "at_risk", "score"], name="health_at_risk"),
            models.Index(fields=["level", "dormant", "score"], name="health_dormant"),
            models.Index(fields=["level", "deepening", "score"], name="health_deepening"),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.agreement_id or self.institution_id}: {self.score}"


class Grain(models.TextChoices):
    TOTAL = "total", "All units, kinds and countries"
    COUNTRY = "country", "By country"
    DETAIL = "detail", "By unit, kind and country"


class FlowRollup(models.Model):
    """Mobility facts summed without agreement and partner, at three grains (derived).

    An unfiltered dashboard reads the `total` and `country` grains (a few hundred rows a year); filters by
    faculty or kind, and coordinators' scopes, read `detail` (still a fraction of the facts).
    """

    grain = models.CharField(max_length=8, choices=Grain.choices)
    academic_year = models.PositiveSmallIntegerField()
    unit_id = models.BigIntegerField(null=True)
    owner_unit_id = models.BigIntegerField(null=True)
    responsible_unit_id = models.BigIntegerField(null=True)
    agreement_kind = models.CharField(max_length=24, blank=True)
    country = models.CharField(max_length=2, blank=True)
    direction = models.CharField(max_length=8)
    staff = models.BooleanField()
    stage = models.CharField(max_length=8, choices=Stage.choices)
    with_condition = models.BooleanField()
    mobilities = models.PositiveIntegerField()
    days = models.PositiveIntegerField()
    fewer_opportunities = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["grain", "academic_year"], name="rollup_grain_year"),
            models.Index(
                fields=["grain", "responsible_unit_id", "academic_year"], name="rollup_grain_unit_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.academic_year} {self.country} {self.direction}: {self.mobilities}"


class PartnerRollup(models.Model):
    """Mobilities per partner and year (cancelled left out), for the map and the balance chart (derived).

    `total` and `imbalance` (|outgoing - incoming|) are stored so that the busiest and the least balanced
    partners come straight off an index.
    """

    academic_year = models.PositiveSmallIntegerField()
    partner_id = models.BigIntegerField()
    country = models.CharField(max_length=2)
    outgoing = models.PositiveIntegerField()
    incoming = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    imbalance = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["academic_year", "-total", "partner_id"], name="partner_rollup_total"),
            models.Index(
                fields=["academic_year", "-imbalance", "partner_id"], name="partner_rollup_imbalance"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year} {self.partner_id}: {self.outgoing} out, {self.incoming} in"


class PlacesOffered(models.Model):
    """Places offered by conditions per year, owner unit, kind, partner country and direction (derived), at
    the same grains as `FlowRollup`."""

    grain = models.CharField(max_length=8, choices=Grain.choices, default=Grain.DETAIL)
    academic_year = models.PositiveSmallIntegerField()
    owner_unit_id = models.BigIntegerField(null=True)
    agreement_kind = models.CharField(max_length=24)
    country = models.CharField(max_length=2)
    direction = models.CharField(max_length=8)
    places = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["grain", "academic_year"], name="places_offered_year"),
            models.Index(fields=["grain", "owner_unit_id", "academic_year"], name="places_offered_unit_year"),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year} {self.country} {self.direction}: {self.places}"


class CoverageFact(models.Model):
    """What live agreements cover, one row per (owner unit, partner, field or language) (derived).

    `isced` is a subject area as recorded (2 to 4 digits) or empty; `language` a BCP 47 tag or empty. Reach
    reads these few rows instead of joining agreements, conditions, subject areas and partners per request.
    """

    owner_unit_id = models.BigIntegerField(null=True)
    partner_id = models.BigIntegerField()
    country = models.CharField(max_length=2)
    isced = models.CharField(max_length=4, blank=True)
    language = models.CharField(max_length=35, blank=True)
    # The language without its region ("pt" for "pt-BR"): a goal for "pt" counts both, straight off an index.
    language_base = models.CharField(max_length=8, blank=True)

    class Meta:
        # Reach counts distinct partners per country, field or language: each count is an index-only scan.
        indexes = [
            models.Index(
                fields=["country", "partner_id"], condition=Q(isced="", language=""), name="coverage_partners"
            ),
            models.Index(fields=["isced", "country", "partner_id"], name="coverage_isced"),
            models.Index(
                fields=["language_base", "language", "partner_id"],
                condition=~Q(language=""),
                name="coverage_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} {self.country} {self.isced or self.language}"
