"""The annual review's part of the OpenAPI document, merged by ``orgs.api.openapi`` (registered in hooks.py).

``reviews.api`` produces these shapes; tests validate the examples and live answers against them.
"""

from __future__ import annotations

from typing import Any

from quantriet.orgs.api.openapi import ERROR_EXAMPLES, PAGING, query_parameter, register_extension
from quantriet.orgs.api.schemas import DATE, ID, closed_object, nullable, page_of, ref
from quantriet.reviews.api_examples import ERROR_TEXT, EXAMPLES, REFUSED
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


LEVEL: Schema = {
    "enum": Level.values,
    "description": "htxs: Hoàn thành xuất sắc; htt: Hoàn thành tốt; ht: Hoàn thành; kht: Không hoàn thành "
    "nhiệm vụ.",
}
_NULLABLE_LEVEL: Schema = {"enum": [*Level.values, None]}
_TIME = nullable("string", format="date-time")

PERIOD_ITEM = closed_object(
    {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "kind": {"enum": PeriodKind.values},
        "kind_label": {"type": "string"},
        "year": {"type": "integer"},
        "quarter": nullable("integer"),
        "last_year": nullable("integer"),
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
_COUNTS = closed_object(
    {state: {"type": "integer", "minimum": 0} for state in ReviewState.values},
    description="Số đảng viên theo trạng thái đánh giá, chỉ trong phạm vi người gọi được xem.",
)
PERIOD_DETAIL = closed_object(
    {
        **PERIOD_ITEM["properties"],
        "timetable": closed_object(
            {
                "self_assessment_until": DATE,
                "meeting_until": DATE,
                "decisions_until": DATE,
            },
            description="Hạn tự đánh giá, họp chi bộ đề xuất, quyết định xếp loại.",
        ),
        "quota": closed_object(
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
REVIEW_ITEM = closed_object(
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
ORGANISATION_REVIEW_ITEM = closed_object(
    {
        "id": {"type": "integer"},
        "period_id": {"type": "integer"},
        "unit": ref("UnitRef"),
        "collective": {
            "type": "boolean",
            "description": "true: tập thể lãnh đạo (cấp ủy, ban thường vụ) của đơn vị; false: tổ chức đảng.",
        },
        "grassroots": {"anyOf": [ref("UnitRef"), {"type": "null"}]},
        **{k: REVIEW_ITEM["properties"][k] for k in ("standing", "standing_label", "state", "state_label")},
        **{k: REVIEW_ITEM["properties"][k] for k in ("self_level", "proposed_level", "decided_level", "url")},
    }
)
REASON: Schema = {
    "type": "string",
    "description": "Một điều quy định đã áp dụng, mức tối đa nó cho phép và văn bản, điều khoản căn cứ.",
}
RULE = closed_object(
    {
        "code": {"type": "string", "description": "Tên ổn định của quy định (sick_leave, discipline, …)."},
        "effect": {
            "enum": ["not_rated", "cap", "note"],
            "description": "Không xếp loại, giới hạn mức, ghi chú.",
        },
        "cap": _NULLABLE_LEVEL,
        "text": {
            "type": "string",
            "description": "Điều đã áp dụng, mức tối đa và văn bản căn cứ, tiếng Việt.",
        },
        "citation": {"type": "string", "description": "Văn bản, điều khoản căn cứ."},
        "verified": {
            "type": "boolean",
            "description": "false: quy định chưa kiểm chứng được trong văn bản, là một thiết lập có thể đổi.",
        },
    }
)
RULES_ANSWER = closed_object(
    {
        "level": {**_NULLABLE_LEVEL, "description": "Mức cao nhất được xếp; null: không xếp loại."},
        "rule_set": {"enum": RuleSetCode.values},
        "reasons": {"type": "array", "items": ref("ReviewRule")},
        "unknown": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Thông tin bộ quy định dùng mà chưa có (không giới hạn mức).",
        },
        "explanation": {"type": "string", "description": "Câu trả lời của quy định, nhiều dòng tiếng Việt."},
    },
    description="Điều bộ quy định của kỳ cho phép lúc này, từ các dữ kiện và điều nền tảng đã biết.",
)
REVIEW_DETAIL = closed_object(
    {
        **REVIEW_ITEM["properties"],
        "period": closed_object(
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
                closed_object({"level": LEVEL, "comment": {"type": "string"}, "at": _TIME}),
                {"type": "null"},
            ]
        },
        "allowed": closed_object(
            {"level": _NULLABLE_LEVEL, "reasons": {"type": "array", "items": ref("ReviewReason")}},
            description="Mức cao nhất quy định cho phép và lý do, ghi lúc tự đánh giá, đề xuất hay "
            "quyết định gần nhất.",
        ),
        "rules": ref("ReviewRules"),
        "decision": {
            "anyOf": [
                closed_object({"level": LEVEL, "reason": {"type": "string"}, "at": _TIME}),
                {"type": "null"},
            ]
        },
        "steps": {
            "type": "array",
            "description": "Mọi lần đặt mức, theo thứ tự.",
            "items": closed_object(
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
_MEMBER_ONLY = {"id", "period_id", "member", "unit", "grassroots", "post", "url", *REVIEW_ITEM["properties"]}
ORGANISATION_REVIEW_DETAIL = closed_object(
    {
        **ORGANISATION_REVIEW_ITEM["properties"],
        **{k: v for k, v in REVIEW_DETAIL["properties"].items() if k not in _MEMBER_ONLY},
    }
)
_RESULT_KEYS = [*Level.values, "not_rated", "undecided"]
DISTRIBUTION = closed_object(
    {
        "counts": closed_object({k: {"type": "integer", "minimum": 0} for k in _RESULT_KEYS}),
        "total": {"type": "integer", "minimum": 0},
    },
    description="Số đảng viên theo mức đã quyết định; not_rated: không xếp loại; undecided: chưa quyết định.",
)
_LEVEL_IN = {**LEVEL, "type": "string"}
PROPOSAL_IN = {
    "type": "object",
    "required": ["level"],
    "additionalProperties": False,
    "properties": {
        "level": _LEVEL_IN,
        "comment": {"type": "string", "maxLength": 4000, "description": "Ý kiến của hội nghị chi bộ."},
        "facts": {
            "type": "object",
            "description": "Dữ kiện hội nghị xác định (points, sick_leave_days, tasks_on_time_share…), "
            "ghi đè dữ kiện cùng tên đã lưu. Giá trị ngoài phạm vi bị từ chối. Mức vượt mức quy định cho "
            "phép bị từ chối kèm lý do; vượt tỷ lệ HTXS của đảng bộ cơ sở bị từ chối kèm số cần hạ.",
        },
    },
}
DECISION_IN = {
    "type": "object",
    "required": ["level"],
    "additionalProperties": False,
    "properties": {
        "level": _LEVEL_IN,
        "reason": {
            "type": "string",
            "maxLength": 4000,
            "description": "Lý do; bắt buộc khi khác mức đề xuất. Mức vượt mức quy định cho phép hay vượt tỷ "
            "lệ HTXS bị từ chối như khi đề xuất.",
        },
    },
}
SELF_ASSESSMENT_IN = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "level": {
            "enum": ["", *Level.values],
            "description": "Mức tự xếp loại; để trống với đảng viên vào Đảng chưa đủ 6 tháng (chỉ tự kiểm "
            "điểm). Mức vượt mức quy định cho phép bị từ chối kèm lý do.",
        },
        "answers": {
            "type": "object",
            "additionalProperties": {"type": "string", "maxLength": 8000},
            "description": "Các mục của bản tự kiểm điểm theo mẫu (uu_diem, ket_qua, han_che, nguyen_nhan, "
            "bien_phap…); mục bắt buộc còn trống bị từ chối.",
        },
        "facts": {
            "type": "object",
            "description": "Các thông tin mẫu hỏi (points, tasks_on_time_share, sick_leave_days…).",
        },
        "form": {
            "type": "string",
            "description": "Mẫu: 2A (người giữ chức vụ), 2B, 2C; trống: mẫu đang dùng.",
        },
    },
}
COLLECTIVE_ASSESSMENT_IN = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "level": {
            "enum": ["", *Level.values],
            "description": "Mức tổ chức tự xếp loại. Mức vượt mức quy định cho phép bị từ chối kèm lý do.",
        },
        "answers": {
            "type": "object",
            "additionalProperties": {"type": "string", "maxLength": 8000},
            "description": "Các mục của bản tự kiểm điểm tập thể (Mẫu 01: ket_qua, han_che, nguyen_nhan, "
            "da_khac_phuc, bai_hoc, bien_phap); mục bắt buộc còn trống bị từ chối.",
        },
        "facts": {"type": "object", "description": "Các thông tin Mẫu 01 hỏi về tổ chức."},
    },
}
RESULTS = closed_object(
    {
        "period": ref("ReviewPeriod"),
        "units": {
            "type": "array",
            "items": closed_object({"unit": ref("UnitRef"), **DISTRIBUTION["properties"]}),
        },
        "total": ref("ReviewDistribution"),
    }
)

SCHEMAS: dict[str, Schema] = {
    "ReviewMember": closed_object({"id": {"type": "integer"}, "full_name": {"type": "string"}}),
    "ReviewPeriod": PERIOD_ITEM,
    "ReviewPeriodPage": page_of("ReviewPeriod"),
    "ReviewPeriodDetail": PERIOD_DETAIL,
    "MemberReviewItem": REVIEW_ITEM,
    "MemberReviewPage": page_of("MemberReviewItem"),
    "ReviewReason": REASON,
    "ReviewRule": RULE,
    "ReviewRules": RULES_ANSWER,
    "ReviewProposal": PROPOSAL_IN,
    "ReviewDecision": DECISION_IN,
    "ReviewSelfAssessment": SELF_ASSESSMENT_IN,
    "MemberReviewDetail": REVIEW_DETAIL,
    "OrganisationReviewItem": ORGANISATION_REVIEW_ITEM,
    "OrganisationReviewPage": page_of("OrganisationReviewItem"),
    "OrganisationReviewDetail": ORGANISATION_REVIEW_DETAIL,
    "ReviewCollectiveAssessment": COLLECTIVE_ASSESSMENT_IN,
    "ReviewDistribution": DISTRIBUTION,
    "ReviewResults": RESULTS,
}


def _json(schema: str, description: str, example: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema), "example": example}},
    }


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): _json("Error", ERROR_TEXT[s], ERROR_EXAMPLES[s]) for s in statuses}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": ID}


_READERS = (
    "Người được xem kết quả xếp loại của đơn vị (bí thư chi bộ, cán bộ tổ chức, kiểm tra cấp trên) và chính "
    "đảng viên được đánh giá."
)


_ORGANISATION_READERS = (
    "Người được xem kết quả xếp loại của đơn vị (bí thư, cán bộ tổ chức, kiểm tra cấp trên), trong phạm vi "
    "của mình."
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


def _write(
    op_id: str, summary: str, description: str, body: str, answer: str = "MemberReviewDetail"
) -> dict[str, Any]:
    """A POST on one review: its body, the review as saved, the refusals."""
    return {
        "operationId": op_id,
        "summary": summary,
        "description": description,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ref(body), "example": EXAMPLES[body]}},
        },
        "responses": {
            "200": _json(answer, "Đã lưu: đánh giá sau khi lưu.", EXAMPLES[answer]),
            "400": _json("Error", ERROR_TEXT[400], REFUSED),
            **_errors(401, 403, 404, 415),
        },
    }


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
        "/api/v1/reviews/member-reviews/{review_id}/self-assessment/": {
            "parameters": [_id("review_id")],
            "post": _write(
                "selfAssessMemberReview",
                "Đảng viên tự kiểm điểm, tự xếp loại",
                "Chỉ chính đảng viên, với đánh giá của mình; nhận đến hạn họp chi bộ (sau hạn tự đánh giá "
                "thì ghi là nộp muộn), không sửa được khi chi bộ đã đề xuất hay kỳ đã kết thúc.",
                "ReviewSelfAssessment",
            ),
        },
        "/api/v1/reviews/member-reviews/{review_id}/proposal/": {
            "parameters": [_id("review_id")],
            "post": _write(
                "proposeMemberLevel",
                "Hội nghị chi bộ đề xuất mức xếp loại",
                "Người có quyền đề xuất ở nơi đánh giá (bí thư chi bộ, cán bộ tổ chức cấp trên). "
                "Mức vượt mức quy định cho phép bị từ chối kèm lý do và điều khoản; vượt tỷ lệ HTXS "
                "của đảng bộ cơ sở bị từ chối kèm số đề xuất HTXS cần hạ; kỳ đã kết thúc hay đã có "
                "quyết định cũng bị từ chối. Không lưu gì khi bị từ chối.",
                "ReviewProposal",
            ),
        },
        "/api/v1/reviews/member-reviews/{review_id}/decision/": {
            "parameters": [_id("review_id")],
            "post": _write(
                "decideMemberLevel",
                "Cấp có thẩm quyền quyết định mức xếp loại",
                "Chỉ người có quyền quyết định ở cấp trên nơi đánh giá. Khác mức đề xuất thì phải ghi lý do; "
                "mức được kiểm tra lại theo quy định và tỷ lệ HTXS. Đảng viên được báo kết quả và lý do.",
                "ReviewDecision",
            ),
        },
        "/api/v1/reviews/periods/{period_id}/organisation-reviews/": {
            "parameters": period,
            "get": _read(
                "listOrganisationReviews",
                "Đánh giá tổ chức đảng, tập thể lãnh đạo của một kỳ",
                f"{_ORGANISATION_READERS} Xếp theo đơn vị, tổ chức đảng trước tập thể lãnh đạo.",
                "OrganisationReviewPage",
                "Một trang đánh giá tổ chức.",
                query=[
                    query_parameter("unit", "Chỉ đơn vị này hoặc trực thuộc.", ID),
                    query_parameter(
                        "state", "Chỉ các đánh giá ở trạng thái này.", {"enum": ReviewState.values}
                    ),
                ],
            ),
        },
        "/api/v1/reviews/organisation-reviews/{review_id}/": {
            "parameters": [_id("review_id")],
            "get": _read(
                "getOrganisationReview",
                "Một đánh giá tổ chức đảng: dữ kiện, tự đánh giá (Mẫu 01), đề xuất, mức cho phép, quyết định",
                f"{_ORGANISATION_READERS} Mức cho phép kèm lý do và điều khoản căn cứ.",
                "OrganisationReviewDetail",
                "Đánh giá.",
            ),
        },
        "/api/v1/reviews/organisation-reviews/{review_id}/self-assessment/": {
            "parameters": [_id("review_id")],
            "post": _write(
                "selfAssessOrganisationReview",
                "Tổ chức đảng tự kiểm điểm, tự xếp loại (Mẫu 01)",
                "Người có quyền đề xuất ở đơn vị (bí thư, cán bộ tổ chức cấp trên); nhận đến hạn họp "
                "(sau hạn tự đánh giá thì ghi là nộp muộn), không sửa được khi đã đề xuất hay kỳ đã "
                "kết thúc.",
                "ReviewCollectiveAssessment",
                "OrganisationReviewDetail",
            ),
        },
        "/api/v1/reviews/organisation-reviews/{review_id}/proposal/": {
            "parameters": [_id("review_id")],
            "post": _write(
                "proposeOrganisationLevel",
                "Đề xuất mức xếp loại tổ chức đảng",
                "Người có quyền đề xuất ở đơn vị. Mức vượt mức quy định cho phép bị từ chối kèm lý do "
                "và điều khoản; kỳ đã kết thúc hay đã có quyết định cũng bị từ chối. Không lưu gì khi bị "
                "từ chối.",
                "ReviewProposal",
                "OrganisationReviewDetail",
            ),
        },
        "/api/v1/reviews/organisation-reviews/{review_id}/decision/": {
            "parameters": [_id("review_id")],
            "post": _write(
                "decideOrganisationLevel",
                "Cấp có thẩm quyền quyết định mức xếp loại tổ chức đảng",
                "Chỉ người có quyền quyết định ở cấp trên đơn vị. Khác mức đề xuất thì phải ghi lý do; mức "
                "được kiểm tra lại theo quy định và tỷ lệ HTXS.",
                "ReviewDecision",
                "OrganisationReviewDetail",
            ),
        },
    }
    return paths, SCHEMAS


def register() -> None:
    """Add the review API's paths and schemas to the OpenAPI document (called from ``hooks``)."""
    register_extension(describe)
