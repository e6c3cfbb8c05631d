from django.urls import path, re_path

from accord.agreements import views
from accord.agreements.documents import views as documents
from accord.agreements.ewp import views as ewp
from accord.agreements.lifecycle import views as lifecycle
from accord.agreements.spreadsheet import views as spreadsheet

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("new/", views.agreement_create, name="create"),
    path("institution-options/", views.institution_options, name="institution_options"),
    path("form-row/", views.agreement_form_row, name="form_row"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/delete/", views.agreement_delete, name="delete"),
    # Lifecycle: transitions, revisions, approvals, approvers, the calendar feed (lifecycle/views.py).
    path("<int:pk>/actions/<slug:action>/", lifecycle.transition, name="transition"),
    path("<int:pk>/revisions/", lifecycle.revision_list, name="revisions"),
    path("<int:pk>/revisions/compare/", lifecycle.revision_diff, name="revision_diff"),
    path(
        "<int:pk>/changes-since-partner-approval/",
        lifecycle.changes_since_partner_approval,
        name="since_partner_approval",
    ),
    path("approvals/", lifecycle.approval_queue, name="approvals"),
    path("approvers/", lifecycle.approvers, name="approvers"),
    path("approvers/<int:approver_pk>/delete/", lifecycle.approver_delete, name="approver_delete"),
    path("calendar/", lifecycle.calendar_settings, name="calendar"),
    re_path(
        r"^calendar/(?P<token>[A-Za-z0-9_-]{1,100})\.ics$",
        lifecycle.calendar_feed_view,
        name="calendar_feed",
    ),
    # Documents and the generated PDF (documents/views.py); spreadsheets (spreadsheet/views.py).
    path("<int:pk>/documents/new/", documents.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:document_id>/", documents.document_download, name="document_download"),
    path(
        "<int:pk>/documents/<int:document_id>/delete/",
        documents.document_delete,
        name="document_delete",
    ),
    path("<int:pk>/pdf/", documents.agreement_pdf_download, name="pdf"),
    path("export/", spreadsheet.agreement_export, name="export"),
    path("import/", spreadsheet.agreement_import, name="import"),
    path("import/confirm/", spreadsheet.agreement_import_confirm, name="import_confirm"),
    path("import/template/", spreadsheet.import_template, name="import_template"),
    # EWP IIA documents: our agreement as IIA v7 XML, the partners' copies (ewp/views.py).
    path("<int:pk>/iia.xml", ewp.agreement_iia_xml, name="iia_xml"),
    path("ewp/partner-copies/", ewp.partner_copy_list_view, name="partner_copies"),
    path("ewp/partner-copies/import/", ewp.partner_copy_import, name="partner_copy_import"),
    path("ewp/partner-copies/recheck/", ewp.partner_copies_recheck, name="partner_copies_recheck"),
    path("ewp/partner-copies/<int:copy_id>/", ewp.partner_copy_detail, name="partner_copy"),
    path("ewp/partner-copies/<int:copy_id>/iia.xml", ewp.partner_copy_xml, name="partner_copy_xml"),
    path("ewp/partner-copies/<int:copy_id>/link/", ewp.partner_copy_link, name="partner_copy_link"),
    path("ewp/partner-copies/<int:copy_id>/unlink/", ewp.partner_copy_unlink, name="partner_copy_unlink"),
    path(
        "ewp/partner-copies/<int:copy_id>/record-ids/",
        ewp.partner_copy_record_ids,
        name="partner_copy_record_ids",
    ),
    path("ewp/partner-copies/<int:copy_id>/delete/", ewp.partner_copy_delete, name="partner_copy_delete"),
]
