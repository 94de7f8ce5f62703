"""The annual review's part of the OpenAPI document, merged by ``orgs.api.openapi`` (registered in hooks.py).

``reviews.api`` produces these shapes; tests validate the examples and live answers against them.
"""

from __future__ import annotations

from typing import Any

from quantriet.orgs.api.openapi import ERROR_EXAMPLES, PAGING, query_parameter, register_extension
from quantriet.orgs.api.schemas import DATE, ID, page_of, ref
from quantriet.reviews.models import (
    Level,
    PeriodKind,
    PeriodState,
    ReviewState,
    RuleSetCode,
    Standing,
    StepKind,
)

Schema = dict[str, Any]


def _nullable(kind: str, **extra: Any) -> Schema:
    return {"type": [kind, "null"], **extra}


def _object(properties: dict[str, Any], **extra: Any) -> Schema:
    """An object with exactly these properties, all required."""
    return {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
        **extra,
    }


LEVEL: Schema = {
    "enum": Level.values,
    "description": "htxs: Hoàn thành xuất sắc; htt: Hoàn thành tốt; ht: Hoàn thành; kht: Không hoàn thành "
    "nhiệm vụ.",
}
_NULLABLE_LEVEL: Schema = {"enum": [*Level.values, None]}
_TIME = _nullable("string", format="date-time")

PERIOD_ITEM = _object(
    {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "kind": {"enum": PeriodKind.values},
        "kind_label": {"type": "string"},
        "year": {"type": "integer"},
        "quarter": _nullable("integer"),
        "last_year": _nullable("integer"),
        "start": DATE,
        "end": DATE,
        "rule_set": {
            "enum": RuleSetCode.values,
            "description": "Bộ quy định áp dụng, chọn theo thời gian của kỳ.",
        },
        "rule_set_label": {"type": "string"},
        "state": {"enum": PeriodState.values},
        "state_label": {"type": "string"},
        "unit": ref("UnitRef"),
        "url": {"type": "string"},
    }
)
_COUNTS = _object(
    {state: {"type": "integer", "minimum": 0} for state in ReviewState.values},
    description="Số đảng viên theo trạng thái đánh giá, chỉ trong phạm vi người gọi được xem.",
)
PERIOD_DETAIL = _object(
    {
        **PERIOD_ITEM["properties"],
        "timetable": _object(
            {
                "self_assessment_until": DATE,
                "meeting_until": DATE,
                "decisions_until": DATE,
            },
            description="Hạn tự đánh giá, họp chi bộ đề xuất, quyết định xếp loại.",
        ),
        "quota": _object(
            {"enabled": {"type": "boolean"}, "share": {"type": "number", "minimum": 0, "maximum": 1}},
            description="Tỷ lệ HTXS tối đa so với số HTT trong mỗi đảng bộ, chi bộ cơ sở.",
        ),
        "opened_at": _TIME,
        "closed_at": _TIME,
        "counts": _COUNTS,
        "reviews_url": {"type": "string"},
        "results_url": {"type": "string"},
    }
)
REVIEW_ITEM = _object(
    {
        "id": {"type": "integer"},
        "period_id": {"type": "integer"},
        "member": ref("ReviewMember"),
        "unit": ref("UnitRef"),
        "grassroots": ref("UnitRef"),
        "post": {
            "type": "string",
            "description": "Chức vụ nơi đánh giá (người giữ nhiều chức vụ được đánh giá ở từng nơi).",
        },
        "standing": {"enum": Standing.values},
        "standing_label": {"type": "string", "description": "Có được xếp loại không, và vì sao."},
        "state": {"enum": ReviewState.values},
        "state_label": {"type": "string"},
        "self_level": _NULLABLE_LEVEL,
        "proposed_level": _NULLABLE_LEVEL,
        "decided_level": _NULLABLE_LEVEL,
        "url": {"type": "string"},
    }
)
REASON: Schema = {
    "type": "string",
    "description": "Một điều quy định đã áp dụng, mức tối đa nó cho phép và văn bản, điều khoản căn cứ.",
}
REVIEW_DETAIL = _object(
    {
        **REVIEW_ITEM["properties"],
        "period": _object(
            {"id": {"type": "integer"}, "title": {"type": "string"}, "rule_set": {"enum": RuleSetCode.values}}
        ),
        "facts": {"type": "object", "description": "Các dữ kiện quy định dùng để xếp loại."},
        "prefill": {
            "type": "object",
            "description": "Điều nền tảng đã biết: học tập, bài thu hoạch, kỷ luật…",
        },
        "form": {"type": "string", "description": "Mẫu bản tự kiểm điểm (2A, 2B, 2C…)."},
        "answers": {"type": "object", "additionalProperties": {"type": "string"}},
        "self_assessed_at": _TIME,
        "proposal": {
            "anyOf": [
                _object({"level": LEVEL, "comment": {"type": "string"}, "at": _TIME}),
                {"type": "null"},
            ]
        },
        "allowed": _object(
            {"level": _NULLABLE_LEVEL, "reasons": {"type": "array", "items": ref("ReviewReason")}},
            description="Mức cao nhất quy định cho phép và lý do (theo bộ quy định của kỳ).",
        ),
        "decision": {
            "anyOf": [
                _object({"level": LEVEL, "reason": {"type": "string"}, "at": _TIME}),
                {"type": "null"},
            ]
        },
        "steps": {
            "type": "array",
            "description": "Mọi lần đặt mức, theo thứ tự.",
            "items": _object(
                {
                    "kind": {"enum": StepKind.values},
                    "kind_label": {"type": "string"},
                    "level": _NULLABLE_LEVEL,
                    "reason": {"type": "string"},
                    "at": {"type": "string", "format": "date-time"},
                }
            ),
        },
    }
)
_RESULT_KEYS = [*Level.values, "not_rated", "undecided"]
DISTRIBUTION = _object(
    {
        "counts": _object({k: {"type": "integer", "minimum": 0} for k in _RESULT_KEYS}),
        "total": {"type": "integer", "minimum": 0},
    },
    description="Số đảng viên theo mức đã quyết định; not_rated: không xếp loại; undecided: chưa quyết định.",
)
RESULTS = _object(
    {
        "period": ref("ReviewPeriod"),
        "units": {
            "type": "array",
            "items": _object({"unit": ref("UnitRef"), **DISTRIBUTION["properties"]}),
        },
        "total": ref("ReviewDistribution"),
    }
)

SCHEMAS: dict[str, Schema] = {
    "ReviewMember": _object({"id": {"type": "integer"}, "full_name": {"type": "string"}}),
    "ReviewPeriod": PERIOD_ITEM,
    "ReviewPeriodPage": page_of("ReviewPeriod"),
    "ReviewPeriodDetail": PERIOD_DETAIL,
    "MemberReviewItem": REVIEW_ITEM,
    "MemberReviewPage": page_of("MemberReviewItem"),
    "ReviewReason": REASON,
    "MemberReviewDetail": REVIEW_DETAIL,
    "ReviewDistribution": DISTRIBUTION,
    "ReviewResults": RESULTS,
}

_UNIT = {"id": 2, "name": "Đảng bộ xã An Hòa", "code": "XA"}
_CELL = {"id": 3, "name": "Chi bộ thôn 1", "code": "XA1"}
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
    "ReviewPeriodPage": {
        "count": 1,
        "page": 1,
        "pages": 1,
        "page_size": 50,
        "next": None,
        "previous": None,
        "results": [_PERIOD],
    },
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
    "MemberReviewPage": {
        "count": 1,
        "page": 1,
        "pages": 1,
        "page_size": 50,
        "next": None,
        "previous": None,
        "results": [_REVIEW],
    },
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
_ERROR_TEXT = {
    400: "Tham số hoặc nội dung không hợp lệ (JSON hỏng, sai mức xếp loại).",
    401: "Chưa đăng nhập, hoặc khóa API sai hay đã bị thu hồi.",
    403: "Thiếu mã CSRF khi dùng phiên đăng nhập.",
    404: "Không có, hoặc nằm ngoài phạm vi được xem (không phân biệt hai trường hợp).",
    415: "Nội dung không phải application/json.",
}


def _json(schema: str, description: str, example: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema), "example": example}},
    }


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): _json("Error", _ERROR_TEXT[s], ERROR_EXAMPLES[s]) for s in statuses}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": ID}


_READERS = (
    "Người được xem kết quả xếp loại của đơn vị (bí thư chi bộ, cán bộ tổ chức, kiểm tra cấp trên) và chính "
    "đảng viên được đánh giá."
)


def _read(
    op_id: str,
    summary: str,
    description: str,
    schema: str,
    answer: str,
    *,
    query: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A GET operation answering ``schema`` (its example from ``EXAMPLES``); with ``query``, paged."""
    operation: dict[str, Any] = {"operationId": op_id, "summary": summary, "description": description}
    if query is not None:
        operation["parameters"] = [*query, *PAGING]
    statuses = (400, 401, 404) if query is not None else (401, 404)
    operation["responses"] = {"200": _json(schema, answer, EXAMPLES[schema]), **_errors(*statuses)}
    return operation


def describe() -> tuple[dict[str, Any], dict[str, Schema]]:
    period = [_id("period_id")]
    paths = {
        "/api/v1/reviews/periods/": {
            "get": _read(
                "listReviewPeriods",
                "Các kỳ đánh giá, xếp loại",
                "Các kỳ do đơn vị trong phạm vi người gọi (hoặc cấp trên của đơn vị đó) mở, "
                "và các kỳ người gọi được đánh giá; kỳ mới nhất trước.",
                "ReviewPeriodPage",
                "Một trang kỳ đánh giá.",
                query=[
                    query_parameter("state", "Chỉ các kỳ ở trạng thái này.", {"enum": PeriodState.values})
                ],
            ),
        },
        "/api/v1/reviews/periods/{period_id}/": {
            "parameters": period,
            "get": _read(
                "getReviewPeriod",
                "Một kỳ đánh giá: thời hạn, bộ quy định, số đảng viên theo trạng thái",
                "Số đảng viên chỉ tính trong phạm vi người gọi được xem.",
                "ReviewPeriodDetail",
                "Kỳ đánh giá.",
            ),
        },
        "/api/v1/reviews/periods/{period_id}/member-reviews/": {
            "parameters": period,
            "get": _read(
                "listMemberReviews",
                "Đánh giá đảng viên của một kỳ",
                f"{_READERS} Xếp theo nơi đánh giá rồi họ tên.",
                "MemberReviewPage",
                "Một trang đánh giá.",
                query=[
                    query_parameter("unit", "Chỉ nơi đánh giá là đơn vị này hoặc trực thuộc.", ID),
                    query_parameter(
                        "state", "Chỉ các đánh giá ở trạng thái này.", {"enum": ReviewState.values}
                    ),
                ],
            ),
        },
        "/api/v1/reviews/periods/{period_id}/results/": {
            "parameters": period,
            "get": _read(
                "getReviewResults",
                "Kết quả xếp loại của một kỳ theo đơn vị",
                "Số đảng viên mỗi mức ở từng nơi đánh giá trong phạm vi người gọi, và tổng.",
                "ReviewResults",
                "Kết quả theo đơn vị.",
            ),
        },
        "/api/v1/reviews/member-reviews/{review_id}/": {
            "parameters": [_id("review_id")],
            "get": _read(
                "getMemberReview",
                "Một đánh giá đảng viên: dữ kiện, tự đánh giá, đề xuất, mức cho phép, quyết định",
                f"{_READERS} Mức cho phép kèm lý do và điều khoản căn cứ.",
                "MemberReviewDetail",
                "Đánh giá.",
            ),
        },
    }
    return paths, SCHEMAS


def register() -> None:
    """Add the review API's paths and schemas to the OpenAPI document (called from ``hooks``)."""
    register_extension(describe)
