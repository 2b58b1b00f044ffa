"""Value checks shared by the configuration loader: names, quantities, credentials."""

from __future__ import annotations

import functools
import ipaddress
import re
from decimal import Decimal, InvalidOperation



class _Whole:
    """A pattern that must match the whole value: ``match`` is ``re.fullmatch``, so a trailing line
    end never passes (``$`` alone would match before it). The rules are those of Kubernetes'
    apimachinery validation (IsDNS1123Label, IsDNS1123Subdomain, IsQualifiedName, IsEnvVarName,
    IsConfigMapKey)."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)

    def match(self, value: str) -> bool:
        return isinstance(value, str) and self.pattern.fullmatch(value) is not None

    fullmatch = match


DNS1123_LABEL = _Whole(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
DNS1123_SUBDOMAIN = _Whole(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
LABEL_VALUE = _Whole(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
LABEL_KEY_NAME = _Whole(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
ENV_NAME = _Whole(r"[-._a-zA-Z][-._a-zA-Z0-9]*")
SECRET_KEY = _Whole(r"[-._a-zA-Z0-9]+")
PG_IDENTIFIER = _Whole(r"[A-Za-z_][A-Za-z0-9_-]{0,62}")

_QUANTITY = re.compile(
    r"(?P<num>[+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?"
)
_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"m": Decimal("0.001"), "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18}

# Literal credentials that must never be written into an instance file (it goes to git).
_KEY_MATERIAL = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|client-key-data|client-certificate-data|"
    r"\bgh[pousr]_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}|\bglpat-[A-Za-z0-9_-]{20,}|"
    r"\bsk-ant-[A-Za-z0-9_-]{10,}|\bAKIA[0-9A-Z]{16}\b|\bxox[abposr]-[A-Za-z0-9-]{10,}|"
    # A password in a URL (scheme://user:password@host), a JSON Web Token, an Authorization header's
    # credentials, and a credential in a URL's query.
    # A password (the user may be empty) or a long token as the user: scheme://user:password@host.
    r"\b[A-Za-z][A-Za-z0-9+.-]*://(?:[^/\s:@]*:[^/\s@]+|[A-Za-z0-9._~%-]{30,})@|"
    r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|"
    # An Authorization header's credentials and a URL's query or fragment credential: a value with
    # a digit, as tokens have ("Basic infrastructure", "?token=pagination" are words).
    r"(?i:\b(?:bearer|basic)\s+(?=[A-Za-z._~+/-]*[0-9])[A-Za-z0-9._~+/-]{16,}=*)|"
    r"(?i:[?&#][A-Za-z0-9_.-]*(?:token|key|secret|password|passwd|signature|sig|credential)=(?=[^&#\s]*[0-9])[^&#\s]{6,})"
)
# Characters YAML cannot hold unescaped (C0 controls but tab and line breaks, DEL, C1 controls,
# surrogates, non-characters, a byte-order mark), and those YAML 1.1 readers take for line breaks
# (NEL, U+2028, U+2029): refused in user strings, as the YAML writer of cdk8s does not escape them.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_SECRET_ENV_NAME = re.compile(r"(TOKEN|PASSWORD|PASSWD|SECRET|API_KEY|APIKEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?)$")


def parse_quantity(text: str) -> Decimal | None:
    """The numeric value of a Kubernetes quantity, or None when it is not one."""
    match = _QUANTITY.fullmatch(text) if isinstance(text, str) else None
    if not match:
        return None
    try:
        number = Decimal(match["num"])
    except InvalidOperation:  # pragma: no cover - the pattern only admits decimals
        return None
    suffix = match["suffix"] or ""
    if suffix in _BINARY:
        return number * _BINARY[suffix]
    if suffix in _DECIMAL:
        return number * _DECIMAL[suffix]
    if suffix:
        return number * (Decimal(10) ** int(suffix[1:]))
    return number


def unprintable_character(text: str) -> str | None:
    """The first character of ``text`` that a manifest cannot carry, if any."""
    match = _UNPRINTABLE.search(text)
    return match.group() if match else None


def unreadable_text(text: str) -> str | None:
    """Why the YAML that cdk8s's writer (the ``yaml`` package) makes of this text would not read back
    as the same text in libyaml and Go's YAML (PyYAML, Kubernetes, ArgoCD), with the fix; None when
    it reads back.

    Found by writing every text of short alphabets of letters, spaces, tabs, line ends, carriage
    returns and long lines with the writer and reading it back with libyaml: a carriage return, a
    text ending in a line of only spaces or tabs (a double-quoted form whose folding loses a space),
    and in a block the first line starting with a tab (an error: "found a tab character where an
    indentation space is expected") or lines of only spaces before the first line or after the last
    line of text (read back as empty lines). The rule is wider than the failures, never narrower."""
    if "\r" in text:
        return "holds a carriage return (\\r): use \\n line ends"
    if "\n" not in text:
        return None
    lines = text.split("\n")
    written = [index for index, line in enumerate(lines) if line.strip(" \t")]
    if re.search(r"\n[\t ]+\Z", text) or not written:
        return "ends in a line of only spaces or tabs: remove them" if written or text.strip("\n") else None
    first, last = written[0], written[-1]
    if lines[first].lstrip(" ").startswith("\t"):
        return "starts with a tab on its first line: indent that line with spaces"
    if any(lines[:first]) or any(lines[last + 1:]):
        return "has a line of only spaces or tabs before its first or after its last line of text: remove them"
    return None


def looks_like_key_material(text: str) -> bool:
    return bool(_KEY_MATERIAL.search(text))


def looks_like_secret_env_name(name: str) -> bool:
    return bool(_SECRET_ENV_NAME.search(name.upper()))


def is_label_key(key: str) -> bool:
    prefix, _, name = key.rpartition("/")
    if prefix and (len(prefix) > 253 or not DNS1123_SUBDOMAIN.match(prefix)):
        return False
    return len(name) <= 63 and bool(LABEL_KEY_NAME.match(name))


def is_label_value(value: str) -> bool:
    return len(value) <= 63 and bool(LABEL_VALUE.match(value))


def is_hostname(value: str) -> bool:
    """A DNS name as an Ingress rule's host must be: a DNS-1123 subdomain whose labels have at most
    63 characters, and not an IP address (the API server refuses IPs there)."""
    return (
        len(value) <= 253 and DNS1123_SUBDOMAIN.match(value)
        and all(len(part) <= 63 for part in value.split(".")) and not is_ip(value)
    )


def is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=4096)  # a fleet repeats the same few images in every instance
def image_problem(repository: str, tag: str, digest: str) -> tuple[str, str] | None:
    """(field, reason) when ``repository:tag@digest`` is not an image reference as container
    runtimes parse it (the distribution reference grammar, as implemented by docker-image-py):
    a lowercase repository with an optional registry host and port, one tag, one sha256 digest."""
    from docker_image import reference

    if not repository or any(c.isspace() for c in repository):
        return "repository", "it is empty or holds white space"
    try:
        parsed = reference.Reference.parse(repository)
    except Exception as error:  # the library raises its own exception classes
        return "repository", str(error)
    if parsed["name"] != repository or parsed["tag"] or parsed["digest"]:
        return "repository", "it holds a tag or digest, which go in 'tag' and 'digest'"
    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}", tag):
        return "tag", "at most 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'"
    if digest and not re.fullmatch(r"sha256:[a-f0-9]{64}", digest):
        return "digest", "it must be 'sha256:' followed by 64 lowercase hex digits"
    return None


# Kubernetes' CronJob controller and KEDA's cron scaler both read five-field schedules with
# robfig/cron's standard parser: these are its fields' bounds and names (case-insensitive).
_CRON_FIELDS = (
    ("minute", 0, 59, {}), ("hour", 0, 23, {}), ("day of the month", 1, 31, {}),
    ("month", 1, 12, {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}),
    ("day of the week", 0, 6, {d: i for i, d in enumerate("SUN MON TUE WED THU FRI SAT".split())}),
)


def cron_problem(schedule: str) -> str | None:
    """Why ``schedule`` is not a five-field cron schedule (minute, hour, day of the month, month,
    day of the week; each a list of ``*``, ``?``, a value or a range, with an optional ``/step``),
    or None."""
    fields = schedule.split(" ")
    fields = [field for field in fields if field]
    if len(fields) != 5 or any(c.isspace() and c != " " for c in schedule):
        return "has five fields separated by spaces (minute hour day-of-month month day-of-week)"

    def number(text: str) -> int | None:  # ASCII digits only, as Go's strconv reads them
        return int(text) if text.isascii() and text.isdigit() else None

    for text, (what, low, high, names) in zip(fields, _CRON_FIELDS):
        for item in text.split(","):
            base, slash, step = item.partition("/")
            if slash and not (number(step) or 0) > 0:
                return f"has the step {step!r} in its {what}"
            if base in ("*", "?"):
                continue
            first, dash, last = base.partition("-")
            values = [names.get(part.upper(), number(part)) for part in ([first, last] if dash else [first])]
            if any(value is None or not low <= value <= high for value in values) or (dash and values[0] > values[1]):
                return f"has {base!r} in its {what}, which goes from {low} to {high}"
    return None


@functools.lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """The IANA time zones of the tzdata package: the same list on every machine, unlike the host's."""
    from importlib import resources

    return frozenset(resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())


# Public DNS services whose names resolve to the address they spell (10.0.0.1.nip.io -> 10.0.0.1)
# or to the loopback: a "public" host name that reaches a private address.
_ADDRESS_DOMAINS = ("nip.io", "sslip.io", "xip.io", "traefik.me", "localtest.me", "lvh.me", "vcap.me", "lacolhost.com")
_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_EMBEDDED_IPV4 = re.compile(rf"(^|[.-]){_OCTET}([.-]){_OCTET}\3{_OCTET}\3{_OCTET}([.-]|$)")


def names_an_address(host: str) -> bool:
    """Whether a host name spells an IPv4 address in its labels (``10.0.0.1.example.com``,
    ``10-0-0-1.example.com``) or belongs to a service that resolves names to the address they spell
    or to the loopback (nip.io, sslip.io, ...)."""
    host = host.lower().rstrip(".")
    return bool(_EMBEDDED_IPV4.search(host)) or any(host == d or host.endswith("." + d) for d in _ADDRESS_DOMAINS)


def did_you_mean(given: object, known, what: str = "keys") -> str:
    """``did you mean 'x'?`` for the closest of ``known``, else the list of them."""
    import difflib

    suggestion = difflib.get_close_matches(str(given), list(known), n=1)
    return f"did you mean '{suggestion[0]}'?" if suggestion else f"known {what} are {', '.join(sorted(known))}"
