"""EWP IIA pages: our agreement as IIA v7 XML, the partners' copies (import, list, side by side, link)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.http import AuthenticatedRequest
from accord.accounts.models import User
from accord.agreements.errors import AgreementErrorCode
from accord.agreements.ewp import services as ewp_services
from accord.agreements.ewp.adapters import with_iia_relations
from accord.agreements.ewp.permissions import (
    can_manage_partner_copies,
    can_read_partner_copies,
    get_partner_copy_for_user,
)
from accord.agreements.ewp.selectors import PartnerCopyFilters, partner_copies_visible_to, partner_copy_list
from accord.agreements.models import EXCHANGE_KINDS, Agreement, AgreementPartner, PartnerIiaCopy
from accord.agreements.permissions import get_agreement_for_user
from accord.agreements.selectors import agreements_visible_to
from accord.common.access import require
from accord.common.actions import download_action, form_action, post_action
from accord.common.downloads import xml_download
from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error
from accord.common.pagination import paginate
from accord.engines.ewp import describe_iia
from accord.institutions.models import Institution

HASH_CHOICES = [
    ("", "Any"),
    ("match", "Matches our agreement"),
    ("differ", "Differs from our agreement"),
    ("unchecked", "Not compared yet"),
]
MATCHED_CHOICES = [("", "Any"), ("yes", "Linked to our agreement"), ("no", "Not linked")]


@login_required
@require_GET
def agreement_iia_xml(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    loaded = with_iia_relations(Agreement.objects.filter(pk=agreement.pk)).get()
    return download_action(
        request,
        lambda: xml_download(
            ewp_services.agreement_iia_document(agreement=loaded), f"iia-{agreement.pk}.xml"
        ),
        on_error=reverse("agreements:detail", args=[pk]) + "#ewp-heading",
    )


# The list ---------------------------------------------------------------------------------------------------


class PartnerCopyFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    partner = forms.TypedChoiceField(label="Partner", required=False, coerce=int, empty_value=None)
    matched = forms.ChoiceField(label="Linked", required=False, choices=MATCHED_CHOICES)
    hash = forms.ChoiceField(label="Hash", required=False, choices=HASH_CHOICES)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        senders = Institution.objects.filter(
            Exists(partner_copies_visible_to(actor).filter(partner=OuterRef("pk")))
        ).order_by("name")
        self.fields["partner"].choices = [("", "Any")] + [(i.pk, i.name) for i in senders]  # type: ignore[attr-defined]

    def filters(self) -> PartnerCopyFilters:
        data = self.cleaned_data if self.is_valid() else {}
        matched = {"yes": True, "no": False}.get(data.get("matched") or "")
        return PartnerCopyFilters(
            q=data.get("q") or "", partner=data.get("partner"), matched=matched, hash=data.get("hash") or ""
        )

    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


@login_required
@require_GET
def partner_copy_list_view(request: AuthenticatedRequest) -> HttpResponse:
    if not can_read_partner_copies(request.user):
        raise Http404("Not found")
    form = PartnerCopyFilterForm(request.GET, actor=request.user)
    copies = partner_copy_list(actor=request.user, filters=form.filters()).order_by("-updated_at", "-id")
    page = paginate(request, copies)
    rows = [(copy, ewp_services.check_state(copy)) for copy in page.object_list]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": form.is_filtered(),
        "can_manage": can_manage_partner_copies(request.user),
        "nav_section": "agreements",
    }
    template = "agreements/ewp/copy_list.html"
    if request.htmx.target == "results":
        template += "#results"
    response = render(request, template, context)
    # One URL, two bodies (page or results): caches and the back button must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_POST
def partner_copies_recheck(request: AuthenticatedRequest) -> HttpResponse:
    require(can_manage_partner_copies(request.user))
    stale = partner_copy_list(actor=request.user, filters=PartnerCopyFilters(matched=True, hash="unchecked"))
    count = ewp_services.partner_copies_recheck(actor=request.user, copies=stale)
    messages.success(
        request, f"Compared {count} cop{'y' if count == 1 else 'ies'} again with our agreements."
    )
    return redirect("agreements:partner_copies")


# Import -----------------------------------------------------------------------------------------------------


class PartnerCopyImportForm(forms.Form):
    file = forms.FileField(
        label="IIAs get-response (XML)",
        allow_empty_file=True,
        help_text="The partner's EWP IIAs get-response, version 7 or 6, up to 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )


def _import_page(request: AuthenticatedRequest, form: PartnerCopyImportForm, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    context = {
        "form": form,
        "max_bytes": ewp_services.MAX_DOCUMENT_BYTES,
        "nav_section": "agreements",
        **extra,
    }
    return render(request, "agreements/ewp/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def partner_copy_import(request: AuthenticatedRequest) -> HttpResponse:
    require(can_manage_partner_copies(request.user))
    if request.method == "GET":
        return _import_page(request, PartnerCopyImportForm())
    form = PartnerCopyImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form, status=422)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > ewp_services.MAX_DOCUMENT_BYTES:
            raise DomainError(
                AgreementErrorCode.XML_TOO_LARGE,
                f"The file is {upload.size:,} bytes; the limit is {ewp_services.MAX_DOCUMENT_BYTES:,}.",
                field="file",
            )
        results = ewp_services.partner_copies_import(content=upload.read(), actor=request.user)
    except DomainError as error:
        attach_domain_error(form, error)
        details = [str(e) for e in error.extra.get("errors", [])][1:]
        return _import_page(request, form, status=error.http_status, details=details)
    for item in results:
        linked = f"linked to “{item.copy.agreement.title}”" if item.copy.agreement else "not linked yet"
        note = f" {item.note}" if item.note else ""
        messages.success(
            request,
            f"{item.outcome.capitalize()}: the copy of {item.copy.partner.name} "
            f"(iia-id {item.copy.partner_iia_id}), {linked}.{note}",
        )
    if len(results) == 1:
        return redirect("agreements:partner_copy", copy_id=results[0].copy.pk)
    return redirect("agreements:partner_copies")


# One copy ---------------------------------------------------------------------------------------------------


class LinkForm(forms.Form):
    agreement = forms.TypedChoiceField(label="Our agreement", coerce=int)
    record_ids = forms.BooleanField(
        label="Also record their iia-id and iia-code on our agreement",
        required=False,
        initial=True,
        help_text="EWP calls this mapping; approval needs it. It changes our iia-hash.",
    )

    def __init__(self, *args: Any, candidates: list[Agreement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].choices = [("", "Choose one of our agreements with this partner")] + [  # type: ignore[attr-defined]
            (a.pk, f"{a.reference_code or '#' + str(a.pk)} · {a.title} ({a.get_status_display()})")
            for a in candidates
        ]


def _candidates(actor: User, copy: PartnerIiaCopy) -> list[Agreement]:
    """Our exchange agreements with the copy's partner, the ones it could be linked to."""
    with_partner = AgreementPartner.objects.filter(agreement=OuterRef("pk"), institution=copy.partner_id)
    qs = agreements_visible_to(actor).filter(Exists(with_partner), kind__in=EXCHANGE_KINDS)
    return list(qs.order_by("-valid_to", "-id")[:200])


def _copy_page(
    request: AuthenticatedRequest,
    copy: PartnerIiaCopy,
    *,
    link_form: LinkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    comparison = ewp_services.compare_with_agreement(copy)
    their_iia = ewp_services.copy_iia(copy)
    names = {
        (i.schac_id or "").lower(): i.name
        for i in Institution.objects.filter(schac_id__in=[p.hei_id for p in their_iia.partners])
    }
    can_manage = can_manage_partner_copies(request.user)
    if can_manage and link_form is None:
        candidates = _candidates(request.user, copy)
        # The code they give our side usually is our reference code: offer that agreement first.
        our_code = their_iia.partners[1].iia_code or ""
        suggested = next((a.pk for a in candidates if our_code and a.reference_code == our_code), None)
        link_form = LinkForm(candidates=candidates, initial={"agreement": copy.agreement_id or suggested})
    partner_row = (
        copy.agreement.partners.filter(institution=copy.partner_id).first() if copy.agreement else None
    )
    sections = comparison.sections if comparison is not None else describe_iia(their_iia)
    titles = [
        f"{names.get(section.key, section.key)} ({section.key})"
        if section.kind == "partner"
        else section.title
        for section in sections
    ]
    context = {
        "copy": copy,
        "their_iia": their_iia,
        "comparison": comparison,
        "sections": list(zip(sections, titles, strict=True)),
        "check": ewp_services.check_state(copy),
        "match": copy.snapshot.get("match") or {},
        "ids_unrecorded": partner_row is not None
        and (
            partner_row.partner_agreement_id != copy.partner_iia_id
            or partner_row.partner_agreement_code != copy.partner_iia_code
        ),
        "can_manage": can_manage,
        "link_form": link_form,
        "nav_section": "agreements",
    }
    return render(request, "agreements/ewp/copy_detail.html", context, status=status)


@login_required
@require_GET
def partner_copy_detail(request: AuthenticatedRequest, copy_id: int) -> HttpResponse:
    return _copy_page(request, get_partner_copy_for_user(request.user, copy_id))


@login_required
@require_GET
def partner_copy_xml(request: AuthenticatedRequest, copy_id: int) -> HttpResponse:
    copy = get_partner_copy_for_user(request.user, copy_id)
    return xml_download(copy.xml.encode("utf-8"), f"partner-iia-{copy.pk}.xml")


@login_required
@require_POST
def partner_copy_link(request: AuthenticatedRequest, copy_id: int) -> HttpResponse:
    copy = get_partner_copy_for_user(request.user, copy_id, write=True)
    form = LinkForm(request.POST, candidates=_candidates(request.user, copy))

    def link() -> Agreement:
        agreement = get_agreement_for_user(request.user, form.cleaned_data["agreement"])
        ewp_services.partner_copy_link(
            copy=copy, agreement=agreement, actor=request.user, record_ids=form.cleaned_data["record_ids"]
        )
        return agreement

    outcome = form_action(request, form, link)
    if outcome.result is None:
        return _copy_page(request, copy, link_form=form, status=outcome.status)
    messages.success(request, f"Linked to “{outcome.result.title}”.")
    return redirect("agreements:partner_copy", copy_id=copy.pk)


@login_required
@require_POST
def partner_copy_unlink(request: AuthenticatedRequest, copy_id: int) -> HttpResponse:
    copy = get_partner_copy_for_user(request.user, copy_id, write=True)
    return post_action(
        request,
        lambda: ewp_services.partner_copy_unlink(copy=copy, actor=request.user),
        then=reverse("agreements:partner_copy", kwargs={"copy_id": copy.pk}),
        done="The copy is no longer linked to our agreement.",
    )


@login_required
@require_POST
def partner_copy_record_ids(request: AuthenticatedRequest, copy_id: int) -> HttpResponse:
    copy = get_partner_copy_for_user(request.user, copy_id, write=True)
    return post_action(
        request,
        lambda: ewp_services.partner_copy_record_ids(copy=copy, actor=request.user),
        then=reverse("agreements:partner_copy", kwargs={"copy_id": copy.pk}),
        done="Their iia-id and iia-code are recorded on our agreement.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_copy_delete(request: AuthenticatedRequest, copy_id: int) -> HttpResponse:
    copy = get_partner_copy_for_user(request.user, copy_id, write=True)
    if request.method == "POST":
        ewp_services.partner_copy_delete(copy=copy, actor=request.user)
        messages.success(
            request, f"The copy of {copy.partner.name} (iia-id {copy.partner_iia_id}) is deleted."
        )
        return redirect("agreements:partner_copies")
    return render(request, "agreements/ewp/copy_delete.html", {"copy": copy, "nav_section": "agreements"})
