"""What the rules answer: the level allowed and every reason behind it, each citing its text."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from quantriet.rules.facts import Period
from quantriet.rules.levels import Level

__all__ = ["Allowance", "Effect", "Reason"]


class Effect(enum.StrEnum):
    """What a reason does: exclude from rating, cap the level, or only inform."""

    NOT_RATED = "not_rated"
    CAP = "cap"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that applied.

    Attributes:
        code: a stable name ("sick_leave", "discipline", "points_below_90", …).
        effect: not rated, a cap, or a note.
        cap: the highest level this rule allows (KHT for a disqualifier); ``None`` unless a cap.
        message_vi: what was found, in Vietnamese.
        citation: the text behind the rule ("Quy định 124-QĐ/TW, Điều 12"); the article only where
            the texts consulted name it.
        verified: False when the rule is a setting the consulted texts did not confirm for this set.
    """

    code: str
    effect: Effect
    cap: Level | None
    message_vi: str
    citation: str
    verified: bool = True

    @property
    def text_vi(self) -> str:
        """One line for the person proposing: "Nghỉ ốm …: tối đa HT — Hướng dẫn 21-HD/BTCTW …"."""
        if self.effect is Effect.NOT_RATED:
            outcome = ": không xếp loại"
        elif self.cap is not None:
            outcome = f": tối đa {self.cap.short}" if self.cap > Level.NOT_DONE else ": KHT"
        else:
            outcome = ""
        caveat = " (quy định chưa kiểm chứng, có thể thay đổi trong cấu hình)" if not self.verified else ""
        return f"{self.message_vi}{outcome} — {self.citation}{caveat}"


@dataclass(frozen=True, slots=True)
class Allowance:
    """The answer of :func:`allowed_level`.

    Attributes:
        level: the highest level allowed; ``None`` when the member or organisation is not rated.
        rule_set: the code of the rule set that judged it.
        period: the period judged.
        reasons: every reason that applied, not-rated reasons first, then caps strictest first, then notes.
        unknown: facts the rule set uses that were not given (they capped nothing).
    """

    level: Level | None
    rule_set: str
    period: Period
    reasons: tuple[Reason, ...]
    unknown: tuple[str, ...] = ()

    @property
    def rated(self) -> bool:
        """False when the rules say not to classify at all."""
        return self.level is not None

    @property
    def binding(self) -> tuple[Reason, ...]:
        """The reasons that set the level: the not-rated ones, or the caps equal to the level."""
        if self.level is None:
            return tuple(r for r in self.reasons if r.effect is Effect.NOT_RATED)
        return tuple(r for r in self.reasons if r.effect is Effect.CAP and r.cap == self.level)

    def allows(self, level: Level) -> bool:
        """Whether ``level`` may be proposed or decided (never, when not rated)."""
        return self.level is not None and level <= self.level

    def explain_vi(self) -> str:
        """The answer as Vietnamese lines: the level (or why not rated), then each reason."""
        if self.level is None:
            head = f"Không xếp loại chất lượng {self.period.label_vi}."
        else:
            head = (
                f"Mức cao nhất được xếp {self.period.label_vi}: {self.level.label_vi} ({self.level.short})."
            )
        return "\n".join([head, *(f"- {r.text_vi}" for r in self.reasons)])

    def refusal_vi(self, level: Level) -> str | None:
        """Why ``level`` may not be proposed, as one Vietnamese sentence; ``None`` when it may.

        >>> from quantriet.rules.facts import Period
        >>> answer = Allowance(None, "hd21", Period.year(2021), ())
        >>> answer.refusal_vi(Level.DONE)
        'Không thể xếp loại năm 2021: đảng viên, tổ chức này không được xếp loại.'
        """
        if self.allows(level):
            return None
        if self.level is None:
            head = f"Không thể xếp loại {self.period.label_vi}: đảng viên, tổ chức này không được xếp loại"
        else:
            head = f"Không thể xếp {level.short} {self.period.label_vi}: tối đa {self.level.short}"
        why = "; ".join(reason.text_vi for reason in self.binding)
        return f"{head} ({why})." if why else f"{head}."
