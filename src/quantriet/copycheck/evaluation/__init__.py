"""Measuring the copy check, outside the engine: ``pan`` scores detections with PAN's measures.

Used by the benchmarks (bench/copycheck) and their tests; the engine and the platform never import it.
"""

from __future__ import annotations
