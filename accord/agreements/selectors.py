import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accord.accounts.models import User
from accord.accounts.scope import partner_institution_id, unit_ids_in_scope
from accord.agreements.models import (
    Agreement,
    AgreementPartner,
    AgreementStatus,
    ConditionSubjectArea,
    CooperationCondition,
)
from accord.common.access import reads_everything, role_of
from accord.common.roles import Role
from accord.reference.vocab import regions

# In force: signed, running, or running within its notice period.
LIVE_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.EXPIRING)


def agreements_visible_to(actor: User | None) -> QuerySet[Agreement]:
    qs = Agreement.objects.all()
    if reads_everything(actor):
        return qs
    role = role_of(actor)
    if role == Role.COORDINATOR:
        units = unit_ids_in_scope(actor)
        partner_in_units = AgreementPartner.objects.filter(agreement=OuterRef("pk"), unit_id__in=units)
        return qs.filter(Q(owner_unit_id__in=units) | Exists(partner_in_units))
    if role == Role.PARTNER:
        involved = AgreementPartner.objects.filter(
            agreement=OuterRef("pk"), institution_id=partner_institution_id(actor) or 0
        )
        return qs.filter(Exists(involved))
    return qs.none()


@dataclass(frozen=True)
class AgreementFilters:
    q: str = ""
    status: str = ""
    kind: str = ""
    partner: int | None = None
    country: str = ""
    region: str = ""
    subject_area: str = ""
    academic_year: int | None = None
    expiring_within_days: int | None = None


def agreement_list(
    *, actor: User | None, filters: AgreementFilters | None = None, today: dt.date | None = None
) -> QuerySet[Agreement]:
    f = filters or AgreementFilters()
    qs = agreements_visible_to(actor)
    partners = AgreementPartner.objects.filter(agreement=OuterRef("pk"), institution__is_home=False)
    if f.q:
        term = f.q.strip()
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(reference_code__icontains=term)
            | Exists(
                partners.filter(
                    Q(institution__name__icontains=term) | Q(institution__erasmus_code__icontains=term)
                )
            )
        )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.partner:
        qs = qs.filter(
            Exists(AgreementPartner.objects.filter(agreement=OuterRef("pk"), institution_id=f.partner))
        )
    if f.country:
        qs = qs.filter(Exists(partners.filter(institution__country=f.country.upper())))
    if f.region:
        qs = qs.filter(Exists(partners.filter(institution__country__in=regions().get(f.region, []))))
    if f.subject_area:
        areas = ConditionSubjectArea.objects.filter(
            condition__agreement=OuterRef("pk"), isced__code__startswith=f.subject_area.strip()
        )
        qs = qs.filter(Exists(areas))
    if f.academic_year:
        covering = CooperationCondition.objects.filter(
            agreement=OuterRef("pk"), first_year_id__lte=f.academic_year, last_year_id__gte=f.academic_year
        )
        qs = qs.filter(Exists(covering))
    if f.expiring_within_days is not None:
        today = today or dt.date.today()
        qs = qs.filter(
            status__in=LIVE_STATUSES,
            valid_to__gte=today,
            valid_to__lte=today + dt.timedelta(days=f.expiring_within_days),
        )
    return qs


def with_partner_institutions(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Prefetch the partner rows and their institutions that list pages show for each agreement."""
    return qs.select_related("owner_unit").prefetch_related(
        Prefetch("partners", queryset=AgreementPartner.objects.select_related("institution"))
    )


def agreement_detail_queryset(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    conditions = CooperationCondition.objects.select_related(
        "sending_institution",
        "receiving_institution",
        "sending_unit",
        "receiving_unit",
        "first_year",
        "last_year",
    ).prefetch_related("subject_areas__isced", "languages")
    return with_partner_institutions(qs).prefetch_related(Prefetch("conditions", queryset=conditions))


def agreements_expiring(
    *, actor: User, within_days: int, today: dt.date | None = None
) -> QuerySet[Agreement]:
    return agreement_list(
        actor=actor, filters=AgreementFilters(expiring_within_days=within_days), today=today
    ).order_by("valid_to", "id")


def agreement_detail(agreement: Agreement) -> Agreement:
    """An agreement already checked for access, reloaded with what its page shows (fixed query count)."""
    return agreement_detail_queryset(Agreement.objects.filter(pk=agreement.pk)).get()
