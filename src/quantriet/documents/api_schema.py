"""The registry's part of the OpenAPI document, merged by ``orgs.api.openapi`` (registered in apps.py).

``documents.api`` produces these shapes; tests validate the examples and live answers against them.
"""

from __future__ import annotations

from typing import Any

from quantriet.documents.models import DOCUMENT_TYPES, RelationKind, Secrecy, Status
from quantriet.documents.selectors import FILTER_YEARS
from quantriet.orgs.api.openapi import ERROR_EXAMPLES, PAGING, page_example, query_parameter
from quantriet.orgs.api.schemas import FLAG, ID, nullable, page_of, ref

Schema = dict[str, Any]


DOCUMENT_REF: Schema = {
    "type": "object",
    "required": ["id", "type", "symbol", "issued_on", "url"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer"},
        "type": {"type": "string", "description": "Loại văn bản; rỗng với mục chờ xác nhận chưa rõ loại."},
        "symbol": {"type": "string", "description": "Số và ký hiệu chuẩn hóa, ví dụ 35-NQ/TW."},
        "issued_on": nullable("string", format="date"),
        "url": {"type": "string"},
    },
}
DOCUMENT_ITEM: Schema = {
    "type": "object",
    "required": [
        *DOCUMENT_REF["required"],
        "number",
        "issuer",
        "issuing_unit",
        "system",
        "term",
        "subject",
        "status",
        "is_public",
        "secrecy",
        "confirmed",
    ],
    "additionalProperties": False,
    "properties": {
        **DOCUMENT_REF["properties"],
        "number": {"type": "string"},
        "issuer": {"type": "string", "description": "Phần cơ quan ban hành của ký hiệu (TW, BTCTW, TU, CP)."},
        "issuing_unit": {"anyOf": [ref("UnitRef"), {"type": "null"}]},
        "system": {"enum": ["party", "state", None]},
        "term": {"type": "string"},
        "subject": {"type": "string"},
        "status": {"enum": Status.values},
        "is_public": {"type": "boolean"},
        "secrecy": {
            "enum": Secrecy.values,
            "description": "Độ mật: normal (thường), confidential (mật), secret (tối mật), top_secret "
            "(tuyệt mật). Văn bản mật chỉ được đăng ký thông tin; tệp và toàn văn nằm ngoài hệ thống.",
        },
        "confirmed": {"type": "boolean", "description": "false: mục tạo tự động từ một trích dẫn."},
    },
}
DOCUMENT_DETAIL: Schema = {
    "type": "object",
    "required": [*DOCUMENT_ITEM["required"], "has_file", "file_has_text", "relations", "cites", "cited_by"],
    "additionalProperties": False,
    "properties": {
        **DOCUMENT_ITEM["properties"],
        "has_file": {"type": "boolean"},
        "file_has_text": {"type": "boolean", "description": "false với bản chụp không có lớp chữ."},
        "relations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "direction", "label", "document"],
                "additionalProperties": False,
                "properties": {
                    "kind": {"enum": RelationKind.values},
                    "direction": {"enum": ["outgoing", "incoming"]},
                    "label": {"type": "string"},
                    "document": ref("DocumentRef"),
                },
            },
        },
        "cites": {"type": "array", "items": ref("DocumentRef")},
        "cited_by": {"type": "array", "items": ref("DocumentRef")},
    },
}
SCHEMAS: dict[str, Schema] = {
    "DocumentRef": DOCUMENT_REF,
    "DocumentItem": DOCUMENT_ITEM,
    "DocumentPage": page_of("DocumentItem"),
    "DocumentDetail": DOCUMENT_DETAIL,
}

_RESOLUTION_REF = {
    "id": 7,
    "type": "Nghị quyết",
    "symbol": "35-NQ/TW",
    "issued_on": "2018-10-22",
    "url": "/api/v1/documents/7/",
}
_PLAN_REF = {
    "id": 21,
    "type": "Kế hoạch",
    "symbol": "15-KH/TU",
    "issued_on": "2019-01-14",
    "url": "/api/v1/documents/21/",
}
_PLAN = {
    **_PLAN_REF,
    "number": "15",
    "issuer": "TU",
    "issuing_unit": {"id": 1, "name": "Tỉnh ủy Sông Lam", "code": "SL"},
    "system": "party",
    "term": "",
    "subject": "Thực hiện Nghị quyết số 35-NQ/TW trên địa bàn tỉnh",
    "status": "in_force",
    "is_public": False,
    "secrecy": "normal",
    "confirmed": True,
}
EXAMPLES: dict[str, Any] = {
    "DocumentPage": page_example(_PLAN),
    "DocumentDetail": {
        **_PLAN,
        "has_file": True,
        "file_has_text": True,
        "relations": [
            {
                "kind": "concretises",
                "direction": "outgoing",
                "label": "Cụ thể hóa",
                "document": _RESOLUTION_REF,
            }
        ],
        "cites": [_RESOLUTION_REF],
        "cited_by": [],
    },
}
_ERROR_TEXT = {
    400: "Tham số không hợp lệ (loại văn bản không có trong danh mục, năm hay số trang sai).",
    401: "Chưa đăng nhập, hoặc khóa API sai hay đã bị thu hồi.",
    404: "Không có, hoặc nằm ngoài phạm vi được xem (không phân biệt hai trường hợp).",
}


def _json(schema: str, description: str, example: Any) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema), "example": example}},
    }


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): _json("Error", _ERROR_TEXT[s], ERROR_EXAMPLES[s]) for s in statuses}


def describe() -> tuple[dict[str, Any], dict[str, Schema]]:
    paths = {
        "/api/v1/documents/": {
            "get": {
                "operationId": "listDocuments",
                "summary": "Sổ văn bản",
                "description": "Văn bản người dùng được xem (văn bản công khai, và văn bản của các đơn vị "
                "cấp trên, cấp dưới của mình); khi có `q`, văn bản đúng số ký hiệu đứng đầu.",
                "parameters": [
                    query_parameter(
                        "q",
                        "Số ký hiệu, loại, trích yếu hay nội dung, không phân biệt dấu "
                        "(“nghi quyet 35 nq tw” tìm được “Nghị quyết 35-NQ/TW”).",
                        {"type": "string"},
                    ),
                    query_parameter("type", "Loại văn bản.", {"enum": list(DOCUMENT_TYPES)}),
                    query_parameter(
                        "issuer", "Phần cơ quan ban hành của ký hiệu, ví dụ TW.", {"type": "string"}
                    ),
                    query_parameter(
                        "year",
                        "Năm ban hành.",
                        {"type": "integer", "minimum": FILTER_YEARS.start, "maximum": FILTER_YEARS.stop - 1},
                    ),
                    query_parameter("status", "Hiệu lực.", {"enum": Status.values}),
                    query_parameter("unconfirmed", "1: chỉ các mục chờ xác nhận.", FLAG),
                    *PAGING,
                ],
                "responses": {
                    "200": _json("DocumentPage", "Một trang văn bản.", EXAMPLES["DocumentPage"]),
                    **_errors(400, 401, 404),
                },
            }
        },
        "/api/v1/documents/{id}/": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": ID}],
            "get": {
                "operationId": "getDocument",
                "summary": "Một văn bản",
                "description": "Kèm quan hệ với văn bản khác (hai chiều), các văn bản nó trích dẫn và các "
                "văn bản trích dẫn nó — chỉ những văn bản người dùng được xem.",
                "responses": {
                    "200": _json("DocumentDetail", "Văn bản.", EXAMPLES["DocumentDetail"]),
                    **_errors(401, 404),
                },
            },
        },
    }
    return paths, SCHEMAS
