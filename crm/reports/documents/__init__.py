"""The printed documents: one module per document, each with ``build_x(data, ctx, out)``.

``crm.reports.documents.issue`` prints end to end (gather, lay out, record, write) for the CLI and GUI.
"""

from crm.reports.documents.complaint_register import build_complaint_register
from crm.reports.documents.ledger_book import build_ledger_book
from crm.reports.documents.plan_sheet import build_plan_sheet
from crm.reports.documents.proposal_pack import build_proposal_pack, pack_is_draft
from crm.reports.documents.survey_form import build_survey_form
from crm.reports.documents.visit_prep import build_visit_prep
from crm.reports.documents.visit_register import build_visit_register

__all__ = [
    "build_complaint_register",
    "build_ledger_book",
    "build_plan_sheet",
    "build_proposal_pack",
    "build_survey_form",
    "build_visit_prep",
    "build_visit_register",
    "pack_is_draft",
]
