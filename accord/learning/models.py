"""Learning agreements shaped like EWP Outgoing Mobility Learning Agreements v1.2, and the course memory.

* ``LearningAgreement``: one per student mobility (incoming or outgoing). Holds what does not change between
  versions (language of instruction and the student's CEFR level, EQF level, ISCED field) and a denormalised
  ``status`` for lists.
* ``ChangeProposal``: one proposed state of the tables, signed by three parties. Number 1 is the first
  version (``kind=first_version``, its components are the whole of Tables A/B/C); later ones are changes
  (``kind=changes``, their components are insertions and deletions with a reason code, EWP's Tables A2/B2/C2).
  A proposal is ``open`` while it collects signatures, then ``approved`` (all three signed) or ``withdrawn``.
  At most one proposal of an agreement is open. Editing an open proposal, or an institution returning it with
  a comment, removes the signatures it already has: a signature approves one exact content (``revision``).
* ``Component``: one row of Table A (studied at the host), B (recognised at home) or C (virtual). ``status``
  is ``planned`` in a first version, ``inserted``/``deleted`` in a change; a deletion points at its target.
  The components in force are those of the approved first version plus approved insertions minus approved
  deletions (``selectors.components_in_force``); their ids are stable, so recognition can refer to them.
* ``Signature``: the student's, the sending and the receiving coordinator's signature of one proposal (name,
  position, e-mail, time, and how: in Accord or through a signed e-mail link).
* ``SigningInvitation``: a private link sent by e-mail to a partner coordinator without an account; the token
  (``django.core.signing``) names the invitation, which is bound to one proposal and expires.
* ``Comment``: a remark on the agreement, optionally on one proposal (a returned proposal always has one).
* ``Course``: a course of an institution's catalogue (host courses of partners, home courses of ours).
* ``CourseEquivalence``: an approved mapping of host course(s) to home course(s), remembered with who
  approved it and when, and proposed to the next student going to the same partner.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accord.common.models import BaseModel
from accord.reference.vocab import CEFR_CHOICES, EQF_CHOICES


class LearningAgreementStatus(models.TextChoices):
    DRAFT = "draft", "First version being prepared or signed"
    APPROVED = "approved", "Approved"
    CHANGES_PROPOSED = "changes_proposed", "Approved, changes proposed"


class LearningAgreement(BaseModel):
    mobility = models.OneToOneField(
        "mobility.Mobility", on_delete=models.CASCADE, related_name="learning_agreement"
    )
    status = models.CharField(
        max_length=20,
        choices=LearningAgreementStatus.choices,
        default=LearningAgreementStatus.DRAFT,
        db_index=True,
    )
    # The main language of instruction (BCP 47) and the level the student has or will have at the start.
    language = models.CharField(max_length=35, blank=True)
    cefr_level = models.CharField(max_length=2, choices=CEFR_CHOICES, blank=True)
    eqf_level = models.PositiveSmallIntegerField(
        "EQF level at departure", choices=EQF_CHOICES, null=True, blank=True
    )
    isced = models.ForeignKey(
        "reference.IscedField", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    isced_clarification = models.CharField(max_length=300, blank=True)
    learning_outcomes_url = models.URLField(max_length=500, blank=True)
    provisions_url = models.URLField(max_length=500, blank=True)
    # When the first version was approved by all three parties (turnaround = this minus created_at).
    first_approved_at = models.DateTimeField(null=True, blank=True)
    # Incremented on every edit of the agreement or its open proposal; stale forms and API calls are refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(eqf_level__isnull=True) | Q(eqf_level__gte=1, eqf_level__lte=8),
                name="la_eqf_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Learning agreement of {self.mobility}"


class ProposalKind(models.TextChoices):
    FIRST_VERSION = "first_version", "First version"
    CHANGES = "changes", "Changes"


class ProposalStatus(models.TextChoices):
    OPEN = "open", "Open for signatures"
    APPROVED = "approved", "Approved"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ChangeProposal(BaseModel):
    learning_agreement = models.ForeignKey(
        LearningAgreement, on_delete=models.CASCADE, related_name="proposals"
    )
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=ProposalKind.choices)
    status = models.CharField(max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped on every edit of the content; part of the EWP changes-proposal id, so that an approval of an
    # older content is refused (EWP answers 409 to a stale proposal id).
    revision = models.PositiveIntegerField(default=1)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["learning_agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["learning_agreement", "number"], name="la_proposal_number_unique"
            ),
            models.UniqueConstraint(
                fields=["learning_agreement"], condition=Q(status="open"), name="la_one_open_proposal"
            ),
            models.CheckConstraint(
                condition=Q(kind="first_version", number=1) | (Q(kind="changes") & Q(number__gt=1)),
                name="la_proposal_kind_matches_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.number} ({self.get_status_display().lower()})"

    def signed_roles(self) -> set[str]:
        return {s.role for s in self.signatures.all()}

    def missing_roles(self) -> list[str]:
        signed = self.signed_roles()
        return [role for role in SignerRole.values if role not in signed]

    def missing_roles_display(self) -> str:
        labels = dict(SignerRole.choices)
        return ", ".join(labels[role].lower() for role in self.missing_roles()) or "nobody"

    @property
    def ewp_id(self) -> str:
        return f"{self.learning_agreement_id}-{self.number}-{self.revision}"


class ComponentTable(models.TextChoices):
    A = "A", "Table A: studied at the receiving institution"
    B = "B", "Table B: recognised at the sending institution"
    C = "C", "Table C: virtual components"


class ComponentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    INSERTED = "inserted", "Inserted"
    DELETED = "deleted", "Deleted"


class ReasonCode(models.TextChoices):
    """EWP's reason codes; the first three only for deletions, the last three only for insertions."""

    NOT_AVAILABLE = "not-available", "Component not available at the receiving institution"
    LANGUAGE_MISMATCH = "language-mismatch", "Component in a different language than in the catalogue"
    TIMETABLE_CONFLICT = "timetable-conflict", "Timetable conflict"
    SUBSTITUTING_DELETED = "substituting-deleted", "Substituting a deleted component"
    EXTENDING_MOBILITY = "extending-mobility", "Extending the mobility period"
    ADDING_VIRTUAL_COMPONENT = "adding-virtual-component", "Adding a virtual component"


DELETE_REASONS = (ReasonCode.NOT_AVAILABLE, ReasonCode.LANGUAGE_MISMATCH, ReasonCode.TIMETABLE_CONFLICT)
INSERT_REASONS = (
    ReasonCode.SUBSTITUTING_DELETED,
    ReasonCode.EXTENDING_MOBILITY,
    ReasonCode.ADDING_VIRTUAL_COMPONENT,
)


class Component(BaseModel):
    proposal = models.ForeignKey(ChangeProposal, on_delete=models.CASCADE, related_name="components")
    table = models.CharField(max_length=1, choices=ComponentTable.choices)
    status = models.CharField(max_length=8, choices=ComponentStatus.choices, default=ComponentStatus.PLANNED)
    # For a deletion: the component in force that it removes (title, code and credits are copied for display).
    # Only approved rows are targets and they are never deleted alone, so CASCADE only acts when the whole
    # agreement (or its mobility) goes.
    deletes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="deleted_by"
    )
    course = models.ForeignKey(
        "learning.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="components"
    )
    code = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=300)
    # The term of the component at its owner institution, EWP's "term-number/total-terms" (e.g. 1 of 2).
    term_number = models.PositiveSmallIntegerField(null=True, blank=True)
    total_terms = models.PositiveSmallIntegerField(null=True, blank=True)
    ects = models.DecimalField("ECTS credits", max_digits=4, decimal_places=1, null=True, blank=True)
    recognition_conditions = models.TextField(blank=True)
    short_description = models.TextField(blank=True)
    reason_code = models.CharField(max_length=32, choices=ReasonCode.choices, blank=True)
    reason_text = models.CharField(max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["proposal", "table", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="la_component_title_required"),
            models.CheckConstraint(
                condition=Q(ects__isnull=True) | Q(ects__gte=0), name="la_component_ects_positive"
            ),
            models.CheckConstraint(
                condition=Q(term_number__isnull=True)
                | Q(total_terms__isnull=True)
                | Q(term_number__gte=1, term_number__lte=F("total_terms")),
                name="la_component_term_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status="deleted", deletes__isnull=False)
                | (~Q(status="deleted") & Q(deletes__isnull=True)),
                name="la_component_deletion_targets_one",
            ),
            models.CheckConstraint(
                condition=Q(reason_code="")
                | Q(status="deleted", reason_code__in=[c.value for c in DELETE_REASONS])
                | Q(status="inserted", reason_code__in=[c.value for c in INSERT_REASONS]),
                name="la_component_reason_fits_change",
            ),
        ]
        indexes = [models.Index(fields=["course"])]

    def __str__(self) -> str:
        return f"{self.table}: {self.code} {self.title}".strip()


class SignerRole(models.TextChoices):
    STUDENT = "student", "Student"
    SENDING = "sending", "Sending institution"
    RECEIVING = "receiving", "Receiving institution"


class SignatureMethod(models.TextChoices):
    ACCOUNT = "account", "Signed in Accord"
    EMAIL_LINK = "email_link", "Signed through an e-mailed link"


class Signature(models.Model):
    proposal = models.ForeignKey(ChangeProposal, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(max_length=10, choices=SignerRole.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_name = models.CharField(max_length=200)
    signer_position = models.CharField(max_length=200, blank=True)
    signer_email = models.EmailField(blank=True)
    signed_at = models.DateTimeField()
    method = models.CharField(max_length=12, choices=SignatureMethod.choices, default=SignatureMethod.ACCOUNT)
    invitation = models.ForeignKey(
        "learning.SigningInvitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["proposal", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "role"], name="la_one_signature_per_role"),
            models.CheckConstraint(condition=~Q(signer_name=""), name="la_signature_named"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.signer_name}"


class SigningInvitation(BaseModel):
    proposal = models.ForeignKey(ChangeProposal, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=10, choices=SignerRole.choices)
    name = models.CharField(max_length=200)
    position = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(role="student"), name="la_invitation_not_for_student"),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.email} ({self.role})"


class Comment(BaseModel):
    learning_agreement = models.ForeignKey(
        LearningAgreement, on_delete=models.CASCADE, related_name="comments"
    )
    proposal = models.ForeignKey(
        ChangeProposal, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text as well: a partner coordinator commenting through a signed link has no account.
    author_name = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="la_comment_body_required")]

    def __str__(self) -> str:
        return f"Comment by {self.author_name}"


class Course(BaseModel):
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="courses"
    )
    unit = models.ForeignKey(
        "institutions.OrganisationalUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    code = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=300)
    ects = models.DecimalField("ECTS credits", max_digits=4, decimal_places=1, null=True, blank=True)
    # When the course is taught, in the institution's words ("winter", "semester 2", "spring trimester").
    term = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=35, blank=True)
    eqf_level = models.PositiveSmallIntegerField("EQF level", choices=EQF_CHOICES, null=True, blank=True)
    isced = models.ForeignKey(
        "reference.IscedField", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    url = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["institution", "code", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                condition=~Q(code=""),
                name="course_code_unique_per_institution",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="course_title_required"),
            models.CheckConstraint(
                condition=Q(ects__isnull=True) | Q(ects__gte=0), name="course_ects_positive"
            ),
        ]
        indexes = [models.Index(fields=["institution", "title"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class CourseEquivalence(BaseModel):
    # The partner whose courses are on the host side; every host course belongs to it.
    host_institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="course_equivalences"
    )
    host_courses = models.ManyToManyField(Course, related_name="equivalences_as_host")
    home_courses = models.ManyToManyField(Course, related_name="equivalences_as_home")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_name = models.CharField(max_length=200)
    approved_at = models.DateTimeField()
    source = models.ForeignKey(
        LearningAgreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="equivalences"
    )
    note = models.TextField(blank=True)
    # An equivalence is withdrawn, never deleted, so that the agreements that relied on it stay explained.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-approved_at", "-id"]
        indexes = [models.Index(fields=["host_institution", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"Equivalence {self.pk} at {self.host_institution_id}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
