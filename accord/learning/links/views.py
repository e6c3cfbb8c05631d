"""The page behind a private signing link: one learning agreement, no account, sign or return it.

Every bad token (forged, expired, revoked, replaced) gets the same 404 page, like a missing object.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accord.common.actions import form_action
from accord.common.errors import DomainError
from accord.learning import selectors, services
from accord.learning.forms import ReturnForm, SignForm
from accord.learning.links.permissions import can_act_through
from accord.learning.links.tokens import invitation_from_token
from accord.learning.models import Comment, Signature, SigningInvitation
from accord.learning.page import signature_slots


def _invitation(token: str) -> SigningInvitation:
    try:
        return invitation_from_token(token)
    except DomainError as exc:
        raise Http404(exc.message) from exc


def _sign(form: SignForm, invitation: SigningInvitation) -> Signature:
    data = form.to_input()
    data.role = invitation.role  # the link decides the party, never the form
    return services.proposal_sign(proposal=invitation.proposal, data=data, actor=None, invitation=invitation)


def _return(form: ReturnForm, invitation: SigningInvitation) -> Comment:
    comment = form.cleaned_data["comment"]
    return services.proposal_return(
        proposal=invitation.proposal, comment=comment, actor=None, invitation=invitation
    )


@never_cache
@require_http_methods(["GET", "POST"])
def link_page(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    proposal = invitation.proposal
    la = proposal.learning_agreement
    usable = can_act_through(invitation)
    sign_form = SignForm(
        initial={"role": invitation.role, "revision": proposal.revision, "signer_name": invitation.name,
                 "signer_position": invitation.position, "signer_email": invitation.email},
        prefix="link",
    )  # fmt: skip
    return_form = ReturnForm(prefix="return")
    status = 200
    if request.method == "POST":
        if not usable:
            raise Http404("This link can no longer be used.")
        action = request.POST.get("action")
        if action == "sign":
            sign_form = SignForm(request.POST, prefix="link")
            if form_action(request, sign_form, lambda: _sign(sign_form, invitation)).done:
                messages.success(request, "Thank you: your signature is recorded.")
                return redirect("learning:link", token=token)
        elif action == "return":
            return_form = ReturnForm(request.POST, prefix="return")
            if form_action(request, return_form, lambda: _return(return_form, invitation)).done:
                messages.success(request, "Your comment was sent; the proposal goes back for changes.")
                return redirect("learning:link", token=token)
        status = 422
    proposal.refresh_from_db()
    result = selectors.proposal_result(proposal)
    context = {
        "la": la,
        "mobility": la.mobility,
        "invitation": invitation,
        "proposal": proposal,
        "usable": usable and proposal.status == "open" and invitation.used_at is None,
        "tables": selectors.by_table(result),
        "totals": selectors.totals(result),
        "changes": list(proposal.components.all()) if proposal.kind == "changes" else [],
        "slots": signature_slots(proposal, la.mobility),
        "sign_form": sign_form,
        "return_form": return_form,
        "comments": la.comments.all(),
    }
    return render(request, "learning/link.html", context, status=status)
