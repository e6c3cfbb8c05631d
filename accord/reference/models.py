import datetime as dt

from django.db import models


class AcademicYear(models.Model):
    """An academic year, keyed by the calendar year it starts in, shown as EWP's `2026/2027`.

    Using the start year as the primary key lets conditions and mobilities filter by year without a join.
    """

    start_year = models.PositiveSmallIntegerField(primary_key=True)
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="year_dates_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(start_year__gte=1900, start_year__lte=2200), name="year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @classmethod
    def default_dates(cls, start_year: int) -> tuple[dt.date, dt.date]:
        return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


class IscedField(models.Model):
    """ISCED-F 2013 field of education: broad (2 digits), narrow (3) or detailed (4)."""

    code = models.CharField(max_length=4, primary_key=True)
    level = models.CharField(
        max_length=8, choices=[("broad", "Broad"), ("narrow", "Narrow"), ("detailed", "Detailed")]
    )
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def name_in(self, locale: str) -> str:
        return self.translations.get(locale) or self.name
