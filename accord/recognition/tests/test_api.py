"""The API: conversions, transcript -> draft -> signature, and partner metrics."""

from __future__ import annotations

from accord.recognition.tests.factories import components, make_learning_agreement
from accord_testing.factories import send_api
from accord_testing.world import World


def test_conversion_endpoint_follows_the_cli_contract(world: World) -> None:
    body = {"from": {"scale": "it-18-30"}, "to": {"scale": "ects"}, "grade": 27}
    answer = send_api(world, "student", "post", "/api/v1/grade-conversions", body).json()
    assert answer["method"] == "linear" and answer["grade"] in {"B", "C"}
    bad = send_api(world, "student", "post", "/api/v1/grade-conversions", {**body, "grade": 31})
    assert bad.status_code == 422 and bad.json()["code"] == "grade_out_of_range"


def test_transcript_decision_and_signature(world: World) -> None:
    la = make_learning_agreement(world.mobility)
    hosts, homes = components(la, "A"), components(la, "B")
    base = f"/api/v1/recognition/mobilities/{world.mobility.pk}"
    assert send_api(world, "officer", "get", f"{base}/transcript").status_code == 404
    entries = [
        {"component_id": h.pk, "grade": g, "credits": str(h.ects)}
        for h, g in zip(hosts, ("5", "4", "3"), strict=True)
    ]
    bad = send_api(
        world,
        "officer",
        "put",
        f"{base}/transcript",
        {"scale": "pl-2-5", "entries": [{**entries[0], "grade": "X"}]},
    )
    assert bad.status_code == 422 and bad.json()["details"]["errors"][0]["field"] == "entries.0.grade"
    transcript = send_api(
        world, "officer", "put", f"{base}/transcript", {"scale": "pl-2-5", "entries": entries}
    )
    assert transcript.status_code == 200 and len(transcript.json()["entries"]) == 3
    rows = [
        {"component_id": homes[0].pk, "recognised": True, "source_ids": [hosts[0].pk]},
        {"component_id": homes[1].pk, "recognised": True, "source_ids": [hosts[1].pk, hosts[2].pk]},
    ]
    draft = send_api(world, "officer", "put", f"{base}/decision", {"home_scale": "ects", "rows": rows})
    assert draft.status_code == 200, draft.json()
    decision = draft.json()
    assert decision["status"] == "draft" and decision["rows"][0]["method"] == "linear"
    assert decision["credits_recognised"] == decision["credits_planned"] == "15.0"
    stale = send_api(
        world, "coordinator", "post", f"{base}/decision/sign", {"version": decision["version"] - 1}
    )
    assert stale.status_code == 409 and stale.json()["code"] == "edit_conflict"
    assert send_api(world, "officer", "post", f"{base}/decision/sign", {}).status_code == 403
    signed = send_api(
        world,
        "coordinator",
        "post",
        f"{base}/decision/sign",
        {"position": "Dean", "version": decision["version"]},
    )
    assert signed.json()["status"] == "signed" and signed.json()["signer_position"] == "Dean"
    again = send_api(world, "officer", "put", f"{base}/decision", {"home_scale": "ects", "rows": rows})
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"
    assert send_api(world, "student", "get", f"{base}/decision").json()["status"] == "signed"
    assert send_api(world, "partner_contact", "get", f"{base}/decision").status_code == 404
    metrics = send_api(world, "officer", "get", "/api/v1/recognition/partners").json()
    assert metrics == [
        {
            "institution": {"id": world.partner.pk, "name": "Partner University", "country": "PL"},
            "recognition_rate": 1.0,
            "la_turnaround_days": 10.0,
            "learning_agreements": 1,
            "credits_planned": "15.0",
            "credits_recognised": "15.0",
        }
    ]
