"""The candidate search split by hash gives the single process's pairs and common n-grams."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator

import numpy as np
import pytest

from quantriet.copycheck import Document, Options, check_cohort
from quantriet.copycheck.candidates import Candidates, search_candidates
from quantriet.copycheck.check import base_hashes
from quantriet.copycheck.prepare import Prepared, prepare
from quantriet.copycheck.sharded import search_candidates_sharded
from tests.copycheck.clitools import VOCAB, prose


def _cohort(n: int, seed: int) -> list[Document]:
    """Own prose, a stock phrase in one report in five, a ring passage in one in seventeen, edited copies
    of earlier reports, references and a base text."""
    rng = random.Random(seed)
    stock, ring = prose(seed + 7, 40), prose(seed + 8, 80)
    docs: list[Document] = []
    for k in range(n):
        parts = [prose(seed * 1000 + k, 150)]
        if k % 5 == 0:
            parts.append(stock)
        if k % 17 == 0:
            parts.append(ring)
        if k % 4 == 1:
            source = docs[rng.randrange(len(docs))].text.split()
            start = rng.randrange(max(1, len(source) - 120))
            copied = [w if rng.random() > 0.2 else rng.choice(VOCAB) for w in source[start : start + 120]]
            parts.append(" ".join(copied))
        rng.shuffle(parts)
        docs.append(Document(f"d{k}.txt", " ".join(parts), "cohort" if k % 7 else "reference"))
    docs.append(Document("base.txt", prose(seed + 9, 100) + " " + stock[:100], "base"))
    return docs


def _prepared(seed: int, options: Options) -> tuple[list[Prepared], np.ndarray]:
    prepared = [prepare(document, options) for document in _cohort(240, seed)]
    return [p for p in prepared if p.role != "base"], base_hashes(prepared)


def _same(one: Candidates, many: Candidates) -> None:
    assert many.pairs == one.pairs
    assert np.array_equal(many.common, one.common)


@pytest.mark.parametrize("options", [Options(), Options(common_share=0.05)], ids=["default", "rings"])
def test_every_split_into_shards_and_blocks_finds_the_single_process_candidates(options: Options) -> None:
    compared, base = _prepared(1, options)
    one = search_candidates(compared, options, base)
    assert len(one.pairs) > 40 and len(one.common) > 0  # copies found, common material set aside
    for shards, block_size in ((1, 10_000), (3, 50), (8, 17)):
        _same(one, search_candidates_sharded(compared, options, base, shards=shards, block_size=block_size))


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    from dask.distributed import Client, LocalCluster

    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        # Threads, not processes, in the suite (seconds saved); bench/copycheck/dask_cluster.py runs the
        # same comparison on a cluster of worker processes.
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0"
        )
        with cluster, Client(cluster) as connected:  # type: ignore[no-untyped-call]
            yield connected
    finally:
        quiet.setLevel(level)


def test_two_workers_of_a_dask_cluster_find_the_single_process_candidates(client: object) -> None:
    options = Options()
    compared, base = _prepared(2, options)
    sharded = search_candidates_sharded(compared, options, base, client=client, shards=4, block_size=60)
    _same(search_candidates(compared, options, base), sharded)


def test_a_check_on_a_dask_cluster_searches_by_shard_and_finds_what_one_process_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from quantriet.copycheck import check as check_module
    from quantriet.copycheck.runners import DaskRunner

    documents = _cohort(120, 3)
    cohort = [d for d in documents if d.role == "cohort"]
    references = [d for d in documents if d.role == "reference"]
    base = [d for d in documents if d.role == "base"]
    alone = check_cohort(cohort, references, base)
    assert len(alone.pairs) > 10

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the single-process search ran beside a cluster")

    monkeypatch.setattr(check_module, "search_candidates", refused)
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        # Two workers as threads, as the other cluster tests here: the suite's pytest process does not
        # start worker processes (bench/copycheck/dask_cluster.py and the README's run use processes).
        with DaskRunner(workers=2, processes=False) as runner:
            assert check_cohort(cohort, references, base, runner=runner) == alone
    finally:
        quiet.setLevel(level)
