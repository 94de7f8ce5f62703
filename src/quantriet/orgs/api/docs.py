"""The OpenAPI document as JSON, and the same document rendered as a readable page (no JavaScript)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quantriet.core.api.http import api_view, json_response
from quantriet.orgs.api.openapi import build_spec

_METHODS = ("get", "post", "put", "patch", "delete")


def _pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _ref_name(schema: dict[str, Any]) -> str:
    target = str(schema.get("$ref", ""))
    return target.rsplit("/", 1)[-1] if target else str(schema.get("type", ""))


def endpoints(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Operations flattened for the template: one entry per method and path, in the document's order."""
    found = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            responses = []
            for status, response in op["responses"].items():
                content = next(iter(response.get("content", {}).items()), None)
                responses.append(
                    {
                        "status": status,
                        "description": response["description"],
                        "media_type": content[0] if content else "",
                        "schema": _ref_name(content[1].get("schema", {})) if content else "",
                        "example": _pretty(content[1]["example"])
                        if content and "example" in content[1]
                        else "",
                    }
                )
            found.append(
                {
                    "id": op["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": op["summary"],
                    "description": op.get("description", ""),
                    "public": op.get("security") == [],
                    "parameters": [*shared, *op.get("parameters", [])],
                    "body_schema": _ref_name(body["schema"]) if body else "",
                    "body_example": _pretty(body["example"]) if body else "",
                    "responses": responses,
                }
            )
    return found


@api_view("GET", public=True)
def openapi_json(request: HttpRequest) -> HttpResponse:
    return json_response(build_spec())


@api_view("GET", public=True)
def docs(request: HttpRequest) -> HttpResponse:
    spec = build_spec()
    schemas = [
        {"name": name, "json": _pretty(schema)} for name, schema in spec["components"]["schemas"].items()
    ]
    context = {"spec": spec, "endpoints": endpoints(spec), "schemas": schemas}
    return render(request, "orgs/api_docs.html", context)
