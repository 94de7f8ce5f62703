"""The shapes of the campaigns' API answers in the OpenAPI document (``paths`` lays out the operations,
``examples`` the invented answers). ``serialise`` produces these shapes; tests validate the examples and
every live answer against them.
"""

from __future__ import annotations

from typing import Any

from quantriet.campaigns.models import AttendanceStatus, Audience, Category, Method, PlanStatus
from quantriet.campaigns.selectors import PlanState
from quantriet.orgs.api.schemas import closed_object, nullable, page_of, ref

Schema = dict[str, Any]


DATE: Schema = {"type": "string", "format": "date"}
MOMENT: Schema = {"type": "string", "format": "date-time"}
CLOCK: Schema = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}

UNIT: Schema = closed_object(
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
CAMPAIGN: Schema = closed_object(
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
CONFERENCE: Schema = closed_object(
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
CAMPAIGN_DETAIL: Schema = closed_object(
    {
        **CAMPAIGN["properties"],
        "documents": {
            "type": "array",
            "items": closed_object(
                {
                    "id": {"type": "integer"},
                    "symbol": {"type": "string"},
                    "subject": {"type": "string"},
                    "issued_on": nullable("string", format="date"),
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
POINT: Schema = closed_object(
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
CONFERENCE_DETAIL: Schema = closed_object(
    {
        **CONFERENCE["properties"],
        "campaign": closed_object({"id": {"type": "integer"}, "title": {"type": "string"}}),
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
POINT_DETAIL: Schema = closed_object(
    {
        **POINT["properties"],
        "conference": ref("Conference"),
        "attendance": closed_object(
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
DELEGATE: Schema = closed_object(
    {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "member_id": nullable("integer"),
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
CHECK_IN: Schema = closed_object(
    {
        "id": {"type": "integer"},
        "point_id": {"type": "integer"},
        "delegate_id": nullable("integer"),
        "name": {"type": "string"},
        "guest_note": {"type": "string"},
        "method": {"enum": Method.values},
        "method_label": {"type": "string"},
        "at": MOMENT,
        "late": {"type": "boolean"},
        "other_point": {"type": "boolean"},
        "recorded_at": MOMENT,
        "reversed": {"type": "boolean", "description": "true: lượt này đã bị hủy (giữ lại làm bằng chứng)."},
        "reversed_at": nullable("string", format="date-time"),
        "reversal_reason": {"type": "string"},
    }
)
PLAN_ROW: Schema = closed_object(
    {
        "unit": ref("CampaignUnit"),
        "state": {"enum": [s.value for s in PlanState]},
        "state_label": {"type": "string"},
        "reminders": _COUNT,
        "plan": {
            "anyOf": [
                closed_object(
                    {
                        "id": {"type": "integer"},
                        "symbol": {"type": "string"},
                        "issued_on": DATE,
                        "status": {"enum": PlanStatus.values},
                        "status_label": {"type": "string"},
                        "submitted_at": MOMENT,
                        "late": {"type": "boolean"},
                        "reviewed_at": nullable("string", format="date-time"),
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
KIOSK_RECORDED: Schema = closed_object(
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
