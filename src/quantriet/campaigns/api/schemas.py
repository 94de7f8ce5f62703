"""The campaigns' part of the OpenAPI document, merged by ``orgs.api.openapi`` (registered in ``apps.py``).

``serialise`` produces these shapes; tests validate the examples and every live answer against them.
"""

from __future__ import annotations

from typing import Any

from quantriet.campaigns.models import AttendanceStatus, Audience, Category, Method, PlanStatus
from quantriet.campaigns.selectors import PlanState
from quantriet.orgs.api.openapi import ERROR_EXAMPLES, PAGING
from quantriet.orgs.api.schemas import ID, page_of, ref

Schema = dict[str, Any]


def _nullable(kind: str, **extra: Any) -> Schema:
    return {"type": [kind, "null"], **extra}


def _object(properties: Schema, **extra: Any) -> Schema:
    return {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
        **extra,
    }


DATE: Schema = {"type": "string", "format": "date"}
MOMENT: Schema = {"type": "string", "format": "date-time"}
CLOCK: Schema = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}

UNIT: Schema = _object(
    {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "code": {"type": "string"},
        "path": {
            "type": "string",
            "description": "Tên đơn vị sau tên các đơn vị cấp trên (trừ gốc của cây), ngăn bởi “ › ”: "
            "nhiều chi bộ trùng tên.",
        },
    }
)
CAMPAIGN: Schema = _object(
    {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "organising_unit": ref("CampaignUnit"),
        "scope_unit": ref("CampaignUnit"),
        "audience": {"enum": Audience.values},
        "audience_label": {"type": "string"},
        "categories": {"type": "array", "items": {"enum": Category.values}},
        "conference_date": DATE,
        "plan_deadline": DATE,
        "report_deadline": DATE,
        "url": {"type": "string"},
    }
)
CONFERENCE: Schema = _object(
    {
        "id": {"type": "integer"},
        "campaign_id": {"type": "integer"},
        "title": {"type": "string"},
        "held_on": DATE,
        "starts_at": CLOCK,
        "ends_at": {"anyOf": [CLOCK, {"type": "null"}]},
        "url": {"type": "string"},
    }
)
CAMPAIGN_DETAIL: Schema = _object(
    {
        **CAMPAIGN["properties"],
        "documents": {
            "type": "array",
            "items": _object(
                {
                    "id": {"type": "integer"},
                    "symbol": {"type": "string"},
                    "subject": {"type": "string"},
                    "issued_on": _nullable("string", format="date"),
                }
            ),
        },
        "conferences": {"type": "array", "items": ref("Conference")},
        "sees_whole": {
            "type": "boolean",
            "description": "true: người gọi là đơn vị tổ chức, thấy toàn bộ; "
            "false: chỉ phần của đơn vị mình.",
        },
        "may_manage": {"type": "boolean"},
        "plans_url": {"type": "string"},
    }
)
POINT: Schema = _object(
    {
        "id": {"type": "integer"},
        "conference_id": {"type": "integer"},
        "name": {"type": "string"},
        "is_main": {"type": "boolean"},
        "host_unit": ref("CampaignUnit"),
        "address": {"type": "string"},
        "capacity": {"type": "integer", "minimum": 0},
        "url": {"type": "string"},
    }
)
CONFERENCE_DETAIL: Schema = _object(
    {
        **CONFERENCE["properties"],
        "campaign": _object({"id": {"type": "integer"}, "title": {"type": "string"}}),
        "check_in_opens": {**MOMENT, "description": "Từ lúc này các điểm cầu nhận điểm danh."},
        "check_in_closes": {
            **MOMENT,
            "description": "Hết ngày họp: sau lúc này không nhận điểm danh trực tiếp.",
        },
        "points": {
            "type": "array",
            "items": ref("BridgePoint"),
            "description": "Các điểm cầu người gọi được xem "
            "(đơn vị tổ chức: tất cả; cán bộ điểm cầu: điểm của mình).",
        },
    }
)
_COUNT: Schema = {"type": "integer", "minimum": 0}
POINT_DETAIL: Schema = _object(
    {
        **POINT["properties"],
        "conference": ref("Conference"),
        "attendance": _object(
            {
                "invited": _COUNT,
                "present": {**_COUNT, "description": "Đại biểu được mời ở điểm này đã điểm danh tại đây."},
                "from_other_points": _COUNT,
                "guests": _COUNT,
                "late": _COUNT,
            },
            description="Chỉ tính các lượt điểm danh chưa bị hủy.",
        ),
        "may_check_in": {"type": "boolean"},
        "delegates_url": {"type": "string"},
        "check_ins_url": {"type": "string"},
    }
)
DELEGATE: Schema = _object(
    {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "member_id": _nullable("integer"),
        "unit": {"anyOf": [ref("CampaignUnit"), {"type": "null"}]},
        "category": {"enum": Category.values},
        "category_label": {"type": "string"},
        "point_id": {"type": "integer"},
        "status": {
            "enum": AttendanceStatus.values,
            "description": "present: có mặt; made_up: có mặt ở buổi học bù; "
            "excused: vắng có lý do; absent: vắng.",
        },
        "status_label": {"type": "string"},
    },
    description="Mã cá nhân trên giấy mời không được gửi: đó là giấy tờ của đại biểu khi vào hội nghị.",
)
CHECK_IN: Schema = _object(
    {
        "id": {"type": "integer"},
        "point_id": {"type": "integer"},
        "delegate_id": _nullable("integer"),
        "name": {"type": "string"},
        "guest_note": {"type": "string"},
        "method": {"enum": Method.values},
        "method_label": {"type": "string"},
        "at": MOMENT,
        "late": {"type": "boolean"},
        "other_point": {"type": "boolean"},
        "recorded_at": MOMENT,
        "reversed": {"type": "boolean", "description": "true: lượt này đã bị hủy (giữ lại làm bằng chứng)."},
        "reversed_at": _nullable("string", format="date-time"),
        "reversal_reason": {"type": "string"},
    }
)
PLAN_ROW: Schema = _object(
    {
        "unit": ref("CampaignUnit"),
        "state": {"enum": [s.value for s in PlanState]},
        "state_label": {"type": "string"},
        "reminders": _COUNT,
        "plan": {
            "anyOf": [
                _object(
                    {
                        "id": {"type": "integer"},
                        "symbol": {"type": "string"},
                        "issued_on": DATE,
                        "status": {"enum": PlanStatus.values},
                        "status_label": {"type": "string"},
                        "submitted_at": MOMENT,
                        "late": {"type": "boolean"},
                        "reviewed_at": _nullable("string", format="date-time"),
                        "comment": {"type": "string"},
                    }
                ),
                {"type": "null"},
            ]
        },
    }
)
KIOSK_CHECK_IN: Schema = {
    "type": "object",
    "required": ["code", "client_id"],
    "additionalProperties": False,
    "properties": {
        "code": {
            "type": "string",
            "minLength": 1,
            "maxLength": 400,
            "description": "Mã trên giấy mời hoặc nội dung mã QR.",
        },
        "client_id": {
            "type": "string",
            "format": "uuid",
            "description": "Máy tạo một UUID cho mỗi lượt; gửi lại cùng mã thì chỉ tính một lần.",
        },
        "method": {"enum": [Method.SCAN.value, Method.TYPED.value]},
        "at": {
            **MOMENT,
            "description": "Lúc máy ghi lượt này khi mất mạng (có múi giờ); bỏ trống khi gửi ngay.",
        },
    },
}
KIOSK_RECORDED: Schema = _object(
    {
        "status": {"const": "recorded"},
        "replayed": {
            "type": "boolean",
            "description": "true: client_id này đã được ghi trước đó; không thêm gì.",
        },
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "at": MOMENT,
        "late": {"type": "boolean"},
        "other_point": {"type": "boolean"},
        "message": {"type": "string"},
    }
)
SCHEMAS: dict[str, Schema] = {
    "CampaignUnit": UNIT,
    "Campaign": CAMPAIGN,
    "CampaignPage": page_of("Campaign"),
    "CampaignDetail": CAMPAIGN_DETAIL,
    "Conference": CONFERENCE,
    "ConferenceDetail": CONFERENCE_DETAIL,
    "BridgePoint": POINT,
    "BridgePointDetail": POINT_DETAIL,
    "Delegate": DELEGATE,
    "DelegatePage": page_of("Delegate"),
    "CheckIn": CHECK_IN,
    "CheckInPage": page_of("CheckIn"),
    "PlanRow": PLAN_ROW,
    "PlanPage": page_of("PlanRow"),
    "KioskCheckIn": KIOSK_CHECK_IN,
    "KioskRecorded": KIOSK_RECORDED,
}

# --- examples (invented) ----------------------------------------------------------------------------

_XA = {"id": 2, "name": "Đảng bộ xã An Hòa", "code": "XA", "path": "Đảng bộ xã An Hòa"}
_CELL = {
    "id": 3,
    "name": "Chi bộ thôn 1",
    "code": "XA1",
    "path": "Đảng bộ xã An Hòa › Chi bộ thôn 1",
}
_CAMPAIGN = {
    "id": 12,
    "title": "Học tập, quán triệt Nghị quyết Hội nghị Trung ương",
    "organising_unit": _XA,
    "scope_unit": _XA,
    "audience": "all_members",
    "audience_label": "Toàn thể đảng viên",
    "categories": [],
    "conference_date": "2025-09-10",
    "plan_deadline": "2025-09-30",
    "report_deadline": "2025-10-15",
    "url": "/api/v1/campaigns/12/",
}
_CONFERENCE = {
    "id": 7,
    "campaign_id": 12,
    "title": "Hội nghị học tập, quán triệt",
    "held_on": "2025-09-10",
    "starts_at": "07:30",
    "ends_at": "11:00",
    "url": "/api/v1/campaigns/conferences/7/",
}
_POINT = {
    "id": 21,
    "conference_id": 7,
    "name": "Hội trường xã An Hòa",
    "is_main": True,
    "host_unit": _XA,
    "address": "Trụ sở Đảng ủy xã",
    "capacity": 120,
    "url": "/api/v1/campaigns/points/21/",
}
_CHECK_IN = {
    "id": 301,
    "point_id": 21,
    "delegate_id": 88,
    "name": "Nguyễn Văn An",
    "guest_note": "",
    "method": "scan",
    "method_label": "Quét mã QR",
    "at": "2025-09-10T07:21:00+07:00",
    "late": False,
    "other_point": False,
    "recorded_at": "2025-09-10T07:21:02+07:00",
    "reversed": False,
    "reversed_at": None,
    "reversal_reason": "",
}


def _page(*results: Any, count: int | None = None) -> dict[str, Any]:
    return {
        "count": count if count is not None else len(results),
        "page": 1,
        "pages": 1,
        "page_size": 50,
        "next": None,
        "previous": None,
        "results": list(results),
    }


EXAMPLES: dict[str, Any] = {
    "CampaignPage": _page(_CAMPAIGN),
    "CampaignDetail": {
        **_CAMPAIGN,
        "documents": [
            {
                "id": 5,
                "symbol": "35-NQ/TW",
                "subject": "Về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
                "issued_on": "2018-10-22",
            }
        ],
        "conferences": [_CONFERENCE],
        "sees_whole": True,
        "may_manage": True,
        "plans_url": "/api/v1/campaigns/12/plans/",
    },
    "ConferenceDetail": {
        **_CONFERENCE,
        "campaign": {"id": 12, "title": _CAMPAIGN["title"]},
        "check_in_opens": "2025-09-10T06:30:00+07:00",
        "check_in_closes": "2025-09-11T00:00:00+07:00",
        "points": [_POINT],
    },
    "BridgePointDetail": {
        **_POINT,
        "conference": _CONFERENCE,
        "attendance": {"invited": 16, "present": 12, "from_other_points": 1, "guests": 2, "late": 1},
        "may_check_in": True,
        "delegates_url": "/api/v1/campaigns/points/21/delegates/",
        "check_ins_url": "/api/v1/campaigns/points/21/check-ins/",
    },
    "DelegatePage": _page(
        {
            "id": 88,
            "name": "Nguyễn Văn An",
            "member_id": 41,
            "unit": _CELL,
            "category": "secretary",
            "category_label": "Bí thư, Phó Bí thư",
            "point_id": 21,
            "status": "present",
            "status_label": "Có mặt",
        }
    ),
    "CheckInPage": _page(
        _CHECK_IN,
        {
            **_CHECK_IN,
            "id": 298,
            "delegate_id": None,
            "name": "Lê Văn Khách",
            "guest_note": "Trưởng thôn",
            "method": "guest",
            "method_label": "Khách không có giấy mời",
            "reversed": True,
            "reversed_at": "2025-09-10T07:40:00+07:00",
            "reversal_reason": "Ghi nhầm người",
        },
    ),
    "PlanPage": _page(
        {
            "unit": _CELL,
            "state": "submitted",
            "state_label": "Đã nộp đúng hạn",
            "reminders": 0,
            "plan": {
                "id": 4,
                "symbol": "05-KH/CB",
                "issued_on": "2025-09-20",
                "status": "submitted",
                "status_label": "Đã nộp, chờ duyệt",
                "submitted_at": "2025-09-20T15:02:00+07:00",
                "late": False,
                "reviewed_at": None,
                "comment": "",
            },
        }
    ),
    "KioskCheckIn": {
        "code": "ABCD-EFGH-JKLM",
        "client_id": "6f1c2b1e-8d5a-4c1e-9a51-2d4f0f3b7a10",
        "method": "scan",
    },
    "KioskRecorded": {
        "status": "recorded",
        "replayed": False,
        "id": 301,
        "name": "Nguyễn Văn An",
        "at": "2025-09-10T07:21:00+07:00",
        "late": False,
        "other_point": False,
        "message": "Đã điểm danh Nguyễn Văn An lúc 07:21.",
    },
}

_ERROR_TEXT = {
    400: "Tham số hoặc nội dung không hợp lệ.",
    401: "Chưa đăng nhập, hoặc khóa sai hay đã bị thu hồi.",
    403: "Gửi từ phiên đăng nhập của trình duyệt, không kèm khóa máy điểm danh.",
    404: "Không có, hoặc nằm ngoài phạm vi được xem (không phân biệt hai trường hợp).",
    409: "Đại biểu đã điểm danh, hoặc client_id đã dùng cho một lượt khác.",
    415: "Nội dung không phải application/json.",
    422: "Hội nghị chưa mở hoặc đã hết giờ nhận điểm danh, hoặc thời điểm `at` nằm ngoài khoảng đó.",
}
_KIOSK_ERRORS = {
    401: {
        "error": {
            "code": "invalid_kiosk_key",
            "message": "Thiếu khóa máy điểm danh (tiêu đề X-Kiosk-Key), hoặc khóa không đúng, "
            "đã bị thu hồi hay không phải của điểm cầu này. Hãy nhờ cán bộ phụ trách điểm cầu cấp khóa mới.",
            "fields": {},
        }
    },
    403: {
        "error": {
            "code": "kiosk_only",
            "message": "Địa chỉ này chỉ dành cho máy điểm danh tự phục vụ có khóa của điểm cầu (tiêu đề "
            "X-Kiosk-Key). Cán bộ điểm danh hãy dùng trang điểm danh của điểm cầu.",
            "fields": {},
        }
    },
    409: {
        "error": {
            "code": "already",
            "message": "Nguyễn Văn An đã điểm danh lúc 07:21 tại Hội trường xã An Hòa; "
            "lần quét này không được tính thêm.",
            "fields": {},
        }
    },
    422: {
        "error": {
            "code": "closed",
            "message": "Hội nghị đã kết thúc; không nhận điểm danh nữa.",
            "fields": {},
        }
    },
}


def _json(schema: str, description: str, example: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema), "example": example}},
    }


def _errors(*statuses: int, kiosk: bool = False) -> dict[str, Any]:
    def example(status: int) -> Any:
        return (
            _KIOSK_ERRORS[status]
            if kiosk and status in _KIOSK_ERRORS
            else ERROR_EXAMPLES.get(status, _KIOSK_ERRORS.get(status))
        )

    return {str(s): _json("Error", _ERROR_TEXT[s], example(s)) for s in statuses}


_ID = {"name": "id", "in": "path", "required": True, "schema": ID}


def _get(
    op_id: str, summary: str, description: str, schema: str, what: str, *, paged: bool = False
) -> Schema:
    return {
        "parameters": [_ID],
        "get": {
            "operationId": op_id,
            "summary": summary,
            "description": description,
            **({"parameters": PAGING} if paged else {}),
            "responses": {
                "200": _json(schema, what, EXAMPLES[schema]),
                **_errors(*((400, 401, 404) if paged else (401, 404))),
            },
        },
    }


def describe() -> tuple[dict[str, Any], dict[str, Schema]]:
    paths: dict[str, Any] = {
        "/api/v1/campaigns/": {
            "get": {
                "operationId": "listCampaigns",
                "summary": "Các đợt học tập, quán triệt",
                "description": "Các đợt người gọi được xem: do đơn vị mình tổ chức, có phạm vi gồm đơn vị "
                "mình, hoặc dành cho chính đảng viên; mới nhất trước.",
                "parameters": PAGING,
                "responses": {
                    "200": _json("CampaignPage", "Một trang đợt học tập.", EXAMPLES["CampaignPage"]),
                    **_errors(400, 401, 404),
                },
            }
        },
        "/api/v1/campaigns/{id}/": _get(
            "getCampaign",
            "Một đợt học tập, quán triệt",
            "Kèm văn bản học tập và các hội nghị.",
            "CampaignDetail",
            "Đợt học tập.",
        ),
        "/api/v1/campaigns/{id}/plans/": _get(
            "listCampaignPlans",
            "Kế hoạch thực hiện của các đơn vị",
            "Mỗi đơn vị phải nộp kế hoạch (trong phạm vi người gọi được xem) một dòng: trạng thái, kế hoạch "
            "đã nộp, số lần được nhắc. Xếp theo tên đơn vị.",
            "PlanPage",
            "Một trang đơn vị.",
            paged=True,
        ),
        "/api/v1/campaigns/conferences/{id}/": _get(
            "getConference",
            "Một hội nghị",
            "Kèm giờ nhận điểm danh và các điểm cầu người gọi được xem.",
            "ConferenceDetail",
            "Hội nghị.",
        ),
        "/api/v1/campaigns/points/{id}/": _get(
            "getBridgePoint",
            "Một điểm cầu",
            "Cho cán bộ điểm cầu và đơn vị tổ chức; kèm số liệu điểm danh hiện tại.",
            "BridgePointDetail",
            "Điểm cầu.",
        ),
        "/api/v1/campaigns/points/{id}/delegates/": _get(
            "listPointDelegates",
            "Đại biểu được mời ở một điểm cầu",
            "Kèm tình trạng tham dự (có mặt, học bù, vắng có lý do, vắng). Mỗi lần đọc được ghi vào nhật ký "
            "truy cập dữ liệu cá nhân.",
            "DelegatePage",
            "Một trang đại biểu.",
            paged=True,
        ),
        "/api/v1/campaigns/points/{id}/check-ins/": _get(
            "listPointCheckIns",
            "Các lượt điểm danh tại một điểm cầu",
            "Mới nhất trước, kể cả lượt đã bị hủy (`reversed`), vì lượt điểm danh là sự việc không xóa.",
            "CheckInPage",
            "Một trang lượt điểm danh.",
            paged=True,
        ),
        "/api/v1/campaigns/points/{point_id}/kiosk/check-in/": {
            "parameters": [{"name": "point_id", "in": "path", "required": True, "schema": ID}],
            "post": {
                "operationId": "kioskCheckIn",
                "summary": "Máy điểm danh tự phục vụ: điểm danh theo mã",
                "description": "Xác thực bằng khóa máy điểm danh của chính điểm cầu (tiêu đề "
                "`X-Kiosk-Key`), do cán bộ phụ trách điểm cầu tạo trên trang điểm cầu. Khóa chỉ cho điểm "
                "danh theo mã trên giấy mời, tại điểm cầu đó, trong giờ hội nghị nhận điểm danh; lượt điểm "
                "danh ghi dưới tên người tạo khóa. Cùng client_id gửi lại trả 200 với lượt cũ.",
                "security": [{"kioskKey": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": ref("KioskCheckIn"),
                            "example": EXAMPLES["KioskCheckIn"],
                        }
                    },
                },
                "responses": {
                    "201": _json("KioskRecorded", "Đã điểm danh.", EXAMPLES["KioskRecorded"]),
                    "200": _json(
                        "KioskRecorded",
                        "Lượt này đã được ghi trước đó.",
                        {**EXAMPLES["KioskRecorded"], "replayed": True},
                    ),
                    **_errors(400, 401, 403, 404, 409, 415, 422, kiosk=True),
                },
            },
        },
    }
    return paths, SCHEMAS
