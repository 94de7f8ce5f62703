"""Every record of the JSON output is written as ``json.dumps`` writes it (the contract's text), the
documents' records through their quick path included."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from quantriet.copycheck.report.jsonout import _dump

_ANY_TEXT = st.text(alphabet=st.characters(codec=None, blacklist_categories=()), max_size=40)
_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    _ANY_TEXT,
    st.floats(allow_nan=False, allow_infinity=False),
)


def _as_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


@given(_ANY_TEXT, _ANY_TEXT, st.one_of(st.integers(0, 10**12), st.booleans(), st.floats(0, 1e9), _ANY_TEXT))
def test_a_document_record_is_written_as_json_dumps_writes_it(name: str, role: str, chars: object) -> None:
    record = {"id": name, "role": role, "chars": chars}
    assert _dump(record) == _as_dumps(record)
    assert json.loads(_dump(record)) == record


@given(st.dictionaries(st.sampled_from(["id", "role", "chars", "a", "b"]), _SCALAR, max_size=4))
def test_any_other_record_is_written_as_json_dumps_writes_it(record: dict[str, Any]) -> None:
    assert _dump(record) == _as_dumps(record)
    reordered = dict(reversed(list(record.items())))
    assert _dump(reordered) == _as_dumps(reordered)
