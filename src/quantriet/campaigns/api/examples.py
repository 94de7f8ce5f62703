"""Invented examples of the campaigns' API answers and errors, shown in the OpenAPI document and validated
against the shapes of ``schemas`` by the tests."""

from __future__ import annotations

from typing import Any

from quantriet.orgs.api.openapi import page_example

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


EXAMPLES: dict[str, Any] = {
    "CampaignPage": page_example(_CAMPAIGN),
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
    "DelegatePage": page_example(
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
    "CheckInPage": page_example(
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
    "PlanPage": page_example(
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

ERROR_TEXT = {
    400: "Tham số hoặc nội dung không hợp lệ.",
    401: "Chưa đăng nhập, hoặc khóa sai hay đã bị thu hồi.",
    403: "Gửi từ phiên đăng nhập của trình duyệt, không kèm khóa máy điểm danh.",
    404: "Không có, hoặc nằm ngoài phạm vi được xem (không phân biệt hai trường hợp).",
    409: "Đại biểu đã điểm danh, hoặc client_id đã dùng cho một lượt khác.",
    415: "Nội dung không phải application/json.",
    422: "Hội nghị chưa mở hoặc đã hết giờ nhận điểm danh, hoặc thời điểm `at` nằm ngoài khoảng đó.",
}
KIOSK_ERRORS = {
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
