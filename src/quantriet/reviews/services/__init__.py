"""Every write of the annual review: periods, self-assessments, proposals, decisions, awards."""
