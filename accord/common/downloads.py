"""Files the application hands out, named one way: the browser saves them under that name, never sniffs them.

The name goes through Django's `content_disposition_header`, which quotes it and writes `filename*` for
names outside ASCII (an institution's name in a file name, say).
"""

from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

XML = "application/xml; charset=utf-8"


def download(content: bytes | str, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """A whole file in one response; `inline` lets the browser show it (a calendar feed, an SVG chart)."""
    response = HttpResponse(content, content_type=content_type)
    _name(response, filename, inline=inline)
    return response


def streamed_download(
    chunks: Iterable[str | bytes], filename: str, content_type: str
) -> StreamingHttpResponse:
    """A file written while it is sent (an export of every row), so that memory stays flat."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    _name(response, filename, inline=False)
    return response


def xml_download(content: bytes, filename: str) -> HttpResponse:
    return download(content, filename, XML)


def _name(response: HttpResponseBase, filename: str, *, inline: bool) -> None:
    disposition = content_disposition_header(as_attachment=not inline, filename=filename)
    if disposition is not None:
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
