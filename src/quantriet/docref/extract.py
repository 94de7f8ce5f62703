"""Finding citations in a text: anchors, then local parsing around each hit."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from quantriet.docref.dates import date_from_match
from quantriet.docref.fold import fold
from quantriet.docref.model import Citation, System
from quantriet.docref.patterns import (
    ANCHOR,
    CLOSE_PAREN,
    CONGRESS,
    DATE_AFTER,
    LIST_JOINER,
    LIST_PREVIOUS,
    NEXT_WORD,
    NGHI_BEFORE,
    PARTIAL_LIST_NEXT,
    PARTIAL_YEAR,
    PLENUM,
    PLENUM_ANCHORS,
    PLENUM_BEFORE,
    PLENUM_TERM,
    SO_BEFORE,
    TAIL_DIRECT,
    TAIL_WITH_SO,
    TYPE_WORD,
)
from quantriet.docref.symbols import Symbol, symbol_at
from quantriet.docref.vocab import (
    LOWER_CASE_PARTIAL_TYPES,
    PARTIAL_FOLLOWERS,
    PARTIAL_TYPES,
    QUANTITY_WORDS,
    SHORT_REFERENCE_TYPES,
    TYPE_WORDS,
)

# How far back a type word may stand from the number ("Luật Ngân sách nhà nước số 83/2015/QH13").
_LOOKBACK = 120
# Characters that, just before a number, show it is part of something else ("T-34/T-85", "A1-NQ", "1.35").
_GLUED = frozenset("-/.\u2013\u2010\u2011\u2212")


@dataclass(frozen=True, slots=True)
class _Context:
    """What stands before a number: a type word and/or "số"."""

    start: int  # where the citation text begins (type word, else the number)
    type: str | None  # canonical name; None when no type word
    has_word: bool  # a type word (possibly "văn bản", which names no type) was found
    has_so: bool


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    citation: Citation  # offsets still in folded-text coordinates
    typed_by_words: bool


def _context_before(text: str, pos: int, *, allow_filler: bool) -> _Context:
    """The type word and "số" that introduce the number starting at ``pos``."""
    low = max(0, pos - _LOOKBACK)
    last: re.Match[str] | None = None
    for last in TYPE_WORD.finditer(text, low, pos):  # noqa: B007 - we want the nearest, i.e. the last one
        pass
    if last is not None:
        tail_start = last.end()
        with_so = TAIL_WITH_SO.fullmatch(text, tail_start, pos)
        if with_so is not None and (allow_filler or with_so.group(0).split()[0].lower() in ("số", ":")):
            return _Context(last.start(), TYPE_WORDS[_key(last.group(0))] or None, True, True)
        direct = TAIL_DIRECT.fullmatch(text, tail_start, pos)
        if direct is not None:
            dup = direct.group("dup")
            if dup is None or _key(dup) == _key(last.group(0)).split()[-1]:
                return _Context(last.start(), TYPE_WORDS[_key(last.group(0))] or None, True, False)
    so = SO_BEFORE.search(text, max(0, pos - 8), pos)
    return _Context(pos, None, False, so is not None)


def _key(words: str) -> str:
    return " ".join(words.lower().split())


def _attached_date(text: str, end: int) -> tuple[int, str | None, int | None]:
    """The end of an attached date after ``end`` (or ``end``), its ISO form and year."""
    match = DATE_AFTER.match(text, end)
    if match is None:
        return end, None, None
    iso, year = date_from_match(match)
    stop = match.end()
    if "(" in match.group("open"):
        close = CLOSE_PAREN.match(text, stop)
        if close is not None:
            stop = close.end()
    return stop, iso, year


def _citation(
    text: str,
    start: int,
    end: int,
    *,
    id: str | None,
    type: str | None,
    number: str | None,
    issuer: str | None,
    year: int | None,
    date: str | None,
    system: System | None,
) -> Citation:
    return Citation(start, end, text[start:end], id, type, number, issuer, year, date, system)


def _symbol_citations(text: str, pos: int, symbol: Symbol) -> list[_Found]:
    """The citation(s) of a symbol at ``pos``, including bare numbers listed before it."""
    members: list[tuple[int, str]] = []
    head = pos
    while True:
        previous = LIST_PREVIOUS.search(text, max(0, head - 12), head)
        if previous is None:
            break
        members.insert(0, (previous.start(), previous.group("num")))
        head = previous.start()
    context = _context_before(text, head, allow_filler=True)
    if members and not (context.has_word or context.has_so):
        # "năm 2017, 35-NQ/TW": a number before a comma is a list item only after a type word or "số".
        members, head = [], pos
        context = _context_before(text, pos, allow_filler=True)
    if symbol.needs == "word" and not context.has_word:
        return []
    if symbol.needs == "so_or_word" and not (context.has_word or context.has_so):
        return []
    type_ = context.type or symbol.symbol_type
    if symbol.cut_short:
        return _cut_short_citation(text, context, symbol, type_)
    end, date, date_year = _attached_date(text, symbol.end)
    suffix = symbol.id[len(symbol.number) :]
    found: list[_Found] = []
    for i, (num_start, number) in enumerate(members):
        start = context.start if i == 0 else num_start
        cite = _citation(
            text,
            start,
            num_start + len(number),
            id=number + suffix,
            type=type_,
            number=number,
            issuer=symbol.issuer,
            year=symbol.year,
            date=None,
            system=symbol.system,
        )
        found.append(_Found(cite.start, cite.end, cite, context.type is not None))
    start = pos if members else context.start
    cite = _citation(
        text,
        start,
        end,
        id=symbol.id,
        type=type_,
        number=symbol.number,
        issuer=symbol.issuer,
        year=symbol.year if symbol.year is not None else date_year,
        date=date,
        system=symbol.system,
    )
    found.append(_Found(cite.start, cite.end, cite, context.type is not None))
    return found


def _cut_short_citation(text: str, context: _Context, symbol: Symbol, type_: str | None) -> list[_Found]:
    """A symbol that runs on into something unreadable gives a partial citation: no id is guessed."""
    if not (context.has_word or context.has_so):
        return []
    cite = _citation(
        text,
        context.start,
        symbol.end,
        id=None,
        type=type_,
        number=symbol.number,
        issuer=None,
        year=symbol.year,
        date=None,
        system=symbol.system,
    )
    return [_Found(cite.start, cite.end, cite, context.type is not None)]


def _partial_citation(text: str, pos: int) -> _Found | None:
    """A citation without a symbol whose number starts at ``pos``: "Nghị quyết 18", "Nghị quyết TW 4"."""
    stop = pos
    while stop < len(text) and text[stop].isdigit():
        stop += 1
    number = text[pos:stop]
    if len(number) > 4 or symbol_at(text, pos) is not None:
        return None
    following = text[stop : stop + 2]
    year_after = PARTIAL_YEAR.match(text, stop)
    if year_after is None and (
        (following[:1] in _GLUED and (following[:1] != "." or following[1:2].isdigit()))
        or (following[:1] == "," and following[1:].isdigit())
    ):
        return None  # "18-NQ" in a broken form, "1.35", "18,5": not a bare number ("Nghị định 67." is)
    plenum = PLENUM_BEFORE.search(text, max(0, pos - 60), pos)
    if plenum is not None:
        term = PLENUM_TERM.match(text, stop)
        end = term.end() if term is not None else stop
        cite = _citation(
            text,
            plenum.start(),
            end,
            id=None,
            type="Nghị quyết",
            number=None,
            issuer=None,
            year=None,
            date=None,
            system="party",
        )
        return _Found(cite.start, cite.end, cite, True)
    context = _context_before(text, pos, allow_filler=False)
    if context.type not in PARTIAL_TYPES and not _abbreviated_decision(text, context, pos):
        return None
    written_low = not (context.has_so or text[context.start].isupper())
    if written_low and context.type not in LOWER_CASE_PARTIAL_TYPES:
        return None  # lower-case "quyết định 5 ..." without "số" is a verb far more often than a document
    if len(number) == 4 and number[:2] in ("19", "20") and not context.has_so:
        return None  # "Kế hoạch 2020": a year
    if year_after is not None:
        # "Nghị định 155/2016", "Nghị định 154 năm 2016": the number and its year, no type code or issuer.
        year = int(year_after.group("year") or year_after.group("year2"))
        end, date, date_year = _attached_date(text, year_after.end())
        return _partial(text, context, end, number, date_year or year, date)
    end, date, date_year = _attached_date(text, stop)
    if end == stop and not _ends_reference(
        text, stop, None if written_low else context.type, number, allow_zero=not written_low
    ):
        return None
    return _partial(text, context, end, number, date_year, date)


def _abbreviated_decision(text: str, context: _Context, pos: int) -> bool:
    """ "QĐ 33": the abbreviation names a decision or a regulation, so the citation gets no type."""
    return context.has_word and context.type is None and text[context.start : context.start + 2] == "QĐ"


def _partial(
    text: str, context: _Context, end: int, number: str, year: int | None, date: str | None
) -> _Found:
    cite = _citation(
        text,
        context.start,
        end,
        id=None,
        type=context.type,
        number=number,
        issuer=None,
        year=year,
        date=date,
        system=None,
    )
    return _Found(cite.start, cite.end, cite, True)


def _listed_after(text: str, first: _Found) -> list[_Found]:
    """Numbers listed after a short reference, of its type: "80" and "86" in "Quyết định 09, 80, 86 về"."""
    found: list[_Found] = []
    end = first.end
    while first.citation.number is not None and first.citation.date is None:
        match = PARTIAL_LIST_NEXT.match(text, end)
        if match is None:
            break
        if not _ends_reference(text, match.end(), None, match.group("num"), allow_zero=False):
            break
        cite = _citation(
            text,
            match.start("num"),
            match.end(),
            id=None,
            type=first.citation.type,
            number=match.group("num"),
            issuer=None,
            year=None,
            date=None,
            system=None,
        )
        found.append(_Found(cite.start, cite.end, cite, True))
        end = match.end()
    return found


def _ends_reference(text: str, stop: int, type_: str | None, number: str, *, allow_zero: bool) -> bool:
    """Whether what follows a bare number lets it be a document number rather than a quantity.

    A short reference to a party-style document ("Chỉ thị 05 trong năm", "Quy định 22 thì") may be followed
    by any word but a unit of quantity; a number written with a leading zero is never a quantity.
    """
    match = NEXT_WORD.match(text, stop)
    if match is None:
        return False
    word = match.group("word")
    if word == "" or word == "\n" or not word.isalpha():
        return word != "%"
    lowered = word.lower()
    if lowered in PARTIAL_FOLLOWERS:
        return True
    if lowered in QUANTITY_WORDS:
        return False
    return (allow_zero and number.startswith("0") and len(number) > 1) or type_ in SHORT_REFERENCE_TYPES


def _plenum_citation(text: str, tail: int) -> _Found | None:
    """A named plenum or congress resolution: "Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương
    khóa XII", "Nghị quyết Đại hội XII của Đảng".

    ``tail`` is where "ết" of "quyết" stands (the anchor matched "uyết" or "UYẾT").
    """
    head = tail - 3
    if head < 0 or text[head] not in "qQ":
        return None
    before = NGHI_BEFORE.search(text, max(0, head - 8), head)
    if before is None or (before.start() > 0 and text[before.start() - 1].isalnum()):
        return None
    match: re.Match[str] | None = PLENUM.match(text, before.start())
    if match is None or not (match.group("o1") or match.group("o2")):
        match = CONGRESS.match(text, before.start())
    if match is None:
        return None  # "Nghị quyết Trung ương" alone names no plenum
    cite = _citation(
        text,
        match.start(),
        match.end(),
        id=None,
        type="Nghị quyết",
        number=None,
        issuer=None,
        year=None,
        date=None,
        system="party",
    )
    return _Found(cite.start, cite.end, cite, True)


def _glued_word(text: str, pos: int) -> bool:
    """A letter right before the number makes it part of a word ("T34"), except "số" ("số187/2004/NĐ-CP")."""
    if not text[pos - 1].isalpha():
        return False
    return not (text[max(0, pos - 2) : pos].lower() == "số" and (pos < 3 or not text[pos - 3].isalnum()))


def _number_start(text: str, last_digit: int) -> int:
    start = last_digit
    while start > 0 and text[start - 1].isdigit():
        start -= 1
    return start


def _inherit_list_types(text: str, found: list[_Found]) -> list[_Found]:
    """Give "24-QĐ/TW" in "các Quy định số 22-QĐ/TW, 24-QĐ/TW" the type named before the list."""
    result: list[_Found] = []
    for item in found:
        if result and not item.typed_by_words:
            prev = result[-1]
            if (
                prev.typed_by_words
                and item.citation.type in (None, prev.citation.type)
                and prev.citation.id is not None
                and item.citation.id is not None
                and LIST_JOINER.fullmatch(text, prev.end, item.start) is not None
            ):
                item = replace(
                    item, citation=replace(item.citation, type=prev.citation.type), typed_by_words=True
                )
        result.append(item)
    return result


def extract(text: str) -> list[Citation]:
    """Find the citations of party and state documents in a text.

    Args:
        text: Any text. Decomposed diacritics, Ð/ð for Đ/đ and non-breaking spaces are accepted as they are.

    Returns:
        The citations in text order, without overlaps. Offsets and ``text`` refer to the string as given.

    Raises:
        TypeError: If ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract expects str, not {type(text).__name__}")
    folded = fold(text)
    work = folded.text
    candidates: list[_Found] = []
    seen: set[int] = set()
    for hit in ANCHOR.finditer(work):
        if hit.group("partial") is not None:
            partial = _partial_citation(work, hit.start())
            if partial is not None:
                candidates.append(partial)
                candidates.extend(_listed_after(work, partial))
            continue
        pos = _number_start(work, hit.start())
        if pos in seen or (pos > 0 and (work[pos - 1] in _GLUED or _glued_word(work, pos))):
            continue
        seen.add(pos)
        symbol = symbol_at(work, pos)
        if symbol is not None:
            candidates.extend(_symbol_citations(work, pos, symbol))
    for anchor in PLENUM_ANCHORS:
        for hit in anchor.finditer(work):
            plenum = _plenum_citation(work, hit.start() + 2)
            if plenum is not None:
                candidates.append(plenum)
    # Full symbols win over partial readings of the same words; then earlier and longer spans win.
    candidates.sort(key=lambda f: (f.citation.id is None, f.start, -f.end))
    kept: list[_Found] = []
    for cand in candidates:
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    kept.sort(key=lambda f: f.start)
    kept = _inherit_list_types(work, kept)
    citations: list[Citation] = []
    for item in kept:
        start, end = folded.span(item.start, item.end)
        citations.append(replace(item.citation, start=start, end=end, text=text[start:end]))
    return citations
