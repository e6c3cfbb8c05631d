"""Personal API tokens: list, create (the secret is shown once), revoke."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accord.accounts.http import AuthenticatedRequest
from accord.accounts.tokens.permissions import get_token_for_user
from accord.accounts.tokens.services import MAX_ACTIVE_TOKENS, token_create, token_revoke
from accord.common.actions import form_action
from accord.common.pagination import paginate

TEMPLATE = "accounts/tokens.html"


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What will use it, so you know which one to revoke later, e.g. “Nightly report script”.",
    )


def _context(request: AuthenticatedRequest, **extra: Any) -> dict[str, Any]:
    tokens = request.user.api_tokens.order_by("revoked_at", "-created_at", "-id")
    return {"page": paginate(request, tokens), "max_tokens": MAX_ACTIVE_TOKENS, **extra}


# never_cache: the page that shows a new secret must not be kept by the browser or a proxy.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    user = request.user
    outcome = form_action(
        request,
        form,
        lambda: token_create(user=user, name=form.cleaned_data["name"], actor=user),
        # A POST without any field leaves the form unbound: it is shown again as on a GET.
        invalid_status=422 if form.is_bound else 200,
    )
    if outcome.done and outcome.result is not None:
        token, secret = outcome.result
        context = _context(request, form=TokenForm(), new_token=token, new_secret=secret)
        context["api_me_url"] = request.build_absolute_uri(reverse("api:me"))
        return render(request, TEMPLATE, context, status=201)
    return render(request, TEMPLATE, _context(request, form=form), status=outcome.status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_revoke_view(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = get_token_for_user(request.user, token_id)
    if request.method == "GET":
        return render(request, TEMPLATE, _context(request, confirm=token, form=TokenForm()))
    token_revoke(token=token, actor=request.user)
    message = f"The token “{token.name}” is revoked; requests using it are refused from now on."
    if request.htmx:
        return render(request, f"{TEMPLATE}#token-table", _context(request, status_message=message))
    messages.success(request, message)
    return redirect("accounts:tokens")
