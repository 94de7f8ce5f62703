"""Learning reports: views, one module per part of the work."""
