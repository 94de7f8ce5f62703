"""A copy check's result as the JSON of the command-line contract (shared/contracts/copycheck.md).

The text is deterministic down to the byte: keys in a fixed order, floats rounded, one record a line,
so the same check run in this process, in worker processes or on a Dask cluster writes the same file
(the tests compare them), and two runs can be compared with ``diff``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from quantriet.copycheck.report import SkippedFile

if TYPE_CHECKING:
    from quantriet.copycheck import CheckResult, Options

__all__ = ["FORMAT_VERSION", "result_to_dict", "write_json"]

FORMAT_VERSION = 1
# Enough digits to order pairs and to read a percentage with decimals; more would only show float noise.
SIMILARITY_DIGITS = 4
REPORTED_ROLES = ("cohort", "reference")


def _options_dict(options: Options | None) -> dict[str, Any]:
    if options is None or not dataclasses.is_dataclass(options):
        return {}
    return {field.name: getattr(options, field.name) for field in dataclasses.fields(options)}


def result_to_dict(
    result: CheckResult, skipped: Sequence[SkippedFile] = (), options: Options | None = None
) -> dict[str, Any]:
    """The contract's JSON object, with extra fields ``base`` (base texts used) and ``options``."""
    documents = [
        {"id": info.id, "role": info.role, "chars": info.chars}
        for info in result.documents
        if info.role in REPORTED_ROLES
    ]
    base = [{"id": info.id, "chars": info.chars} for info in result.documents if info.role == "base"]
    pairs = [
        {
            "a": pair.a,
            "b": pair.b,
            "similarity": round(pair.similarity, SIMILARITY_DIGITS),
            "passages": [
                {"a_start": p.a_start, "a_end": p.a_end, "b_start": p.b_start, "b_end": p.b_end}
                for p in pair.passages
            ],
        }
        for pair in result.pairs
    ]
    return {
        "version": FORMAT_VERSION,
        "documents": documents,
        "skipped": [{"path": s.path, "reason": s.reason, "code": s.code} for s in skipped],
        "pairs": pairs,
        "clusters": [list(cluster) for cluster in result.clusters],
        "base": base,
        "options": _options_dict(options),
    }


# One encoder for every record (``json.dumps`` with options builds one per call). Most of the file is the
# documents' records: building each from its two encoded strings (the encoder's quick path for a string)
# writes 20,000 of them in 0.03 s instead of 0.11 s, at the end of the command when the workers are done.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _dump(value: Any) -> str:
    if type(value) is dict and tuple(value) == _DOCUMENT_KEYS and type(value["chars"]) is int:
        # A document's record: set in the text ``json.dumps`` writes for it (tested on any strings).
        name, role = _ENCODER.encode(value["id"]), _ENCODER.encode(value["role"])
        return f'{{"id": {name}, "role": {role}, "chars": {value["chars"]}}}'
    return _ENCODER.encode(value)


_DOCUMENT_KEYS = ("id", "role", "chars")


def _lines(data: dict[str, Any]) -> Iterable[str]:
    # One record a line: readable, greppable, and streaming 100,000 documents costs no big string.
    yield "{\n"
    keys = list(data)
    for index, key in enumerate(keys):
        value = data[key]
        comma = "," if index < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            yield f"{_dump(key)}: [\n"
            for position, item in enumerate(value):
                yield _dump(item) + ("," if position < len(value) - 1 else "") + "\n"
            yield f"]{comma}\n"
        else:
            yield f"{_dump(key)}: {_dump(value)}{comma}\n"
    yield "}\n"


def write_json(
    result: CheckResult,
    stream: Any,
    skipped: Sequence[SkippedFile] = (),
    options: Options | None = None,
) -> None:
    """Write the contract's JSON for ``result`` to a text stream."""
    for line in _lines(result_to_dict(result, skipped, options)):
        stream.write(line)
