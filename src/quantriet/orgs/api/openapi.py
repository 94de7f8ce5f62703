"""The OpenAPI 3.1 description of ``/api/v1/``, built in Python from ``schemas``.

Served as JSON at ``/api/v1/openapi.json`` and rendered as a page at ``/api/v1/docs/``; a test
validates it, checks that every API URL pattern is described and that every example fits its schema.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quantriet.orgs.api.schemas import FLAG, ID, SCHEMAS, ref
from quantriet.orgs.models import MemberStatus
from quantriet.orgs.models.units import Level
from quantriet.orgs.profile import ReadPurpose

Operation = dict[str, Any]

# Invented examples every app's API description shares: a commune committee, one of its cells, and a
# one-page list answer around some items.
UNIT_REF_EXAMPLE = {"id": 2, "name": "Đảng bộ xã An Hòa", "code": "XA"}
CELL_REF_EXAMPLE = {"id": 3, "name": "Chi bộ thôn 1", "code": "XA1"}


def page_example(*results: Any, count: int | None = None) -> dict[str, Any]:
    """A list answer's example: the first page of one, holding ``results``."""
    return {
        "count": count if count is not None else len(results),
        "page": 1,
        "pages": 1,
        "page_size": 50,
        "next": None,
        "previous": None,
        "results": list(results),
    }


_UNIT = {
    "id": 3,
    "name": "Chi bộ thôn 1",
    "code": "XA1",
    "level": "cell",
    "level_label": "Chi bộ",
    "parent_id": 2,
    "depth": 2,
    "valid_from": "2020-01-01",
    "valid_to": None,
    "child_count": 0,
    "url": "/api/v1/units/3/",
}
_MEMBER_ITEM = {
    "id": 41,
    "full_name": "Nguyễn Văn An",
    "status": "full",
    "status_label": "Chính thức",
    "unit": CELL_REF_EXAMPLE,
    "url": "/api/v1/members/41/",
}
_MEMBER = {
    **_MEMBER_ITEM,
    "date_of_birth": "1985-05-17",
    "sex": "male",
    "admission_date": "2010-03-02",
    "full_membership_date": "2011-03-02",
    "card_number": "10000001",
    "hometown": "Xã An Hòa, tỉnh Sông Lam",
    "education": "12/12",
    "specialty": "Kỹ sư nông nghiệp",
    "political_theory": "intermediate",
    "occupation": "Viên chức",
    "email": "",
    "placements": [{"unit": CELL_REF_EXAMPLE, "start": "2010-03-02", "end": None, "reason": "Đăng ký"}],
    "positions": [
        {
            "kind": "secretary",
            "kind_label": "Bí thư",
            "unit": CELL_REF_EXAMPLE,
            "start": "2020-10-01",
            "end": None,
        }
    ],
    "updated_at": "2025-07-01T08:30:00+07:00",
}
EXAMPLES: dict[str, Any] = {
    "UnitPage": page_example(_UNIT),
    "UnitDetail": {**_UNIT, "parent": UNIT_REF_EXAMPLE, "ancestors": [1, 2]},
    "MemberPage": {
        "count": 120,
        "page": 1,
        "pages": 3,
        "page_size": 50,
        "next": "http://127.0.0.1:8000/api/v1/members/?unit=2&page=2",
        "previous": None,
        "results": [_MEMBER_ITEM],
    },
    "MemberDetail": _MEMBER,
    "MemberCreate": {
        "unit": 3,
        "full_name": "Phạm Thị Hoa",
        "date_of_birth": "1990-02-28",
        "sex": "female",
        "admission_date": "2015-05-19",
        "card_number": "20000001",
        "status": "probationary",
    },
    "MemberPatch": {"full_name": "Phạm Thị Hoa", "card_number": "20000002"},
    "Me": {
        "username": "bithu.thon1",
        "full_name": "",
        "is_staff": False,
        "authentication": "token",
        "member_id": 41,
        "roles": [{"role": "secretary", "role_label": "Bí thư / Phó Bí thư", "unit": CELL_REF_EXAMPLE}],
    },
}
ERROR_EXAMPLES: dict[int, dict[str, Any]] = {
    400: {
        "error": {
            "code": "invalid",
            "message": "Dữ liệu gửi lên chưa hợp lệ; xem chi tiết ở từng trường và sửa lại.",
            "fields": {
                "date_of_birth": "Ngày “2020-02-31” không có thật hoặc sai dạng; "
                "hãy viết theo dạng NNNN-TT-NN, ví dụ 2020-02-29."
            },
        }
    },
    401: {
        "error": {
            "code": "unauthenticated",
            "message": "Bạn chưa đăng nhập. Hãy đăng nhập hoặc gửi khóa API trong tiêu đề Authorization.",
            "fields": {},
        }
    },
    403: {
        "error": {
            "code": "forbidden",
            "message": "Bạn không có quyền làm việc này ở đơn vị này.",
            "fields": {},
        }
    },
    404: {
        "error": {
            "code": "not_found",
            "message": "Không tìm thấy mục này, hoặc bạn không có quyền xem nó.",
            "fields": {},
        }
    },
    415: {
        "error": {
            "code": "unsupported_media_type",
            "message": "Nội dung phải ở dạng JSON, với tiêu đề Content-Type: application/json.",
            "fields": {},
        }
    },
    429: {
        "error": {
            "code": "rate_limited",
            "message": "Bạn đã gửi quá nhiều yêu cầu trong một lúc. Hãy chờ 42 giây rồi gửi tiếp; "
            "chương trình chạy tự động nên gửi chậm lại.",
            "fields": {},
        }
    },
}
_ERROR_TEXT = {
    400: "Tham số hoặc nội dung không hợp lệ (JSON hỏng, sai kiểu, sai giá trị).",
    401: "Chưa đăng nhập, hoặc khóa API sai hay đã bị thu hồi.",
    403: "Thấy được đơn vị nhưng không có quyền ghi; hoặc thiếu mã CSRF khi dùng phiên đăng nhập.",
    404: "Không có, hoặc nằm ngoài phạm vi được xem (không phân biệt hai trường hợp).",
    415: "Nội dung không phải application/json.",
    429: "Quá nhiều yêu cầu: mỗi người (theo tài khoản) và mỗi địa chỉ xác thực sai có giới hạn mỗi phút; "
    "tiêu đề Retry-After cho biết số giây phải chờ.",
}


def _json(schema_name: str, description: str, example: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema_name), "example": example}},
    }


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): _json("Error", _ERROR_TEXT[s], ERROR_EXAMPLES[s]) for s in statuses}


def query_parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """An optional query parameter; sent empty (``?type=``, as a form's "all" does) it counts as absent."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "allowEmptyValue": True,
        "description": description,
        "schema": schema,
    }


_ID = {"name": "id", "in": "path", "required": True, "schema": ID}
PAGING = [
    query_parameter("page", "Số trang, bắt đầu từ 1.", ID),
    query_parameter(
        "page_size",
        "Số mục mỗi trang (mặc định 50, tối đa 200).",
        {"type": "integer", "minimum": 1, "maximum": 200},
    ),
]


def _op(op_id: str, summary: str, description: str, responses: dict[str, Any], **extra: Any) -> Operation:
    return {
        "operationId": op_id,
        "summary": summary,
        "description": description,
        "responses": responses,
        **extra,
    }


def _paths() -> dict[str, Any]:
    return {
        "/api/v1/units/": {
            "get": _op(
                "listUnits",
                "Danh sách tổ chức đảng",
                "Các đơn vị người dùng được xem, xếp theo tên (không phân biệt dấu) rồi theo mã số.",
                {
                    "200": _json("UnitPage", "Một trang đơn vị.", EXAMPLES["UnitPage"]),
                    **_errors(400, 401, 404),
                },
                parameters=[
                    query_parameter("parent", "Chỉ các đơn vị trực thuộc đơn vị này.", ID),
                    query_parameter("q", "Tìm theo tên (không phân biệt dấu) hoặc mã.", {"type": "string"}),
                    query_parameter("level", "Cấp của đơn vị.", {"enum": Level.values}),
                    query_parameter("include_closed", "1 để kèm cả đơn vị đã giải thể, sáp nhập.", FLAG),
                    *PAGING,
                ],
            )
        },
        "/api/v1/units/{id}/": {
            "parameters": [_ID],
            "get": _op(
                "getUnit",
                "Một tổ chức đảng",
                "Kèm đơn vị cấp trên, chuỗi đơn vị cấp trên và số đơn vị trực thuộc.",
                {"200": _json("UnitDetail", "Đơn vị.", EXAMPLES["UnitDetail"]), **_errors(401, 404)},
            ),
        },
        "/api/v1/members/": {
            "get": _op(
                "listMembers",
                "Danh sách đảng viên",
                "Đảng viên trong toàn bộ cây của đơn vị `unit` (hoặc mọi đảng viên được xem), "
                "tìm không phân biệt dấu.",
                {
                    "200": _json("MemberPage", "Một trang đảng viên.", EXAMPLES["MemberPage"]),
                    **_errors(400, 401, 404),
                },
                parameters=[
                    query_parameter("unit", "Đơn vị gốc; lấy cả các đơn vị trực thuộc.", ID),
                    query_parameter(
                        "q",
                        "Họ tên (“nguyen van a” tìm được “Nguyễn Văn A”) hoặc số thẻ.",
                        {"type": "string"},
                    ),
                    query_parameter("status", "Tình trạng.", {"enum": MemberStatus.values}),
                    *PAGING,
                ],
            ),
            "post": _op(
                "createMember",
                "Thêm đảng viên",
                "Cần quyền sửa hồ sơ đảng viên ở đơn vị `unit`. Ngày theo dạng NNNN-TT-NN.",
                {
                    "201": _json("MemberDetail", "Đã thêm.", EXAMPLES["MemberDetail"]),
                    **_errors(400, 401, 403, 404, 415),
                },
                requestBody={
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": ref("MemberCreate"),
                            "example": EXAMPLES["MemberCreate"],
                        }
                    },
                },
            ),
        },
        "/api/v1/members/{id}/": {
            "parameters": [_ID],
            "get": _op(
                "getMember",
                "Hồ sơ một đảng viên",
                "Mỗi lần đọc được ghi vào nhật ký truy cập dữ liệu cá nhân. Dân tộc, tôn giáo, số CCCD, "
                "điện thoại và ảnh chỉ có khi người đọc có quyền xem thông tin nhạy cảm và nêu mục đích "
                "(`purpose`), hoặc là chính đảng viên; lần đọc được ghi kèm mục đích.",
                {"200": _json("MemberDetail", "Hồ sơ.", EXAMPLES["MemberDetail"]), **_errors(401, 404)},
                parameters=[
                    query_parameter(
                        "purpose", "Mục đích xem thông tin nhạy cảm.", {"enum": ReadPurpose.values}
                    ),
                    query_parameter(
                        "note", "Ghi rõ mục đích (bắt buộc khi purpose là other).", {"type": "string"}
                    ),
                ],
            ),
            "patch": _op(
                "updateMember",
                "Sửa hồ sơ đảng viên",
                "Chỉ các trường gửi lên được sửa. "
                "Chuyển sinh hoạt và đổi tình trạng là nghiệp vụ riêng, không sửa ở đây.",
                {
                    "200": _json("MemberDetail", "Hồ sơ sau khi sửa.", EXAMPLES["MemberDetail"]),
                    **_errors(400, 401, 403, 404, 415),
                },
                requestBody={
                    "required": True,
                    "content": {
                        "application/json": {"schema": ref("MemberPatch"), "example": EXAMPLES["MemberPatch"]}
                    },
                },
            ),
        },
        "/api/v1/me/": {
            "get": _op(
                "getMe",
                "Tài khoản đang dùng",
                "Tên đăng nhập, cách xác thực và các vai trò tại các đơn vị.",
                {"200": _json("Me", "Tài khoản.", EXAMPLES["Me"]), **_errors(401)},
            )
        },
        "/api/v1/openapi.json": {
            "get": _op(
                "getOpenApi",
                "Tài liệu này (OpenAPI 3.1)",
                "Công khai.",
                {
                    "200": {
                        "description": "Tài liệu OpenAPI.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
                security=[],
            )
        },
        "/api/v1/docs/": {
            "get": _op(
                "getDocs",
                "Tài liệu dạng trang web",
                "Công khai; dựng từ chính tài liệu OpenAPI.",
                {
                    "200": {
                        "description": "Trang HTML.",
                        "content": {"text/html": {"schema": {"type": "string"}}},
                    }
                },
                security=[],
            )
        },
    }


# Apps above orgs describe their own endpoints: orgs may not import them (apps depend downwards), so
# each registers, from its AppConfig.ready(), a function returning its paths and component schemas.
Extension = Callable[[], tuple[dict[str, Any], dict[str, Any]]]
_EXTENSIONS: list[Extension] = []


def register_extension(describe: Extension) -> None:
    """Add another app's paths and schemas to the document (idempotent)."""
    if describe not in _EXTENSIONS:
        _EXTENSIONS.append(describe)


def _extended() -> tuple[dict[str, Any], dict[str, Any]]:
    paths, schemas = _paths(), dict(SCHEMAS)
    for describe in _EXTENSIONS:
        more_paths, more_schemas = describe()
        paths.update(more_paths)
        schemas.update(more_schemas)
    return paths, schemas


def _rate_limited(paths: dict[str, Any]) -> dict[str, Any]:
    """Every operation that authenticates (it may answer 401) may also answer 429 (core.api.ratelimit):
    added here once rather than in each app's description."""
    for item in paths.values():
        for operation in item.values():
            responses = operation.get("responses", {}) if isinstance(operation, dict) else {}
            if "401" in responses:
                responses["429"] = {
                    **_json("Error", _ERROR_TEXT[429], ERROR_EXAMPLES[429]),
                    "headers": {
                        "Retry-After": {
                            "description": "Số giây phải chờ trước khi gửi tiếp.",
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    },
                }
    return paths


def build_spec(server_url: str = "/") -> dict[str, Any]:
    paths, schemas = _extended()
    paths = _rate_limited(paths)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "quantriet API",
            "version": "1.0.0",
            "description": (
                "API JSON về tổ chức đảng, đảng viên, văn bản, đợt học tập (hội nghị, điểm cầu, đại biểu, "
                "điểm danh, kế hoạch thực hiện) và bài thu hoạch. "
                "Mọi kết quả chỉ gồm dữ liệu trong phạm vi của người dùng; "
                "mục ngoài phạm vi trả về 404 như mục không tồn tại. Xác thực bằng phiên đăng nhập (gửi kèm "
                "X-CSRFToken khi ghi) hoặc `Authorization: Bearer <khóa API>` (tự tạo và thu hồi ở trang "
                "“Khóa API” của tài khoản, /accounts/api-keys/, hoặc cấp bằng lệnh "
                "`quantriet manage create_api_token <tên đăng nhập> <tên khóa>`). Ngày theo ISO 8601."
            ),
        },
        "servers": [{"url": server_url}],
        "security": [{"bearerAuth": []}, {"sessionAuth": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "Khóa API dạng qt_…"},
                # A bridge point's kiosk: its own key, good for checking in at that point only.
                "kioskKey": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Kiosk-Key",
                    "description": "Khóa máy điểm danh dạng qtk_…, của một điểm cầu.",
                },
                "sessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            },
        },
    }
