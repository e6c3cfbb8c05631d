"""Permission matrix entries of the learning agreement pages and API (accord/tests/test_permission_matrix.py).

The world's mobility (faculty A, the persona student's, to the persona partner's institution) gets a learning
agreement with a first version being drafted; the other mobility (faculty B, unrelated partner) one too, for
the hidden cases. Objects are made in the path or body builders, before the database is fingerprinted.
"""

from typing import Any

from accord.learning.courses.services import equivalence_approve
from accord.learning.links.services import invitation_send
from accord.learning.links.tokens import token_for
from accord.learning.models import Component, Course, CourseEquivalence, LearningAgreement
from accord.learning.selectors import open_proposal
from accord.learning.tests.factories import make_learning_agreement
from accord.tests.matrix_support import (
    API_READ_EVERYONE,
    API_SCOPED_CREATE,
    EVERYONE,
    OTHER_READ,
    SIGNED_IN,
    Case,
    expect,
)
from accord_testing.factories import make_mobility
from accord_testing.world import World

VISIBLE = expect(
    allowed=("admin", "officer", "auditor", "coordinator", "student", "partner_contact"), s404=("outsider",)
)
EDIT = expect(
    allowed=("admin", "officer", "coordinator", "student"),
    s403=("auditor", "partner_contact"),
    s404=("outsider",),
)
TAKE_PART = expect(
    allowed=("admin", "officer", "coordinator", "student", "partner_contact"),
    s403=("auditor",),
    s404=("outsider",),
)
INSTITUTIONS = expect(
    allowed=("admin", "officer", "coordinator", "partner_contact"),
    s403=("auditor", "student"),
    s404=("outsider",),
)
OUR_SIDE = expect(
    allowed=("admin", "officer", "coordinator"),
    s403=("auditor", "student", "partner_contact"),
    s404=("outsider",),
)
START = expect(
    allowed=("admin", "officer", "coordinator", "student"),
    s403=("auditor", "partner_contact"),
    s404=("outsider",),
)
# The unrelated partner's catalogue: the office and coordinators keep it; students and partners do not see it.
OTHER_CATALOGUE_WRITE = expect(
    allowed=("admin", "officer", "coordinator", "outsider"),
    s403=("auditor",),
    s404=("student", "partner_contact"),
)
WITHDRAW = expect(
    allowed=("admin", "officer", "coordinator"), s403=("auditor", "student", "partner_contact", "outsider")
)
PUBLIC = expect(allowed=SIGNED_IN, anonymous=200)
PUBLIC_INVALID = expect(allowed=SIGNED_IN, anonymous=422)


def _api(table: dict[str, Any]) -> dict[str, Any]:
    return {**table, "anonymous": 401}


def _la(w: World) -> LearningAgreement:
    existing = LearningAgreement.objects.filter(mobility=w.mobility).first()
    return existing or make_learning_agreement(w.mobility, w.users["officer"])


def _other_la(w: World) -> LearningAgreement:
    existing = LearningAgreement.objects.filter(mobility=w.other_mobility).first()
    return existing or make_learning_agreement(w.other_mobility, w.users["officer"])


def _component(w: World) -> Component:
    return open_proposal(_la(w)).components.first()


def _new_mobility(w: World) -> Any:
    """Another mobility of the persona student in faculty A, without a learning agreement."""
    return make_mobility(agreement=w.agreement, person=w.mobility.person, year=2027)


def _courses(w: World) -> tuple[Course, Course]:
    host = Course.objects.create(institution=w.partner, code="P-1", title="Partner course")
    home = Course.objects.create(institution=w.home, code="H-1", title="Home course")
    return host, home


def _equivalence(w: World) -> CourseEquivalence:
    host, home = _courses(w)
    return equivalence_approve(
        host_course_ids=[host.pk], home_course_ids=[home.pk], actor=w.users["coordinator"]
    )


def _other_course(w: World) -> Course:
    return Course.objects.create(institution=w.other_partner, code="O-1", title="Other course")


def _link(w: World) -> str:
    invitation = invitation_send(
        proposal=open_proposal(_la(w)), name="Piotr", email="p@partner.example.org", actor=w.users["officer"]
    )
    return f"/learning-agreements/link/{token_for(invitation)}/"


def _p(w: World, suffix: str = "") -> str:
    return f"/learning-agreements/{_la(w).pk}/{suffix}"


INVALID_SIGNATURE_FORM = {"sign_role": "student"}

HTML_CASES: dict[str, list[Case]] = {
    "learning:list": [Case("GET", lambda w: "/learning-agreements/", EVERYONE)],
    "learning:for_mobility": [
        Case("GET", lambda w: f"/learning-agreements/mobility/{w.mobility.pk}/", VISIBLE),
        Case("POST", lambda w: f"/learning-agreements/mobility/{_new_mobility(w).pk}/", START, label="start"),
    ],
    "learning:detail": [
        Case("GET", lambda w: _p(w), VISIBLE),
        Case("GET", lambda w: f"/learning-agreements/{_other_la(w).pk}/", OTHER_READ, label="other"),
    ],
    "learning:details": [
        Case("GET", lambda w: _p(w, "details/"), EDIT),
        Case(
            "POST", lambda w: _p(w, "details/"), EDIT, body=lambda w: {"language": "en", "cefr_level": "B2"}
        ),
    ],
    "learning:component_create": [
        Case("GET", lambda w: _p(w, "components/new/"), EDIT),
        Case("POST", lambda w: _p(w, "components/new/"), EDIT, body=lambda w: {"table": "A"}),
    ],
    "learning:component_edit": [Case("GET", lambda w: _p(w, f"components/{_component(w).pk}/edit/"), EDIT)],
    "learning:component_remove": [
        Case("GET", lambda w: _p(w, f"components/{_component(w).pk}/remove/"), EDIT),
        Case("POST", lambda w: _p(w, f"components/{_component(w).pk}/remove/"), EDIT),
    ],
    "learning:component_delete": [
        Case("POST", lambda w: _p(w, f"components/{_component(w).pk}/delete/"), EDIT, body=lambda w: {})
    ],
    "learning:changes_start": [Case("POST", lambda w: _p(w, "changes/"), EDIT)],
    "learning:changes_withdraw": [Case("GET", lambda w: _p(w, "changes/withdraw/"), EDIT)],
    "learning:sign": [
        Case("POST", lambda w: _p(w, "sign/"), TAKE_PART, body=lambda w: INVALID_SIGNATURE_FORM)
    ],
    "learning:return": [
        Case("POST", lambda w: _p(w, "return/"), INSTITUTIONS, body=lambda w: {"comment": ""})
    ],
    "learning:comment": [
        Case("POST", lambda w: _p(w, "comments/"), TAKE_PART, body=lambda w: {"body": "Hello"})
    ],
    "learning:invite": [Case("POST", lambda w: _p(w, "invite/"), OUR_SIDE, body=lambda w: {"email": "bad"})],
    "learning:equivalence_apply": [
        Case("POST", lambda w: _p(w, "equivalences/apply/"), EDIT, body=lambda w: {"equivalence": "x"})
    ],
    "learning:equivalence_remember": [
        Case("POST", lambda w: _p(w, "equivalences/remember/"), OUR_SIDE, body=lambda w: {})
    ],
    "learning:ewp_xml": [Case("GET", lambda w: _p(w, "ewp.xml"), VISIBLE)],
    "learning:link": [
        Case("GET", _link, PUBLIC),
        Case("POST", _link, PUBLIC_INVALID, body=lambda w: {"action": "sign"}, label="invalid"),
    ],
    "learning:courses": [Case("GET", lambda w: "/learning-agreements/courses/", EVERYONE)],
    "learning:course_create": [
        Case(
            "GET",
            lambda w: f"/learning-agreements/courses/new/?institution={w.other_partner.pk}",
            OTHER_CATALOGUE_WRITE,
        )
    ],
    "learning:course_edit": [
        Case(
            "POST",
            lambda w: f"/learning-agreements/courses/{_other_course(w).pk}/edit/",
            OTHER_CATALOGUE_WRITE,
            body=lambda w: {"title": ""},
        )
    ],
    "learning:equivalences": [Case("GET", lambda w: "/learning-agreements/equivalences/", EVERYONE)],
    "learning:equivalence_withdraw": [
        Case("POST", lambda w: f"/learning-agreements/equivalences/{_equivalence(w).pk}/withdraw/", WITHDRAW)
    ],
}

BASE = "/api/v1/learning-agreements"


def _a(w: World, suffix: str = "") -> str:
    return f"{BASE}/{_la(w).pk}{suffix}"


def _component_body(w: World) -> dict[str, Any]:
    return {"table": "A", "title": "Matrix course", "ects": "5", "term_number": 1, "total_terms": 2}


API_CASES: dict[str, list[Case]] = {
    "GET /api/v1/learning-agreements": [Case("GET", lambda w: BASE, API_READ_EVERYONE)],
    "POST /api/v1/learning-agreements": [
        Case("POST", lambda w: BASE, _api(START), body=lambda w: {"mobility_id": _new_mobility(w).pk})
    ],
    "GET /api/v1/learning-agreements/{la_id}": [
        Case("GET", lambda w: _a(w), _api(VISIBLE)),
        Case("GET", lambda w: f"{BASE}/{_other_la(w).pk}", _api(OTHER_READ), label="other"),
    ],
    "PATCH /api/v1/learning-agreements/{la_id}": [
        Case("PATCH", lambda w: _a(w), _api(EDIT), body=lambda w: {"language": "en"})
    ],
    "POST /api/v1/learning-agreements/{la_id}/components": [
        Case("POST", lambda w: _a(w, "/components"), _api(EDIT), body=_component_body)
    ],
    "PUT /api/v1/learning-agreements/{la_id}/components/{component_id}": [
        Case("PUT", lambda w: _a(w, f"/components/{_component(w).pk}"), _api(EDIT), body=_component_body)
    ],
    "DELETE /api/v1/learning-agreements/{la_id}/components/{component_id}": [
        Case("DELETE", lambda w: _a(w, f"/components/{_component(w).pk}"), _api(EDIT))
    ],
    "POST /api/v1/learning-agreements/{la_id}/components/{component_id}/deletion": [
        Case(
            "POST",
            lambda w: _a(w, f"/components/{_component(w).pk}/deletion"),
            _api(EDIT),
            body=lambda w: {"reason_code": "not-available"},
        )
    ],
    "POST /api/v1/learning-agreements/{la_id}/changes": [
        Case("POST", lambda w: _a(w, "/changes"), _api(EDIT))
    ],
    "POST /api/v1/learning-agreements/{la_id}/changes/withdraw": [
        Case("POST", lambda w: _a(w, "/changes/withdraw"), _api(EDIT))
    ],
    "POST /api/v1/learning-agreements/{la_id}/signatures": [
        Case("POST", lambda w: _a(w, "/signatures"), _api(TAKE_PART), body=lambda w: {"role": "nobody"}),
        Case(
            "POST",
            lambda w: f"{BASE}/{_other_la(w).pk}/signatures",
            _api(
                expect(
                    allowed=("admin", "officer"),
                    s403=("auditor",),
                    s404=("coordinator", "student", "partner_contact", "outsider"),
                )
            ),
            body=lambda w: {"role": "nobody"},
            label="other",
        ),
    ],
    "POST /api/v1/learning-agreements/{la_id}/return": [
        Case("POST", lambda w: _a(w, "/return"), _api(INSTITUTIONS), body=lambda w: {"comment": ""})
    ],
    "GET /api/v1/learning-agreements/{la_id}/comments": [
        Case("GET", lambda w: _a(w, "/comments"), _api(VISIBLE))
    ],
    "POST /api/v1/learning-agreements/{la_id}/comments": [
        Case("POST", lambda w: _a(w, "/comments"), _api(TAKE_PART), body=lambda w: {"body": "Hello"})
    ],
    "POST /api/v1/learning-agreements/{la_id}/invitations": [
        Case(
            "POST", lambda w: _a(w, "/invitations"), _api(OUR_SIDE), body=lambda w: {"name": "", "email": "x"}
        )
    ],
    "GET /api/v1/learning-agreements/{la_id}/equivalence-suggestions": [
        Case("GET", lambda w: _a(w, "/equivalence-suggestions"), _api(VISIBLE))
    ],
    "POST /api/v1/learning-agreements/{la_id}/equivalence-suggestions/apply": [
        Case(
            "POST",
            lambda w: _a(w, "/equivalence-suggestions/apply"),
            _api(EDIT),
            body=lambda w: {"equivalence_id": _equivalence(w).pk},
        )
    ],
    "GET /api/v1/learning-agreements/{la_id}/ewp": [Case("GET", lambda w: _a(w, "/ewp"), _api(VISIBLE))],
    "GET /api/v1/courses": [Case("GET", lambda w: "/api/v1/courses", API_READ_EVERYONE)],
    "POST /api/v1/courses": [
        Case(
            "POST",
            lambda w: "/api/v1/courses",
            API_SCOPED_CREATE,
            body=lambda w: {"institution_id": w.other_partner.pk, "title": "Matrix course"},
        )
    ],
    "PUT /api/v1/courses/{course_id}": [
        Case(
            "PUT",
            lambda w: f"/api/v1/courses/{_other_course(w).pk}",
            _api(OTHER_CATALOGUE_WRITE),
            body=lambda w: {"institution_id": w.other_partner.pk, "title": "Renamed"},
        )
    ],
    "GET /api/v1/course-equivalences": [
        Case("GET", lambda w: "/api/v1/course-equivalences", API_READ_EVERYONE)
    ],
    "POST /api/v1/course-equivalences": [
        Case(
            "POST",
            lambda w: "/api/v1/course-equivalences",
            API_SCOPED_CREATE,
            body=lambda w: dict(
                zip(("host_course_ids", "home_course_ids"), ([c.pk] for c in _courses(w)), strict=True)
            ),
        )
    ],
    "POST /api/v1/course-equivalences/{equivalence_id}/withdraw": [
        Case("POST", lambda w: f"/api/v1/course-equivalences/{_equivalence(w).pk}/withdraw", _api(WITHDRAW))
    ],
}
