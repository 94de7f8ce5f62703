"""Each rule set gives the level its texts give, for the reason they give, citing them."""

from __future__ import annotations

import pytest

from quantriet.rules import Effect, allowed_level, rule_set_for
from tests.rules.truth_table import TABLES, Row

CASES = [pytest.param(code, row, id=f"{code}: {row.name}") for code, rows in TABLES.items() for row in rows]


@pytest.mark.parametrize("code", list(TABLES))
def test_every_rule_set_has_a_table_of_at_least_twenty_rows(code: str) -> None:
    assert len(TABLES[code]) >= 20


@pytest.mark.parametrize(("code", "row"), CASES)
def test_the_rule_set_gives_the_level_and_reason_its_texts_give(code: str, row: Row) -> None:
    assert rule_set_for(row.period).code == code

    answer = allowed_level(row.facts(code), row.period)

    assert answer.rule_set == code
    assert answer.level == row.level, answer.explain_vi()
    binding = {reason.code for reason in answer.binding}
    if row.reason is None:
        assert not binding, answer.explain_vi()
    else:
        assert row.reason in binding, answer.explain_vi()
    for reason in answer.binding:
        assert row.citation in reason.citation
        assert row.citation in reason.text_vi
        assert reason.message_vi


@pytest.mark.parametrize(("code", "row"), CASES)
def test_every_reason_given_is_explained_in_vietnamese_with_its_text(code: str, row: Row) -> None:
    answer = allowed_level(row.facts(code), row.period)
    explanation = answer.explain_vi()

    assert row.period.label_vi in explanation
    for reason in answer.reasons:
        assert reason.text_vi in explanation
        assert reason.citation.split(",")[0].split(";")[0] in reason.text_vi
        if reason.effect is Effect.CAP:
            assert reason.cap is not None and answer.level is not None and answer.level <= reason.cap
