"""The edge helpers every download and button share: file names, and what a refusal turns into."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from accord.common.actions import download_action, post_action
from accord.common.downloads import download, streamed_download, xml_download
from accord.common.errors import DomainError, ErrorCode


def _request() -> HttpRequest:
    request = RequestFactory().get("/somewhere")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_file_is_named_and_never_sniffed() -> None:
    response = xml_download(b"<a/>", "iia-7.xml")
    assert response["Content-Disposition"] == 'attachment; filename="iia-7.xml"'
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_name_outside_ascii_is_written_for_every_browser() -> None:
    response = download("x", "Universität Wien.csv", "text/csv", inline=True)
    assert response["Content-Disposition"] == "inline; filename*=utf-8''Universit%C3%A4t%20Wien.csv"


def test_a_streamed_file_is_named_the_same_way() -> None:
    response = streamed_download(iter(["a,b\n"]), "audit.csv", "text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="audit.csv"'
    assert b"".join(response.streaming_content) == b"a,b\n"  # type: ignore[arg-type]


def test_a_download_that_cannot_be_made_goes_back_with_its_reason() -> None:
    request = _request()

    def refuse() -> HttpResponse:
        raise DomainError(ErrorCode.INVALID, "The agreement has no partner yet.")

    response = download_action(request, refuse, on_error="/agreements/7/#ewp")
    assert response.status_code == 302
    assert response["Location"] == "/agreements/7/#ewp"
    assert [m.message for m in get_messages(request)] == ["The agreement has no partner yet."]


def test_a_download_that_can_be_made_is_the_file() -> None:
    response = download_action(_request(), lambda: xml_download(b"<a/>", "a.xml"), on_error="/back/")
    assert response.status_code == 200
    assert response.content == b"<a/>"


def test_a_button_without_a_fallback_page_for_a_result_url_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="on_error"):
        post_action(_request(), lambda: 1, then=lambda result: f"/thing/{result}/")
