"""Partnerships beyond exchange. Virtual exchange (COIL): courses offered for teaching together online, and
the proposals between two of them (`virtual_exchange/`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accord.reference.vocab import EQF_LEVELS, language_name


class OfferFormat(models.TextChoices):
    SYNCHRONOUS = "synchronous", "Synchronous (live sessions)"
    ASYNCHRONOUS = "asynchronous", "Asynchronous"
    MIXED = "mixed", "Mixed"


class OfferStatus(models.TextChoices):
    OPEN = "open", "Looking for a partner"
    MATCHED = "matched", "Partner found"
    WITHDRAWN = "withdrawn", "Withdrawn"


class OfferTool(models.TextChoices):
    LMS = "lms", "Learning platform (Moodle, Canvas...)"
    VIDEO = "video", "Video conferencing"
    DOCUMENTS = "documents", "Shared documents"
    CHAT = "chat", "Chat or messaging"
    WHITEBOARD = "whiteboard", "Online whiteboard"


# Virtual exchange in higher education: short cycle to doctorate.
COIL_EQF_CHOICES = [(level, label) for level, label in EQF_LEVELS.items() if level >= 5]


class VirtualExchangeOffer(models.Model):
    """A course looking for a partner course to be taught together online for some weeks.

    `languages` is a list of {"code": "en", "cefr": "B2"} (the level may be empty); `slots` a list of
    {"weekday": 0-6 (Monday = 0), "start": "HH:MM", "end": "HH:MM"} in `timezone`; `tools` codes of
    `OfferTool`. Our offers belong to a unit; a partner's offers (posted by its contact) to none.
    """

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="virtual_exchange_offers"
    )
    unit = models.ForeignKey(
        "institutions.OrganisationalUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    teacher_name = models.CharField(max_length=200)
    teacher_email = models.EmailField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=300)
    description = models.TextField()
    goals = models.TextField("learning goals", blank=True)
    isced = models.ForeignKey("reference.IscedField", on_delete=models.PROTECT, related_name="+")
    eqf_level = models.PositiveSmallIntegerField("EQF level", choices=COIL_EQF_CHOICES)
    languages = models.JSONField(default=list)
    # ",en,de,": the languages' codes, for a filter that works on SQLite too (no JSON containment there).
    language_codes = models.CharField(max_length=200, editable=False, default="")
    start_date = models.DateField()
    end_date = models.DateField()
    timezone = models.CharField(max_length=64)
    slots = models.JSONField(default=list, blank=True)
    class_size = models.PositiveIntegerField()
    format = models.CharField(max_length=12, choices=OfferFormat.choices, blank=True)
    tools = models.JSONField(default=list, blank=True)
    preferred_partners = models.ManyToManyField("institutions.Institution", blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="offer_period_in_order"
            ),
            models.CheckConstraint(condition=Q(class_size__gte=1), name="offer_class_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def language_labels(self) -> list[str]:
        """ "English (B2)": the languages in words, for pages."""
        return [
            f"{language_name(entry['code'])} ({entry['cefr']})"
            if entry.get("cefr")
            else language_name(entry["code"])
            for entry in self.languages
        ]

    def tool_labels(self) -> list[str]:
        labels = dict(OfferTool.choices)
        return [str(labels.get(tool, tool)) for tool in self.tools]


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class VirtualExchangeProposal(models.Model):
    """One teacher asks another to teach their two courses together; the score is the engine's at the time."""

    from_offer = models.ForeignKey(
        VirtualExchangeOffer, on_delete=models.CASCADE, related_name="proposals_sent"
    )
    to_offer = models.ForeignKey(
        VirtualExchangeOffer, on_delete=models.CASCADE, related_name="proposals_received"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2)
    explanation = models.TextField(blank=True)
    overlap_weeks = models.PositiveSmallIntegerField()
    live_hours_per_week = models.DecimalField(max_digits=6, decimal_places=2)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    response = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_offer", "to_offer"],
                condition=Q(status="proposed"),
                name="one_open_proposal_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(from_offer=models.F("to_offer")), name="proposal_between_two_offers"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_offer} ↔ {self.to_offer}"
