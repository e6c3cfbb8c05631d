"""Who may reach each analytics page and API operation (merged into the project's permission matrix)."""

from typing import Any

from django.utils import timezone

from accord.analytics.models import HealthScoreRow, PartnerActivity, ReachGoal
from accord.reference.services import academic_year_ensure
from accord.tests.matrix_support import Case, expect
from accord_testing.world import World

READERS = ("admin", "officer", "auditor", "coordinator", "outsider")
HIDDEN = ("student", "partner_contact")
READ = expect(allowed=READERS, s404=HIDDEN)
MANAGE = expect(allowed=("admin", "officer"), s403=("auditor", "coordinator", "outsider"), s404=HIDDEN)
# A partner-level score weighs every unit: only the roles that read everything see it.
PARTNER_SCORE = expect(allowed=("admin", "officer", "auditor"), s404=("coordinator", "outsider", *HIDDEN))
OWN_AGREEMENT = expect(allowed=("admin", "officer", "auditor", "coordinator"), s404=("outsider", *HIDDEN))
# An activity recorded by faculty B: the coordinator of faculty A does not see it.
OTHER_ACTIVITY = expect(
    allowed=("admin", "officer"), s403=("auditor",), s404=("coordinator", "outsider", *HIDDEN)
)
CREATE_ACTIVITY = expect(
    allowed=("admin", "officer", "coordinator", "outsider"), s403=("auditor",), s404=HIDDEN
)


def api(table: dict[str, Any]) -> dict[str, Any]:
    return {**table, "anonymous": 401}


def _score(w: World) -> HealthScoreRow:
    return HealthScoreRow.objects.create(
        level="partner", institution=w.partner, country="PL", score=50.0, computed_at=timezone.now()
    )


def _goal(w: World) -> ReachGoal:
    return ReachGoal.objects.create(kind="country", code="PL", min_partners=1)


def _activity(w: World) -> PartnerActivity:
    return PartnerActivity.objects.create(
        institution=w.other_partner,
        unit=w.faculty_b,
        kind="joint_project",
        academic_year=academic_year_ensure(2025),
        title="Matrix project",
    )


def _activity_form(w: World) -> dict[str, Any]:
    return {
        "institution": w.partner.pk,
        "kind": "joint_project",
        "academic_year": "2025/2026",
        "title": "Joint lab",
        "count": 1,
        "unit": w.faculty_a.pk,
    }


def _settings_form(w: World) -> dict[str, Any]:
    from accord.engines.health import DEFAULT_WEIGHTS

    return {
        "imbalance_threshold": 3,
        "at_risk_below": 40,
        "dormant_after_years": 2,
        "version": 1,
        **{f"weight_{code}": weight for code, weight in DEFAULT_WEIGHTS.items()},
    }


def _settings_body(w: World) -> dict[str, Any]:
    from accord.engines.health import DEFAULT_WEIGHTS

    return {
        "imbalance_threshold": 4,
        "at_risk_below": 40,
        "dormant_after_years": 2,
        "weights": dict(DEFAULT_WEIGHTS),
    }


HTML_CASES: dict[str, list[Case]] = {
    "analytics:dashboard": [Case("GET", lambda w: "/analytics/", READ)],
    "analytics:chart": [
        Case("GET", lambda w: "/analytics/charts/countries.svg", READ),
        Case("GET", lambda w: "/analytics/charts/trend.csv", READ),
    ],
    "analytics:refresh": [Case("POST", lambda w: "/analytics/refresh/", MANAGE)],
    "analytics:scores": [Case("GET", lambda w: "/analytics/scores/", READ)],
    "analytics:score_detail": [Case("GET", lambda w: f"/analytics/scores/{_score(w).pk}/", PARTNER_SCORE)],
    "analytics:agreement_ledger": [
        Case("GET", lambda w: f"/analytics/ledger/agreements/{w.agreement.pk}/", OWN_AGREEMENT)
    ],
    "analytics:partner_ledger": [Case("GET", lambda w: f"/analytics/ledger/partners/{w.partner.pk}/", READ)],
    "analytics:reach": [Case("GET", lambda w: "/analytics/reach/", READ)],
    "analytics:goal_create": [
        Case("GET", lambda w: "/analytics/reach/goals/new/", MANAGE),
        Case(
            "POST",
            lambda w: "/analytics/reach/goals/new/",
            MANAGE,
            body=lambda w: {"kind": "country", "code": "FR", "min_partners": 1},
        ),
    ],
    "analytics:goal_delete": [
        Case("GET", lambda w: f"/analytics/reach/goals/{_goal(w).pk}/delete/", MANAGE),
        Case("POST", lambda w: f"/analytics/reach/goals/{_goal(w).pk}/delete/", MANAGE),
    ],
    "analytics:activities": [Case("GET", lambda w: "/analytics/activities/", READ)],
    "analytics:activity_create": [
        Case("GET", lambda w: "/analytics/activities/new/", CREATE_ACTIVITY),
    ],
    "analytics:activity_edit": [
        Case("GET", lambda w: f"/analytics/activities/{_activity(w).pk}/edit/", OTHER_ACTIVITY),
        Case(
            "POST",
            lambda w: f"/analytics/activities/{_activity(w).pk}/edit/",
            OTHER_ACTIVITY,
            body=_activity_form,
        ),
    ],
    "analytics:activity_delete": [
        Case("GET", lambda w: f"/analytics/activities/{_activity(w).pk}/delete/", OTHER_ACTIVITY),
        Case("POST", lambda w: f"/analytics/activities/{_activity(w).pk}/delete/", OTHER_ACTIVITY),
    ],
    "analytics:settings": [
        Case("GET", lambda w: "/analytics/settings/", MANAGE),
        Case("POST", lambda w: "/analytics/settings/", MANAGE, body=_settings_form),
    ],
    "analytics:report": [Case("GET", lambda w: "/analytics/report/", READ)],
    "analytics:beneficiary_export": [Case("GET", lambda w: "/analytics/report/erasmus-mobilities.csv", READ)],
}

API_CASES: dict[str, list[Case]] = {
    "GET /api/v1/analytics/charts/{key}": [
        Case("GET", lambda w: "/api/v1/analytics/charts/regions", api(READ))
    ],
    "GET /api/v1/analytics/ledger/agreements/{agreement_id}": [
        Case("GET", lambda w: f"/api/v1/analytics/ledger/agreements/{w.agreement.pk}", api(OWN_AGREEMENT))
    ],
    "GET /api/v1/analytics/ledger/partners/{institution_id}": [
        Case("GET", lambda w: f"/api/v1/analytics/ledger/partners/{w.partner.pk}", api(READ))
    ],
    "GET /api/v1/analytics/scores": [
        Case("GET", lambda w: "/api/v1/analytics/scores?level=agreement", api(READ))
    ],
    "GET /api/v1/analytics/scores/{score_id}": [
        Case("GET", lambda w: f"/api/v1/analytics/scores/{_score(w).pk}", api(PARTNER_SCORE))
    ],
    "GET /api/v1/analytics/goals": [Case("GET", lambda w: "/api/v1/analytics/goals", api(READ))],
    "POST /api/v1/analytics/goals": [
        Case(
            "POST",
            lambda w: "/api/v1/analytics/goals",
            api(MANAGE),
            body=lambda w: {"kind": "country", "code": "FR"},
        )
    ],
    "DELETE /api/v1/analytics/goals/{goal_id}": [
        Case("DELETE", lambda w: f"/api/v1/analytics/goals/{_goal(w).pk}", api(MANAGE))
    ],
    "GET /api/v1/analytics/activities": [Case("GET", lambda w: "/api/v1/analytics/activities", api(READ))],
    "POST /api/v1/analytics/activities": [
        Case(
            "POST",
            lambda w: "/api/v1/analytics/activities",
            api(
                expect(allowed=("admin", "officer"), s403=("auditor", "coordinator", "outsider"), s404=HIDDEN)
            ),
            body=lambda w: {**_activity_form(w), "unit": w.faculty_b.pk},
        )
    ],
    "DELETE /api/v1/analytics/activities/{activity_id}": [
        Case("DELETE", lambda w: f"/api/v1/analytics/activities/{_activity(w).pk}", api(OTHER_ACTIVITY))
    ],
    "GET /api/v1/analytics/settings": [Case("GET", lambda w: "/api/v1/analytics/settings", api(READ))],
    "PUT /api/v1/analytics/settings": [
        Case("PUT", lambda w: "/api/v1/analytics/settings", api(MANAGE), body=_settings_body)
    ],
    "POST /api/v1/analytics/refresh": [Case("POST", lambda w: "/api/v1/analytics/refresh", api(MANAGE))],
}
