"""API shapes of learning agreements (catalogues and equivalences: `accord.learning.courses.schemas`)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Body, Schema
from pydantic import Field

from accord.common.api_support import Deferred, Id, InputSchema, ListParams, year_code
from accord.learning.models import ComponentTable, LearningAgreementStatus, SignerRole

Ects = Annotated[Decimal, Field(ge=0, le=120, max_digits=4, decimal_places=1, allow_inf_nan=False)]
Term = Annotated[int, Field(ge=1, le=12)]


class DetailsIn(InputSchema):
    language: str = Field("", max_length=35, description="BCP 47 language of instruction, e.g. `en`.")
    cefr_level: str = Field("", max_length=2, description="The student's CEFR level in it, A1 to C2.")
    eqf_level: int | None = Field(None, ge=1, le=8)
    isced_code: str = Field("", max_length=4, description="ISCED-F 2013 code of the study field.")
    isced_clarification: str = Field("", max_length=300)
    learning_outcomes_url: str = Field("", max_length=500)
    provisions_url: str = Field("", max_length=500)


class DetailsPatch(DetailsIn):
    version: int | None = Field(None, description="The version you read; a stale one gets 409 edit_conflict.")


class CreateIn(DetailsIn):
    mobility_id: Id


class ComponentIn(InputSchema):
    table: ComponentTable
    title: str = Field(max_length=300)
    code: str = Field("", max_length=64)
    term_number: Term | None = None
    total_terms: Term | None = None
    ects: Ects | None = None
    recognition_conditions: str = Field("", max_length=2000)
    short_description: str = Field("", max_length=2000)
    reason_code: str = Field("", max_length=32, description="For a change: an EWP reason code.")
    reason_text: str = Field("", max_length=500)
    course_id: Id | None = None
    version: int | None = Field(None, description="The version you read; a stale one gets 409 edit_conflict.")


class DeletionIn(InputSchema):
    reason_code: str = Field(
        "", max_length=32, description="not-available, language-mismatch or timetable-conflict."
    )
    reason_text: str = Field("", max_length=500)
    version: int | None = None


class SignatureIn(InputSchema):
    role: SignerRole
    signer_name: str = Field(max_length=200)
    signer_position: str = Field("", max_length=200)
    signer_email: str = Field("", max_length=254)
    revision: int | None = Field(None, description="The proposal revision you read; a stale one gets 409.")


class ReturnIn(InputSchema):
    comment: str = Field(max_length=5000)


class CommentIn(InputSchema):
    body: str = Field(max_length=5000)


class InvitationIn(InputSchema):
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    position: str = Field("", max_length=200)


class ApplyEquivalenceIn(InputSchema):
    equivalence_id: Id
    term_number: Term = 1
    total_terms: Term = 2


# Bodies are parsed after the access check (see accord.common.api_support.Deferred).
CreateBody = Annotated[Any, Deferred(CreateIn), Body(None)]
DetailsBody = Annotated[Any, Deferred(DetailsPatch), Body(None)]
ComponentBody = Annotated[Any, Deferred(ComponentIn), Body(None)]
DeletionBody = Annotated[Any, Deferred(DeletionIn), Body(None)]
SignatureBody = Annotated[Any, Deferred(SignatureIn), Body(None)]
ReturnBody = Annotated[Any, Deferred(ReturnIn), Body(None)]
CommentBody = Annotated[Any, Deferred(CommentIn), Body(None)]
InvitationBody = Annotated[Any, Deferred(InvitationIn), Body(None)]
ApplyEquivalenceBody = Annotated[Any, Deferred(ApplyEquivalenceIn), Body(None)]


class LearningAgreementQuery(ListParams):
    q: str = Field("", max_length=200)
    status: LearningAgreementStatus | None = None
    direction: str = Field("", pattern="^(|incoming|outgoing)$")
    awaiting: str = Field(
        "", pattern="^(|student|sending|receiving)$", description="Open proposals lacking this signature."
    )


class ComponentOut(Schema):
    id: int
    table: str
    status: str
    code: str
    title: str
    term_number: int | None
    total_terms: int | None
    ects: Decimal | None
    recognition_conditions: str
    short_description: str
    reason_code: str
    reason_text: str
    deletes_id: int | None
    course_id: int | None


class SignatureOut(Schema):
    role: str
    signer_name: str
    signer_position: str
    signer_email: str
    signed_at: dt.datetime
    method: str


class ProposalOut(Schema):
    id: int
    number: int
    kind: str
    status: str
    revision: int
    ewp_id: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    components: list[ComponentOut]
    signatures: list[SignatureOut]
    missing_signatures: list[str]

    @staticmethod
    def resolve_components(obj: Any) -> list[Any]:
        return list(obj.components.all())

    @staticmethod
    def resolve_signatures(obj: Any) -> list[Any]:
        return list(obj.signatures.all())

    @staticmethod
    def resolve_missing_signatures(obj: Any) -> list[str]:
        return list(obj.missing_roles())


class ProblemOut(Schema):
    code: str
    message: str
    blocking: bool


class LearningAgreementSummary(Schema):
    id: int
    mobility_id: int
    student: str
    direction: str
    home_institution_id: int
    host_institution_id: int
    academic_year: str | None
    status: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    first_approved_at: dt.datetime | None

    @staticmethod
    def resolve_student(obj: Any) -> str:
        return str(obj.mobility.person)

    @staticmethod
    def resolve_direction(obj: Any) -> str:
        return str(obj.mobility.direction)

    @staticmethod
    def resolve_home_institution_id(obj: Any) -> int:
        return int(obj.mobility.home_institution_id)

    @staticmethod
    def resolve_host_institution_id(obj: Any) -> int:
        return int(obj.mobility.host_institution_id)

    @staticmethod
    def resolve_academic_year(obj: Any) -> str | None:
        return year_code(obj.mobility.academic_year_id)


class TotalsOut(Schema):
    a: Decimal
    b: Decimal
    c: Decimal


class LearningAgreementOut(LearningAgreementSummary):
    language: str
    cefr_level: str
    eqf_level: int | None
    isced_code: str | None
    isced_clarification: str
    learning_outcomes_url: str
    provisions_url: str
    in_force: list[ComponentOut] = Field(description="Components of the latest approved version.")
    in_force_totals: TotalsOut
    proposals: list[ProposalOut]
    open_proposal_problems: list[ProblemOut] = Field(description="Checks of the open proposal's result.")

    @staticmethod
    def resolve_isced_code(obj: Any) -> str | None:
        return obj.isced_id  # type: ignore[no-any-return]

    # The API attaches these to the agreement it answers with (accord.learning.api._detail).
    @staticmethod
    def resolve_in_force(obj: Any) -> list[Any]:
        return list(obj.in_force)

    @staticmethod
    def resolve_in_force_totals(obj: Any) -> Any:
        return obj.in_force_totals

    @staticmethod
    def resolve_proposals(obj: Any) -> list[Any]:
        return list(obj.proposals_list)

    @staticmethod
    def resolve_open_proposal_problems(obj: Any) -> list[Any]:
        return list(obj.open_proposal_problems)


class CommentOut(Schema):
    id: int
    proposal_id: int | None
    author_name: str
    body: str
    created_at: dt.datetime


class InvitationOut(Schema):
    id: int
    proposal_id: int
    role: str
    name: str
    email: str
    expires_at: dt.datetime
