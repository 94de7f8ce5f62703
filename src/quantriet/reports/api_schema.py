"""The learning reports' part of the OpenAPI document, merged by ``orgs.api.openapi`` (registered in apps.py).

``reports.api`` produces these shapes; tests validate the examples and live answers against them.
"""

from __future__ import annotations

from typing import Any

from quantriet.orgs.api.openapi import ERROR_EXAMPLES, PAGING, page_example, query_parameter
from quantriet.orgs.api.schemas import ID, nullable, page_of, ref
from quantriet.reports.models import CheckState, FindingKind, ReportStatus, Source

Schema = dict[str, Any]


_MEMBER_REF: Schema = {
    "type": "object",
    "required": ["id", "full_name"],
    "additionalProperties": False,
    "properties": {"id": {"type": "integer"}, "full_name": {"type": "string"}},
}
_CHECK_STATE: Schema = {
    "enum": [*(s for s in CheckState.values if s), None],
    "description": "null: chưa có bài; pending: đang kiểm tra trùng lặp; done: đã kiểm tra.",
}
REPORT_ITEM: Schema = {
    "type": "object",
    "required": [
        "id",
        "campaign_id",
        "member",
        "unit",
        "status",
        "status_label",
        "late",
        "submitted_at",
        "check_state",
        "similarity",
        "findings_count",
        "url",
    ],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer"},
        "campaign_id": {"type": "integer"},
        "member": ref("ReportMember"),
        "unit": ref("UnitRef"),
        "status": {"enum": ReportStatus.values},
        "status_label": {"type": "string"},
        "late": {"type": "boolean"},
        "submitted_at": nullable("string", format="date-time"),
        "check_state": _CHECK_STATE,
        "similarity": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "Tỷ lệ lớn nhất của bài trùng với một văn bản khác (0–1). Là bằng chứng, không "
            "phải kết luận.",
        },
        "findings_count": {"type": "integer", "minimum": 0},
        "url": {"type": "string"},
    },
}
VERSION: Schema = {
    "type": "object",
    "required": [
        "number",
        "digest",
        "receipt",
        "words",
        "source",
        "on_behalf",
        "submitted_at",
        "late",
        "checked",
    ],
    "additionalProperties": False,
    "properties": {
        "number": {"type": "integer", "minimum": 1},
        "digest": {"type": "string", "description": "Mã băm của nội dung bài: biên nhận."},
        "receipt": {"type": "string", "description": "Mã biên nhận in trên giấy biên nhận (20 chữ số hex)."},
        "words": {"type": "integer", "minimum": 0},
        "source": {"enum": Source.values},
        "on_behalf": {"type": "boolean", "description": "true: người khác (bí thư chi bộ) nộp thay."},
        "submitted_at": {"type": "string", "format": "date-time"},
        "late": {"type": "boolean"},
        "checked": {"type": "boolean", "description": "Đã kiểm tra trùng lặp xong."},
    },
}
FINDING: Schema = {
    "type": "object",
    "required": [
        "id",
        "kind",
        "kind_label",
        "version",
        "similarity",
        "other_similarity",
        "passages",
        "other",
    ],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer"},
        "kind": {"enum": FindingKind.values},
        "kind_label": {"type": "string"},
        "version": {"type": "integer"},
        "similarity": {"type": "number", "minimum": 0, "maximum": 1},
        "other_similarity": {"type": "number", "minimum": 0, "maximum": 1},
        "passages": {"type": "integer", "minimum": 0, "description": "Số đoạn trùng."},
        "other": {
            "type": "object",
            "description": "Văn bản bên kia. Người viết chỉ được nêu khi người gọi được xem bài đó; nếu "
            "không, `member` là null và `title` là “bài của đơn vị khác”.",
            "required": ["type", "title", "member", "unit", "campaign_id"],
            "additionalProperties": False,
            "properties": {
                "type": {"enum": ["report", "reference"]},
                "title": {"type": "string"},
                "member": {"anyOf": [ref("ReportMember"), {"type": "null"}]},
                "unit": {"anyOf": [ref("UnitRef"), {"type": "null"}]},
                "campaign_id": nullable("integer"),
            },
        },
    },
}
REPORT_DETAIL: Schema = {
    "type": "object",
    "required": [
        *REPORT_ITEM["required"],
        "campaign",
        "comment",
        "grade",
        "mark",
        "rewrite_by",
        "current",
        "findings",
    ],
    "additionalProperties": False,
    "properties": {
        **REPORT_ITEM["properties"],
        "campaign": {
            "type": "object",
            "required": ["id", "title"],
            "additionalProperties": False,
            "properties": {"id": {"type": "integer"}, "title": {"type": "string"}},
        },
        "comment": {"type": "string"},
        "grade": {"enum": ["pass", "fail", None]},
        "mark": nullable("number"),
        "rewrite_by": nullable("string", format="date"),
        "current": {"anyOf": [ref("ReportVersion"), {"type": "null"}]},
        "findings": {"type": "array", "items": ref("ReportFinding")},
    },
}
VERSION_LIST: Schema = {
    "type": "object",
    "required": ["report_id", "results"],
    "additionalProperties": False,
    "properties": {
        "report_id": {"type": "integer"},
        "results": {"type": "array", "items": ref("ReportVersion")},
    },
}
RECEIPT: Schema = {
    "type": "object",
    "required": [*VERSION["required"], "report_id", "created", "check_state"],
    "additionalProperties": False,
    "properties": {
        **VERSION["properties"],
        "report_id": {"type": "integer"},
        "created": {
            "type": "boolean",
            "description": "false: nội dung này đã được nộp trước đó; đây là biên nhận cũ.",
        },
        "check_state": _CHECK_STATE,
    },
}
SUBMIT: Schema = {
    "type": "object",
    "required": ["text"],
    "additionalProperties": False,
    "properties": {
        "text": {
            "type": "string",
            "maxLength": 400_000,
            "description": "Nội dung bài. Số chữ phải nằm trong giới hạn của đợt; đợt không nhận bài sau hạn "
            "thì bài nộp muộn bị từ chối.",
        }
    },
}
SCHEMAS: dict[str, Schema] = {
    "ReportMember": _MEMBER_REF,
    "ReportItem": REPORT_ITEM,
    "ReportPage": page_of("ReportItem"),
    "ReportVersion": VERSION,
    "ReportFinding": FINDING,
    "ReportDetail": REPORT_DETAIL,
    "ReportVersionList": VERSION_LIST,
    "ReportReceipt": RECEIPT,
    "ReportSubmit": SUBMIT,
}

_CELL = {"id": 3, "name": "Chi bộ thôn 1", "code": "XA1"}
_ITEM = {
    "id": 501,
    "campaign_id": 12,
    "member": {"id": 41, "full_name": "Nguyễn Văn An"},
    "unit": _CELL,
    "status": "submitted",
    "status_label": "Đã nộp, chờ xem xét",
    "late": False,
    "submitted_at": "2025-10-02T20:15:00+07:00",
    "check_state": "done",
    "similarity": 0.62,
    "findings_count": 1,
    "url": "/api/v1/reports/501/",
}
_VERSION = {
    "number": 1,
    "digest": "3f1a9c0b7d2e4f6a8b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f0a2b4c6d8e0f1a",
    "receipt": "3F1A 9C0B 7D2E 4F6A 8B1C",
    "words": 1240,
    "source": "typed",
    "on_behalf": False,
    "submitted_at": "2025-10-02T20:15:00+07:00",
    "late": False,
    "checked": True,
}
EXAMPLES: dict[str, Any] = {
    "ReportPage": page_example(_ITEM),
    "ReportDetail": {
        **_ITEM,
        "campaign": {"id": 12, "title": "Học tập Nghị quyết 35"},
        "comment": "",
        "grade": None,
        "mark": None,
        "rewrite_by": None,
        "current": _VERSION,
        "findings": [
            {
                "id": 77,
                "kind": "peer",
                "kind_label": "Trùng với bài của người khác",
                "version": 1,
                "similarity": 0.62,
                "other_similarity": 0.58,
                "passages": 4,
                "other": {
                    "type": "report",
                    "title": "bài của đơn vị khác",
                    "member": None,
                    "unit": None,
                    "campaign_id": None,
                },
            }
        ],
    },
    "ReportVersionList": {"report_id": 501, "results": [_VERSION]},
    "ReportReceipt": {
        **_VERSION,
        "source": "api",
        "checked": False,
        "report_id": 501,
        "created": True,
        "check_state": "pending",
    },
    "ReportSubmit": {"text": "Qua học tập Nghị quyết, bản thân tôi nhận thức sâu sắc hơn về …"},
}
_ERROR_TEXT = {
    400: "Tham số hoặc nội dung không hợp lệ (JSON hỏng, bài quá ngắn hay quá dài, quá hạn nộp).",
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


def describe() -> tuple[dict[str, Any], dict[str, Schema]]:
    paths = {
        "/api/v1/reports/campaigns/{campaign_id}/reports/": {
            "parameters": [_id("campaign_id")],
            "get": {
                "operationId": "listCampaignReports",
                "summary": "Bài thu hoạch của một đợt học tập",
                "description": "Các bài người gọi được xem xét (bí thư chi bộ: chi bộ mình; cán bộ tổ chức, "
                "tuyên giáo: các đơn vị trực thuộc), xếp theo chi bộ rồi họ tên.",
                "parameters": [
                    query_parameter("status", "Chỉ các bài ở trạng thái này.", {"enum": ReportStatus.values}),
                    *PAGING,
                ],
                "responses": {
                    "200": _json("ReportPage", "Một trang bài thu hoạch.", EXAMPLES["ReportPage"]),
                    **_errors(400, 401, 404),
                },
            },
        },
        "/api/v1/reports/{report_id}/": {
            "parameters": [_id("report_id")],
            "get": {
                "operationId": "getReport",
                "summary": "Tình trạng và kết quả kiểm tra trùng lặp của một bài",
                "description": "Cho chính đảng viên và người xem xét bài. Kết quả kiểm tra là của lần nộp "
                "hiện tại; người viết bài bên kia chỉ được nêu khi người gọi được xem bài đó.",
                "responses": {
                    "200": _json("ReportDetail", "Bài thu hoạch.", EXAMPLES["ReportDetail"]),
                    **_errors(401, 404),
                },
            },
        },
        "/api/v1/reports/{report_id}/versions/": {
            "parameters": [_id("report_id")],
            "get": {
                "operationId": "listReportVersions",
                "summary": "Các lần nộp của một bài (biên nhận)",
                "description": "Không kèm nội dung bài.",
                "responses": {
                    "200": _json("ReportVersionList", "Các lần nộp.", EXAMPLES["ReportVersionList"]),
                    **_errors(401, 404),
                },
            },
            "post": {
                "operationId": "submitReport",
                "summary": "Nộp bài thu hoạch",
                "description": "Đảng viên nộp bài của mình, hoặc người xem xét bài (bí thư chi bộ) nộp thay. "
                "Cùng một nội dung nộp hai lần là một lần nộp (trả 200 với biên nhận cũ). Bài được "
                "kiểm tra trùng lặp ngay sau khi nhận (`check_state`: pending).",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": ref("ReportSubmit"),
                            "example": EXAMPLES["ReportSubmit"],
                        }
                    },
                },
                "responses": {
                    "201": _json("ReportReceipt", "Đã nhận bài: biên nhận.", EXAMPLES["ReportReceipt"]),
                    "200": _json(
                        "ReportReceipt",
                        "Nội dung này đã được nộp trước đó: biên nhận cũ.",
                        EXAMPLES["ReportReceipt"],
                    ),
                    **_errors(400, 401, 403, 404, 415),
                },
            },
        },
    }
    return paths, SCHEMAS
