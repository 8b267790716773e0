"""The client address the login throttle counts by.

Behind a proxy every connection comes from the proxy, so its address says nothing about the
browser. Only when a setting says a trusted proxy is in front (``MINTQO_TRUSTED_PROXY=1``) is
the address taken from the proxy's ``X-Real-IP`` header (or, failing that, the *last*
``X-Forwarded-For`` entry, the one the proxy itself added); otherwise those headers could be
sent by anyone and are ignored. IPv6 addresses count per /64 network (one household or
machine holds a whole /64).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

UNKNOWN = ""


def _normalised(value: object) -> str:
    if not isinstance(value, str):
        return UNKNOWN
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return UNKNOWN
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name and isinstance(value, str):
            return value
    return None


def client_key(remote: object, headers: Mapping[str, str], trusted_proxy: bool) -> str:
    """The address to count attempts by ('' when unknown, e.g. a local connection)."""
    if trusted_proxy:
        real = _header(headers, "x-real-ip")
        if real:
            return _normalised(real)
        forwarded = _header(headers, "x-forwarded-for")
        if forwarded:
            return _normalised(forwarded.split(",")[-1])
    return _normalised(remote)
