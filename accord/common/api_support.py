"""What every API router shares: authentication, the one error body, input types and the list envelope.

Every error leaves the API as `{"code": str, "message": str, "details": {...}}`; clients test `code`.
"""

import copy
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import DataError, IntegrityError, models
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Path, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    WithJsonSchema,
    create_model,
    field_validator,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from accord.common.errors import DomainError, ErrorCode
from accord.common.roles import Actor
from accord.engines.identifiers import IdentifierError, format_academic_year, parse_academic_year

logger = logging.getLogger(__name__)

# Both SQLite and PostgreSQL keys are signed 64-bit; a bigger number is "no such object", not a crash.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
# Counting stops here so that a list over millions of rows stays fast; `count_is_exact` says when it stopped.
COUNT_CAP = 10_000
MAX_LIMIT = 100
NOT_FOUND_BODY = {"code": "not_found", "message": "Not found.", "details": {}}


def _academic_year(value: Any) -> int:
    if isinstance(value, int) or not isinstance(value, str):
        raise ValueError("an academic year is a string such as '2026/2027'")
    try:
        return parse_academic_year(value)
    except IdentifierError as exc:
        raise ValueError(str(exc)) from None


# "2026/2027" on the wire, its start year (the AcademicYear key) in Python.
AcademicYearStr = Annotated[
    int,
    BeforeValidator(_academic_year),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}/\d{4}$", "examples": ["2026/2027"]}),
]


def year_code(start_year: int | None) -> str | None:
    return format_academic_year(start_year) if start_year is not None else None


def _reject_nul(value: Any) -> None:
    # PostgreSQL refuses NUL in text; refusing it here turns a would-be 500 into a 422.
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    if isinstance(value, dict):
        for key, item in value.items():
            _reject_nul(key)
            _reject_nul(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _reject_nul(item)


class InputSchema(Schema):
    """Request bodies: unknown fields are an error (a typo should not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        _reject_nul(value)
        return value


def partial_schema(full: type[InputSchema], name: str) -> type[InputSchema]:
    """The PATCH twin of a PUT schema: every field optional; `null` only where the full schema allows it."""
    fields: dict[str, Any] = {}
    for field_name, info in full.model_fields.items():
        optional = copy.copy(info)
        optional.default, optional.default_factory = None, None
        fields[field_name] = (info.annotation, optional)
    return create_model(name, __base__=InputSchema, __doc__="Only the fields present change.", **fields)


class ListParams(Schema):
    """Query parameters of every list; filters extend this."""

    model_config = ConfigDict(use_enum_values=True)

    limit: int = Field(25, ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=2**31, description="Items to skip.")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        _reject_nul(value)
        return value


class ErrorOut(Schema):
    code: str = Field(
        description="Stable machine-readable code, e.g. `not_found`, `validation_error`, `duplicate`."
    )
    message: str
    details: dict[str, Any] = Field(
        description="`field` or `errors` (each with `field`, `location`, `message`)."
    )


T = TypeVar("T")
SchemaT = TypeVar("SchemaT", bound=BaseModel)


class Page(Schema, Generic[T]):
    items: list[T]
    count: int = Field(description=f"Matching items, counted up to {COUNT_CAP}.")
    count_is_exact: bool = Field(description=f"False when there are more than {COUNT_CAP} matches.")
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page, or null on the last page.")
    previous: str | None


def paginate(
    request: HttpRequest, qs: models.QuerySet[Any], params: ListParams, *, keyset: str | None = None
) -> dict[str, Any]:
    """One page in the envelope every list uses; `next` comes from fetching one extra row, not from the count.

    With `keyset` (the name of an "id less than" query parameter, for lists ordered by descending id),
    `next` continues after the last id instead of adding to the offset: OFFSET 500000 reads half a million
    rows, "id < x" reads only the page.
    """
    start, limit = params.offset, params.limit
    rows = list(qs[start : start + limit + 1])
    items, has_next = rows[:limit], len(rows) > limit
    if not has_next and (items or start == 0):
        count, exact = start + len(items), True
    else:
        count = qs.values("pk").order_by()[: COUNT_CAP + 1].count()
        exact = count <= COUNT_CAP
        count = min(count, COUNT_CAP)
    if has_next and keyset:
        next_url: str | None = _page_url(request, offset=None, **{keyset: items[-1].pk})
    else:
        next_url = _page_url(request, offset=start + limit) if has_next else None
    return {
        "items": items,
        "count": count,
        "count_is_exact": exact,
        "limit": limit,
        "offset": start,
        "next": next_url,
        "previous": _page_url(request, offset=max(start - limit, 0)) if start > 0 else None,
    }


def _page_url(request: HttpRequest, **changes: int | None) -> str:
    query = request.GET.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = str(value)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def error_responses(ok_status: int, schema: Any) -> dict[Any, Any]:
    """The `response=` of an operation: its success schema plus the error body for every error status."""
    return {ok_status: schema, frozenset({400, 401, 403, 404, 409, 422}): ErrorOut}


def caller_of(request: HttpRequest) -> Actor:
    """Who the authentication of the API let in, for the routers of the apps below accounts (institutions).

    The routers above accounts use `accounts.authentication.actor_of`: the same object, typed as a `User`.
    """
    caller: Actor = request.auth  # type: ignore[attr-defined]
    return caller


# Request bodies ---------------------------------------------------------------------------------------------
# ninja validates a body before the endpoint runs, which would answer 422 to someone who may not touch the
# object at all. Endpoints take the raw JSON, annotated `Annotated[Any, Deferred(Schema), Body(None)]`, check
# access, then `parse` it: always 401, then 404/403, then 422. The OpenAPI schema still documents the body.


@dataclass(frozen=True)
class Deferred:
    """Marks a raw body as `model` in the OpenAPI schema, without validating it yet."""

    model: type[BaseModel]

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.any_schema()

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(self.model.__pydantic_core_schema__)


def parse(model: type[SchemaT], raw: Any) -> SchemaT:
    """The body as `model`, or the same 422 ninja gives for invalid bodies."""
    try:
        return model.model_validate(raw)
    except PydanticValidationError as exc:
        errors = []
        for error in exc.errors(include_url=False, include_input=False):
            error["loc"] = ("body", *error["loc"])
            error.pop("ctx", None)
            errors.append(dict(error))
        raise ValidationError(errors) from None


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(
            403, "CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value."
        )


# Errors ---------------------------------------------------------------------------------------------------

_CODE_BY_STATUS = {
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    429: "throttled",
}


def _error(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, **details: Any
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "details": details}, status=status)


def _field_path(loc: tuple[Any, ...], param_names: set[str]) -> str:
    # ninja prefixes the location with the source and, for bodies, the parameter name: drop both.
    parts = list(loc[1:])
    if parts and parts[0] in param_names and loc[0] == "body":
        parts = parts[1:]
    return ".".join(str(p) for p in parts)


def _validation_error(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    sources = {error["loc"][0] for error in exc.errors if error.get("loc")}
    if "path" in sources:
        # /agreements/abc and /agreements/99999 are both "no such agreement".
        return api.create_response(request, NOT_FOUND_BODY, status=404)
    errors = [
        {
            "field": _field_path(tuple(error.get("loc", ())), {"payload", "filters", "params"}),
            "location": error.get("loc", ("body",))[0],
            "message": str(error.get("msg", "Invalid value.")).removeprefix("Value error, "),
            "type": error.get("type", "value_error"),
        }
        for error in exc.errors
    ]
    if sources == {"query"}:
        return _error(api, request, 400, "invalid_query", "Some query parameters are invalid.", errors=errors)
    return _error(api, request, 422, "validation_error", "The request body is invalid.", errors=errors)


def _http_error(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, CsrfFailed):
        return _error(api, request, 403, "csrf_failed", exc.message)
    if isinstance(exc, AuthenticationError):
        has_token = request.headers.get("Authorization", "").lower().startswith("bearer ")
        code = "invalid_token" if has_token and exc.message != "Unauthorized" else "not_authenticated"
        message = (
            exc.message if code == "invalid_token" else "Sign in, or send 'Authorization: Bearer <token>'."
        )
        response = _error(api, request, 401, code, message)
        response["WWW-Authenticate"] = 'Bearer realm="accord"'
        return response
    if exc.status_code == 400:
        return _error(api, request, 400, "malformed_json", "The request body is not valid JSON.")
    return _error(api, request, exc.status_code, _CODE_BY_STATUS.get(exc.status_code, "error"), exc.message)


def _domain_error(api: NinjaAPI, request: HttpRequest, exc: DomainError) -> HttpResponse:
    if exc.code == ErrorCode.NOT_FOUND:
        return api.create_response(request, NOT_FOUND_BODY, status=404)
    return api.create_response(request, exc.as_dict(), status=exc.http_status)


def _unexpected(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return _error(api, request, 413, "payload_too_large", "The request body is too large.")
    if isinstance(exc, SuspiciousOperation):
        return _error(api, request, 400, "bad_request", "The request was refused.")
    if isinstance(exc, IntegrityError):
        # Services check first; this is the race the checks cannot see.
        return _error(api, request, 409, "conflict", "The change clashes with data saved at the same moment.")
    if isinstance(exc, DataError):
        return _error(api, request, 422, "validation_error", "A value is out of range for the database.")
    logger.exception("Unexpected error in %s %s", request.method, request.path)
    return _error(api, request, 500, "server_error", "Something went wrong on our side.")


def install_error_handlers(api: NinjaAPI) -> None:
    handlers: dict[type[Exception], Callable[[NinjaAPI, HttpRequest, Any], HttpResponse]] = {
        ValidationError: _validation_error,
        HttpError: _http_error,
        DomainError: _domain_error,
        Http404: lambda api, request, exc: api.create_response(request, NOT_FOUND_BODY, status=404),
        PermissionDenied: lambda api, request, exc: _error(
            api, request, 403, "permission_denied", str(exc) or "You may not do this."
        ),
        Exception: _unexpected,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, _bound(api, handler))


def _bound(
    api: NinjaAPI, handler: Callable[[NinjaAPI, HttpRequest, Any], HttpResponse]
) -> Callable[..., HttpResponse]:
    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        return handler(api, request, exc)

    return handle


class StrictJsonParser(Parser):
    """JSON as the standard defines it: NaN and Infinity are not numbers a client may send."""

    def parse_body(self, request: HttpRequest) -> Any:
        def refuse(constant: str) -> Any:
            raise ValueError(f"{constant} is not valid JSON")

        return json.loads(request.body, parse_constant=refuse)


def _json_edges(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a wrong method with an empty 405; give it the JSON error body like everything else."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            body = {
                "code": "method_not_allowed",
                "message": f"{request.method} is not allowed here.",
                "details": {},
            }
            json_response = JsonResponse(body, status=405)
            json_response["Allow"] = response.get("Allow", "")
            return json_response
        return response

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapped


@csrf_exempt
def _unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return JsonResponse(NOT_FOUND_BODY, status=404)


class AccordNinjaAPI(NinjaAPI):
    """A NinjaAPI whose every answer under its prefix is JSON, unknown paths and wrong methods included."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if not isinstance(pattern, URLPattern):
                continue
            if pattern.name == "api-root":
                pattern.callback = self._index
            elif getattr(pattern.callback, "csrf_exempt", False):
                pattern.callback = _json_edges(pattern.callback)
        return [*urls, re_path(r"^.*$", _unknown_path)]

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        # Bodies are parsed after the access check, so ninja sees them as optional; every one is required.
        for item in schema["paths"].values():
            for operation in item.values():
                if "requestBody" in operation:
                    operation["requestBody"]["required"] = True
        return schema

    def _index(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        base = request.build_absolute_uri(request.path).rstrip("/")
        index = {"title": self.title, "version": self.version, "docs": f"{base}{self.docs_url}"}
        return JsonResponse({**index, "openapi": f"{base}{self.openapi_url}"})
