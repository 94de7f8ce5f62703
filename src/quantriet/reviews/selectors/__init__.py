"""Reads of the annual review, always scoped through the access module."""
