"""JSON Schemas (2020-12, as OpenAPI 3.1 uses) of what the API sends and accepts, with examples.

``serialise`` produces these shapes; tests validate live answers and every example against them.
"""

from __future__ import annotations

from typing import Any

from quantriet.core.modelfields import max_length
from quantriet.core.numbers import DB_INT_MAX
from quantriet.core.query import FLAG_VALUES
from quantriet.orgs.models import Member, MemberStatus, Role, Sex
from quantriet.orgs.models.units import Level
from quantriet.orgs.profile import Education, Ethnicity, PoliticalTheory, Religion

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(kind: str, **extra: Any) -> Schema:
    """A value of this JSON type or null."""
    return {"type": [kind, "null"], **extra}


def closed_object(properties: Schema, **extra: Any) -> Schema:
    """An object with exactly these properties, all required: every app's answers are closed shapes, so
    the OpenAPI check catches a field added to an answer but not to its description."""
    return {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
        **extra,
    }


DATE: Schema = {"type": "string", "format": "date"}
# What the API accepts as an id, in a path, a query or a body: ``core.numbers.parse_int``'s range.
ID: Schema = {"type": "integer", "minimum": 1, "maximum": DB_INT_MAX}
# A yes/no query parameter (``core.query.flag``).
FLAG: Schema = {"enum": list(FLAG_VALUES)}
NULLABLE_DATE: Schema = nullable("string", format="date")

UNIT_REF: Schema = {
    "type": "object",
    "required": ["id", "name", "code"],
    "additionalProperties": False,
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "code": {"type": "string"}},
}
UNIT: Schema = {
    "type": "object",
    "required": [
        "id",
        "name",
        "code",
        "level",
        "level_label",
        "parent_id",
        "depth",
        "valid_from",
        "valid_to",
        "child_count",
        "url",
    ],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "code": {"type": "string"},
        "level": {"enum": Level.values},
        "level_label": {"type": "string"},
        "parent_id": nullable("integer"),
        "depth": {"type": "integer", "minimum": 0},
        "valid_from": NULLABLE_DATE,
        "valid_to": NULLABLE_DATE,
        "child_count": {
            "type": "integer",
            "minimum": 0,
            "description": "Số đơn vị trực thuộc đang hoạt động.",
        },
        "url": {"type": "string"},
    },
}
UNIT_DETAIL: Schema = {
    "type": "object",
    "required": [*UNIT["required"], "parent", "ancestors"],
    "additionalProperties": False,
    "properties": {
        **UNIT["properties"],
        "parent": {"oneOf": [ref("UnitRef"), {"type": "null"}]},
        "ancestors": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "Mã số các đơn vị cấp trên, từ gốc xuống.",
        },
    },
}
MEMBER_ITEM: Schema = {
    "type": "object",
    "required": ["id", "full_name", "status", "status_label", "unit", "url"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer"},
        "full_name": {"type": "string"},
        "status": {"enum": MemberStatus.values},
        "status_label": {"type": "string"},
        "unit": ref("UnitRef"),
        "url": {"type": "string"},
    },
}
# The profile's fields every reader of the record gets (the sensitive ones are listed separately).
_PROFILE = ("hometown", "education", "specialty", "political_theory", "occupation", "email")
_PERIOD_UNIT = {"unit": ref("UnitRef"), "start": DATE, "end": NULLABLE_DATE}
MEMBER_DETAIL: Schema = {
    "type": "object",
    "required": [
        *MEMBER_ITEM["required"],
        "date_of_birth",
        "sex",
        "admission_date",
        "full_membership_date",
        "card_number",
        *_PROFILE,
        "placements",
        "positions",
        "updated_at",
    ],
    "additionalProperties": False,
    "properties": {
        **MEMBER_ITEM["properties"],
        "date_of_birth": DATE,
        "sex": {"enum": Sex.values},
        "admission_date": DATE,
        "full_membership_date": NULLABLE_DATE,
        "card_number": nullable("string"),
        **{field: {"type": "string"} for field in _PROFILE},
        # Only with the right to read sensitive data and a stated purpose (``?purpose=``).
        "ethnicity": {"type": "string", "description": "Mã dân tộc 01–54 theo danh mục; rỗng: chưa ghi."},
        "religion": {"type": "string"},
        "id_number": nullable("string", description="Số CCCD, 12 chữ số."),
        "phone": {"type": "string", "description": "Số di động 10 chữ số, bắt đầu bằng 0."},
        "has_photo": {"type": "boolean", "description": "Ảnh xem trên trang hồ sơ (web)."},
        "placements": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["unit", "start", "end", "reason"],
                "additionalProperties": False,
                "properties": {**_PERIOD_UNIT, "reason": {"type": "string"}},
            },
        },
        "positions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "kind_label", "unit", "start", "end"],
                "additionalProperties": False,
                "properties": {**_PERIOD_UNIT, "kind": {"type": "string"}, "kind_label": {"type": "string"}},
            },
        },
        "updated_at": {"type": "string", "format": "date-time"},
    },
}
# Rules no JSON Schema can state (dates in order, a card number no one else holds) are written in each
# field's description; the API refuses a body breaking them with a 400 naming the field.
_WRITABLE = {
    # Lengths from the model, as the API (``FieldReader``) and the forms check them.
    "full_name": {
        "type": "string",
        "maxLength": max_length(Member, "full_name"),
        "description": "Ký tự điều khiển và ký tự vô hình bị bỏ; phần còn lại không được rỗng.",
    },
    "date_of_birth": {**DATE, "description": "Không ở tương lai, không quá 120 năm trước."},
    "sex": {"enum": Sex.values},
    "admission_date": {**DATE, "description": "Sau ngày sinh, không ở tương lai."},
    "full_membership_date": {
        **NULLABLE_DATE,
        "description": "Không trước ngày vào Đảng, không ở tương lai.",
    },
    "card_number": nullable(
        "string",
        maxLength=max_length(Member, "card_number"),
        description="Mỗi số thẻ thuộc một đảng viên duy nhất; dấu cách bị bỏ.",
    ),
}
_WRITABLE |= {
    # The profile. Choice fields take their codes ("" to clear); the sensitive ones (ethnicity, religion,
    # id_number, phone) need the right to read them, else 403.
    **{field: {"type": "string", "maxLength": max_length(Member, field)} for field in _PROFILE},
    "email": {"type": "string", "maxLength": max_length(Member, "email"), "description": "Rỗng để xóa."},
    "education": {"enum": ["", *Education.values]},
    "political_theory": {"enum": ["", *PoliticalTheory.values]},
    "ethnicity": {"enum": ["", *Ethnicity.values], "description": "Mã dân tộc 01–54 theo danh mục."},
    "religion": {"enum": ["", *Religion.values]},
    "id_number": nullable("string", maxLength=20, description="Số CCCD, 12 chữ số (dấu cách được bỏ)."),
    "phone": {"type": "string", "maxLength": 20, "description": "Số di động Việt Nam; +84 được đổi thành 0."},
}
MEMBER_CREATE: Schema = {
    "type": "object",
    "required": ["unit", "full_name", "date_of_birth", "sex", "admission_date"],
    "additionalProperties": False,
    "properties": {
        "unit": {
            **ID,
            "description": "Chi bộ, đảng bộ cơ sở hay tổ đảng còn hoạt động, nơi bạn được sửa hồ sơ.",
        },
        "status": {"enum": MemberStatus.values},
        **_WRITABLE,
    },
}
MEMBER_PATCH: Schema = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": _WRITABLE,
}
ME: Schema = {
    "type": "object",
    "required": ["username", "full_name", "is_staff", "authentication", "member_id", "roles"],
    "additionalProperties": False,
    "properties": {
        "username": {"type": "string"},
        "full_name": {"type": "string"},
        "is_staff": {"type": "boolean"},
        "authentication": {"enum": ["session", "token"]},
        "member_id": nullable("integer"),
        "roles": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["role", "role_label", "unit"],
                "additionalProperties": False,
                "properties": {
                    "role": {"enum": Role.values},
                    "role_label": {"type": "string"},
                    "unit": ref("UnitRef"),
                },
            },
        },
    },
}
ERROR: Schema = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string"},
                "message": {
                    "type": "string",
                    "description": "Một câu tiếng Việt nói điều gì sai và cần làm gì.",
                },
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    },
}


def page_of(item: str) -> Schema:
    return {
        "type": "object",
        "required": ["count", "page", "pages", "page_size", "next", "previous", "results"],
        "additionalProperties": False,
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": 200},
            "next": nullable("string"),
            "previous": nullable("string"),
            "results": {"type": "array", "items": ref(item)},
        },
    }


SCHEMAS: dict[str, Schema] = {
    "UnitRef": UNIT_REF,
    "Unit": UNIT,
    "UnitDetail": UNIT_DETAIL,
    "UnitPage": page_of("Unit"),
    "MemberItem": MEMBER_ITEM,
    "MemberDetail": MEMBER_DETAIL,
    "MemberPage": page_of("MemberItem"),
    "MemberCreate": MEMBER_CREATE,
    "MemberPatch": MEMBER_PATCH,
    "Me": ME,
    "Error": ERROR,
}
