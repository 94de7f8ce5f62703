"""The PAN character-level measures of text-alignment quality, and PAN's XML annotation files.

The measures are those of Potthast, Stein, Barrón-Cedeño and Rosso, "An Evaluation Framework for
Plagiarism Detection" (COLING 2010), used by every PAN text-alignment task since. A plagiarism *case*
``s`` and a *detection* ``r`` are both a span of a suspicious document (``this``) tied to a span of a
source document; each is read as the set of its characters in both documents. ``r`` *detects* ``s``
when they name the same two documents and overlap in both of them; then ``s ⊓ r = s ∩ r``, otherwise
``s ⊓ r = ∅``. With S the cases and R the detections:

    precision(S, R)   = 1/|R| · Σ_{r∈R} |⋃_{s∈S} (s ⊓ r)| / |r|
    recall(S, R)      = 1/|S| · Σ_{s∈S} |⋃_{r∈R} (s ⊓ r)| / |s|
    granularity(S, R) = 1/|S_R| · Σ_{s∈S_R} |{r ∈ R : r detects s}|,  S_R = cases detected at all
    plagdet(S, R)     = F1(precision, recall) / log2(1 + granularity)

The paper leaves the averages over an empty set open; like PAN's evaluation program, a measure over an
empty set is 1 when the other set is empty too (nothing to find, nothing reported) and 0 otherwise, and
granularity is 1 when no case is detected.

Example: one case, found by two detections that cover its first and second halves exactly.

    >>> case = Annotation("s.txt", 0, 100, "r.txt", 0, 100)
    >>> halves = [Annotation("s.txt", 0, 50, "r.txt", 0, 50), Annotation("s.txt", 50, 50, "r.txt", 50, 50)]
    >>> score([case], halves)
    Scores(precision=1.0, recall=1.0, granularity=2.0, plagdet=0.6309297535714575)
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

__all__ = [
    "DETECTED",
    "PLAGIARISM",
    "Annotation",
    "Scores",
    "detects",
    "format_xml",
    "granularity",
    "parse_xml",
    "plagdet",
    "plagdet_score",
    "precision",
    "read_annotations",
    "read_xml",
    "recall",
    "score",
    "write_xml",
]

PLAGIARISM = "plagiarism"  # the feature name of a case in a truth file
DETECTED = "detected-plagiarism"  # the feature name of a detection in a detector's output

_INTEGER_FIELDS = ("this_offset", "this_length", "source_offset", "source_length")


@dataclass(frozen=True, slots=True)
class Annotation:
    """A plagiarism case or a detection: ``this`` document's span tied to a source document's span.

    Offsets and lengths count Unicode code points (PAN's corpora count characters the same way).

    Attributes:
        this_reference: the suspicious document's name (``suspicious-document00001.txt``).
        this_offset, this_length: the span in the suspicious document.
        source_reference: the source document's name.
        source_offset, source_length: the span in the source document.
        obfuscation: how a case was disguised (``none``, ``random``, ...); ``None`` for detections.

    Example:
        >>> a = Annotation("s.txt", 10, 5, "r.txt", 0, 7)
        >>> (a.this_end, a.source_end, a.size)
        (15, 7, 12)
    """

    this_reference: str
    this_offset: int
    this_length: int
    source_reference: str
    source_offset: int
    source_length: int
    obfuscation: str | None = None

    def __post_init__(self) -> None:
        for name in _INTEGER_FIELDS:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"Annotation.{name} phải là số nguyên không âm, nhận được {value!r}.")

    @property
    def this_end(self) -> int:
        return self.this_offset + self.this_length

    @property
    def source_end(self) -> int:
        return self.source_offset + self.source_length

    @property
    def size(self) -> int:
        """|s|: characters in both documents together."""
        return self.this_length + self.source_length


@dataclass(frozen=True, slots=True)
class Scores:
    """The four PAN measures of one set of detections against one set of cases."""

    precision: float
    recall: float
    granularity: float
    plagdet: float


def detects(detection: Annotation, case: Annotation) -> bool:
    """Whether ``detection`` detects ``case``: same documents, overlapping in both (a symmetric relation).

    >>> case = Annotation("s", 0, 10, "r", 100, 10)
    >>> detects(Annotation("s", 9, 5, "r", 105, 1), case), detects(Annotation("s", 10, 5, "r", 105, 1), case)
    (True, False)
    """
    return (
        detection.this_reference == case.this_reference
        and detection.source_reference == case.source_reference
        and detection.this_offset < case.this_end
        and case.this_offset < detection.this_end
        and detection.source_offset < case.source_end
        and case.source_offset < detection.source_end
    )


def _covered(start: int, end: int, spans: Iterable[tuple[int, int]]) -> int:
    """Characters of ``[start, end)`` inside the union of ``spans`` (each ``[lo, hi)``)."""
    clipped = sorted((max(lo, start), min(hi, end)) for lo, hi in spans if lo < end and start < hi)
    total, reach = 0, start
    for lo, hi in clipped:
        lo = max(lo, reach)
        if hi > lo:
            total += hi - lo
            reach = hi
    return total


def _by_documents(annotations: Iterable[Annotation]) -> dict[tuple[str, str], list[Annotation]]:
    groups: dict[tuple[str, str], list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        groups[annotation.this_reference, annotation.source_reference].append(annotation)
    return groups


def _macro_coverage(targets: Sequence[Annotation], others: Sequence[Annotation]) -> float:
    """Mean over ``targets`` of the share of each covered by the ``others`` that detect it.

    Recall is this with (cases, detections), precision with (detections, cases): ``s ⊓ r`` and "detects"
    are symmetric, so one function serves both.
    """
    if not targets:
        return 1.0 if not others else 0.0
    if not others:
        return 0.0
    groups = _by_documents(others)
    total = 0.0
    for target in targets:
        if target.size == 0:
            continue  # an empty span has no characters to find; it counts as entirely missed
        hits = [
            o for o in groups.get((target.this_reference, target.source_reference), ()) if detects(o, target)
        ]
        this = _covered(target.this_offset, target.this_end, ((o.this_offset, o.this_end) for o in hits))
        source = _covered(
            target.source_offset, target.source_end, ((o.source_offset, o.source_end) for o in hits)
        )
        total += (this + source) / target.size
    return total / len(targets)


def recall(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Macro-averaged recall: the mean share of each case's characters found by the detections that detect it.

    >>> recall([Annotation("s", 0, 100, "r", 0, 100)], [Annotation("s", 0, 50, "r", 0, 50)])
    0.5
    """
    return _macro_coverage(cases, detections)


def precision(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Macro-averaged precision: the mean share of each detection's characters that lie in cases it detects.

    >>> case = Annotation("s", 0, 100, "r", 0, 100)
    >>> precision([case], [Annotation("s", 50, 100, "r", 50, 100), Annotation("s", 500, 10, "r", 500, 10)])
    0.25
    """
    return _macro_coverage(detections, cases)


def granularity(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Mean number of detections per detected case (1 is ideal; 1 when no case is detected).

    >>> case = Annotation("s", 0, 100, "r", 0, 100)
    >>> granularity([case], [Annotation("s", 0, 10, "r", 0, 10), Annotation("s", 20, 10, "r", 20, 10)])
    2.0
    """
    groups = _by_documents(detections)
    counts = [
        sum(detects(d, case) for d in groups.get((case.this_reference, case.source_reference), ()))
        for case in cases
    ]
    detected = [count for count in counts if count > 0]
    return sum(detected) / len(detected) if detected else 1.0


def plagdet_score(precision: float, recall: float, granularity: float) -> float:
    """F1 of ``precision`` and ``recall`` divided by log2(1 + ``granularity``).

    >>> plagdet_score(1.0, 1.0, 1.0), round(plagdet_score(1.0, 0.5, 1.0), 4), plagdet_score(1.0, 1.0, 3.0)
    (1.0, 0.6667, 0.5)
    """
    if precision + recall <= 0.0 or granularity < 1.0:
        return 0.0
    f1 = 2.0 * precision * recall / (precision + recall)
    return f1 / math.log2(1.0 + granularity)


def plagdet(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """The overall PAN score of ``detections`` against ``cases``.

    >>> case = Annotation("s", 0, 100, "r", 0, 100)
    >>> plagdet([case], [case])
    1.0
    """
    return score(cases, detections).plagdet


def score(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> Scores:
    """All four measures at once.

    >>> score([], [])
    Scores(precision=1.0, recall=1.0, granularity=1.0, plagdet=1.0)
    """
    p, r, g = precision(cases, detections), recall(cases, detections), granularity(cases, detections)
    return Scores(p, r, g, plagdet_score(p, r, g))


# --- PAN XML files -------------------------------------------------------------------------------------


def format_xml(reference: str, annotations: Iterable[Annotation], name: str = PLAGIARISM) -> str:
    """A PAN annotation file for the suspicious document ``reference``.

    ``name`` is ``PLAGIARISM`` for truth files and ``DETECTED`` for a detector's output.

    >>> print(format_xml("s.txt", [Annotation("s.txt", 5, 10, "r.txt", 0, 12, "none")]))
    <?xml version="1.0" encoding="UTF-8"?>
    <document reference="s.txt">
    <feature name="plagiarism" obfuscation="none" this_offset="5" this_length="10" source_reference="r.txt" \
source_offset="0" source_length="12" />
    </document>
    <BLANKLINE>
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<document reference={quoteattr(reference)}>"]
    for annotation in annotations:
        if annotation.this_reference != reference:
            raise ValueError(
                f"Chú thích thuộc văn bản {annotation.this_reference!r}, không thuộc {reference!r}: "
                "mỗi tệp XML chỉ ghi chú thích của một văn bản nghi vấn."
            )
        attributes = [("name", name)]
        if annotation.obfuscation is not None:
            attributes.append(("obfuscation", annotation.obfuscation))
        attributes += [
            ("this_offset", str(annotation.this_offset)),
            ("this_length", str(annotation.this_length)),
            ("source_reference", annotation.source_reference),
            ("source_offset", str(annotation.source_offset)),
            ("source_length", str(annotation.source_length)),
        ]
        lines.append("<feature " + " ".join(f"{key}={quoteattr(value)}" for key, value in attributes) + " />")
    lines.append("</document>")
    return "\n".join(lines) + "\n"


def parse_xml(text: str, name: str = PLAGIARISM) -> tuple[str, list[Annotation]]:
    """The document reference and the features called ``name`` in a PAN annotation file's text.

    Features without a source (PAN's intrinsic cases) are left out: they cannot be aligned.

    >>> parse_xml('<document reference="s.txt"><feature name="plagiarism" this_offset="1" this_length="2" '
    ...           'source_reference="r.txt" source_offset="3" source_length="4"/></document>')
    ('s.txt', [Annotation(this_reference='s.txt', this_offset=1, this_length=2, source_reference='r.txt', \
source_offset=3, source_length=4, obfuscation=None)])
    """
    try:
        # Annotation files are written by this project, PAN or a detector under test; Python's expat
        # refuses external entities and limits entity expansion, which is all such a file could abuse.
        root = ET.fromstring(text)  # noqa: S314
    except ET.ParseError as error:
        raise ValueError(
            f"Tệp chú thích PAN không phải XML hợp lệ ({error}); hãy kiểm tra lại tệp."
        ) from None
    reference = root.get("reference")
    if root.tag != "document" or not reference:
        raise ValueError(
            'Tệp chú thích PAN phải có phần tử gốc <document reference="...">; hãy kiểm tra lại tệp.'
        )
    annotations = []
    for feature in root.iter("feature"):
        if feature.get("name") != name or feature.get("source_reference") is None:
            continue
        try:
            values = {field: int(feature.get(field, "")) for field in _INTEGER_FIELDS}
        except ValueError:
            raise ValueError(
                f"Đặc trưng <feature> của {reference!r} thiếu hoặc sai vị trí/độ dài "
                f"({', '.join(_INTEGER_FIELDS)} phải là số nguyên); hãy sửa tệp."
            ) from None
        annotations.append(
            Annotation(
                this_reference=reference,
                source_reference=feature.get("source_reference", ""),
                obfuscation=feature.get("obfuscation"),
                **values,
            )
        )
    return reference, annotations


def write_xml(path: Path, reference: str, annotations: Iterable[Annotation], name: str = PLAGIARISM) -> None:
    """Write ``format_xml(reference, annotations, name)`` to ``path`` as UTF-8."""
    path.write_text(format_xml(reference, annotations, name), encoding="utf-8")


def read_xml(path: Path, name: str = PLAGIARISM) -> tuple[str, list[Annotation]]:
    """``parse_xml`` of the file at ``path``."""
    return parse_xml(path.read_text(encoding="utf-8"), name)


def read_annotations(directory: Path, name: str = PLAGIARISM) -> list[Annotation]:
    """Every feature called ``name`` in the ``*.xml`` files of ``directory``, in file-name order."""
    annotations: list[Annotation] = []
    for path in sorted(directory.glob("*.xml")):
        annotations.extend(read_xml(path, name)[1])
    return annotations
