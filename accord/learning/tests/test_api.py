"""The learning agreement API: the three-party flow, changes and their effect on signatures, errors."""

from lxml import etree

from accord.engines.ewp.xsd import SchemaKey, validate
from accord.learning.models import LearningAgreement
from accord.learning.tests.factories import make_learning_agreement
from accord_testing.factories import ContactFactory, send_api

BASE = "/api/v1/learning-agreements"


def _component(table, title, ects, **extra):
    return {"table": table, "title": title, "ects": ects, "term_number": 1, "total_terms": 2, **extra}


def _sign(world, persona, la_id, role, **extra):
    body = {"role": role, "signer_name": persona.title(), "signer_position": "Coordinator", **extra}
    return send_api(world, persona, "post", f"{BASE}/{la_id}/signatures", body)


def test_the_whole_flow_through_the_api(world):
    created = send_api(
        world,
        "student",
        "post",
        BASE,
        {"mobility_id": world.mobility.pk, "language": "en", "cefr_level": "B2"},
    )
    assert created.status_code == 201, created.json()
    la_id = created.json()["id"]
    assert created.json()["proposals"][0]["kind"] == "first_version"
    for body in (
        _component("A", "Algorithms", "15"),
        _component("A", "Databases", "15"),
        _component("B", "Informatics", "30"),
    ):
        assert send_api(world, "student", "post", f"{BASE}/{la_id}/components", body).status_code == 201
    assert _sign(world, "student", la_id, "student").status_code == 201
    assert _sign(world, "coordinator", la_id, "sending").status_code == 201
    assert _sign(world, "partner_contact", la_id, "receiving").status_code == 201
    detail = send_api(world, "auditor", "get", f"{BASE}/{la_id}").json()
    assert detail["status"] == "approved"
    assert detail["in_force_totals"] == {"a": "30.0", "b": "30.0", "c": "0"} or detail["in_force_totals"][
        "a"
    ] in ("30", "30.0")
    assert [c["title"] for c in detail["in_force"]] == ["Algorithms", "Databases", "Informatics"]

    # A change: a new proposal with its own signatures; the approved version stays in force meanwhile.
    assert send_api(world, "student", "post", f"{BASE}/{la_id}/changes").status_code == 201
    algorithms = detail["in_force"][0]["id"]
    deletion = send_api(
        world,
        "student",
        "post",
        f"{BASE}/{la_id}/components/{algorithms}/deletion",
        {"reason_code": "timetable-conflict"},
    )
    assert deletion.status_code == 201 and deletion.json()["status"] == "deleted"
    inserted = send_api(
        world,
        "student",
        "post",
        f"{BASE}/{la_id}/components",
        _component("A", "Compilers", "15", reason_code="substituting-deleted"),
    )
    assert inserted.json()["status"] == "inserted"
    assert _sign(world, "student", la_id, "student").status_code == 201
    # The coordinator edits the proposal after the student signed: the student's signature is gone.
    send_api(
        world,
        "coordinator",
        "put",
        f"{BASE}/{la_id}/components/{inserted.json()['id']}",
        _component("A", "Compilers", "15", reason_code="substituting-deleted", reason_text="Same level"),
    )
    proposal = send_api(world, "student", "get", f"{BASE}/{la_id}").json()["proposals"][-1]
    assert proposal["signatures"] == [] and proposal["missing_signatures"] == [
        "student",
        "sending",
        "receiving",
    ]
    stale = _sign(world, "student", la_id, "student", revision=proposal["revision"] - 1)
    assert stale.status_code == 409 and stale.json()["code"] == "edit_conflict"
    assert _sign(world, "student", la_id, "student", revision=proposal["revision"]).status_code == 201
    assert _sign(world, "coordinator", la_id, "sending").status_code == 201
    assert _sign(world, "partner_contact", la_id, "receiving").status_code == 201
    final = send_api(world, "student", "get", f"{BASE}/{la_id}").json()
    assert [c["title"] for c in final["in_force"]] == ["Databases", "Compilers", "Informatics"]
    assert [p["status"] for p in final["proposals"]] == ["approved", "approved"]


def test_rules_are_reported_with_a_stable_code(world):
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    send_api(world, "student", "post", f"{BASE}/{la.pk}/components", _component("A", "Tiny", "3"))
    response = _sign(world, "student", la.pk, "student")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "rules_not_met"
    assert {p["code"] for p in body["details"]["problems"]} >= {"table_b_empty", "too_few_credits"}


def test_a_party_signs_only_for_itself(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    response = _sign(world, "student", la.pk, "receiving")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert _sign(world, "auditor", la.pk, "sending").status_code == 403


def test_invalid_component_gives_the_field(world):
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    response = send_api(
        world, "student", "post", f"{BASE}/{la.pk}/components", {"table": "C", "title": "Virtual"}
    )
    assert response.status_code == 422
    assert response.json()["details"]["field"] == "short_description"
    response = send_api(
        world, "student", "post", f"{BASE}/{la.pk}/components", {"table": "X", "title": "Bad"}
    )
    assert response.status_code == 422 and response.json()["code"] == "validation_error"


def test_hidden_agreements_are_404(world):
    la = make_learning_agreement(world.other_mobility, world.users["officer"], filled=False)
    for persona in ("student", "coordinator", "partner_contact", "outsider"):
        assert send_api(world, persona, "get", f"{BASE}/{la.pk}").status_code == 404
        assert send_api(world, persona, "post", f"{BASE}/{la.pk}/comments", {"body": "x"}).status_code == 404


def test_starting_an_agreement_for_a_hidden_mobility_is_404(world):
    response = send_api(world, "student", "post", BASE, {"mobility_id": world.other_mobility.pk})
    assert response.status_code == 404
    assert not LearningAgreement.objects.exists()


def test_the_ewp_document_validates(world):
    world.mobility.person.student_number = "S-42"
    world.mobility.person.save()
    ContactFactory(institution=world.partner, email="io@partner.example.org", name="Ida Office")
    la = make_learning_agreement(world.mobility, world.users["student"])
    send_api(world, "student", "patch", f"{BASE}/{la.pk}", {"isced_code": "", "eqf_level": 6})
    missing = send_api(world, "student", "get", f"{BASE}/{la.pk}/ewp")
    assert missing.status_code == 422 and missing.json()["code"] == "not_exportable"
    assert "ISCED" in missing.json()["message"]
    from accord.reference.models import IscedField

    IscedField.objects.get_or_create(code="0613", defaults={"level": "detailed", "name": "Software"})
    send_api(world, "student", "patch", f"{BASE}/{la.pk}", {"isced_code": "0613"})
    for persona, role in (("student", "student"), ("coordinator", "sending")):
        _sign(world, persona, la.pk, role)
    response = send_api(world, "partner_contact", "get", f"{BASE}/{la.pk}/ewp")
    assert response.status_code == 200, response.content
    root = etree.fromstring(response.content)
    validate(root, SchemaKey.OMOBILITY_LAS_V1_GET)
    ns = {"la": root.nsmap[None]}
    # Signed by the student and the sending side only: a changes-proposal, not yet a first-version.
    assert root.xpath("//la:changes-proposal/@id", namespaces=ns)
    assert not root.xpath("//la:first-version", namespaces=ns)
    _sign(world, "partner_contact", la.pk, "receiving")
    root = etree.fromstring(send_api(world, "partner_contact", "get", f"{BASE}/{la.pk}/ewp").content)
    validate(root, SchemaKey.OMOBILITY_LAS_V1_GET)
    assert root.xpath(
        "//la:first-version/la:components-studied/la:component/la:title/text()", namespaces=ns
    ) == [
        "Algorithms",
        "Databases",
    ]
