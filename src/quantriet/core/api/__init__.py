"""The JSON API shell every app's endpoints run in: ``http`` (authentication, errors) and ``parsing``."""
