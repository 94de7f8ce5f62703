"""The copy check's values: documents in, pairs of documents with their copied passages out.

All offsets are Unicode code-point offsets into the *original* text of a document (as given, not
normalised), start inclusive and end exclusive, so ``text[p.a_start:p.a_end]`` is the passage a
reviewer reads.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["ROLES", "CheckResult", "Document", "DocumentInfo", "Options", "Pair", "Passage"]

ROLES = ("cohort", "reference", "base")


@dataclass(frozen=True, slots=True)
class Passage:
    """One copied passage: ``a``'s text ``[a_start, a_end)`` matches ``b``'s ``[b_start, b_end)``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True, slots=True)
class Pair:
    """Two documents with copied passages between them.

    Attributes:
        a: a cohort document's id.
        b: a cohort or reference document's id.
        similarity: share (0..1) of ``a``'s characters covered by ``passages``.
        passages: sorted by ``a_start``; never overlapping on either side.
    """

    a: str
    b: str
    similarity: float
    passages: tuple[Passage, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """A text to check. ``role`` is ``"cohort"``, ``"reference"`` or ``"base"``."""

    id: str
    text: str
    role: str = "cohort"

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"Document role must be one of {ROLES}, got {self.role!r}")


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What a result says about each document it looked at."""

    id: str
    role: str
    chars: int


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a check.

    Attributes:
        documents: every document checked (base documents included, with role ``"base"``).
        pairs: sorted by (-similarity, a, b).
        clusters: connected components of cohort documents linked by cohort–cohort pairs, largest first
            (ties by their first id); documents linked to nothing are not listed.
    """

    documents: tuple[DocumentInfo, ...]
    pairs: tuple[Pair, ...]
    clusters: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Options:
    """How strict the check is. The defaults are tuned to report copying and never shared boilerplate.

    Attributes:
        min_passage_words: a passage shorter than this many syllables (on either side) is not reported;
            it keeps stock phrases of party writing out (up to about twenty-five syllables, two joined).
        common_share: a word n-gram found in more than this share of the cohort and references is
            common material (a quotation everyone uses) and never evidence of copying ...
        common_min_docs: ... but only once more than this many documents contain it. A copy ring is never
            common material, however large: many n-grams shared by exactly the same documents make a ring
            (``candidates.ring_material``), while a stock phrase's documents differ from the next one's.
        ignore_quotes: leave out text inside quotation marks (“...”, "...", «...»).
        ngram: length in syllables of the n-grams used for candidates, base text and common material.
        seed_ngram: length of the shorter n-grams that seed passages inside a candidate pair; shorter
            seeds survive more edits.
        sample_mod: keep one n-gram in ``sample_mod`` (chosen by hash, so the same in every document)
            as a fingerprint for the candidate search; 1 keeps all.
        min_shared: in a check against a ``CopyIndex``, fingerprints a document must share, in a chain,
            with an indexed one to be aligned (a cohort check asks for a shared *link* instead: two
            fingerprints 6-50 syllables apart, see ``prepare.link_hashes``; or for such a chain of
            fingerprints no third document holds).
        max_gap: syllables allowed between seeds of one passage, on each side; larger gaps split it.
        min_density: share of a passage's syllables that must be covered by seeds on both sides.
        max_base_share: a passage more than this share of whose syllables are base text is dropped.
        max_pair_df: a link (or fingerprint) found in more documents than this pairs each of them with a
            few others only (the first ones), which keeps the candidate search linear while copy rings stay
            linked.
        word_seeds: also seed passages with words shared by stretches of the two documents that share
            many of their rarer words, out of order: what is left of a sentence after heavy editing.
    """

    min_passage_words: int = 30
    common_share: float = 0.1
    common_min_docs: int = 5
    ignore_quotes: bool = False
    # 4-grams kept one in two: a short passage edited in a word in three still shares a chain or a link
    # with its source (bench/README.md); rings written in stock phrases survive ``align.seeds._own_runs``.
    ngram: int = 4
    seed_ngram: int = 3
    sample_mod: int = 2
    min_shared: int = 2
    max_gap: int = 10
    min_density: float = 0.4
    max_base_share: float = 0.5
    max_pair_df: int = 100
    word_seeds: bool = True

    def __post_init__(self) -> None:
        positive = ("min_passage_words", "common_min_docs", "ngram", "seed_ngram", "sample_mod", "min_shared")
        for name in positive:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Options.{name} must be a positive integer, got {value!r}")
        if not isinstance(self.max_gap, int) or self.max_gap < 0:
            raise ValueError(f"Options.max_gap must be a non-negative integer, got {self.max_gap!r}")
        if not isinstance(self.max_pair_df, int) or self.max_pair_df < 2:
            raise ValueError(
                f"Options.max_pair_df must be an integer of at least 2, got {self.max_pair_df!r}"
            )
        for name in ("common_share", "min_density", "max_base_share"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0.0 < value <= 1.0:
                raise ValueError(f"Options.{name} must be a number in (0, 1], got {value!r}")
        if not isinstance(self.word_seeds, bool):
            raise ValueError(f"Options.word_seeds must be True or False, got {self.word_seeds!r}")
        if not isinstance(self.ignore_quotes, bool):
            raise ValueError(f"Options.ignore_quotes must be True or False, got {self.ignore_quotes!r}")
        if self.seed_ngram > self.ngram:
            raise ValueError(f"Options.seed_ngram ({self.seed_ngram}) must not exceed ngram ({self.ngram})")
        if self.seed_ngram > self.min_passage_words:
            raise ValueError("Options.seed_ngram must not exceed min_passage_words")

    def as_dict(self) -> dict[str, object]:
        """The options as plain values (for JSON output and the index manifest)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}
