"""Recognition pages (sub-menu "Khen thưởng"): award candidates, forms, proposals and party badges."""

from __future__ import annotations

from django.urls import path

from quantriet.reviews.views import awards

urlpatterns: list[object] = [
    path("awards/", awards.candidates, name="award_candidates"),
    path("awards/forms/", awards.form_list, name="award_forms"),
    path("awards/forms/add/", awards.form_add, name="award_form_add"),
    path("awards/forms/<int:form_id>/", awards.form_edit, name="award_form"),
    path("awards/proposals/", awards.proposals, name="award_proposals"),
    path("awards/proposals/<int:proposal_id>/withdraw/", awards.proposal_withdraw, name="award_withdraw"),
    path("awards/proposals.xlsx", awards.proposals_xlsx, name="award_proposals_xlsx"),
    path("awards/decision.docx", awards.decision_docx, name="award_decision_docx"),
    path("badges/", awards.badges, name="badges"),
    path("badges/proposals/", awards.badge_proposals, name="badge_proposals"),
    path("badges/proposals/<int:badge_id>/withdraw/", awards.badge_withdraw, name="badge_withdraw"),
    path("badges/proposals.xlsx", awards.badges_xlsx, name="badges_xlsx"),
    path("badges/proposals.docx", awards.badges_docx, name="badges_docx"),
]
