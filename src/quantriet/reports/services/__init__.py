"""Every write of the learning reports: requirement, drafts, submissions, reviews, cases, library."""
