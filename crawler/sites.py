"""Site identity: which clinic a URL belongs to is its scheme-less host[:port], `www.` folded."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class InvalidURL(ValueError):
    """A URL that names no crawlable http(s) site."""


def site_key(url: str) -> str:
    """`https://www.Clinic.com:443/a` -> `clinic.com`; `http://127.0.0.2:80/` -> `127.0.0.2`."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS:
        raise InvalidURL(f"not an http(s) URL: {url!r}")
    try:
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError as error:
        raise InvalidURL(f"bad host or port in {url!r}: {error}") from error
    if not host:
        raise InvalidURL(f"no host in {url!r}")
    try:
        host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host.lower()
    except UnicodeError as error:
        raise InvalidURL(f"bad host in {url!r}") from error
    if not _valid_host(host):
        raise InvalidURL(f"bad host in {url!r}")
    if host.startswith("www."):
        host = host[4:]
    if port is None or port == DEFAULT_PORTS[parts.scheme]:
        return host
    return f"{host}:{port}"


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return len(host) <= 253 and all(HOST_LABEL.match(label) for label in host.split("."))
    return True


def same_site(url: str, key: str) -> bool:
    try:
        return site_key(url) == key
    except InvalidURL:
        return False


def normalize_seed_url(url: str) -> str:
    """A seed as written by people ("clinic.com", "www.clinic.com/") as a full URL."""
    url = url.strip()
    if "://" not in url:
        url = f"https://{url}"
    site_key(url)
    return url
