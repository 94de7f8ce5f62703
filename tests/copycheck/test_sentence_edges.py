"""A copy whose first and last words were edited is reported from the start of its first sentence to the
end of its last, when the words left out are the same on both sides."""

from __future__ import annotations

from quantriet.copycheck import Document, check_cohort
from tests.copycheck.clitools import prose


def test_edited_first_and_last_words_of_a_copy_are_taken_in() -> None:
    source = prose(71, 120)
    words = source.split()
    # The copy's first three and last three words replaced by others.
    copied = " ".join(["Ngoài", "ra", "còn", *words[3:-3], "nơi", "nơi", "ấy."])
    host_start, host_end = prose(72, 80), prose(73, 80)
    report = f"{host_start} {copied} {host_end}"
    [pair] = check_cohort([Document("bai.txt", report)], [Document("nguon.txt", source)]).pairs
    [passage] = pair.passages
    start = len(host_start) + 1
    assert (passage.a_start, passage.a_end) == (start, start + len(copied))
    assert (passage.b_start, passage.b_end) == (0, len(source))
