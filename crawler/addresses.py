"""Refuse hosts that resolve to private, loopback, link-local or metadata addresses."""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache

METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})


class PrivateAddressError(ValueError):
    """The host is (or resolves to) an address a crawler must not reach without permission."""


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@lru_cache(maxsize=4096)
def resolve_host(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return ()
    return tuple(sorted({info[4][0] for info in infos}))


def check_host(host: str, resolve: bool = True) -> None:
    """Raise PrivateAddressError when `host` is (or, with `resolve`, resolves to) a non-public
    address. A host that does not resolve passes: its fetch fails as a DNS error.
    """
    host = host.strip("[]").lower().rstrip(".")
    if host in METADATA_HOSTS or host == "localhost" or host.endswith(".localhost"):
        raise PrivateAddressError(f"{host} is a local or metadata host")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        addresses = resolve_host(host) if resolve else ()
    else:
        addresses = (str(literal),)
    blocked = [address for address in addresses if not is_public_address(address)]
    if blocked:
        raise PrivateAddressError(f"{host} resolves to non-public address {blocked[0]}")
