"""One request to someone else's server (a partner's webhook receiver, an agency's image host),
bounded in every way that server can hold us: the address is resolved and checked first, and the
connection goes to the address checked (a second lookup could answer differently); loopback,
private, link-local and other non-public addresses are refused, and plain http too, unless the
caller names the host in `private_hosts` (a test's receiver, a machine on the same network). The
connection gets CONNECT_TIMEOUT, the whole exchange TOTAL_TIMEOUT (a server answering a byte at a
time is cut off too), redirects are not followed and at most `limit` bytes of the answer are read.
"""

import http.client
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

CONNECT_TIMEOUT = 3.0
TOTAL_TIMEOUT = 10.0
READ_LIMIT = 1024


class Refused(Exception):
    """Not sent: the address is not one we send to."""


class Failed(Exception):
    """Sent or not, no answer: `str()` says why in a few words ("timeout", "connection refused")."""


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def post(url: str, body: bytes, headers: dict[str, str], *, private_hosts=(), limit: int = READ_LIMIT) -> Answer:
    return request("POST", url, body, headers, private_hosts=private_hosts, limit=limit)


def get(url: str, headers: dict[str, str] | None = None, *, private_hosts=(), limit: int = READ_LIMIT) -> Answer:
    """The answer to a GET; `Failed("too large")` if it is longer than `limit` bytes."""
    answer = request("GET", url, None, headers or {}, private_hosts=private_hosts, limit=limit + 1)
    if len(answer.body) > limit:
        raise Failed("too large")
    return answer


def request(method: str, url: str, body: bytes | None, headers: dict[str, str], *, private_hosts, limit) -> Answer:
    parts = urlsplit(url)
    allowed = parts.hostname in private_hosts
    if parts.scheme != "https" and not (parts.scheme == "http" and allowed):
        raise Refused(f"{parts.scheme}:// addresses are refused")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise Refused(str(error)) from error
    address = checked_address(parts.hostname, port, allowed)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, port, timeout=TOTAL_TIMEOUT)
    # The host name stays the connection's (Host header, TLS server name); only the socket goes to
    # the address checked.
    connection._create_connection = lambda _address, _timeout, source: _connect(address, port, source)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    cut_off = threading.Event()
    watchdog = threading.Timer(TOTAL_TIMEOUT, _cut_off, [connection, cut_off])
    watchdog.start()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read(limit))
    except TimeoutError as error:
        raise Failed("timeout") from error
    except ConnectionRefusedError as error:
        raise Failed("connection refused") from error
    except ssl.SSLError as error:
        raise Failed(f"TLS: {error.reason or error}") from error
    except (OSError, http.client.HTTPException) as error:
        raise Failed("timeout" if cut_off.is_set() else (str(error) or type(error).__name__)) from error
    finally:
        watchdog.cancel()
        connection.close()


def checked_address(host: str, port: int, allowed: bool) -> str:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Failed(f"{host} not found") from error
    addresses = [info[4][0] for info in found]
    if not allowed and not all(is_public(address) for address in addresses):
        raise Refused(f"{host} is not a public address")
    return addresses[0]


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _connect(address: str, port: int, source) -> socket.socket:
    sock = socket.create_connection((address, port), CONNECT_TIMEOUT, source)
    sock.settimeout(TOTAL_TIMEOUT)
    return sock


def _cut_off(connection, cut_off: threading.Event) -> None:
    cut_off.set()
    if connection.sock is not None:
        try:
            connection.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
