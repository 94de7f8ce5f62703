"""Learning reports: forms, one module per part of the work."""
