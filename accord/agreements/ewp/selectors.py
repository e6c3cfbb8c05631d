"""Who sees which received partner copies of IIAs, and the list's filters.

A copy linked to one of our agreements is visible to whoever sees that agreement; a copy not linked yet is
the international office's inbox, visible only to the roles that read everything. Who may change copies,
and the access function for one copy: ewp/permissions.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, IntegerField, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from accord.accounts.models import User
from accord.agreements.models import PartnerIiaCopy
from accord.agreements.selectors import agreements_visible_to
from accord.common.access import reads_everything, role_of
from accord.common.roles import Role

# The outcome of the last comparison, stored in the copy's snapshot (see services.comparison_record).
MATCH, DIFFER = "match", "differ"


def partner_copies_visible_to(actor: User | None) -> QuerySet[PartnerIiaCopy]:
    qs = PartnerIiaCopy.objects.all()
    if reads_everything(actor):
        return qs
    if role_of(actor) in (Role.COORDINATOR, Role.PARTNER):
        return qs.filter(agreement__in=agreements_visible_to(actor).values("pk"))
    return qs.none()


@dataclass(frozen=True)
class PartnerCopyFilters:
    q: str = ""
    partner: int | None = None
    matched: bool | None = None
    # "match": the partner's hash is our agreement's; "differ": it is not; "unchecked": not linked, or our
    # agreement changed since the last comparison.
    hash: str = ""


def with_check_state(qs: QuerySet[PartnerIiaCopy]) -> QuerySet[PartnerIiaCopy]:
    """Annotate ``checked_version``: the agreement version of the stored comparison, as a column."""
    return qs.annotate(checked_version=Cast(KT("snapshot__comparison__agreement_version"), IntegerField()))


def partner_copy_list(*, actor: User, filters: PartnerCopyFilters | None = None) -> QuerySet[PartnerIiaCopy]:
    f = filters or PartnerCopyFilters()
    qs = with_check_state(partner_copies_visible_to(actor))
    if f.q.strip():
        term = f.q.strip()
        qs = qs.filter(
            Q(partner_iia_id__icontains=term)
            | Q(partner_iia_code__icontains=term)
            | Q(our_iia_id__icontains=term)
            | Q(partner__name__icontains=term)
            | Q(agreement__title__icontains=term)
            | Q(agreement__reference_code__icontains=term)
        )
    if f.partner:
        qs = qs.filter(partner_id=f.partner)
    if f.matched is not None:
        qs = qs.filter(agreement__isnull=not f.matched)
    if f.hash in (MATCH, DIFFER):
        current = Q(agreement__isnull=False, checked_version=F("agreement__version"))
        qs = qs.filter(current, snapshot__comparison__result=f.hash)
    elif f.hash == "unchecked":
        # Spelled out rather than exclude(): NULLs in the annotation would make NOT(...) drop rows.
        qs = qs.filter(
            Q(agreement__isnull=True)
            | Q(checked_version__isnull=True)
            | ~Q(checked_version=F("agreement__version"))
        )
    return qs.select_related("partner", "agreement", "received_by")
