"""The address of the client that sent a request: one function, used by sign-in throttling and the logs.

Without a proxy, ``REMOTE_ADDR`` is the client. Behind the TLS proxy the README prescribes, every
request comes from the proxy's own address; a counter keyed on it would let 20 failures under random
names lock out everyone, and the access log would name the proxy. So with ``BEHIND_TLS_PROXY`` on we
read ``X-Forwarded-For`` — but only its rightmost entries: a client may send any X-Forwarded-For it
likes, and the proxy *appends* the address it saw. The entry ``PROXY_HOPS`` places from the right
(1 for one proxy) is the one our own proxy wrote; anything to its left is the client's say-so.
Without a proxy the header is ignored altogether, since then the client wrote all of it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

__all__ = ["client_address"]


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address as text, or None when it is unknown (no request, a Unix socket)."""
    if request is None:
        return None
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = _from_forwarded_for(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        if forwarded is not None:
            return forwarded
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def _from_forwarded_for(header: str) -> str | None:
    hops = max(1, int(getattr(settings, "PROXY_HOPS", 1)))
    entries = [entry.strip() for entry in header.split(",")]
    if len(entries) < hops or not header.strip():
        return None
    return _valid_ip(entries[-hops])


def _valid_ip(raw: str) -> str | None:
    """``raw`` as a canonical IP address; a port some proxies add is dropped; None if it is no address."""
    text = raw.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
