"""Fingerprints made a batch at a time are exactly those made one document at a time."""

from __future__ import annotations

import pickle
import tempfile

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.copycheck import Document, Options
from quantriet.copycheck.batches import fingerprint_batch, forget_stored, unpack
from quantriet.copycheck.prepare import Prepared, fingerprint
from tests.copycheck.clitools import prose


def _same(one: Prepared, other: Prepared) -> None:
    assert (one.id, one.role, one.chars) == (other.id, other.role, other.chars)
    for name in ("grams", "positions", "links", "link_parts"):
        assert np.array_equal(getattr(one, name), getattr(other, name)), name


@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 400), min_size=1, max_size=8),
    seed=st.integers(0, 1000),
    quotes=st.booleans(),
)
def test_a_batch_gives_what_each_document_gives_alone(sizes: list[int], seed: int, quotes: bool) -> None:
    options = Options(ignore_quotes=quotes)
    shared = prose(seed, 120)
    documents = [
        Document(f"d{k}", f"{prose(seed + k, size)} “{shared}” {prose(seed * 3 + k, size // 2)}")
        for k, size in enumerate(sizes)
    ]
    documents.append(Document("ngan", "Đảng"))
    unpacked = unpack(fingerprint_batch(documents, lambda document: document, options))
    for document, made in zip(documents, unpacked, strict=True):
        assert isinstance(made, Prepared)
        _same(made, fingerprint(document, options))
    # The same with a store: the arrays travel through the batch's file, not the pickle.
    with tempfile.TemporaryDirectory() as store:
        batch = fingerprint_batch(documents, lambda document: document, options, store)
        assert batch.arrays_at >= 0 and len(batch.grams) == len(batch.link_parts) == 0
        sent = pickle.loads(pickle.dumps(batch))  # noqa: S301 (our own object, as the pool sends it)
        for document, made in zip(documents, unpack(sent), strict=True):
            assert isinstance(made, Prepared)
            _same(made, fingerprint(document, options))
            assert not made.grams.flags.writeable  # a view of the mapped file
        forget_stored(store)


def test_skipped_sources_keep_their_place() -> None:
    def load(source: str) -> object:
        return Document(source, prose(len(source), 100)) if source != "hong" else "không đọc được"

    made = unpack(fingerprint_batch(["a", "hong", "bbb"], load, Options()))
    assert [m.id if isinstance(m, Prepared) else m for m in made] == ["a", "không đọc được", "bbb"]


def test_base_documents_keep_every_n_gram() -> None:
    documents = [Document("nen", prose(5, 200), "base"), Document("bai", prose(6, 200))]
    made = unpack(fingerprint_batch(documents, lambda document: document, Options()))
    for document, result in zip(documents, made, strict=True):
        assert isinstance(result, Prepared)
        _same(result, fingerprint(document, Options()))
