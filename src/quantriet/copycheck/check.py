"""The whole copy check of a cohort: prepare every document, find candidate pairs, align them, assemble.

Stages 1 (prepare) and 3 (align) are independent per item and go through a runner (this process, worker
processes or a Dask cluster); stage 2 (candidate search) and stage 4 (assembly) run here. Runners keep the
items' order, and the global stages are deterministic, so the result is the same in every mode.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import shutil
import tempfile
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar, cast

import numpy as np
import numpy.typing as npt

from quantriet.copycheck.align import Found, align, find
from quantriet.copycheck.batches import (
    fingerprint_batch,
    forget_stored,
    in_batches,
    stored,
    text_key,
    token_places,
    unpack,
)
from quantriet.copycheck.candidates import Candidates, search_candidates
from quantriet.copycheck.model import CheckResult, Document, DocumentInfo, Options, Pair, Passage
from quantriet.copycheck.prepare import Prepared, prepare
from quantriet.copycheck.runner_base import InProcess, Runner

__all__ = [
    "StageProgress",
    "base_hashes",
    "check_cohort",
    "check_sources",
    "clusters_of",
    "orient",
    "sort_pairs",
]

U64 = npt.NDArray[np.uint64]
S = TypeVar("S")

# Called when a stage starts, with (stage name, items done, items in the stage). The CLI draws its bar.
StageProgress = Callable[[str, int, int], None]

STAGE_PREPARE = "lấy dấu vân bản"
STAGE_CANDIDATES = "tìm cặp nghi vấn"
STAGE_ALIGN = "dóng các đoạn trùng"


def orient(pair: Pair, a: Prepared, b: Prepared) -> Pair:
    """``pair`` (aligned as ``a`` against ``b``) with the more copied cohort document as its ``a``.

    The contract's ``a`` must be a cohort document and ``similarity`` is the share of ``a`` covered; when
    both are cohort documents the one most covered is the better ``a`` (a short report copied whole
    into a long one is 100% copied, whatever share of the long one it is). Ties go to the smaller id.
    """
    if b.role != "cohort":
        return pair
    covered_b = sum(p.b_end - p.b_start for p in pair.passages)
    share_b = min(1.0, covered_b / b.chars) if b.chars else 0.0
    if share_b < pair.similarity or (share_b == pair.similarity and a.id < b.id):
        return pair
    swapped = sorted((Passage(p.b_start, p.b_end, p.a_start, p.a_end) for p in pair.passages), key=_by_a)
    return Pair(b.id, a.id, share_b, tuple(swapped))


def _by_a(passage: Passage) -> int:
    return passage.a_start


def base_hashes(prepared: Iterable[Prepared]) -> U64:
    """Sorted n-gram hashes of base documents: material everyone may share."""
    grams = [p.grams for p in prepared if p.role == "base"]
    return np.unique(np.concatenate(grams)) if grams else np.zeros(0, dtype=np.uint64)


def sort_pairs(pairs: Iterable[Pair]) -> tuple[Pair, ...]:
    """Pairs in the result's order: most copied first, then by ids."""
    return tuple(sorted(pairs, key=lambda pair: (-pair.similarity, pair.a, pair.b)))


def clusters_of(pairs: Iterable[Pair], cohort: set[str]) -> tuple[tuple[str, ...], ...]:
    """Copy rings: connected components of cohort documents linked by cohort–cohort pairs, largest first."""
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps the trees flat
            item = parent[item]
        return item

    for pair in pairs:
        if pair.a not in cohort or pair.b not in cohort:
            continue
        for item in (pair.a, pair.b):
            parent.setdefault(item, item)
        left, right = root(pair.a), root(pair.b)
        if left != right:
            parent[max(left, right)] = min(left, right)
    groups: dict[str, list[str]] = {}
    for item in parent:
        groups.setdefault(root(item), []).append(item)
    rings = [tuple(sorted(members)) for members in groups.values()]
    return tuple(sorted(rings, key=lambda ring: (-len(ring), ring[0])))


def _with_roles(documents: Iterable[Document], role: str) -> list[Document]:
    return [d if d.role == role else Document(d.id, d.text, role) for d in documents]


def check_cohort(
    cohort: Iterable[Document],
    references: Iterable[Document] = (),
    base: Iterable[Document] = (),
    options: Options | None = None,
    *,
    runner: Runner | None = None,
    progress: StageProgress | None = None,
) -> CheckResult:
    """Every copied passage among ``cohort`` and between ``cohort`` and ``references``.

    Documents take the role of the argument they are given in (a reference given with role "cohort" is
    still a reference). References are never compared with each other; passages resting on ``base`` text
    or on material common to much of the cohort are never reported.

    Args:
        cohort: the reports to check, each against every other and against every reference.
        references: sources (studied documents, circulating model essays, earlier campaigns' reports).
        base: text everyone may share (the resolution studied, the prompt, a template).
        options: thresholds; the defaults when omitted.
        runner: where the per-document and per-pair stages run (default: this process).
        progress: called as each stage starts with (stage name, 0, items).

    Raises:
        ValueError: two documents share an id.

    Example:
        >>> text = ("Qua học tập nghị quyết, tôi nhận thức rõ hơn trách nhiệm của người đảng viên ở cơ sở. "
        ...          "Tôi sẽ gương mẫu thực hiện nhiệm vụ được giao, "
        ...          "thường xuyên tu dưỡng đạo đức, lối sống, giữ "
        ...          "mối liên hệ với nhân dân nơi cư trú, sinh hoạt chi bộ đúng định kỳ.")
        >>> result = check_cohort([Document("a.txt", text), Document("b.txt", "Mở đầu. " + text)])
        >>> [(p.a, p.b, round(p.similarity, 2)) for p in result.pairs]
        [('a.txt', 'b.txt', 1.0)]
        >>> result.clusters
        (('a.txt', 'b.txt'),)
    """
    documents = [
        *_with_roles(cohort, "cohort"),
        *_with_roles(references, "reference"),
        *_with_roles(base, "base"),
    ]
    result, _ = check_sources(documents, _itself, options, runner=runner, progress=progress)
    return result


def _itself(document: Document) -> Document:
    return document


Place = tuple[str, int, int, int] | None  # where a document's token ids were stored (``batches.stored``)
_NONE = np.zeros(0, dtype=np.uint64)
_NO_PLACES = np.zeros(0, dtype=np.int32)


# The last documents prepared in this process for aligning: candidate pairs come sorted by their first
# document, and a copied report is usually in several pairs, so most are prepared once, not per pair.
_RECENT: OrderedDict[tuple[str, object], Prepared | None] = OrderedDict()
_RECENT_SIZE = 64


def _prepared_source(
    source: S, load: Callable[[S], object], options: Options, run: str, place: Place = None
) -> Prepared | None:
    key = (run, source)  # a run's own token: a long-lived worker never reuses another run's text
    if key in _RECENT:
        _RECENT.move_to_end(key)
        return _RECENT[key]
    document = load(source)
    prepared: Prepared | None = None  # when the file changed or vanished since it was fingerprinted
    if isinstance(document, Document):
        if place is not None and text_key(document.text) == place[3]:
            # The text fingerprinted: its stored token ids are this text's (aligning needs no n-grams).
            text = document.text
            prepared = Prepared(document.id, document.role, len(text), text, stored(place), _NONE, _NO_PLACES)
        else:
            prepared = prepare(document, options)
    _RECENT[key] = prepared
    if len(_RECENT) > _RECENT_SIZE:
        _RECENT.popitem(last=False)
    return prepared


def _align_sources(
    pair: tuple[S, S, Place, Place],
    load: Callable[[S], object],
    base: U64,
    common: U64,
    options: Options,
    run: str,
) -> Pair | None:
    source_a, source_b, place_a, place_b = pair
    found: Found | None = None
    tokens_a = tokens_b = _NONE
    if place_a is not None and place_b is not None:
        # Most candidate pairs are no copy: decided on the stored tokens, without reading the files.
        tokens_a, tokens_b = stored(place_a), stored(place_b)
        found = find(tokens_a, tokens_b, base, options, common=common)
        if found is None:
            return None
    first = _prepared_source(source_a, load, options, run, place_a)
    second = _prepared_source(source_b, load, options, run, place_b)
    if first is None or second is None:
        return None
    if found is not None and not (
        np.array_equal(first.tokens, tokens_a) and np.array_equal(second.tokens, tokens_b)
    ):
        found = None  # a file changed since it was fingerprinted: align what it says now
    paired = align(first, second, base, options, common=common, found=found)
    return None if paired is None else orient(paired, first, second)


def check_sources(
    sources: Sequence[S],
    load: Callable[[S], object],
    options: Options | None = None,
    *,
    runner: Runner | None = None,
    progress: StageProgress | None = None,
) -> tuple[CheckResult, list[object]]:
    """``check_cohort`` over documents that ``load`` reads where the work runs.

    ``load(source)`` returns a ``Document`` (its role says cohort, reference or base) or anything else to
    say the source was skipped (returned in the second list, in order). It runs in the runner's workers,
    once per source and again for the few sources that reach alignment, so a million texts never gather
    in one process: the caller holds only the sources and the workers send back small fingerprints.
    ``load`` and the sources must be picklable for worker processes and Dask.

    Raises:
        ValueError: two documents share an id.
    """
    with _collector_paused():
        return _check_sources(sources, load, options or Options(), runner or InProcess(), progress)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the check (and in worker processes forked during it).

    The check makes hundreds of thousands of small objects that never form cycles; each automatic
    collection walks all of them again, which cost 10% of a 100,000-report run (measured). Reference
    counting still frees everything; the collector is back on afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_sources(
    sources: Sequence[S],
    load: Callable[[S], object],
    options: Options,
    runner: Runner,
    progress: StageProgress | None,
) -> tuple[CheckResult, list[object]]:
    store = _token_store(runner)
    try:
        return _check_stored(sources, load, options, runner, progress, store)
    finally:
        if store is not None:
            forget_stored(store)
            shutil.rmtree(store, ignore_errors=True)


def _token_store(runner: Runner) -> str | None:
    """A directory for the run's token ids, when the runner's workers share this machine's disk."""
    if not getattr(runner, "shares_disk", False):
        return None
    try:
        return tempfile.mkdtemp(prefix="quantriet-copycheck-")
    except OSError:
        return None  # no writable temporary directory: the aligning stage reads the files again


def _check_stored(
    sources: Sequence[S],
    load: Callable[[S], object],
    options: Options,
    runner: Runner,
    progress: StageProgress | None,
    store: str | None,
) -> tuple[CheckResult, list[object]]:
    if progress is not None:
        progress(STAGE_PREPARE, 0, len(sources))
    batches = runner.map(
        functools.partial(fingerprint_batch, load=load, options=options, store=store),
        in_batches(sources),
        chunksize=1,
    )
    loaded = [item for batch in batches for item in unpack(batch)]
    places = [place for batch in batches for place in token_places(batch)]
    kept = [k for k, item in enumerate(loaded) if isinstance(item, Prepared)]
    skipped = [item for item in loaded if not isinstance(item, Prepared)]
    prepared = [cast(Prepared, loaded[k]) for k in kept]
    seen: set[str] = set()
    for item in prepared:
        if item.id in seen:
            raise ValueError(f"Hai văn bản cùng mã {item.id!r}; mỗi văn bản cần một mã riêng.")
        seen.add(item.id)

    if progress is not None:
        progress(STAGE_CANDIDATES, 0, 1)
    compared = [k for k, p in enumerate(prepared) if p.role != "base"]
    base_grams = base_hashes(prepared)
    candidates = _search(runner, [prepared[k] for k in compared], options, base_grams)
    work = []
    for i, j in candidates.pairs:
        first, second = compared[i], compared[j]
        if prepared[first].role != "cohort":  # a pair's ``a`` is always a cohort document
            first, second = second, first
        work.append((sources[kept[first]], sources[kept[second]], places[kept[first]], places[kept[second]]))

    if progress is not None:
        progress(STAGE_ALIGN, 0, len(work))
    run = uuid.uuid4().hex
    align_one = functools.partial(
        _align_sources, load=load, base=base_grams, common=candidates.common, options=options, run=run
    )
    found = runner.map(align_one, work, chunksize=_align_chunk(len(work), runner))
    pairs = sort_pairs(pair for pair in found if pair is not None)
    cohort_ids = {p.id for p in prepared if p.role == "cohort"}
    result = CheckResult(
        documents=tuple(DocumentInfo(p.id, p.role, p.chars) for p in prepared),
        pairs=pairs,
        clusters=clusters_of(pairs, cohort_ids),
    )
    return result, skipped


# Pairs take from a fraction of a millisecond (no copy) to tens of milliseconds (a long copy) to align, so
# the aligning stage goes in small chunks: the last one to finish keeps the other workers waiting less.
_ALIGN_CHUNKS_PER_WORKER = 32


def _align_chunk(pairs: int, runner: Runner) -> int:
    """Pairs per chunk of the aligning stage: ``_ALIGN_CHUNKS_PER_WORKER`` chunks for each worker."""
    workers = max(1, int(getattr(runner, "workers", 1)))
    return max(1, -(-pairs // (workers * _ALIGN_CHUNKS_PER_WORKER)))


def _search(runner: Runner, prepared: list[Prepared], options: Options, base: U64) -> Candidates:
    """The candidate search: split over the cluster's workers when the runner has one (a Dask client),
    so no process holds every fingerprint; in this process otherwise. The result is the same."""
    client = getattr(runner, "client", None)
    if client is None:
        return search_candidates(prepared, options, base)
    from quantriet.copycheck.sharded import search_candidates_sharded  # the cluster's path only

    workers = max(1, int(getattr(runner, "workers", 1)))
    return search_candidates_sharded(prepared, options, base, client=client, shards=2 * workers)


def check_documents(documents: Sequence[Document], options: Options | None = None) -> CheckResult:
    """Shorthand: ``documents`` split by their own roles and checked in this process."""
    by_role: dict[str, list[Document]] = {"cohort": [], "reference": [], "base": []}
    for document in documents:
        by_role[document.role].append(document)
    return check_cohort(by_role["cohort"], by_role["reference"], by_role["base"], options)
