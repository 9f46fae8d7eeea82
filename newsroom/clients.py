"""Who is asking: the client's address, as the login limits and the newsletter's rate limit count it.

Behind our proxy (`BEHIND_PROXY=1`) every request comes from the proxy, and each proxy appends the
address it was reached from to X-Forwarded-For: with `PROXY_HOPS` proxies in a row (nginx alone 1,
nginx → Varnish 2), the entry that many from the end is the client's, and whatever the client wrote
before it is not read. Some proxies add the client's port (`203.0.113.9:5678`,
`[2001:db8::1]:443`). An entry that is no address (`unknown`, a missing header) names no client: the
request is counted for none rather than for the proxy, where every client would share one count.
"""

import ipaddress
import logging
import re

from django.conf import settings

logger = logging.getLogger(__name__)

# `[IPv6]` or `[IPv6]:port`, and `IPv4:port` (a bare IPv6 address has colons of its own).
BRACKETED = re.compile(r"\[(?P<address>[^\]]+)\](?::\d{1,5})?")
WITH_PORT = re.compile(r"(?P<address>[\d.]+):\d{1,5}")

# Every request through the same proxy would say the same: once per process is enough.
_unreadable_header_logged = False


def client_ip(request) -> str | None:
    """The client's IPv4 address, or the first address of its IPv6 /64 (one IPv6 client usually
    holds a whole /64, and would otherwise be a new client with every address it picks); None when
    no address can be read."""
    if not settings.BEHIND_PROXY:
        return network_of(request.META.get("REMOTE_ADDR", ""))
    header = request.headers.get("x-forwarded-for", "")
    entries = [entry.strip() for entry in header.split(",") if entry.strip()]
    # The client can write anything before the entries our proxies append.
    hops = settings.PROXY_HOPS
    entry = entries[-hops] if len(entries) >= hops else ""
    address = network_of(entry)
    if address is None:
        log_unreadable_header(entry if entry or not entries else header, hops)
    return address


def network_of(entry: str) -> str | None:
    match = BRACKETED.fullmatch(entry) or WITH_PORT.fullmatch(entry)
    try:
        ip = ipaddress.ip_address(match["address"] if match else entry)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        # An IPv4 client of a server listening on IPv6 (::ffff:203.0.113.9).
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        # From the number, which leaves out the zone of a link-local address (fe80::1%eth0).
        return str(ipaddress.IPv6Network((int(ip), 64), strict=False).network_address)
    return str(ip)


def log_unreadable_header(entry: str, hops: int = 1) -> None:
    global _unreadable_header_logged
    if _unreadable_header_logged:
        return
    _unreadable_header_logged = True
    masked = re.sub(r"\d", "0", entry[:100])
    logger.warning(
        "BEHIND_PROXY is on, but the proxy's X-Forwarded-For is not understood: its entry %s from the end "
        "(PROXY_HOPS) reads %r%s. "
        "Requests like this one are not limited per client, only per account and per e-mail address; make the "
        "proxy append the client's address (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for). "
        "Logged once per process.",
        hops,
        masked,
        " (digits shown as 0)" if masked != entry[:100] else "",
    )
