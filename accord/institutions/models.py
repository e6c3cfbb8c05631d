from django.db import models
from django.db.models import Q

from accord.common.models import BaseModel


class Institution(BaseModel):
    """A higher education institution, ours or a partner, identified the way EWP identifies it."""

    name = models.CharField(max_length=300)
    # [{"lang": "pl", "name": "Uniwersytet Warszawski"}, ...]: EWP allows one name per language.
    other_names = models.JSONField(default=list, blank=True)
    name_normalised = models.CharField(max_length=300, db_index=True, editable=False)
    abbreviation = models.CharField(max_length=50, blank=True)
    country = models.CharField(max_length=2, db_index=True)
    city = models.CharField(max_length=120, blank=True)
    address = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    timezone = models.CharField(max_length=64, blank=True)
    website = models.URLField(max_length=300, blank=True)
    schac_id = models.CharField("SCHAC id", max_length=255, null=True, blank=True, unique=True)
    erasmus_code = models.CharField(max_length=20, null=True, blank=True, unique=True)
    erasmus_code_published = models.CharField(max_length=30, blank=True)
    pic = models.CharField("PIC", max_length=9, null=True, blank=True, unique=True)
    ror_id = models.CharField("ROR id", max_length=9, null=True, blank=True, unique=True)
    is_home = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(pic__isnull=True) | Q(pic__regex=r"^[0-9]{9}$"), name="pic_nine_digits"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="institution_name_required"),
        ]
        indexes = [models.Index(fields=["country", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_code(self) -> str:
        return self.erasmus_code or self.schac_id or self.abbreviation or ""


class InstitutionDomain(models.Model):
    """A web domain of an institution; used to match imports and to search."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, db_index=True)

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "domain"], name="unique_domain_per_institution")
        ]

    def __str__(self) -> str:
        return self.domain


class OrganisationalUnit(BaseModel):
    """A faculty, department or office; units form a tree within one institution."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(max_length=300)
    code = models.CharField(max_length=64, blank=True)
    abbreviation = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"], condition=~Q(code=""), name="unique_unit_code_per_institution"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="unit_name_required"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(BaseModel):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="contacts")
    unit = models.ForeignKey(
        OrganisationalUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField("phone (E.164)", max_length=16, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=r"^\+[0-9]{1,15}$"), name="phone_e164"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name
