"""The annual review's pages, one module per part of the work."""
