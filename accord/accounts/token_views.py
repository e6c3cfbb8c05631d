"""Personal API tokens: list, create (the secret is shown once), revoke."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accord.accounts.models import ApiToken
from accord.accounts.services import MAX_ACTIVE_TOKENS, token_create, token_revoke
from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error
from accord.common.pagination import paginate

TEMPLATE = "accounts/tokens.html"


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What will use it, so you know which one to revoke later, e.g. “Nightly report script”.",
    )


def get_token_for_user(user: Any, token_id: int) -> ApiToken:
    """Someone else's token is as missing as a token that does not exist."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404("No such token.")
    return token


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    tokens = request.user.api_tokens.order_by("revoked_at", "-created_at", "-id")  # type: ignore[union-attr]
    return {"page": paginate(request, tokens), "max_tokens": MAX_ACTIVE_TOKENS, **extra}


# never_cache: the page that shows a new secret must not be kept by the browser or a proxy.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    user: Any = request.user
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = token_create(user=user, name=form.cleaned_data["name"], actor=user)
        except DomainError as err:
            attach_domain_error(form, err)
        else:
            context = _context(request, form=TokenForm(), new_token=token, new_secret=secret)
            context["api_me_url"] = request.build_absolute_uri(reverse("api:me"))
            return render(request, TEMPLATE, context, status=201)
    status = 422 if form.errors else 200
    return render(request, TEMPLATE, _context(request, form=form), status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_token_for_user(request.user, token_id)
    if request.method == "GET":
        return render(request, TEMPLATE, _context(request, confirm=token, form=TokenForm()))
    token_revoke(token=token, actor=request.user)
    message = f"The token “{token.name}” is revoked; requests using it are refused from now on."
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{TEMPLATE}#token-table", _context(request, status_message=message))
    messages.success(request, message)
    return redirect("accounts:tokens")
