"""Invented examples of the reviews API's answers and refusals, shown in the OpenAPI document and validated
against the shapes of ``api_schema`` by the tests."""

from __future__ import annotations

from typing import Any

from quantriet.orgs.api.openapi import CELL_REF_EXAMPLE, UNIT_REF_EXAMPLE, page_example

_UNIT = UNIT_REF_EXAMPLE
_CELL = CELL_REF_EXAMPLE
_PERIOD = {
    "id": 7,
    "title": "Đánh giá, xếp loại năm 2025",
    "kind": "year",
    "kind_label": "Năm",
    "year": 2025,
    "quarter": None,
    "last_year": None,
    "start": "2025-01-01",
    "end": "2025-12-31",
    "rule_set": "qd366",
    "rule_set_label": "Quy định 366-QĐ/TW (từ 2025)",
    "state": "open",
    "state_label": "Đang đánh giá",
    "unit": _UNIT,
    "url": "/api/v1/reviews/periods/7/",
}
_REVIEW = {
    "id": 301,
    "period_id": 7,
    "member": {"id": 41, "full_name": "Nguyễn Văn An"},
    "unit": _CELL,
    "grassroots": _UNIT,
    "post": "",
    "standing": "rated",
    "standing_label": "Được xếp loại",
    "state": "proposed",
    "state_label": "Đã đề xuất mức xếp loại",
    "self_level": "htt",
    "proposed_level": "ht",
    "decided_level": None,
    "url": "/api/v1/reviews/member-reviews/301/",
}
_COUNTS_EXAMPLE = {"pending": 3, "self_assessed": 10, "proposed": 25, "decided": 0, "not_rated": 1}
EXAMPLES: dict[str, Any] = {
    "ReviewPeriodPage": page_example(_PERIOD),
    "ReviewPeriodDetail": {
        **_PERIOD,
        "timetable": {
            "self_assessment_until": "2025-12-05",
            "meeting_until": "2025-12-15",
            "decisions_until": "2026-01-15",
        },
        "quota": {"enabled": True, "share": 0.2},
        "opened_at": "2025-11-20T08:00:00+07:00",
        "closed_at": None,
        "counts": _COUNTS_EXAMPLE,
        "reviews_url": "/api/v1/reviews/periods/7/member-reviews/",
        "results_url": "/api/v1/reviews/periods/7/results/",
    },
    "MemberReviewPage": page_example(_REVIEW),
    "MemberReviewDetail": {
        **_REVIEW,
        "period": {"id": 7, "title": "Đánh giá, xếp loại năm 2025", "rule_set": "qd366"},
        "facts": {"points": 86, "sick_leave_days": 95},
        "prefill": {"campaigns_attended": 4, "reports_passed": 3, "disciplines": 0},
        "form": "2A",
        "answers": {"uu_diem": "Hoàn thành các nhiệm vụ được giao."},
        "self_assessed_at": "2025-12-01T20:15:00+07:00",
        "proposal": {
            "level": "ht",
            "comment": "Nghỉ ốm hơn 3 tháng trong năm.",
            "at": "2025-12-10T09:30:00+07:00",
        },
        "allowed": {
            "level": "ht",
            "reasons": ["Nghỉ ốm 95 ngày trong năm: tối đa HT — Quy định 366-QĐ/TW"],
        },
        "rules": {
            "level": "ht",
            "rule_set": "qd366",
            "reasons": [
                {
                    "code": "sick_leave",
                    "effect": "cap",
                    "cap": "ht",
                    "text": "Nghỉ ốm 95 ngày trong năm: tối đa HT — Quy định 366-QĐ/TW",
                    "citation": "Quy định 366-QĐ/TW",
                    "verified": True,
                }
            ],
            "unknown": [],
            "explanation": "Mức cao nhất được xếp năm 2025: Hoàn thành nhiệm vụ (HT).\n"
            "- Nghỉ ốm 95 ngày trong năm: tối đa HT — Quy định 366-QĐ/TW",
        },
        "decision": None,
        "steps": [
            {
                "kind": "self",
                "kind_label": "Tự đánh giá",
                "level": "htt",
                "reason": "",
                "at": "2025-12-01T20:15:00+07:00",
            },
            {
                "kind": "proposal",
                "kind_label": "Đề xuất",
                "level": "ht",
                "reason": "Nghỉ ốm hơn 3 tháng trong năm.",
                "at": "2025-12-10T09:30:00+07:00",
            },
        ],
    },
    "ReviewProposal": {
        "level": "ht",
        "comment": "Nghỉ ốm hơn 3 tháng trong năm.",
        "facts": {"sick_leave_days": 95},
    },
    "ReviewDecision": {"level": "ht", "reason": ""},
    "ReviewSelfAssessment": {
        "level": "htt",
        "form": "2C",
        "answers": {
            "uu_diem": "Giữ vững lập trường, chấp hành tốt chủ trương của Đảng.",
            "ket_qua": "Hoàn thành các nhiệm vụ chi bộ phân công.",
            "han_che": "Có lúc chưa chủ động.",
            "nguyen_nhan": "Công việc gia đình bận.",
            "bien_phap": "Sắp xếp thời gian hợp lý hơn.",
        },
        "facts": {"points": 86, "sick_leave_days": 0},
    },
    "ReviewResults": {
        "period": _PERIOD,
        "units": [
            {
                "unit": _CELL,
                "counts": {"htxs": 2, "htt": 12, "ht": 5, "kht": 0, "not_rated": 1, "undecided": 0},
                "total": 20,
            }
        ],
        "total": {
            "counts": {"htxs": 2, "htt": 12, "ht": 5, "kht": 0, "not_rated": 1, "undecided": 0},
            "total": 20,
        },
    },
}
_ORGANISATION_REVIEW = {
    "id": 88,
    "period_id": 7,
    "unit": _CELL,
    "collective": False,
    "grassroots": _UNIT,
    **{k: _REVIEW[k] for k in ("standing", "standing_label", "state", "state_label")},
    "self_level": "htt",
    "proposed_level": "htt",
    "decided_level": None,
    "url": "/api/v1/reviews/organisation-reviews/88/",
}
EXAMPLES["OrganisationReviewPage"] = {**EXAMPLES["MemberReviewPage"], "results": [_ORGANISATION_REVIEW]}
EXAMPLES["OrganisationReviewDetail"] = {
    **{k: v for k, v in EXAMPLES["MemberReviewDetail"].items() if k not in ("member", "post")},
    **_ORGANISATION_REVIEW,
    "facts": {"points": 88, "tasks_on_time_share": 0.95},
    "prefill": {},
    "form": "01",
    "answers": {"ket_qua": "Hoàn thành các chỉ tiêu nghị quyết đề ra."},
    "proposal": {"level": "htt", "comment": "", "at": "2025-12-10T09:30:00+07:00"},
    "allowed": {"level": "htxs", "reasons": []},
    "rules": {
        "level": "htxs",
        "rule_set": "qd366",
        "reasons": [],
        "unknown": [],
        "explanation": "Mức cao nhất được xếp năm 2025: Hoàn thành xuất sắc nhiệm vụ (HTXS).",
    },
    "steps": [
        {
            "kind": "self",
            "kind_label": "Tự đánh giá",
            "level": "htt",
            "reason": "",
            "at": "2025-12-01T20:15:00+07:00",
        },
        {
            "kind": "proposal",
            "kind_label": "Đề xuất",
            "level": "htt",
            "reason": "",
            "at": "2025-12-10T09:30:00+07:00",
        },
    ],
}
EXAMPLES["ReviewCollectiveAssessment"] = {
    "level": "htt",
    "answers": {
        "ket_qua": "Hoàn thành các chỉ tiêu nghị quyết đề ra.",
        "han_che": "Sinh hoạt chuyên đề chưa đều.",
        "nguyen_nhan": "Đảng viên đi làm xa.",
        "da_khac_phuc": "Đã khắc phục một phần.",
        "bien_phap": "Xếp lịch sinh hoạt sớm.",
    },
    "facts": {"points": 88, "tasks_on_time_share": 0.95},
}
ERROR_TEXT = {
    400: "Tham số hoặc nội dung không hợp lệ (JSON hỏng, sai mức xếp loại: code `invalid`); hoặc bị từ chối "
    "theo quy định (code `refused`: vượt mức quy định cho phép, kèm lý do; vượt tỷ lệ HTXS, kèm số cần hạ; "
    "kỳ đã kết thúc; đã có quyết định).",
    401: "Chưa đăng nhập, hoặc khóa API sai hay đã bị thu hồi.",
    403: "Xem được đánh giá nhưng không có quyền làm việc này ở nơi đánh giá (quyết định: chỉ cấp ủy "
    "cấp trên trở lên); hoặc thiếu mã CSRF khi dùng phiên đăng nhập.",
    404: "Không có, hoặc nằm ngoài phạm vi được xem (không phân biệt hai trường hợp).",
    415: "Nội dung không phải application/json.",
}


REFUSED = {
    "error": {
        "code": "refused",
        "message": "Không thể xếp HTT năm 2025: tối đa HT (Nghỉ ốm 95 ngày trong năm: tối đa HT — Quy định "
        "366-QĐ/TW).",
        "fields": {
            "level": "Không thể xếp HTT năm 2025: tối đa HT (Nghỉ ốm 95 ngày trong năm: tối đa HT — Quy định "
            "366-QĐ/TW)."
        },
    }
}
