"""The recognition pages as users meet them: errors beside fields, conversion, signing, PDFs, tables."""

from __future__ import annotations

from typing import Any

import pytest

from accord.recognition.models import DecisionStatus, RecognitionDecision, Transcript
from accord.recognition.tests.factories import (
    POLISH_TABLE,
    components,
    make_grade_table,
    make_learning_agreement,
)
from accord_testing.world import World


@pytest.fixture
def la(world: World) -> Any:
    return make_learning_agreement(world.mobility)


def _transcript_form(la: Any, grades: tuple[str, ...]) -> dict[str, str]:
    data = {"scale": "pl-2-5", "issued_on": "2027-02-15"}
    for component, grade in zip(components(la, "A"), grades, strict=True):
        data[f"grade_{component.pk}"] = grade
        data[f"credits_{component.pk}"] = str(component.ects)
    return data


def test_transcript_errors_appear_beside_the_field_and_nothing_is_saved(world: World, la: Any) -> None:
    url = f"/recognition/mobilities/{world.mobility.pk}/transcript/"
    response = world.client_for("coordinator").post(url, _transcript_form(la, ("5", "B+", "4")))
    assert response.status_code == 422
    form = response.context["form"]
    bad = components(la, "A")[1]
    assert list(form.errors) == [f"grade_{bad.pk}"]
    assert "is not on Poland" in form.errors[f"grade_{bad.pk}"][0]
    assert f'id="id_grade_{bad.pk}_error"' in response.content.decode()
    assert not Transcript.objects.exists()


def test_transcript_is_saved_and_shown_to_the_student(world: World, la: Any) -> None:
    url = f"/recognition/mobilities/{world.mobility.pk}/transcript/"
    assert world.client_for("officer").post(url, _transcript_form(la, ("5", "4", ""))).status_code == 302
    transcript = Transcript.objects.get()
    assert transcript.entries.count() == 2
    page = world.client_for("student").get(url)
    assert page.status_code == 200 and "not graded" in page.content.decode()
    assert '<form method="post" novalidate' not in page.content.decode()


def _recognition_form(la: Any) -> dict[str, Any]:
    hosts, homes = components(la, "A"), components(la, "B")
    return {
        "home_scale": "ects",
        f"recognised_{homes[0].pk}": "on",
        f"sources_{homes[0].pk}": [hosts[0].pk],
        f"credits_{homes[0].pk}": "6",
        f"sources_{homes[1].pk}": [],
        f"reason_{homes[1].pk}": "Not taken",
        "comment": "",
    }


def test_recognition_converts_and_the_coordinator_signs(world: World, la: Any) -> None:
    make_grade_table(world.partner, "pl-2-5", POLISH_TABLE)
    make_grade_table(world.home, "ects", (10, 25, 30, 25, 10))
    world.client_for("officer").post(
        f"/recognition/mobilities/{world.mobility.pk}/transcript/", _transcript_form(la, ("5", "4", "3"))
    )
    url = f"/recognition/mobilities/{world.mobility.pk}/"
    page = world.client_for("officer").get(url)
    assert "Percentile method" in page.content.decode()
    saved = world.client_for("officer").post(url, _recognition_form(la))
    assert saved.status_code == 302
    decision = RecognitionDecision.objects.get()
    first = decision.components.get(recognised=True)
    assert (first.grade, first.method) == ("A", "percentile")
    # The officer prepares, but only the unit's coordinator signs.
    assert "Sign the recognition" not in world.client_for("officer").get(url).content.decode()
    page = world.client_for("coordinator").get(url)
    assert "Sign the recognition" in page.content.decode()
    signed = world.client_for("coordinator").post(
        f"{url}sign/", {"position": "Erasmus coordinator", "version": decision.version}
    )
    assert signed.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED and decision.signer_position == "Erasmus coordinator"
    assert world.client_for("student").get(url).status_code == 200


def test_recognition_problems_show_beside_the_row(world: World, la: Any) -> None:
    world.client_for("officer").post(
        f"/recognition/mobilities/{world.mobility.pk}/transcript/", _transcript_form(la, ("5", "4", "3"))
    )
    data = _recognition_form(la)
    home = components(la, "B")[1]
    data[f"reason_{home.pk}"] = ""
    response = world.client_for("officer").post(f"/recognition/mobilities/{world.mobility.pk}/", data)
    assert response.status_code == 422
    assert f"reason_{home.pk}" in response.context["form"].errors
    assert not RecognitionDecision.objects.exists()


def test_pdfs_are_pdfs_and_hidden_ones_answer_404(world: World, la: Any) -> None:
    world.client_for("officer").post(
        f"/recognition/mobilities/{world.mobility.pk}/transcript/", _transcript_form(la, ("5", "4", "3"))
    )
    world.client_for("officer").post(f"/recognition/mobilities/{world.mobility.pk}/", _recognition_form(la))
    for persona in ("student", "coordinator"):
        for name in ("recognition.pdf", "learning-agreement.pdf"):
            response = world.client_for(persona).get(f"/recognition/mobilities/{world.mobility.pk}/{name}")
            assert response.status_code == 200, (persona, name)
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF-")
    assert (
        world.client_for("partner_contact")
        .get(f"/recognition/mobilities/{world.mobility.pk}/recognition.pdf")
        .status_code
        == 404
    )
    assert (
        world.client_for("outsider")
        .get(f"/recognition/mobilities/{world.mobility.pk}/learning-agreement.pdf")
        .status_code
        == 404
    )
    # A mobility without a learning agreement or decision: 404 like a missing one.
    assert (
        world.client_for("officer")
        .get(f"/recognition/mobilities/{world.other_mobility.pk}/recognition.pdf")
        .status_code
        == 404
    )
    assert (
        world.client_for("officer").get("/recognition/mobilities/999999/learning-agreement.pdf").status_code
        == 404
    )


def test_queue_and_partner_outcomes(world: World, la: Any) -> None:
    page = world.client_for("coordinator").get("/recognition/?stage=no_transcript")
    assert [m.pk for m in page.context["page"].object_list] == [world.mobility.pk]
    assert world.client_for("coordinator").get("/recognition/?stage=signed").context["page"].object_list == []
    outcomes = world.client_for("officer").get("/recognition/partners/")
    assert outcomes.status_code == 200 and "Partner University" in outcomes.content.decode()
    assert "10.0 days" in outcomes.content.decode()
