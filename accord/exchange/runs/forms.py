"""The form that starts an allocation run."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from accord.exchange.forms import DateTimeInput
from accord.exchange.runs.services import POLICIES


class RunForm(forms.Form):
    policy = forms.ChoiceField(
        choices=[(p, p.replace("-", " ").capitalize()) for p in POLICIES], initial=POLICIES[0]
    )
    seed = forms.IntegerField(
        required=False, min_value=0, help_text="Empty: a fresh lottery seed, recorded with the run."
    )
    respond_by = forms.DateTimeField(label="Students answer by", widget=DateTimeInput())
    note = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = timezone.localtime() + dt.timedelta(days=14)
        self.fields["respond_by"].initial = default.replace(hour=23, minute=59, second=0, microsecond=0)
