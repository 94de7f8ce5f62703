"""The annual review (kiểm điểm, đánh giá, xếp loại chất lượng) of party members and organisations, and the
recognition that follows from it: periods, self-assessments, the cell's proposals, the committee's decisions,
results over the years, award proposals and party badges.

What a rule set allows is the pure package ``quantriet.rules``; this app stores the facts, the people's
choices and the history, and asks the rules at every step.
"""
