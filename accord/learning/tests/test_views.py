"""The learning agreement pages through the browser's eyes (Django test client)."""

import pytest

from accord.learning.models import LearningAgreement
from accord.learning.selectors import components_in_force, open_proposal
from accord.learning.tests.factories import approve_first_version, make_learning_agreement, sign_as


def test_starting_from_the_mobility(world):
    client = world.client_for("student")
    page = client.get(f"/learning-agreements/mobility/{world.mobility.pk}/")
    assert b"Start the learning agreement" in page.content
    response = client.post(f"/learning-agreements/mobility/{world.mobility.pk}/")
    la = LearningAgreement.objects.get(mobility=world.mobility)
    assert response.status_code == 302 and response["Location"] == f"/learning-agreements/{la.pk}/"
    assert client.get(f"/learning-agreements/mobility/{world.mobility.pk}/").status_code == 302


def test_the_page_shows_tables_totals_and_the_right_sign_button(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    student_page = world.client_for("student").get(f"/learning-agreements/{la.pk}/").content.decode()
    assert "Table A" in student_page and "Algorithms" in student_page
    assert "Sign as the student" in student_page
    assert "Sign as the sending institution" not in student_page
    coordinator_page = world.client_for("coordinator").get(f"/learning-agreements/{la.pk}/").content.decode()
    assert "Sign as the sending institution" in coordinator_page
    assert "Sign as the student" not in coordinator_page
    auditor_page = world.client_for("auditor").get(f"/learning-agreements/{la.pk}/").content.decode()
    assert "Sign as" not in auditor_page and "Add to Table A" not in auditor_page


def _sign_form(la, role, **extra):
    prefix = f"sign-{role}"
    data = {
        "sign_role": role,
        f"{prefix}-role": role,
        f"{prefix}-revision": open_proposal(la).revision,
        f"{prefix}-signer_name": "Some Body",
        f"{prefix}-signer_position": "Coordinator",
        f"{prefix}-confirm": "on",
    }
    data.update(extra)
    return data


def test_signing_through_the_page(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    response = world.client_for("student").post(
        f"/learning-agreements/{la.pk}/sign/", _sign_form(la, "student")
    )
    assert response.status_code == 302
    assert open_proposal(la).signed_roles() == {"student"}


def test_signing_without_confirming_shows_the_error_beside_the_field(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    data = _sign_form(la, "student")
    del data["sign-student-confirm"]
    response = world.client_for("student").post(f"/learning-agreements/{la.pk}/sign/", data)
    assert response.status_code == 422
    assert 'id="id_sign-student-confirm_error"' in response.content.decode()
    assert open_proposal(la).signed_roles() == set()


def test_signing_for_another_party_is_refused_beside_the_form(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    response = world.client_for("student").post(
        f"/learning-agreements/{la.pk}/sign/", _sign_form(la, "sending")
    )
    assert response.status_code == 422
    assert "You may not sign for this party." in response.content.decode()


def test_adding_a_component_with_errors_keeps_the_input(world):
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    client = world.client_for("student")
    response = client.post(
        f"/learning-agreements/{la.pk}/components/new/",
        {"table": "C", "title": "Online ethics", "ects": "3", "version": la.version},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "A virtual component needs a short description." in body and 'value="Online ethics"' in body


def test_a_change_proposal_through_the_pages(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    approve_first_version(la, world)
    client = world.client_for("student")
    client.post(f"/learning-agreements/{la.pk}/changes/")
    target = components_in_force(la)[0]
    la.refresh_from_db()
    response = client.post(
        f"/learning-agreements/{la.pk}/components/{target.pk}/delete/",
        {"reason_code": "not-available", "version": la.version},
    )
    assert response.status_code == 302
    page = client.get(f"/learning-agreements/{la.pk}/").content.decode()
    assert "to be deleted" in page and "Proposed changes (#2)" in page


def test_comments_and_returning_a_proposal(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    sign_as(la, world.users["student"], "student")
    partner = world.client_for("partner_contact")
    assert partner.post(f"/learning-agreements/{la.pk}/comments/", {"body": "Looks fine"}).status_code == 302
    response = partner.post(f"/learning-agreements/{la.pk}/return/", {"comment": "Databases is full."})
    assert response.status_code == 302
    assert open_proposal(la).signed_roles() == set()
    assert (
        "Databases is full."
        in world.client_for("student").get(f"/learning-agreements/{la.pk}/").content.decode()
    )


def test_ewp_download_validates(world):
    from accord_testing.factories import ContactFactory

    world.mobility.person.student_number = "S123"
    world.mobility.person.save()
    ContactFactory(institution=world.partner, email="io@partner.example.org", name="Ida Office")
    la = make_learning_agreement(world.mobility, world.users["student"])
    la.isced_id = None
    la.save()
    response = world.client_for("coordinator").get(f"/learning-agreements/{la.pk}/ewp.xml")
    assert response.status_code == 302  # refused: the ISCED field is missing, and the page says so
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("ISCED" in m for m in messages)


def test_list_filters(world):
    make_learning_agreement(world.mobility, world.users["student"])
    client = world.client_for("officer")
    assert "Dent" in client.get("/learning-agreements/").content.decode()
    assert "Dent" in client.get("/learning-agreements/?awaiting=student").content.decode()
    assert "Dent" not in client.get("/learning-agreements/?status=approved").content.decode()


@pytest.mark.parametrize("persona", ["outsider", "auditor"])
def test_non_parties_cannot_comment(world, persona):
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    response = world.client_for(persona).post(f"/learning-agreements/{la.pk}/comments/", {"body": "x"})
    assert response.status_code == (404 if persona == "outsider" else 403)


def test_a_component_from_the_catalogue(world):
    from accord.learning.models import Course

    course = Course.objects.create(institution=world.partner, code="P-ALG", title="Algorithms", ects="6")
    la = make_learning_agreement(world.mobility, world.users["student"], filled=False)
    client = world.client_for("student")
    assert (
        "P-ALG Algorithms (6.0 ECTS)"
        in client.get(f"/learning-agreements/{la.pk}/components/new/").content.decode()
    )
    data = {"table": "A", "course": course.pk, "term_number": 1, "total_terms": 2, "version": la.version}
    assert client.post(f"/learning-agreements/{la.pk}/components/new/", data).status_code == 302
    component = open_proposal(la).components.get()
    assert (component.code, component.title, component.ects, component.course) == (
        "P-ALG",
        "Algorithms",
        6,
        course,
    )
    # A home course cannot be a row of Table A (studied at the host).
    home = Course.objects.create(institution=world.home, code="H-1", title="Home")
    data = {"table": "A", "course": home.pk, "term_number": 1, "total_terms": 2}
    response = client.post(f"/learning-agreements/{la.pk}/components/new/", data)
    assert "Choose a course of the institution" in response.content.decode()


def test_the_list_offers_mobilities_to_start_from(world):
    student_page = world.client_for("student").get("/learning-agreements/").content.decode()
    assert f"/learning-agreements/mobility/{world.mobility.pk}/" in student_page
    coordinator = world.client_for("coordinator")
    assert (
        f"/learning-agreements/mobility/{world.mobility.pk}/"
        not in coordinator.get("/learning-agreements/").content.decode()
    )
    found = coordinator.get("/learning-agreements/?start_q=Dent").content.decode()
    assert f"/learning-agreements/mobility/{world.mobility.pk}/" in found
    assert f"/learning-agreements/mobility/{world.other_mobility.pk}/" not in found
