"""HTML pages of the registry: ``registry`` (list, page, file), ``editing`` (forms), ``transfer`` (XLSX)."""

from __future__ import annotations
