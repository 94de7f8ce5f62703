"""The campaigns' paths of the OpenAPI document, merged by ``orgs.api.openapi`` (registered in ``apps.py``):
each operation with its shapes (``schemas``) and invented examples (``examples``)."""

from __future__ import annotations

from typing import Any

from quantriet.campaigns.api.examples import ERROR_TEXT, EXAMPLES, KIOSK_ERRORS
from quantriet.campaigns.api.schemas import SCHEMAS, Schema
from quantriet.orgs.api.openapi import ERROR_EXAMPLES, PAGING
from quantriet.orgs.api.schemas import ID, ref


def _json(schema: str, description: str, example: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema), "example": example}},
    }


def _errors(*statuses: int, kiosk: bool = False) -> dict[str, Any]:
    def example(status: int) -> Any:
        return (
            KIOSK_ERRORS[status]
            if kiosk and status in KIOSK_ERRORS
            else ERROR_EXAMPLES.get(status, KIOSK_ERRORS.get(status))
        )

    return {str(s): _json("Error", ERROR_TEXT[s], example(s)) for s in statuses}


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
