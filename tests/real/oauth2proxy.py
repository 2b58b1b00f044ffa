"""Runs the real oauth2-proxy on loopback in front of a stub upstream, against a real OIDC provider.

The pieces, each on a free loopback port and torn down by `Stack.close()`:

- `MockOIDC`: the `tests/real/mockoidc` wrapper around github.com/oauth2-proxy/mockoidc. It logs in,
  with no UI, whichever user `queue_user` queued last (first in, first out).
- `StubUpstream`: a small HTTP server that stands for the agent. A plain request gets a JSON echo of
  its path and of the identity headers the proxy sent; a WebSocket upgrade is accepted and every
  message is sent back prefixed with `echo:`. It records what reached it, so a test can assert that
  a refused request never did.
- `OAuth2Proxy`: the `tests/real/oauth2-proxy` binary, run with an argument list and an environment
  that come from the caller: `SIDECAR_ARGS`/`SIDECAR_ENV` below (the verified flag set), or the
  `auth-proxy` container of a synthesized Deployment (`container_config`). `localize` rewrites the
  few values that must differ on loopback (listen address, issuer, upstream, mounted files) and
  keeps every other flag exactly as given.
- `Browser`: plain HTTP with a cookie jar that follows the OIDC login through the provider. Requests
  to the public host go to the proxy's loopback port the way an ingress controller sends them
  (`Host`, `X-Forwarded-Proto: https`, `X-Forwarded-Host`), so the production flags
  (`--cookie-secure`, `--redirect-url=https://HOST/oauth2/callback`) are run unchanged.

A component that does not build or start raises `ComponentError` with its log: the test fails.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import http.cookies
import json
import os
import secrets
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from . import gobuild

OAUTH2_PROXY_VERSION = "v7.15.6"
OAUTH2_PROXY_IMAGE = f"quay.io/oauth2-proxy/oauth2-proxy:{OAUTH2_PROXY_VERSION}"  # distroless, no shell
OAUTH2_PROXY_PACKAGE = "github.com/oauth2-proxy/oauth2-proxy/v7"

# The public host name the ingress serves the instance on, in the tests.
PUBLIC_HOST = "alice-agent.claude.example.test"
# Where the allow-list is mounted in the sidecar (a ConfigMap volume; one identity per line).
ALLOWED_USERS_FILE = "/etc/oauth2-proxy/allowed-identities"  # where the library mounts its allow-list

# The verified flag set of the sidecar: exactly these flags are run by tests/real/test_auth_proxy_e2e.py
# (with the issuer, upstream, listen address and the allow-list path rewritten for loopback by
# `localize`). Everything allowed is named in ALLOWED_USERS_FILE: the owner, the collaborators and
# the admins, as values of the identity claim (`--oidc-email-claim`: `email`, or `preferred_username`
# for a GitHub login or a user name). Nobody else gets through: there is no --email-domain.
SIDECAR_ARGS: tuple[str, ...] = (
    "--http-address=0.0.0.0:4180",
    "--provider=oidc",
    "--oidc-issuer-url=https://idp.example.test/realms/claude",
    "--client-id=claude-code",
    f"--redirect-url=https://{PUBLIC_HOST}/oauth2/callback",
    "--upstream=http://127.0.0.1:8080/",
    f"--authenticated-emails-file={ALLOWED_USERS_FILE}",
    "--oidc-email-claim=email",
    "--skip-provider-button=true",
    "--code-challenge-method=S256",
    "--reverse-proxy=true",
    "--cookie-secure=true",
    "--cookie-samesite=lax",
    "--cookie-expire=168h",
    "--proxy-websockets=true",
    "--silence-ping-logging=true",
)
# Secrets come from the environment (in the pod: `valueFrom.secretKeyRef`), never from arguments.
# The cookie secret is 16, 24 or 32 bytes, raw or URL-safe base64 (e.g. `openssl rand -base64 32 | tr -- '+/' '-_'`).
SIDECAR_ENV_FROM_SECRETS: tuple[str, ...] = ("OAUTH2_PROXY_CLIENT_SECRET", "OAUTH2_PROXY_COOKIE_SECRET")

HERE = Path(__file__).resolve().parent


class ComponentError(RuntimeError):
    """A component did not build, start or answer; the message carries its log."""


# --------------------------------------------------------------------------------------------- build


def oauth2_proxy_binary() -> Path:
    return gobuild.go_binary(
        "oauth2-proxy",
        OAUTH2_PROXY_PACKAGE,
        "oauth2-proxy",
        ldflags=f"-X {OAUTH2_PROXY_PACKAGE}/pkg/version.VERSION={OAUTH2_PROXY_VERSION}",
    )


def mockoidc_binary() -> Path:
    return gobuild.go_binary("mockoidc", ".", "mockoidc")


# ------------------------------------------------------------------------------------------ processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A child process whose stdout and stderr go to one log file."""

    def __init__(self, name: str, command: Sequence[str], *, env: Mapping[str, str] | None = None, workdir: Path, cwd: str | None = None):
        self.name = name
        self.command = list(command)
        self.log_path = workdir / f"{name}.log"
        self._log = open(self.log_path, "wb")
        try:
            self.popen = subprocess.Popen(
                self.command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
                env=dict(env) if env is not None else None, cwd=cwd, start_new_session=True,
            )
        except OSError as error:
            self._log.close()
            raise ComponentError(f"{name} did not start: {error}") from error

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def fail(self, message: str) -> ComponentError:
        return ComponentError(f"{self.name}: {message}\ncommand: {self.command}\n--- {self.name} log ---\n{self.log()}")

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        self._log.close()


def wait_for_http(process: Process, url: str, *, timeout: float = 30, expect: int = 200) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    parts = urllib.parse.urlsplit(url)
    while time.monotonic() < deadline:
        if not process.alive():
            raise process.fail(f"exited with {process.popen.returncode} before {url} answered")
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            connection.request("GET", parts.path or "/")
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status == expect:
                return
            last = f"HTTP {response.status}"
        except OSError as error:
            last = str(error)
        time.sleep(0.1)
    raise process.fail(f"{url} did not answer {expect} within {timeout:.0f} s (last: {last})")


# ------------------------------------------------------------------------------------------- mockoidc


@dataclass
class MockOIDC:
    process: Process
    port: int
    issuer: str
    client_id: str
    client_secret: str

    @classmethod
    def start(cls, workdir: Path, *, client_id: str = "claude-code", client_secret: str | None = None) -> "MockOIDC":
        binary = mockoidc_binary()
        port = free_port()
        client_secret = client_secret or secrets.token_urlsafe(24)
        process = Process("mockoidc", [str(binary), f"--addr=127.0.0.1:{port}", f"--client-id={client_id}",
                                       f"--client-secret={client_secret}"], workdir=workdir)
        issuer = f"http://127.0.0.1:{port}/oidc"
        wait_for_http(process, issuer + "/.well-known/openid-configuration")
        return cls(process, port, issuer, client_id, client_secret)

    def queue_user(self, sub: str, *, email: str = "", preferred_username: str = "", groups: Iterable[str] = (),
                   email_verified: bool = True) -> None:
        body = json.dumps({"sub": sub, "email": email, "preferred_username": preferred_username,
                           "groups": list(groups), "email_verified": email_verified})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        connection.request("POST", "/control/users", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 204:
            raise self.process.fail(f"queueing a user answered HTTP {response.status}")


# -------------------------------------------------------------------------------------- stub upstream

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def ws_accept(key: str) -> str:
    return base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()


def ws_read_frame(read) -> tuple[int, bytes]:
    """One WebSocket frame from `read(n)`: (opcode, unmasked payload)."""
    head = read(2)
    if len(head) < 2:
        raise ConnectionError("WebSocket closed")
    opcode = head[0] & 0x0F
    masked = head[1] & 0x80
    length = head[1] & 0x7F
    if length == 126:
        length = struct.unpack("!H", read(2))[0]
    elif length == 127:
        length = struct.unpack("!Q", read(8))[0]
    mask = read(4) if masked else b""
    payload = read(length)
    if masked:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return opcode, payload


def ws_frame(opcode: int, payload: bytes, *, mask: bool) -> bytes:
    head = bytes([0x80 | opcode])
    length = len(payload)
    mask_bit = 0x80 if mask else 0
    if length < 126:
        head += bytes([mask_bit | length])
    elif length < 65536:
        head += bytes([mask_bit | 126]) + struct.pack("!H", length)
    else:
        head += bytes([mask_bit | 127]) + struct.pack("!Q", length)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


IDENTITY_HEADERS = ("X-Forwarded-User", "X-Forwarded-Email", "X-Forwarded-Preferred-Username", "X-Forwarded-Groups",
                    "X-Forwarded-Access-Token", "Authorization")


class StubUpstream:
    """The agent's stand-in: plain requests get a JSON echo, WebSocket upgrades an echo of each message."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # noqa: A002 - the base class's name
                pass

            def do_GET(self):
                seen = {"method": "GET", "path": self.path,
                        "headers": {h: self.headers[h] for h in IDENTITY_HEADERS if self.headers[h] is not None},
                        "websocket": self.headers.get("Upgrade", "").lower() == "websocket"}
                stub.requests.append(seen)
                if seen["websocket"]:
                    return self.websocket()
                body = json.dumps({"upstream": "stub", **seen}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def websocket(self):
                self.send_response(101, "Switching Protocols")
                self.send_header("Upgrade", "websocket")
                self.send_header("Connection", "Upgrade")
                self.send_header("Sec-WebSocket-Accept", ws_accept(self.headers["Sec-WebSocket-Key"]))
                self.end_headers()
                self.wfile.flush()
                self.close_connection = True
                try:
                    while True:
                        opcode, payload = ws_read_frame(self.rfile.read)
                        if opcode == 0x8:  # close
                            self.wfile.write(ws_frame(0x8, payload[:2], mask=False))
                            return
                        if opcode == 0x9:  # ping
                            self.wfile.write(ws_frame(0xA, payload, mask=False))
                        elif opcode in (0x1, 0x2):
                            self.wfile.write(ws_frame(opcode, b"echo:" + payload, mask=False))
                        self.wfile.flush()
                except (ConnectionError, OSError):
                    return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._thread = threading.Thread(target=self.server.serve_forever, name="stub-upstream", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --------------------------------------------------------------------------------------- oauth2-proxy


def split_flags(args: Sequence[str]) -> list[tuple[str, str | None]]:
    """`--flag=value`, `--flag value` and bare `--flag` as (flag, value-or-None) pairs, in order."""
    pairs: list[tuple[str, str | None]] = []
    i = 0
    while i < len(args):
        token = args[i]
        if not token.startswith("-"):
            raise ValueError(f"unexpected positional argument {token!r} in {list(args)}")
        if "=" in token:
            flag, value = token.split("=", 1)
            pairs.append((flag, value))
        elif i + 1 < len(args) and not args[i + 1].startswith("-"):
            pairs.append((token, args[i + 1]))
            i += 1
        else:
            pairs.append((token, None))
        i += 1
    return pairs


def flag_values(args: Sequence[str], flag: str) -> list[str]:
    return [value for name, value in split_flags(args) if name.lstrip("-") == flag.lstrip("-") and value is not None]


def localize(args: Sequence[str], overrides: Mapping[str, str], *, files: Mapping[str, str] = {}) -> list[str]:
    """`args` as `--flag=value` tokens with the values of the flags in `overrides` replaced.

    `files` maps a path inside the container (a mounted file, or a mount directory) to its path here:
    any flag value equal to or below such a path is rewritten. A flag in `overrides` must be present.
    """
    wanted = {name.lstrip("-"): value for name, value in overrides.items()}
    seen: set[str] = set()
    out = []
    for flag, value in split_flags(args):
        name = flag.lstrip("-")
        if name in wanted:
            value = wanted[name]
            seen.add(name)
        elif value is not None:
            for inside, here in files.items():
                if value == inside or value.startswith(inside.rstrip("/") + "/"):
                    value = here + value[len(inside):]
                    break
        out.append(f"--{name}" if value is None else f"--{name}={value}")
    missing = set(wanted) - seen
    if missing:
        raise ValueError(f"flags {sorted(missing)} are not in the argument list {list(args)}")
    return out


def without(args: Sequence[str], *flags: str) -> list[str]:
    """`args` as `--flag=value` tokens without the named flags."""
    drop = {f.lstrip("-") for f in flags}
    return [f"--{f.lstrip('-')}" if v is None else f"--{f.lstrip('-')}={v}" for f, v in split_flags(args) if f.lstrip("-") not in drop]


def container_config(manifests: Iterable[Mapping], *, container: str = "auth-proxy") -> tuple[dict, dict]:
    """(container spec, pod spec) of the named container in the first Deployment that has it."""
    for doc in manifests:
        if not doc or doc.get("kind") != "Deployment":
            continue
        pod = doc["spec"]["template"]["spec"]
        for c in pod.get("containers", []):
            if c.get("name") == container:
                return c, pod
    raise LookupError(f"no Deployment has a container named {container!r}")


def container_env(spec: Mapping, secret_values: Mapping[str, str]) -> dict[str, str]:
    """The container's environment; a `valueFrom.secretKeyRef` variable takes its value from `secret_values`
    (keyed by the variable's name). Any other `valueFrom` is an error: the harness cannot resolve it."""
    env: dict[str, str] = {}
    for var in spec.get("env", []):
        if "value" in var:
            env[var["name"]] = str(var["value"])
        elif "secretKeyRef" in var.get("valueFrom", {}):
            if var["name"] not in secret_values:
                raise KeyError(f"no test value for the secret-backed variable {var['name']}")
            env[var["name"]] = secret_values[var["name"]]
        else:
            raise ValueError(f"cannot resolve the variable {var['name']}: {var.get('valueFrom')}")
    return env


def configmap_files(manifests: Iterable[Mapping], spec: Mapping, pod: Mapping, workdir: Path) -> dict[str, str]:
    """Writes the ConfigMap volumes the container mounts under `workdir`; {mount path: local path}."""
    docs = list(manifests)
    configmaps = {d["metadata"]["name"]: d for d in docs if d and d.get("kind") == "ConfigMap"}
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    files: dict[str, str] = {}
    for mount in spec.get("volumeMounts", []):
        volume = volumes.get(mount["name"], {})
        if "configMap" not in volume:
            continue
        data = configmaps[volume["configMap"]["name"]].get("data", {})
        local = workdir / "mounts" / mount["name"]
        local.mkdir(parents=True, exist_ok=True)
        if mount.get("subPath"):
            (local / mount["subPath"]).write_text(data[mount["subPath"]])
            files[mount["mountPath"]] = str(local / mount["subPath"])
        else:
            for key, value in data.items():
                (local / key).write_text(value)
            files[mount["mountPath"]] = str(local)
    return files


class OAuth2Proxy:
    def __init__(self, process: Process, port: int, args: list[str], env: dict[str, str]):
        self.process, self.port, self.args, self.env = process, port, args, env
        self.url = f"http://127.0.0.1:{port}"

    @classmethod
    def start(cls, args: Sequence[str], env: Mapping[str, str], *, workdir: Path, wrapper: Sequence[str] = (),
              binary: Path | None = None, port: int | None = None, expect_exit: bool = False) -> "OAuth2Proxy":
        """Runs the binary with exactly `args` (the listen address must be in them, see `localize`) and an
        environment of only `env` (plus PATH). `wrapper` is prepended (e.g. to drop privileges)."""
        binary = binary or oauth2_proxy_binary()
        if port is None:
            (address,) = flag_values(args, "http-address")
            port = int(address.rsplit(":", 1)[1])
        full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
        process = Process("oauth2-proxy", [*wrapper, str(binary), *args], env=full_env, workdir=workdir, cwd="/")
        proxy = cls(process, port, list(args), full_env)
        if not expect_exit:
            wait_for_http(process, f"{proxy.url}/ping")
        return proxy


# -------------------------------------------------------------------------------------------- browser


@dataclass
class Response:
    status: int
    url: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def json(self):
        return json.loads(self.body)


@dataclass
class Browser:
    """HTTP with a cookie jar. `ingress` maps a public host to the loopback port that serves it: requests
    there carry the headers an ingress controller adds after terminating TLS."""

    ingress: dict[str, int]
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)
    user_agent: str = "Mozilla/5.0 (X11; Linux x86_64) real-e2e-test"

    def _target(self, url: str) -> tuple[str, int, dict[str, str]]:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if host in self.ingress:
            if parts.scheme != "https":
                raise AssertionError(f"the public host is only served over https: {url}")
            return "127.0.0.1", self.ingress[host], {"Host": host, "X-Forwarded-Proto": "https",
                                                     "X-Forwarded-Host": host, "X-Forwarded-For": "203.0.113.7"}
        if host != "127.0.0.1":
            raise AssertionError(f"request outside loopback: {url}")
        return host, parts.port or 80, {"Host": parts.netloc}

    def _store_cookies(self, host: str, headers: list[tuple[str, str]]) -> None:
        jar = self.cookies.setdefault(host, {})
        for key, value in headers:
            if key.lower() != "set-cookie":
                continue
            parsed = http.cookies.SimpleCookie()
            parsed.load(value)
            for name, morsel in parsed.items():
                expired = morsel["max-age"] not in ("", None) and int(morsel["max-age"]) <= 0
                if morsel["expires"]:
                    with contextlib.suppress(TypeError, ValueError):
                        expired = expired or parsedate_to_datetime(morsel["expires"]).timestamp() <= time.time()
                if expired or morsel.value == "":
                    jar.pop(name, None)
                else:
                    jar[name] = morsel.value

    def cookie_header(self, url: str) -> str:
        host = urllib.parse.urlsplit(url).hostname or ""
        return "; ".join(f"{k}={v}" for k, v in self.cookies.get(host, {}).items())

    def request(self, method: str, url: str, *, headers: Mapping[str, str] = {}, body: bytes | None = None) -> Response:
        address, port, extra = self._target(url)
        parts = urllib.parse.urlsplit(url)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        sent = {"User-Agent": self.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8", **extra, **headers}
        cookie = self.cookie_header(url)
        if cookie:
            sent["Cookie"] = cookie
        connection = http.client.HTTPConnection(address, port, timeout=15)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            result = Response(response.status, url, response.getheaders(), response.read())
        finally:
            connection.close()
        self._store_cookies(parts.hostname or "", result.headers)
        return result

    def get(self, url: str, *, follow: bool = True, headers: Mapping[str, str] = {}, max_hops: int = 10) -> tuple[Response, list[Response]]:
        """GET `url`, following redirects when `follow`; (final response, every response on the way)."""
        hops: list[Response] = []
        for _ in range(max_hops):
            response = self.request("GET", url, headers=headers)
            hops.append(response)
            if not follow or response.status not in (301, 302, 303, 307, 308):
                return response, hops
            url = urllib.parse.urljoin(url, response.header("Location") or "")
        raise AssertionError(f"more than {max_hops} redirects: {[(h.status, h.url) for h in hops]}")

    def websocket(self, url: str, *, headers: Mapping[str, str] = {}) -> "WebSocket":
        address, port, extra = self._target(url)
        parts = urllib.parse.urlsplit(url)
        key = base64.b64encode(os.urandom(16)).decode()
        sent = {"User-Agent": self.user_agent, **extra, "Upgrade": "websocket", "Connection": "Upgrade",
                "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13", **headers}
        cookie = self.cookie_header(url)
        if cookie:
            sent["Cookie"] = cookie
        sock = socket.create_connection((address, port), timeout=15)
        request = f"GET {parts.path or '/'} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in sent.items()) + "\r\n"
        sock.sendall(request.encode())
        reader = sock.makefile("rb")
        status_line = reader.readline().decode(errors="replace").strip()
        response_headers = {}
        while True:
            line = reader.readline().decode(errors="replace").strip()
            if not line:
                break
            k, _, v = line.partition(":")
            response_headers[k.strip().lower()] = v.strip()
        return WebSocket(sock, reader, status_line, response_headers, key)


class WebSocket:
    def __init__(self, sock: socket.socket, reader, status_line: str, headers: dict[str, str], key: str):
        self.sock, self.reader, self.status_line, self.headers, self.key = sock, reader, status_line, headers, key
        self.status = int(status_line.split()[1]) if len(status_line.split()) > 1 else 0

    @property
    def accepted(self) -> bool:
        return self.status == 101 and self.headers.get("sec-websocket-accept") == ws_accept(self.key)

    def send_text(self, text: str) -> None:
        self.sock.sendall(ws_frame(0x1, text.encode(), mask=True))

    def receive_text(self) -> str:
        while True:
            opcode, payload = ws_read_frame(self.reader.read)
            if opcode == 0x1:
                return payload.decode()
            if opcode == 0x8:
                raise ConnectionError("WebSocket closed by the other side")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.sendall(ws_frame(0x8, struct.pack("!H", 1000), mask=True))
        self.reader.close()
        self.sock.close()


# ---------------------------------------------------------------------------------------------- stack


def new_cookie_secret() -> str:
    """32 random bytes, URL-safe base64 (the form oauth2-proxy's docs generate)."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


class Stack:
    """mockoidc + stub upstream + oauth2-proxy; `close()` stops them all (keeping the logs in `workdir`)."""

    def __init__(self) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="auth-proxy-e2e-"))
        self.processes: list[Process] = []
        self.upstream = StubUpstream()
        self.oidc: MockOIDC | None = None
        self.proxy: OAuth2Proxy | None = None
        self.cookie_secret = new_cookie_secret()

    def start_oidc(self) -> MockOIDC:
        self.oidc = MockOIDC.start(self.workdir)
        self.processes.append(self.oidc.process)
        return self.oidc

    def write_file(self, name: str, text: str) -> Path:
        path = self.workdir / name
        path.write_text(text)
        path.chmod(0o644)
        return path

    def loopback_args(self, args: Sequence[str], *, allowed_users: Iterable[str] | None = None,
                      files: Mapping[str, str] | None = None, extra: Mapping[str, str] = {}) -> list[str]:
        """`args` with the issuer, upstream and listen address of this stack; the allow-list (when
        `allowed_users` is given) written to a file that replaces ALLOWED_USERS_FILE."""
        assert self.oidc is not None, "start_oidc() first"
        files = dict(files or {})
        if allowed_users is not None:
            files[ALLOWED_USERS_FILE] = str(self.write_file("allowed-users.txt", "".join(u + "\n" for u in allowed_users)))
        overrides = {"http-address": f"127.0.0.1:{free_port()}", "oidc-issuer-url": self.oidc.issuer,
                     "upstream": self.upstream.url, "client-id": self.oidc.client_id, **extra}
        return localize(args, overrides, files=files)

    def secret_env(self) -> dict[str, str]:
        assert self.oidc is not None
        return {"OAUTH2_PROXY_CLIENT_SECRET": self.oidc.client_secret, "OAUTH2_PROXY_COOKIE_SECRET": self.cookie_secret}

    def start_proxy(self, args: Sequence[str], env: Mapping[str, str], **kwargs) -> OAuth2Proxy:
        self.proxy = OAuth2Proxy.start(args, env, workdir=self.workdir, **kwargs)
        self.processes.append(self.proxy.process)
        return self.proxy

    def browser(self, host: str = PUBLIC_HOST) -> Browser:
        assert self.proxy is not None
        return Browser({host: self.proxy.port})

    def logs(self) -> str:
        return "\n".join(f"--- {p.name} log ({p.command[0]}) ---\n{p.log()}" for p in self.processes)

    def close(self) -> None:
        for process in reversed(self.processes):
            with contextlib.suppress(Exception):
                process.stop()
        self.upstream.close()
        if not os.environ.get("KEEP_E2E_LOGS"):
            shutil.rmtree(self.workdir, ignore_errors=True)
