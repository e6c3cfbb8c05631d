"""Forms of the lifecycle pages: a transition's comment or reason, the revision compare form, approvers."""

from typing import Any

from django import forms
from django.utils.timezone import localtime

from accord.accounts.models import User
from accord.agreements.lifecycle.permissions import APPROVER_ROLES
from accord.agreements.lifecycle.services import Transition
from accord.agreements.models import AgreementKind, AgreementRevision


class TransitionForm(forms.Form):
    note = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, transition: Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["note"]
        field.required = bool(transition.note)
        field.label = {
            "reason": "Reason for the termination",
            "comment": "Comment for the people concerned",
        }.get(transition.note, "Comment (optional)")


class CompareForm(forms.Form):
    """Two revisions to compare; the defaults are the one before the latest and the latest."""

    base = forms.TypedChoiceField(coerce=int, label="Compare revision")
    head = forms.TypedChoiceField(coerce=int, label="with revision")

    def __init__(self, *args: Any, revisions: list[AgreementRevision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(r.number, f"{r.number} · {localtime(r.created_at):%d %b %Y %H:%M}") for r in revisions]
        for name in ("base", "head"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]
        numbers = sorted(r.number for r in revisions)
        if numbers:
            self.fields["head"].initial = numbers[-1]
            self.fields["base"].initial = numbers[-2] if len(numbers) > 1 else numbers[-1]


class ApproverForm(forms.Form):
    kind = forms.ChoiceField(choices=AgreementKind.choices, label="Agreement kind")
    user = forms.TypedChoiceField(coerce=int, label="Approver")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True, role__in=APPROVER_ROLES).order_by(
            "last_name", "first_name", "username"
        )
        self.fields["user"].choices = [  # type: ignore[attr-defined]
            ("", "— choose —"),
            *((u.pk, f"{u} ({u.get_role_display()})") for u in people),
        ]
