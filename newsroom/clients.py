"""Who is asking: the client's address as the login limits count it.

Behind our proxy (`BEHIND_PROXY=1`) every request comes from the proxy, and the last address it
appends to X-Forwarded-For is the client's (the newsletter's rate limit reads it the same way).
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's IPv4 address, or the first address of its IPv6 /64: one IPv6 client usually
    holds a whole /64, and would otherwise be a new client with every address it picks."""
    candidates = [request.META.get("REMOTE_ADDR", "")]
    if settings.TRUST_FORWARDED_FOR:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
        candidates.insert(0, next((part for part in reversed(forwarded) if part), ""))
    for address in candidates:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if ip.version == 6 and ip.ipv4_mapped:
            # An IPv4 client of a server listening on IPv6 (::ffff:203.0.113.9).
            return str(ip.ipv4_mapped)
        if ip.version == 6:
            return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
        return str(ip)
    return None
