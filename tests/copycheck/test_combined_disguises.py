"""Issue 12's combined disguises: short copies that keep only a few rare fingerprints, and passages whose
edges and moved sentences heavy editing left with no seed."""

from __future__ import annotations

import numpy as np

from quantriet.copycheck.candidates import chained_pairs, rare_chained_pairs
from quantriet.copycheck.model import Options


def _keys(count: int) -> np.ndarray:
    return np.full(count, 7 * (1 << 32) + 9, dtype=np.int64)


def test_two_rare_fingerprints_a_few_tokens_apart_pair_their_documents() -> None:
    # What is left of one heavily edited sentence: two fingerprints five tokens apart, no third document.
    keys, pos_a, pos_b = _keys(2), np.array([40, 45]), np.array([300, 306])
    assert chained_pairs(keys, pos_a, pos_b, Options()).tolist() == []
    assert rare_chained_pairs(keys, pos_a, pos_b, Options()).tolist() == [7 * (1 << 32) + 9]


def test_two_rare_fingerprints_a_moved_sentence_apart_pair_their_documents() -> None:
    keys, pos_a, pos_b = _keys(2), np.array([100, 156]), np.array([369, 325])
    assert chained_pairs(keys, pos_a, pos_b, Options()).tolist() == []
    assert rare_chained_pairs(keys, pos_a, pos_b, Options()).tolist() == [7 * (1 << 32) + 9]


def test_rare_fingerprints_of_one_phrase_or_far_apart_do_not_pair_their_documents() -> None:
    # One shared phrase (fingerprints overlapping), or two phrases a paragraph apart: no chain.
    assert rare_chained_pairs(_keys(3), np.array([40, 41, 42]), np.array([9, 10, 11]), Options()).size == 0
    assert rare_chained_pairs(_keys(2), np.array([40, 140]), np.array([9, 109]), Options()).size == 0
