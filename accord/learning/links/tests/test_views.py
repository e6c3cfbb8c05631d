"""The page behind a private signing link: the partner signs without an account; bad links are 404."""

import re

from django.core import mail
from django.test import Client

from accord.learning.links.services import invitation_send
from accord.learning.links.tokens import token_for
from accord.learning.models import SigningInvitation
from accord.learning.selectors import open_proposal
from accord.learning.tests.factories import make_learning_agreement, sign_as


def test_the_partner_signs_through_an_emailed_link(world):
    la = make_learning_agreement(world.mobility, world.users["student"])
    sign_as(la, world.users["student"], "student")
    sign_as(la, world.users["coordinator"], "sending")
    mail.outbox.clear()
    response = world.client_for("coordinator").post(
        f"/learning-agreements/{la.pk}/invite/",
        {"name": "Piotr Nowak", "position": "Coordinator", "email": "p@partner.example.org"},
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["p@partner.example.org"]]
    link = re.search(r"/learning-agreements/link/[^\s]+/", mail.outbox[0].body).group(0)
    anonymous = Client()
    page = anonymous.get(link)
    assert page.status_code == 200 and "Algorithms" in page.content.decode()
    assert "Sign for the receiving institution" in page.content.decode()
    data = {
        "action": "sign",
        "link-role": "sending",
        "link-revision": open_proposal(la).revision,
        "link-signer_name": "Piotr Nowak",
        "link-signer_position": "Coordinator",
        "link-confirm": "on",
    }
    assert anonymous.post(link, data).status_code == 302
    la.refresh_from_db()
    assert la.status == "approved"
    signature = la.proposals.get().signatures.get(role="receiving")  # the link decides the party
    assert signature.method == "email_link" and signature.signer_name == "Piotr Nowak"
    assert "You signed this proposal" in anonymous.get(link).content.decode()


def test_bad_expired_or_replaced_links_are_404(world, settings):
    la = make_learning_agreement(world.mobility, world.users["student"])
    first = invitation_send(
        proposal=open_proposal(la), name="A", email="a@x.org", actor=world.users["coordinator"]
    )
    token = token_for(first)
    anonymous = Client()
    assert anonymous.get(f"/learning-agreements/link/{token}/").status_code == 200
    assert anonymous.get(f"/learning-agreements/link/{token}x/").status_code == 404
    invitation_send(proposal=open_proposal(la), name="B", email="b@x.org", actor=world.users["coordinator"])
    assert anonymous.get(f"/learning-agreements/link/{token}/").status_code == 404
    settings.ACCORD_LA_LINK_DAYS = 0
    latest = SigningInvitation.objects.latest("id")
    assert anonymous.get(f"/learning-agreements/link/{token_for(latest)}/").status_code == 404
