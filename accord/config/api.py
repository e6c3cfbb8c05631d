"""The one NinjaAPI: every app contributes a router; authentication and error bodies are shared."""

from accord.accounts.api import router as accounts_router
from accord.accounts.authentication import SessionAuth, TokenAuth
from accord.agreements.api import router as agreements_router
from accord.agreements.documents.api import router as agreement_documents_router
from accord.agreements.ewp.api import router as agreement_ewp_router
from accord.agreements.lifecycle.api import router as agreement_lifecycle_router
from accord.analytics.api import router as analytics_router
from accord.collaboration.virtual_exchange.api import router as virtual_exchange_router
from accord.common.api_support import AccordNinjaAPI, StrictJsonParser, install_error_handlers
from accord.exchange.api import router as exchange_router
from accord.exchange.runs.api import router as exchange_runs_router
from accord.institutions.api import router as institutions_router
from accord.learning.api import router as learning_router
from accord.learning.courses.api import router as learning_courses_router
from accord.mobility.api import router as mobility_router
from accord.mobility.nominations.api import router as nominations_router
from accord.notifications.api import router as notifications_router
from accord.recognition.api import router as recognition_router
from accord.recognition.grade_tables.api import router as grade_tables_router
from accord.staff.api import router as staff_router

DESCRIPTION = """
The API of Accord: the same data and the same permissions as the web pages.

**Authentication.** Either a personal API token, created at `/accounts/tokens/`, sent as
`Authorization: Bearer <token>`, or the browser session (unsafe methods then need the `X-CSRFToken` header).
A request without credentials gets `401`.

**Lists.** Every list takes `limit` (1 to 100, default 25) and `offset`, and answers
`{"items": [...], "count", "count_is_exact", "limit", "offset", "next", "previous"}`.
`next` and `previous` are complete URLs (null at either end); follow `next` until it is null.
`count` stops at 10,000 (`count_is_exact` is then false), which keeps lists fast on large tables.
The mobilities list pages by id (`next` carries `before_id`), so it stays fast however deep you go.

**Errors.** Always `{"code": "...", "message": "...", "details": {...}}`; clients test `code`.

- `400` malformed JSON (`malformed_json`) or bad query parameters (`invalid_query`)
- `401` no or bad credentials (`not_authenticated`, `invalid_token`)
- `403` you can see the object but may not do this (`permission_denied`, `csrf_failed`)
- `404` no such object, or one you may not see (`not_found`: the two answers are identical)
- `409` duplicates, edit conflicts, objects still in use (`duplicate`, `edit_conflict`, `in_use`)
- `422` invalid data: `validation_error` with `details.errors[].field`, or a domain code such as
  `invalid_identifier` with `details.field`. Field paths use dots: `conditions.0.places_per_year`.

**Formats.** Academic years are strings such as `2026/2027`; dates are ISO 8601; decimals are strings.
"""

api = AccordNinjaAPI(
    title="Accord API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    parser=StrictJsonParser(),
)
install_error_handlers(api)

api.add_router("", accounts_router)
api.add_router("", institutions_router)
# Before the agreements router: its /agreements/{agreement_id} would take "import" and "export" as ids.
api.add_router("", agreement_documents_router)
api.add_router("", agreements_router)
api.add_router("", agreement_lifecycle_router)
api.add_router("", agreement_ewp_router)
api.add_router("", mobility_router)
api.add_router("", exchange_router)
api.add_router("", exchange_runs_router)
api.add_router("", nominations_router)
api.add_router("", staff_router)
api.add_router("", notifications_router)
api.add_router("", learning_router)
api.add_router("", learning_courses_router)
api.add_router("", grade_tables_router)
api.add_router("", recognition_router)
api.add_router("", analytics_router)
api.add_router("", virtual_exchange_router)
