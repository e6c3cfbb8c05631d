from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from accord.accounts.authentication import actor_of
from accord.accounts.scope import partner_institution_id, unit_ids_in_scope
from accord.common.access import reads_everything, role_of, writes_everything
from accord.common.api_support import error_responses
from accord.institutions.models import Institution, OrganisationalUnit

router = Router(tags=["accounts"])


class Ref(Schema):
    id: int
    name: str


class ScopeOut(Schema):
    reads_everything: bool = Field(description="Sees every institution, agreement and mobility.")
    writes_everything: bool = Field(description="May change any institution, agreement and mobility.")
    units: list[Ref] = Field(description="A coordinator's units, with every unit below them.")
    partner_institution: Ref | None = Field(description="The institution a partner contact speaks for.")


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    role: str
    role_label: str
    authenticated_by: str = Field(description="`token` or `session`.")
    scope: ScopeOut


@router.get("/me", response=error_responses(200, MeOut), summary="Who am I, and what may I see?")
def me(request: HttpRequest) -> Any:
    user = actor_of(request)
    units = OrganisationalUnit.objects.filter(pk__in=unit_ids_in_scope(user)).order_by("name", "id")
    partner_id = partner_institution_id(user)
    partner = Institution.objects.filter(pk=partner_id).first() if partner_id else None
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "role": role_of(user),
        "role_label": user.get_role_display(),
        "authenticated_by": "token" if "Authorization" in request.headers else "session",
        "scope": {
            "reads_everything": reads_everything(user),
            "writes_everything": writes_everything(user),
            "units": units,
            "partner_institution": partner,
        },
    }
