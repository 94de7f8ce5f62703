"""Reads of the learning reports, always scoped through the access module (``selectors.access``)."""
