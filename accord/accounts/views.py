from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from accord.accounts.http import AuthenticatedRequest
from accord.accounts.scope import unit_ids_in_scope
from accord.accounts.services import user_password_change
from accord.institutions.models import OrganisationalUnit


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedRequest) -> HttpResponse:
    """Django's password form and validators; the service saves and records the change."""
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_change(user=user, new_password=form.cleaned_data["new_password1"], actor=user)
        # Keep this session signed in; every other session of the user ends with the old password hash.
        update_session_auth_hash(request, user)
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:password_change")
    assigned = list(user.units.select_related("institution"))
    below = OrganisationalUnit.objects.filter(pk__in=unit_ids_in_scope(user) - {u.pk for u in assigned})
    context = {"form": form, "assigned_units": assigned, "units_below": below.count()}
    return render(request, "accounts/password_change.html", context)
