"""The administrators' audit log: every recorded change, filtered, paged, and downloadable as CSV."""

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from accord.common.access import role_of
from accord.common.downloads import streamed_download
from accord.common.http import ActorRequest
from accord.common.models import AuditEvent
from accord.common.pagination import paginate
from accord.common.roles import Role

UNFILTERED_COUNT_CAP = 10_000
CSV_COLUMNS = ("time", "actor", "action", "target_type", "target_id", "target", "changes", "data")


def target_type_choices() -> list[tuple[str, str]]:
    """Accord's own models, as audit events name them (`app_label.model`)."""
    models = [m for m in apps.get_models() if m.__module__.startswith("accord.")]
    return sorted(
        (m._meta.label_lower, f"{str(m._meta.verbose_name).capitalize()} ({m._meta.label_lower})")
        for m in models
    )


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label="Action starts with",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "e.g. agreement."}),
    )
    actor = forms.CharField(
        label="Actor", required=False, widget=forms.TextInput(attrs={"placeholder": "Username or name"})
    )
    target_type = forms.ChoiceField(label="Object type", required=False)
    target_id = forms.CharField(label="Object id", required=False, max_length=64)
    date_from = forms.DateField(label="From", required=False, widget=DateInput())
    date_to = forms.DateField(label="To", required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target_type = self.fields["target_type"]
        assert isinstance(target_type, forms.ChoiceField)
        target_type.choices = [("", "Any"), *target_type_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date comes before the start date.")
        return data

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """Narrow by the fields that are valid; invalid ones are shown beside the field and not applied."""
        if not self.is_bound:
            return events
        self.is_valid()
        data = self.cleaned_data
        if action := (data.get("action") or "").strip():
            events = events.filter(action__startswith=action)
        if actor := (data.get("actor") or "").strip():
            events = events.filter(Q(actor__username__iexact=actor) | Q(actor_repr__icontains=actor))
        if data.get("target_type"):
            events = events.filter(target_type=data["target_type"])
        if target_id := (data.get("target_id") or "").strip():
            events = events.filter(target_id=target_id)
        # Whole days in the site's time zone, compared on the indexed timestamp itself.
        if data.get("date_from"):
            events = events.filter(created_at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(created_at__lt=_start_of(data["date_to"] + dt.timedelta(days=1)))
        return events

    @property
    def filtered(self) -> bool:
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _cell(value: str) -> str:
    # A leading =, +, - or @ would run as a formula when the file is opened in a spreadsheet.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(events: QuerySet[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                event.created_at.isoformat(),
                _cell(event.actor_repr),
                event.action,
                event.target_type,
                event.target_id,
                _cell(event.target_repr),
                json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
                json.dumps(event.data, ensure_ascii=False, sort_keys=True),
            ]
        )


@login_required
@require_GET
def audit_list(request: ActorRequest) -> HttpResponseBase:
    # Hidden, not refused: to anyone else the log does not exist.
    if role_of(request.user) != Role.ADMIN:
        raise Http404("Not found")
    form = AuditFilterForm(request.GET or None)
    events = form.apply(AuditEvent.objects.select_related("actor"))
    filtered = form.filtered
    if request.GET.get("format") == "csv":
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return streamed_download(_csv_rows(events), f"accord-audit-{stamp}.csv", "text/csv; charset=utf-8")
    page = paginate(request, events, count_cap=None if filtered else UNFILTERED_COUNT_CAP)
    context = {"form": form, "page": page, "filtered": filtered}
    template = (
        "common/audit_list.html#results"
        if request.htmx and not request.htmx.history_restore_request
        else "common/audit_list.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
