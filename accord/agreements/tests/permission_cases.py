"""The agreements app's permission matrix entries, one block per area (see accord/tests/matrix_support.py)."""

from accord.tests.matrix_support import Case

from .documents_permission_cases import DOCUMENTS_API_CASES, DOCUMENTS_HTML_CASES
from .ewp_permission_cases import EWP_API_CASES, EWP_HTML_CASES
from .lifecycle_permission_cases import LIFECYCLE_API_CASES, LIFECYCLE_HTML_CASES

HTML_CASES: dict[str, list[Case]] = {}
API_CASES: dict[str, list[Case]] = {}

# EWP IIA documents (ewp/views.py, ewp/api.py): the cases live in ewp_permission_cases.py.
HTML_CASES.update(EWP_HTML_CASES)
API_CASES.update(EWP_API_CASES)

# Lifecycle: transitions, revisions, approvals, approvers, calendar feed (lifecycle/views.py and api.py).
HTML_CASES.update(LIFECYCLE_HTML_CASES)
API_CASES.update(LIFECYCLE_API_CASES)

# Documents, the generated PDF, spreadsheet import and export (documents/views.py, spreadsheet/views.py,
# documents/api.py): the cases live in documents_permission_cases.py.
HTML_CASES.update(DOCUMENTS_HTML_CASES)
API_CASES.update(DOCUMENTS_API_CASES)
