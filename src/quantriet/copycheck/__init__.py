"""Find learning reports copied from one another, with the copied passages as evidence.

A pure package (no Django): plain values in, dataclasses out. Two ways in:

* a whole cohort at once — ``check_cohort(cohort, references, base, options)``;
* one report at a time against everything kept before — ``CopyIndex`` (``create``/``open``, ``check``,
  ``add``, ``flush``), the platform's path for each new submission.

And one way to read what was found: ``matched_sentences`` says which sentence of a reported passage
matches which, where the copy put them in another order.

How it works (each stage in its own module): ``tokens`` turns text into canonical syllable ids, so Unicode
variants, old-style tone placement, case and punctuation do not matter; ``prepare`` hashes word n-grams;
``candidates`` finds pairs of documents sharing enough rare n-grams with a few sorts of flat NumPy arrays
(common material — n-grams in a large share of the cohort — and base text never count); ``align`` turns
shared short n-grams into passages, robust to edits and reordering, and keeps only long, dense ones;
``check`` assembles pairs and copy rings. ``runners`` spreads the per-document and per-pair stages over
processes or a Dask cluster with identical results, and ``sharded`` splits the candidate search itself by
hash over a cluster's workers (the national case). Those modules are the engine's inside, not its
interface: the names below are.

Outside the engine, each in its own subpackage: ``cli`` (the ``quantriet copycheck`` command), ``report``
(the contract's JSON and the HTML report) and ``evaluation`` (the PAN scorer used by the benchmarks).

Example:
    >>> from quantriet.copycheck import Document, check_cohort
    >>> essay = ("Qua học tập nghị quyết, tôi nhận thức rõ hơn trách nhiệm của người đảng viên ở cơ sở. "
    ...          "Tôi sẽ gương mẫu thực hiện nhiệm vụ được giao, "
    ...          "thường xuyên tu dưỡng đạo đức, lối sống, giữ "
    ...          "mối liên hệ với nhân dân nơi cư trú, sinh hoạt chi bộ đúng định kỳ.")
    >>> result = check_cohort([Document("an.txt", essay), Document("binh.txt", essay.upper())])
    >>> pair = result.pairs[0]
    >>> pair.a, pair.b, round(pair.similarity, 2), essay[pair.passages[0].a_start :][:20]
    ('an.txt', 'binh.txt', 1.0, 'Qua học tập nghị quy')
"""

from quantriet.copycheck.check import check_cohort
from quantriet.copycheck.evidence import matched_sentences
from quantriet.copycheck.index import CopyIndex, IndexFileError
from quantriet.copycheck.model import CheckResult, Document, DocumentInfo, Options, Pair, Passage

__all__ = [
    "CheckResult",
    "CopyIndex",
    "Document",
    "DocumentInfo",
    "IndexFileError",
    "Options",
    "Pair",
    "Passage",
    "check_cohort",
    "matched_sentences",
]
