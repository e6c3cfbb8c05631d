import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accord.common import audit
from accord.common import views as audit_views
from accord.common.models import AuditEvent

AUDIT = reverse("audit:list")


@pytest.fixture
def events(world):
    """Three events on three days, by two actors, on two kinds of object."""
    officer, coordinator = world.users["officer"], world.users["coordinator"]
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)):
        created = audit.record(
            actor=officer,
            action="agreement.created",
            target=world.agreement,
            changes={"title": [None, "Erasmus+"]},
        )
    with time_machine.travel(dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)):
        updated = audit.record(
            actor=coordinator,
            action="mobility.updated",
            target=world.mobility,
            changes={"status": ["planned", "nominated"]},
        )
    with time_machine.travel(dt.datetime(2026, 3, 9, 12, tzinfo=dt.UTC)):
        deleted = audit.record(
            actor=officer, action="mobility.deleted", target=world.other_mobility, data={"why": "=1+1"}
        )
    return {"created": created, "updated": updated, "deleted": deleted}


def shown(html, events):
    """The names of the events whose row is in the page."""
    return {
        name
        for name, event in events.items()
        if f"{event.target_type}</code> #{event.target_id}" in html and f"<code>{event.action}</code>" in html
    }


@pytest.mark.parametrize(
    "persona", ["officer", "coordinator", "student", "partner_contact", "auditor", "outsider"]
)
def test_audit_log_is_hidden_from_everyone_but_administrators(world, events, persona):
    client = world.client_for(persona)
    assert client.get(AUDIT).status_code == 404
    assert client.get(f"{AUDIT}?format=csv").status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(world):
    response = world.client_for("anonymous").get(AUDIT)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_administrator_sees_every_event_with_before_and_after(world, events):
    response = world.client_for("admin").get(AUDIT)
    html = response.content.decode()
    assert response.status_code == 200
    assert shown(html, events) == {"created", "updated", "deleted"}
    assert "<td>planned</td><td>nominated</td>" in html
    assert "3 events, newest first." in html
    assert html.index("mobility.deleted") < html.index("agreement.created")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=mobility.", {"updated", "deleted"}),
        ("action=agreement.created", {"created"}),
        ("actor=coordinator", {"updated"}),
        ("target_type=agreements.agreement", {"created"}),
        ("target_type=mobility.mobility&target_id=@other", {"deleted"}),
        ("date_from=2026-03-04", {"updated", "deleted"}),
        ("date_to=2026-03-05", {"created", "updated"}),
        ("date_from=2026-03-02&date_to=2026-03-08", {"updated"}),
    ],
)
def test_filters(world, events, query, expected):
    query = query.replace("@other", str(world.other_mobility.pk))
    html = world.client_for("admin").get(f"{AUDIT}?{query}").content.decode()
    assert shown(html, events) == expected


def test_a_reversed_date_range_is_reported_beside_the_field(world, events):
    html = world.client_for("admin").get(f"{AUDIT}?date_from=2026-03-09&date_to=2026-03-01").content.decode()
    assert 'id="id_date_to_error"' in html
    # The invalid end is left out; the valid start still applies.
    assert shown(html, events) == {"deleted"}


def test_no_match_shows_an_empty_state(world, events):
    html = world.client_for("admin").get(f"{AUDIT}?action=nothing.like.this").content.decode()
    assert "No events match these filters." in html


def test_htmx_gets_the_results_fragment(world, events):
    response = world.client_for("admin").get(f"{AUDIT}?action=mobility.", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"') and "<html" not in html
    assert shown(html, events) == {"updated", "deleted"}


def test_pagination_and_the_unfiltered_count_cap(world, events, settings, monkeypatch):
    settings.ACCORD_PAGE_SIZE = 2
    monkeypatch.setattr(audit_views, "UNFILTERED_COUNT_CAP", 2)
    client = world.client_for("admin")
    first = client.get(AUDIT).content.decode()
    assert "More than 2 events" in first and "Page 1 of 1" in first
    filtered = client.get(f"{AUDIT}?action=m").content.decode()
    assert "2 events match the filters" in filtered
    assert "Page 1 of 1" in filtered
    query = f"{AUDIT}?date_from=2026-01-01"
    pages = [client.get(query).content.decode(), client.get(f"{query}&page=2").content.decode()]
    assert "3 events match the filters" in pages[0] and "Page 2 of 2" in pages[1]
    assert shown(pages[0], events) == {"deleted", "updated"} and shown(pages[1], events) == {"created"}


def test_csv_download_of_the_filtered_events(world, events):
    response = world.client_for("admin").get(f"{AUDIT}?action=mobility.&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["action"] for row in rows] == ["mobility.deleted", "mobility.updated"]
    assert rows[1]["changes"] == '{"status": ["planned", "nominated"]}'
    assert rows[1]["actor"] == str(world.users["coordinator"])


def test_csv_cells_cannot_become_spreadsheet_formulas(world, events):
    AuditEvent.objects.filter(pk=events["deleted"].pk).update(target_repr="=HYPERLINK(x)")
    response = world.client_for("admin").get(f"{AUDIT}?format=csv&action=mobility.deleted")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["target"] == "'=HYPERLINK(x)"


def test_decimal_changes_compare_by_amount_not_by_spelling(world):
    """30 typed in and 30.0 read back from the database are the same amount: no spurious change."""
    mobility = world.mobility
    before = audit.snapshot(mobility)
    mobility.ects_planned = Decimal("30.0")
    assert audit.diff(before, audit.snapshot(mobility)) == {}
    mobility.ects_planned = Decimal("29.5")
    assert audit.diff(before, audit.snapshot(mobility)) == {"ects_planned": ["30.0", "29.5"]}
