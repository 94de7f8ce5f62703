"""How the property tests find and send a page's inputs: the OpenAPI schema's parameters and bodies,
the access cases' request bodies, and forms sent back with hostile values."""

from __future__ import annotations

import functools
import io
import json
import re
from typing import Any

from django.test import Client
from hypothesis import strategies as st

from tests.access.model import Objects
from tests.access.objects import unsafe_body
from tests.access.test_every_endpoint import CASES
from tests.properties.inputs import encode_query, hostile_text, without_surrogates
from tests.properties.pages import Form


@functools.cache
def openapi() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(Client().get("/api/v1/openapi.json").content)
    return schema


def openapi_operation(pattern: str, method: str) -> dict[str, Any]:
    path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern)
    operation: dict[str, Any] = openapi()["paths"].get(path, {}).get(method, {})
    return operation


def openapi_query_keys(pattern: str) -> set[str]:
    return {
        p["name"] for p in openapi_operation(pattern, "get").get("parameters", []) if p.get("in") == "query"
    }


def openapi_body_keys(pattern: str, method: str) -> set[str]:
    body = openapi_operation(pattern, method).get("requestBody")
    if not body:
        return set()
    schema = body["content"]["application/json"]["schema"]
    if "$ref" in schema:
        schema = openapi()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return set(schema.get("properties", {}))


def access_forms(objects: Objects, pattern: str, url: str) -> list[Form]:
    """The access case's POST bodies as forms: valid ones reach the service behind the form."""
    found = []
    for method, spec in CASES[pattern].unsafe if pattern in CASES else ():
        body = unsafe_body(spec, objects)
        if method != "post" or not isinstance(body, dict):
            continue
        form = Form(url, multipart=any(hasattr(v, "read") for v in body.values()))
        for key, value in body.items():
            if hasattr(value, "read"):
                form.files.append(key)
            else:
                form.fields[key] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
            form.names.add(key)
        # "action" chooses which of a page's forms the view handles (check-in, absences, plans).
        form.hidden |= {"action"} & form.names
        found.append(form)
    return found


def access_json_bodies(objects: Objects, pattern: str) -> dict[str, dict[str, Any]]:
    """Method -> the access case's JSON body for it (DELETE has none to fuzz)."""
    bodies: dict[str, dict[str, Any]] = {}
    for method, spec in CASES[pattern].unsafe:
        body = unsafe_body(spec, objects)
        if method != "delete":
            bodies.setdefault(method, body if isinstance(body, dict) else {})
    return bodies


def hostile_file() -> st.SearchStrategy[tuple[str, bytes]]:
    name = st.sampled_from(
        ["a.xlsx", "a.csv", "a.docx", "a.pdf", "a.svg", "\u202etxt.exe", "x" * 300 + ".csv"]
    )
    content = st.one_of(
        st.binary(max_size=300),
        st.lists(hostile_text(), min_size=1, max_size=4).map(
            lambda cells: ("Họ và tên,Ngày sinh\n" + ",".join(cells) + "\n").encode("utf-8", "surrogatepass")
        ),
    )
    return st.tuples(name, content)


def send_form(
    client: Client, form: Form, body: dict[str, list[str]], files: dict[str, tuple[str, bytes]]
) -> Any:
    if form.multipart or files:
        data: dict[str, Any] = {k: [without_surrogates(v) for v in values] for k, values in body.items()}
        for key, (name, content) in files.items():
            upload = io.BytesIO(content)
            upload.name = name
            data[key] = upload
        return client.post(form.action, data)
    # Built by hand so a lone surrogate travels as the invalid UTF-8 a broken client would send.
    pairs = [(k, v) for k, values in body.items() for v in values]
    return client.post(form.action, encode_query(pairs), content_type="application/x-www-form-urlencoded")
