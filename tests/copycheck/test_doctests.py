"""The examples in the engine's documentation run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "quantriet.copycheck",
    "quantriet.copycheck.check",
    "quantriet.copycheck.evidence",
    "quantriet.copycheck.index",
    "quantriet.copycheck.prepare",
    "quantriet.copycheck.runners",
]


@pytest.mark.parametrize("name", MODULES)
def test_documented_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0, f"{name} should show an example"
    assert failures == 0
