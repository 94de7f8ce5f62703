"""Number-and-symbol parsing and the canonical id."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from quantriet.docref.fold import fold_eth
from quantriet.docref.model import System
from quantriet.docref.patterns import (
    CUT_SHORT,
    OLD_SYMBOL,
    PARTY_SYMBOL,
    SPELLED_ISSUER,
    STATE_PART_SPLIT,
    STATE_SYMBOL,
)
from quantriet.docref.vocab import (
    ISSUER_ALIASES,
    PARTY_ABBREVIATIONS,
    PARTY_ISSUER_ENDINGS,
    SPELLED_ISSUERS,
    STATE_ABBREVIATIONS,
)

Needs = Literal["nothing", "so_or_word", "word"]


@dataclass(frozen=True, slots=True)
class Symbol:
    """A parsed number and symbol (internal to the package)."""

    start: int
    end: int
    id: str
    number: str
    issuer: str
    year: int | None
    system: System | None
    symbol_type: str | None  # the type the abbreviation names, when it names exactly one
    # What must stand before it to trust it as a citation: nothing (a known form), "số" or a type word, or
    # a type word (shapes that are also common outside citations).
    needs: Needs
    # The symbol runs on into something that cannot be read ("59/2010/QĐ-ủy ban ..."): what was read is a
    # prefix of the real symbol, so only the number, type and year are certain, not the id.
    cut_short: bool = False


def _upper_d(part: str) -> str:
    # Lower-case đ inside a symbol is a typing slip for Đ; no real abbreviation has it.
    return part.replace("đ", "Đ")


def _is_party_issuer(issuer: str) -> bool:
    return issuer.endswith(PARTY_ISSUER_ENDINGS) or issuer in ISSUER_ALIASES


def party_symbol(match: re.Match[str]) -> Symbol:
    """Interpret a ``PARTY_SYMBOL`` match."""
    number, abbr = match.group("num"), _upper_d(match.group("abbr"))
    issuer = ISSUER_ALIASES.get(match.group("issuer"), match.group("issuer"))
    extra = match.group("extra")
    party = _is_party_issuer(issuer)
    return Symbol(
        start=match.start(),
        end=match.end(),
        id=f"{number}-{abbr}/{issuer}{extra}",
        number=number,
        issuer=issuer,
        year=None,
        system="party" if party else None,
        symbol_type=PARTY_ABBREVIATIONS.get(abbr) if party else None,
        needs="nothing" if party else "so_or_word",
    )


def state_symbol(match: re.Match[str]) -> Symbol | None:
    """Interpret a ``STATE_SYMBOL`` match; ``None`` when its shape is not a document's."""
    number = match.group("num")
    year = match.group("year") or match.group("cyear") or match.group("tyear")
    # split() with a capturing group alternates parts and separators: ["QĐ", "-", "TTg"].
    pieces = STATE_PART_SPLIT.split(match.group("body"))
    parts, separators = [_upper_d(p) for p in pieces[::2]], ["/" if s == "/" else "-" for s in pieces[1::2]]
    if year is None and len(parts[0]) < 2:
        return None  # "34/T-85" (a tank), "1/ Căng thẳng"
    issuer = ISSUER_ALIASES.get(parts[-1], parts[-1])
    parts[-1] = issuer
    abbr = parts[0] if len(parts) > 1 else None
    body = parts[0] + "".join(s + p for s, p in zip(separators, parts[1:], strict=True))
    # Shapes that also occur outside citations are trusted only after a type word.
    doubtful = "/" in separators
    if match.group("ysep"):
        after_year = "/" if match.group("ysep2") == "/" else "-"
        head = f"{number}{'/' if match.group('ysep') == '/' else '-'}{year}{after_year}"
        year_range = match.group("ysep") != "/" and len(number) == 4 and number[:2] in ("19", "20")
        if len(parts) < 2 and (after_year == "-" or year_range or len(parts[0]) < 2):
            doubtful = True  # "2015-2016/NĐ", "12/2017/Q": a year range or date before a lone part
    elif match.group("colon"):
        head = f"{number}:{year}/"
        doubtful = True  # "9001:2015/..." is also how ISO standards are written
    else:
        head = f"{number}/"
    if match.group("tyear"):
        body += "/" + match.group("tyear")
        doubtful = True  # a year typed last ("92/CP/2015") is a writer's variant
    party = issuer.endswith(("TW",))
    symbol_type = STATE_ABBREVIATIONS.get(abbr) if abbr else None
    return Symbol(
        start=match.start(),
        end=match.end(),
        id=head + body,
        number=number,
        issuer=issuer,
        year=int(year) if year else None,
        system="party" if party else "state",
        symbol_type=symbol_type,
        needs=_state_needs(year is not None, symbol_type is not None, abbr is not None, doubtful),
    )


def _state_needs(has_year: bool, known_type: bool, has_type: bool, doubtful: bool) -> Needs:
    if doubtful:
        return "word"
    if has_year or known_type:
        return "nothing"
    # "1206/QĐ-BTP" names a type and an issuer; "100/TTg" or "189/GPXD" only an issuer, like "S8/S8+".
    return "so_or_word" if has_type else "word"


def old_symbol(match: re.Match[str]) -> Symbol:
    """Interpret an ``OLD_SYMBOL`` match: "74-CP", "143-SL"."""
    issuer = _upper_d(match.group("issuer"))
    return Symbol(
        start=match.start(),
        end=match.end(),
        id=f"{match.group('num')}-{issuer}",
        number=match.group("num"),
        issuer=issuer,
        year=None,
        system=None,
        symbol_type=None,
        needs="word",
    )


def symbol_at(text: str, pos: int) -> Symbol | None:
    """The symbol whose number starts at ``pos``, or ``None``."""
    found: Symbol | None = None
    match = PARTY_SYMBOL.match(text, pos)
    if match is not None:
        found = party_symbol(match)
    else:
        match = STATE_SYMBOL.match(text, pos)
        if match is not None:
            found = state_symbol(match)
            if found is not None:
                found = _spelled_issuer(text, pos, found)
        else:
            match = OLD_SYMBOL.match(text, pos)
            if match is not None:
                found = old_symbol(match)
    if found is not None and CUT_SHORT.match(text, found.end) is not None:
        found = replace(found, cut_short=True)
    return found


def _spelled_issuer(text: str, pos: int, found: Symbol) -> Symbol:
    """Read an issuer written out in words after the type ("59/2010/QĐ-ủy ban nhân dân") as its abbreviation.

    Such texts had the abbreviation expanded by a tool; the phrases are data (vocab.SPELLED_ISSUERS).
    """
    spelled = SPELLED_ISSUER.match(text, found.end)
    if spelled is None:
        return found
    abbr = SPELLED_ISSUERS[" ".join(spelled.group("phrase").lower().split())]
    rewritten = STATE_SYMBOL.match(f"{text[pos : found.end]}-{abbr}")
    symbol = state_symbol(rewritten) if rewritten is not None else None
    if symbol is None or symbol.issuer != abbr:
        return found
    return replace(symbol, start=found.start, end=spelled.end())


def canonical_symbol(symbol: str) -> str | None:
    """The canonical id of a written number and symbol.

    Args:
        symbol: A number and symbol as written, e.g. ``"36 - NQ/TƯ"`` or ``"13/2023/NÐ-CP"``.

    Returns:
        The id in NFC with ``Đ`` as U+0110 and no spaces (``"36-NQ/TW"``, ``"13/2023/NĐ-CP"``), or ``None``
        when the whole string is not one number and symbol.

    Raises:
        TypeError: If ``symbol`` is not a string.
    """
    if not isinstance(symbol, str):
        raise TypeError(f"canonical_symbol expects str, not {type(symbol).__name__}")
    text = fold_eth(unicodedata.normalize("NFC", symbol)).strip()
    found = symbol_at(text, 0)
    if found is None or found.end != len(text):
        return None
    return found.id
