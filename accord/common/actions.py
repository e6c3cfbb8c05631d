"""Running a service from an HTML form or a button, the same way on every page.

A service raises `DomainError` when it refuses; the HTML edge shows the refusal and loses nothing. A form
keeps what was typed and shows the message beside the field it names (`form_action`); a button on a page
shows it as a message on the page it returns to (`post_action`); so does a download that cannot be made
(`download_action`). A view with its own flow says why with `refusal`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accord.common.errors import DomainError
from accord.common.forms import attach_domain_error

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What became of a form: `done` with the service's result, or not, with the status to render it with."""

    done: bool
    result: T | None = None
    status: int = 200
    # Set when a refusal named no field of the form and went, as a message, to the page the view redirects to.
    redirect_to: str | None = None


def form_action(
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[], T],
    *,
    field_map: dict[str, str] | None = None,
    invalid_status: int = 422,
    refused_to: str | None = None,
) -> Outcome[T]:
    """Run `action` when the form was posted and is valid; attach a refusal to the form.

    A GET renders with 200; an invalid form with `invalid_status`; a refusal with the error's own status
    (409 for a conflict, 422 otherwise), the message beside the field it names (`field_map` renames a
    service's field to the form's). With `refused_to` (a URL), a refusal that names none of the form's fields
    is not about what was typed: it becomes an error message and `Outcome.redirect_to`, for the view to
    redirect there.
    """
    if request.method != "POST":
        return Outcome(done=False)
    if not form.is_valid():
        return Outcome(done=False, status=invalid_status)
    try:
        return Outcome(done=True, result=action())
    except DomainError as error:
        target = (field_map or {}).get(error.field or "", error.field)
        if refused_to is not None and target not in form.fields:
            messages.error(request, error.message)
            return Outcome(done=False, status=error.http_status, redirect_to=refused_to)
        attach_domain_error(form, error, field_map=field_map)
        return Outcome(done=False, status=error.http_status)


def post_action(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    then: str | Callable[[T], str],
    done: str | Callable[[T], str] | None = None,
    on_error: str | None = None,
) -> HttpResponse:
    """Run `action` for a button, say what happened as a message, and redirect to `then`.

    A refusal becomes an error message and redirects to `on_error` (default: `then`); success shows `done`
    (a text, or a function of the result). `then` and `on_error` are URLs or URL names without arguments;
    `then` may also be a function of the result (the page of what the action made), and then `on_error` is
    needed.
    """
    if on_error is None:
        if not isinstance(then, str):
            raise TypeError("post_action needs on_error when then is a function of the result.")
        on_error = then
    try:
        result = action()
    except DomainError as error:
        return refusal(request, error, on_error)
    if done is not None:
        messages.success(request, done if isinstance(done, str) else done(result))
    return redirect(then if isinstance(then, str) else then(result))


def download_action(
    request: HttpRequest, action: Callable[[], HttpResponse], *, on_error: str
) -> HttpResponse:
    """Serve the file `action` makes; a refusal goes back to `on_error` (a URL) with its reason."""
    try:
        return action()
    except DomainError as error:
        return refusal(request, error, on_error)


def refusal(request: HttpRequest, error: DomainError, to: str, *args: object) -> HttpResponse:
    """Say why the service refused, as a message on the page `to` (a URL, or a URL name and its arguments)."""
    messages.error(request, error.message)
    return redirect(to, *args)
