"""The annual review's results: boards, papers, the years' chart, histories (mounted by reviews.urls)."""

from __future__ import annotations

from django.urls import path

from quantriet.reviews.views import results

urlpatterns: list[object] = [
    path("results/periods/<int:period_id>/", results.board, name="results"),
    path("results/periods/<int:period_id>/list.xlsx", results.board_xlsx, name="results_xlsx"),
    path("results/periods/<int:period_id>/decision.docx", results.decision_docx, name="results_decision"),
    path("results/periods/<int:period_id>/report.docx", results.report_docx, name="results_report"),
    path("results/units/<int:unit_id>/years/", results.unit_years, name="unit_years"),
    path("results/units/<int:unit_id>/history/", results.unit_history, name="unit_history"),
    path("results/members/<int:member_id>/", results.member_history, name="member_history"),
    path("results/mine/", results.mine, name="my_results"),
]
