"""Baseline: the text-alignment method of Sanchez-Perez, Sidorov and Gelbukh (PAN 2014), re-implemented.

Written from the paper's description ("A Winning Approach to Text Alignment for Text Reuse Detection at
PAN 2014", CLEF 2014 working notes), for one (suspicious, source) pair at a time, as in PAN:

1. Preprocessing: sentences (cut after . ! ? … and at line ends); words lower-cased (NFKC); stop words
   removed; a sentence of fewer than ``MIN_SENTENCE`` words is joined to the next. The paper stems English
   words with Porter's stemmer; Vietnamese syllables are not inflected, so nothing is stemmed here.
2. Seeding: every sentence pair whose tf-idf vectors (tf in the sentence, idf over the sentences of both
   documents) have cosine > ``TH_COSINE`` and whose word sets have Dice > ``TH_DICE`` is a seed.
3. Extension: seeds are clustered by their distance in sentences, alternately on the suspicious and the
   source side, until stable (``MAX_GAP``); a cluster becomes a pair of fragments (first to last sentence
   on each side). A pair of fragments whose summed tf-idf vectors have cosine ≤ ``TH_VALIDATION`` is
   clustered again with a gap one smaller, down to zero.
4. Filtering: of two detections overlapping in the suspicious document the one with less seed similarity
   is dropped; detections shorter than ``MIN_PLAG_LENGTH`` characters are dropped.
5. Summary: when the source fragments come out much longer than the suspicious ones (a summary), the
   extension is run again with ``MAX_GAP_SUMMARY`` and that result kept.

The thresholds are the paper's. It knows nothing of base text or common material, by design.

    >>> text = "Một hai ba bốn năm sáu bảy tám chín mười mốt. " * 8
    >>> [(a0, a1, b0, b1) for a0, a1, b0, b1 in align(text, "Mở đầu khác hẳn. " + text)][0][:2]
    (0, 367)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

TH_COSINE = 0.33
TH_DICE = 0.33
TH_VALIDATION = 0.34
MAX_GAP = 4
MAX_GAP_SUMMARY = 24
MIN_SENTENCE = 3
MIN_PLAG_LENGTH = 150
SUMMARY_RATIO = 3.0  # source fragments this many times longer than the suspicious ones: a summary

# Vietnamese function syllables (written for this baseline); the paper removes English stop words.
_STOP_WORDS = """và của các là có được trong cho với những một này đã để không thì mà cũng như khi từ về tại
    đến theo ra vào lại nên do bị vì nếu nhưng hay hoặc rằng thế này đó kia ấy ở trên dưới sẽ đang còn
    rất nhiều ít mọi mỗi từng cùng nhau đây chỉ vẫn luôn điều việc sự cái chiếc người"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_CUT = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+|\n+")
_WORD = re.compile(r"[^\W_]+")

Span = tuple[int, int, int, int]  # suspicious start, end, source start, end (characters)


@dataclass
class Sentences:
    spans: list[tuple[int, int]]  # character span of each (joined) sentence
    words: list[list[str]]


def sentences(text: str) -> Sentences:
    spans: list[tuple[int, int]] = []
    words: list[list[str]] = []
    position = 0
    pending: tuple[int, list[str]] | None = None
    for cut in [*_CUT.finditer(text), None]:
        end = cut.start() if cut else len(text)
        piece = text[position:end]
        tokens = [
            w for w in _WORD.findall(unicodedata.normalize("NFKC", piece).lower()) if w not in STOP_WORDS
        ]
        if piece.strip():
            start = position + len(piece) - len(piece.lstrip())
            if pending is not None:
                start, tokens = pending[0], pending[1] + tokens
                pending = None
            if len(tokens) < MIN_SENTENCE and cut is not None:
                pending = (start, tokens)
            else:
                spans.append((start, position + len(piece.rstrip())))
                words.append(tokens)
        position = cut.end() if cut else len(text)
    if pending is not None:
        spans.append((pending[0], len(text.rstrip())))
        words.append(pending[1])
    return Sentences(spans, words)


Matrix = npt.NDArray[np.float64]


def _vectors(a: Sentences, b: Sentences) -> tuple[Matrix, Matrix, Matrix, Matrix]:
    """tf-idf rows of each side's sentences, then their binary (word present) rows."""
    vocabulary: dict[str, int] = {}
    for sentence in [*a.words, *b.words]:
        for word in sentence:
            vocabulary.setdefault(word, len(vocabulary))
    tf_a = np.zeros((len(a.words), len(vocabulary)))
    tf_b = np.zeros((len(b.words), len(vocabulary)))
    for matrix, side in ((tf_a, a), (tf_b, b)):
        for row, sentence in enumerate(side.words):
            for word, count in Counter(sentence).items():
                matrix[row, vocabulary[word]] = count
    total = len(a.words) + len(b.words)
    containing = (tf_a > 0).sum(axis=0) + (tf_b > 0).sum(axis=0)
    idf = np.log(total / np.maximum(containing, 1))
    return tf_a * idf, tf_b * idf, (tf_a > 0).astype(float), (tf_b > 0).astype(float)


def _cosine(x: Matrix, y: Matrix) -> float:
    norm = float(np.linalg.norm(x) * np.linalg.norm(y))
    return float(x @ y) / norm if norm else 0.0


def seeds(a: Sentences, b: Sentences) -> list[tuple[int, int, float]]:
    """(sentence in a, sentence in b, cosine) of every sentence pair passing both thresholds."""
    if not a.words or not b.words:
        return []
    wa, wb, ba, bb = _vectors(a, b)
    norms = np.linalg.norm(wa, axis=1)[:, None] * np.linalg.norm(wb, axis=1)[None, :]
    cosine = np.divide(wa @ wb.T, norms, out=np.zeros((len(a.words), len(b.words))), where=norms > 0)
    sizes = ba.sum(axis=1)[:, None] + bb.sum(axis=1)[None, :]
    dice = np.divide(2 * (ba @ bb.T), sizes, out=np.zeros_like(cosine), where=sizes > 0)
    rows, cols = np.nonzero((cosine > TH_COSINE) & (dice > TH_DICE))
    return [(int(i), int(j), float(cosine[i, j])) for i, j in zip(rows, cols, strict=True)]


Seed = tuple[int, int, float]


def _split(group: list[Seed], side: int, gap: int) -> list[list[Seed]]:
    ordered = sorted(group, key=lambda s: (s[side], s[1 - side]))
    parts: list[list[Seed]] = [[ordered[0]]]
    for seed in ordered[1:]:
        if seed[side] - parts[-1][-1][side] > gap + 1:
            parts.append([])
        parts[-1].append(seed)
    return parts


def cluster(group: list[Seed], gap: int) -> list[list[Seed]]:
    """Split ``group`` on both sides wherever more than ``gap`` sentences separate seeds, until stable."""
    clusters = [group]
    while True:
        before = len(clusters)
        for side in (0, 1):
            clusters = [part for c in clusters for part in _split(c, side, gap)]
        if len(clusters) == before:
            return clusters


def extend(
    found: list[Seed], a: Sentences, b: Sentences, vectors: tuple[Matrix, ...], gap: int
) -> list[tuple[list[Seed], float]]:
    """Validated clusters with their fragments' similarity."""
    if not found:
        return []
    wa, wb = vectors[0], vectors[1]
    kept: list[tuple[list[Seed], float]] = []
    for group in cluster(found, gap):
        i0, i1 = min(s[0] for s in group), max(s[0] for s in group)
        j0, j1 = min(s[1] for s in group), max(s[1] for s in group)
        similarity = _cosine(wa[i0 : i1 + 1].sum(axis=0), wb[j0 : j1 + 1].sum(axis=0))
        if similarity > TH_VALIDATION:
            kept.append((group, similarity))
        elif gap > 0:
            kept += extend(group, a, b, vectors, gap - 1)
    return kept


def _detections(
    groups: list[tuple[list[Seed], float]], a: Sentences, b: Sentences
) -> list[tuple[Span, float]]:
    out = []
    for group, _ in groups:
        i0, i1 = min(s[0] for s in group), max(s[0] for s in group)
        j0, j1 = min(s[1] for s in group), max(s[1] for s in group)
        span = (a.spans[i0][0], a.spans[i1][1], b.spans[j0][0], b.spans[j1][1])
        out.append((span, sum(s[2] for s in group)))
    return out


def _filter(found: list[tuple[Span, float]]) -> list[Span]:
    kept: list[tuple[Span, float]] = []
    for span, quality in sorted(found, key=lambda item: -item[1]):
        if all(span[1] <= other[0] or other[1] <= span[0] for other, _ in kept):
            kept.append((span, quality))
    long_enough = [s for s, _ in kept if min(s[1] - s[0], s[3] - s[2]) >= MIN_PLAG_LENGTH]
    return sorted(long_enough)


def align(suspicious: str, source: str) -> list[Span]:
    """Detections in one pair, as (suspicious start, end, source start, end) character offsets."""
    a, b = sentences(suspicious), sentences(source)
    found = seeds(a, b)
    if not found:
        return []
    vectors = _vectors(a, b)
    result = _filter(_detections(extend(found, a, b, vectors, MAX_GAP), a, b))
    this = sum(s[1] - s[0] for s in result)
    that = sum(s[3] - s[2] for s in result)
    if result and that > SUMMARY_RATIO * this:
        result = _filter(_detections(extend(found, a, b, vectors, MAX_GAP_SUMMARY), a, b))
    return result
