from django.urls import path

from supportfamilies import views

app_name = "supportfamilies"

urlpatterns = [
    # Proposal, interview and establishment.
    path(
        "families/<int:family_id>/support-families/propose/",
        views.support_family_propose,
        name="support_family_propose",
    ),
    path("support-families/", views.support_family_list, name="support_family_list"),
    path(
        "support-families/<int:support_family_id>/", views.support_family_detail, name="support_family_detail"
    ),
    path(
        "support-families/<int:support_family_id>/consent-scan/",
        views.support_family_consent_scan,
        name="support_family_consent_scan",
    ),
    path(
        "support-families/<int:support_family_id>/members/new/",
        views.support_family_member_add,
        name="support_family_member_add",
    ),
    path(
        "support-families/<int:support_family_id>/edit/",
        views.support_family_edit,
        name="support_family_edit",
    ),
    path(
        "support-families/<int:support_family_id>/withdraw/",
        views.support_family_withdraw,
        name="support_family_withdraw",
    ),
    path(
        "support-families/<int:support_family_id>/establish/",
        views.support_family_establish,
        name="support_family_establish",
    ),
    path("support-family-interviews/", views.interview_list, name="interview_list"),
    path(
        "support-family-interviews/<int:support_family_id>/", views.interview_detail, name="interview_detail"
    ),
    path(
        "support-family-interviews/<int:support_family_id>/record/",
        views.interview_record,
        name="interview_record",
    ),
    # Contracts.
    path("support-family-contracts/", views.contract_list, name="contract_list"),
    path(
        "support-families/<int:support_family_id>/contracts/new/",
        views.contract_create,
        name="contract_create",
    ),
    path("support-family-contracts/<int:contract_id>/", views.contract_detail, name="contract_detail"),
    path("support-family-contracts/<int:contract_id>/edit/", views.contract_edit, name="contract_edit"),
    path("support-family-contracts/<int:contract_id>/sign/", views.contract_sign, name="contract_sign"),
    path(
        "support-family-contracts/<int:contract_id>/terminate/",
        views.contract_terminate,
        name="contract_terminate",
    ),
    path("support-family-contracts/<int:contract_id>/pdf/", views.contract_pdf, name="contract_pdf"),
    # Invoices and the reimbursement list.
    path("support-family-invoices/", views.invoice_list, name="invoice_list"),
    path("support-family-invoices/new/", views.invoice_contracts, name="invoice_contracts"),
    path(
        "support-family-invoices/new/<int:contract_id>/",
        views.invoice_register,
        name="invoice_register",
    ),
    path(
        "support-family-invoices/reimbursements/",
        views.reimbursement_export,
        name="reimbursement_export",
    ),
    path(
        "support-family-invoices/reimbursements.csv",
        views.reimbursement_export_csv,
        name="reimbursement_export_csv",
    ),
    path(
        "support-family-invoices/reimbursements.xlsx",
        views.reimbursement_export_xlsx,
        name="reimbursement_export_xlsx",
    ),
    path("support-family-invoices/<int:invoice_id>/", views.invoice_detail, name="invoice_detail"),
    path("support-family-invoices/<int:invoice_id>/approve/", views.invoice_approve, name="invoice_approve"),
    path("support-family-invoices/<int:invoice_id>/refuse/", views.invoice_refuse, name="invoice_refuse"),
    path("support-family-invoices/<int:invoice_id>/paid/", views.invoice_paid, name="invoice_paid"),
    path(
        "support-family-invoices/<int:invoice_id>/withdraw/", views.invoice_withdraw, name="invoice_withdraw"
    ),
    path("support-family-invoices/<int:invoice_id>/scan/", views.invoice_scan, name="invoice_scan"),
]
