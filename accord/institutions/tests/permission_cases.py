from accord.tests.matrix_support import OFFICE_WRITES, Case

HTML_CASES: dict[str, list[Case]] = {
    "institutions:import": [Case("GET", lambda w: "/institutions/import/", OFFICE_WRITES)],
    # An unknown upload key: allowed users are sent back to the upload page, nothing is written.
    "institutions:import_confirm": [
        Case("POST", lambda w: "/institutions/import/confirm/", OFFICE_WRITES, body=lambda w: {"key": "gone"})
    ],
}
