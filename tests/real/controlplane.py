"""A real Kubernetes control plane on loopback: etcd, kube-apiserver and kube-controller-manager.

The binaries are built from the pinned wrapper modules `tests/real/kubernetes` and `tests/real/etcd`
(see `gobuild.py`). `ControlPlane.start()` generates a CA, serving and client certificates and a
service-account signing key, starts the three processes on free loopback ports with RBAC
authorization and the default admission plugins (PodSecurity, ResourceQuota, LimitRanger,
ServiceAccount and NamespaceLifecycle named explicitly), writes an admin kubeconfig and waits until
the API server is ready and the controller manager is healthy. `stop()` ends the processes it started
and removes the folder unless asked to keep it for its logs.

`Client` is a small REST client for the tests: server-side apply with strict field validation,
discovery of resources from the server, and plain CRUD.
"""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import json
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from . import gobuild

ROOT = Path(__file__).resolve().parents[2]
CRDS = ROOT / "crds"

KUBERNETES_VERSION = "v1.36.3"
# The tag's time as the module proxy records it: a fixed build date keeps the build reproducible.
KUBERNETES_BUILD_DATE = "2026-07-22T18:07:38Z"
SERVICE_CIDR = "10.0.0.0/24"
ADMISSION_PLUGINS = ("NamespaceLifecycle", "LimitRanger", "ServiceAccount", "PodSecurity", "ResourceQuota",
                     "DefaultStorageClass", "PersistentVolumeClaimResize", "StorageObjectInUseProtection")


def _kubernetes_ldflags() -> str:
    major, minor = KUBERNETES_VERSION.lstrip("v").split(".")[:2]
    values = {"gitVersion": KUBERNETES_VERSION, "gitMajor": major, "gitMinor": minor, "gitTreeState": "clean",
              "buildDate": KUBERNETES_BUILD_DATE}
    flags = [f"-X {package}.{key}={value}" for package in ("k8s.io/component-base/version", "k8s.io/client-go/pkg/version")
             for key, value in values.items()]
    return " ".join(["-s", "-w", *flags])


# name -> (wrapper module, package, ldflags, tags), built in this order, one at a time.
BINARIES = {
    "etcd": ("etcd", "go.etcd.io/etcd/server/v3", "-s -w", ""),
    "kube-apiserver": ("kubernetes", "k8s.io/kubernetes/cmd/kube-apiserver", _kubernetes_ldflags(), "selinux,notest"),
    "kube-controller-manager": ("kubernetes", "k8s.io/kubernetes/cmd/kube-controller-manager", _kubernetes_ldflags(), "selinux,notest"),
    "kubectl": ("kubernetes", "k8s.io/kubernetes/cmd/kubectl", _kubernetes_ldflags(), "selinux,notest"),
}


def build_binaries(names=tuple(BINARIES), *, log=None) -> dict[str, Path]:
    """The binaries by name, built (one at a time) where the cache has none for their pins."""
    paths = {}
    for name in names:
        component, package, ldflags, tags = BINARIES[name]
        started = time.monotonic()
        paths[name] = gobuild.go_binary(component, package, name, ldflags=ldflags, tags=tags)
        if log:
            log(f"{name}: {paths[name]} ({time.monotonic() - started:.1f} s)")
    return paths


class ControlPlaneError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- certificates -------------------------------------------------------------------------------

def _pki(folder: Path) -> dict[str, Path]:
    """A CA, the API server's serving certificate, client certificates for the admin and the
    controller manager, a front-proxy CA and client, and the service-account signing key, as PEM
    files in `folder`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    valid = (now - datetime.timedelta(hours=1), now + datetime.timedelta(days=2))
    files: dict[str, Path] = {}

    def write(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        path.chmod(0o600)
        files[name] = path
        return path

    def key_pem(key) -> bytes:
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())

    def name(cn: str, orgs=()) -> x509.Name:
        return x509.Name([*(x509.NameAttribute(NameOID.ORGANIZATION_NAME, o) for o in orgs), x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def authority(file: str, cn: str):
        key = ec.generate_private_key(ec.SECP256R1())
        subject = name(cn)
        cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(valid[0]).not_valid_after(valid[1])
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                             key_encipherment=False, data_encipherment=False, key_agreement=False,
                                             encipher_only=False, decipher_only=False), critical=True)
                .sign(key, hashes.SHA256()))
        write(f"{file}.crt", cert.public_bytes(serialization.Encoding.PEM))
        return key, subject

    def issue(file: str, cn: str, ca, *, orgs=(), server=False) -> None:
        ca_key, ca_name = ca
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (x509.CertificateBuilder().subject_name(name(cn, orgs)).issuer_name(ca_name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(valid[0]).not_valid_after(valid[1])
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH]),
                                  critical=False))
        if server:
            builder = builder.add_extension(x509.SubjectAlternativeName([
                *(x509.DNSName(n) for n in ("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                                            "kubernetes.default.svc.cluster.local")),
                x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.IPAddress(ipaddress.ip_address("10.0.0.1")),
            ]), critical=False)
        cert = builder.sign(ca_key, hashes.SHA256())
        write(f"{file}.crt", cert.public_bytes(serialization.Encoding.PEM))
        write(f"{file}.key", key_pem(key))

    ca = authority("ca", "claude-constructs-test-ca")
    issue("apiserver", "kube-apiserver", ca, server=True)
    issue("admin", "claude-constructs-test-admin", ca, orgs=("system:masters",))
    issue("kube-controller-manager", "system:kube-controller-manager", ca)
    # The aggregation layer's front proxy: its own CA, as kubeadm does, so that no other client
    # certificate may assert request headers.
    front_proxy = authority("front-proxy-ca", "claude-constructs-test-front-proxy-ca")
    issue("front-proxy-client", "front-proxy-client", front_proxy)
    sa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    write("sa.key", key_pem(sa_key))
    write("sa.pub", sa_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return files


def _kubeconfig(path: Path, server: str, ca: Path, cert: Path, key: Path, user: str) -> Path:
    config = {
        "apiVersion": "v1", "kind": "Config", "current-context": "test",
        "clusters": [{"name": "test", "cluster": {"server": server, "certificate-authority": str(ca)}}],
        "users": [{"name": user, "user": {"client-certificate": str(cert), "client-key": str(key)}}],
        "contexts": [{"name": "test", "context": {"cluster": "test", "user": user}}],
    }
    path.write_text(json.dumps(config, indent=2))
    path.chmod(0o600)
    return path


# --- the control plane --------------------------------------------------------------------------

def _die_with_parent() -> None:
    """In the child: be killed when the test process dies, however it dies (Linux)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class Process:
    name: str
    command: list[str]
    log: Path
    popen: subprocess.Popen | None = None

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(self.command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          start_new_session=True, preexec_fn=_die_with_parent)

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(5)


@dataclass
class ControlPlane:
    """Start with `start()`; `client()` talks to it as the cluster admin."""

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="claude-constructs-cluster-")))
    binaries: dict[str, Path] = field(default_factory=dict)
    processes: list[Process] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    server: str = ""
    kubeconfig: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    # More command-line arguments by component name, e.g. {"kube-apiserver": ["--v=4"]}.
    extra_args: dict[str, list[str]] = field(default_factory=dict)

    def logs(self) -> dict[str, Path]:
        return {p.name: p.log for p in self.processes}

    def log_tail(self, lines: int = 60, *, errors_only: bool = False) -> str:
        """The last `lines` lines of each component's log (with `errors_only`, of its error lines)."""
        parts = []
        for process in self.processes:
            state = "running" if process.alive() else f"exited with {process.popen.returncode if process.popen else '-'}"
            text = process.log.read_text(errors="replace").splitlines() if process.log.exists() else []
            if errors_only:
                text = [line for line in text if line.startswith(("E", "F")) or '"level":"error"' in line or '"level":"fatal"' in line]
            what = "error lines" if errors_only else "lines"
            parts.append(f"----- {process.name} ({state}), last {min(lines, len(text))} of {len(text)} {what} of {process.log} -----")
            parts.extend(text[-lines:])
        return "\n".join(parts)

    def _fail(self, message: str) -> ControlPlaneError:
        return ControlPlaneError(f"{message}\n{self.log_tail()}")

    def start(self, *, timeout: float = 180) -> "ControlPlane":
        started = time.monotonic()
        self.binaries = build_binaries()
        self.timings["build"] = time.monotonic() - started
        begun = time.monotonic()
        pki = self.folder / "pki"
        pki.mkdir(parents=True, exist_ok=True)
        self.files = _pki(pki)
        f = self.files

        etcd_client, etcd_peer = free_port(), free_port()
        etcd = Process("etcd", [
            str(self.binaries["etcd"]), "--name=node0", f"--data-dir={self.folder / 'etcd'}",
            f"--listen-client-urls=http://127.0.0.1:{etcd_client}", f"--advertise-client-urls=http://127.0.0.1:{etcd_client}",
            f"--listen-peer-urls=http://127.0.0.1:{etcd_peer}", f"--initial-advertise-peer-urls=http://127.0.0.1:{etcd_peer}",
            f"--initial-cluster=node0=http://127.0.0.1:{etcd_peer}", "--unsafe-no-fsync=true", "--log-level=warn",
            "--quota-backend-bytes=4294967296", "--auto-compaction-retention=1",
        ], self.folder / "etcd.log")
        etcd.command += self.extra_args.get("etcd", [])
        self.processes.append(etcd)
        etcd.start()
        self._wait("etcd", etcd, lambda: _http_ok(f"http://127.0.0.1:{etcd_client}/health", b'"health":"true"'), timeout)
        self.timings["etcd"] = time.monotonic() - begun

        port = free_port()
        self.server = f"https://127.0.0.1:{port}"
        apiserver = Process("kube-apiserver", [
            str(self.binaries["kube-apiserver"]),
            f"--etcd-servers=http://127.0.0.1:{etcd_client}", "--bind-address=127.0.0.1", f"--secure-port={port}",
            "--advertise-address=127.0.0.1", "--endpoint-reconciler-type=none",
            f"--cert-dir={self.folder / 'apiserver-certs'}",
            f"--tls-cert-file={f['apiserver.crt']}", f"--tls-private-key-file={f['apiserver.key']}",
            f"--client-ca-file={f['ca.crt']}",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            f"--service-account-key-file={f['sa.pub']}", f"--service-account-signing-key-file={f['sa.key']}",
            "--authorization-mode=Node,RBAC", "--anonymous-auth=false",
            f"--requestheader-client-ca-file={f['front-proxy-ca.crt']}", "--requestheader-allowed-names=front-proxy-client",
            "--requestheader-username-headers=X-Remote-User", "--requestheader-group-headers=X-Remote-Group",
            "--requestheader-extra-headers-prefix=X-Remote-Extra-",
            f"--proxy-client-cert-file={f['front-proxy-client.crt']}", f"--proxy-client-key-file={f['front-proxy-client.key']}",
            f"--enable-admission-plugins={','.join(ADMISSION_PLUGINS)}",
            f"--service-cluster-ip-range={SERVICE_CIDR}", "--allow-privileged=true", "--profiling=false",
            "--v=1",
        ], self.folder / "kube-apiserver.log")
        apiserver.command += self.extra_args.get("kube-apiserver", [])
        self.processes.append(apiserver)
        apiserver.start()
        self.kubeconfig = _kubeconfig(self.folder / "admin.kubeconfig", self.server, f["ca.crt"], f["admin.crt"], f["admin.key"], "admin")
        admin = self.client()
        self._wait("kube-apiserver", apiserver, lambda: admin.ready(), timeout)
        self.timings["kube-apiserver"] = time.monotonic() - begun

        kcm_config = _kubeconfig(self.folder / "kcm.kubeconfig", self.server, f["ca.crt"], f["kube-controller-manager.crt"],
                                 f["kube-controller-manager.key"], "system:kube-controller-manager")
        kcm_port = free_port()
        kcm = Process("kube-controller-manager", [
            str(self.binaries["kube-controller-manager"]),
            f"--kubeconfig={kcm_config}", f"--authentication-kubeconfig={kcm_config}", f"--authorization-kubeconfig={kcm_config}",
            "--bind-address=127.0.0.1", f"--secure-port={kcm_port}", f"--cert-dir={self.folder / 'kcm-certs'}",
            "--authorization-always-allow-paths=/healthz,/readyz,/livez",
            f"--service-account-private-key-file={f['sa.key']}", f"--root-ca-file={f['ca.crt']}",
            "--use-service-account-credentials=true", "--controllers=*", "--leader-elect=false",
            f"--service-cluster-ip-range={SERVICE_CIDR}", "--pvclaimbinder-sync-period=2s",
            "--v=1",
        ], self.folder / "kube-controller-manager.log")
        kcm.command += self.extra_args.get("kube-controller-manager", [])
        self.processes.append(kcm)
        kcm.start()
        self._wait("kube-controller-manager", kcm, lambda: _http_ok(f"https://127.0.0.1:{kcm_port}/healthz", b"ok", insecure=True), timeout)
        # Its controllers are running once the serviceaccount controller has made kube-system's default account.
        self._wait("kube-controller-manager", kcm,
                   lambda: admin.get(f"/api/v1/namespaces/kube-system/serviceaccounts/default", missing_ok=True) is not None, timeout)
        self.timings["kube-controller-manager"] = time.monotonic() - begun
        self.timings["start"] = time.monotonic() - begun
        return self

    def _wait(self, what: str, process: Process, ready, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if not process.alive():
                raise self._fail(f"{what} exited before it was ready (exit code {process.popen.returncode})")
            try:
                if ready():
                    return
            except Exception as error:  # noqa: BLE001 - not ready yet; kept for the message
                last = error
            time.sleep(0.2)
        raise self._fail(f"{what} was not ready after {timeout:.0f} s (last error: {last!r})")

    def client(self, *, cert: Path | None = None, key: Path | None = None, token: str | None = None) -> "Client":
        f = self.files
        if token is None:
            cert, key = cert or f["admin.crt"], key or f["admin.key"]
        return Client(self.server, f["ca.crt"], cert=cert, key=key, token=token)

    def kubectl(self, *args: str, input: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([str(self.binaries["kubectl"]), f"--kubeconfig={self.kubeconfig}", *args], input=input,
                                capture_output=True, text=True, timeout=300)
        if check and result.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def stop(self, *, keep: bool = False) -> None:
        for process in reversed(self.processes):
            process.stop()
        if not keep:
            shutil.rmtree(self.folder, ignore_errors=True)


def _http_ok(url: str, expect: bytes, *, insecure: bool = False) -> bool:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == "https":
        context = ssl.create_default_context()
        if insecure:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(parsed.hostname, parsed.port, timeout=5, context=context)
    else:
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=5)
    try:
        connection.request("GET", parsed.path)
        response = connection.getresponse()
        return response.status == 200 and expect in response.read()
    finally:
        connection.close()


# --- a small REST client ------------------------------------------------------------------------

class ApiError(Exception):
    def __init__(self, method: str, path: str, status: int, body):
        self.status, self.body = status, body
        message = body.get("message") if isinstance(body, dict) else body
        super().__init__(f"{method} {path}: {status} {message}")

    @property
    def message(self) -> str:
        return self.body.get("message", "") if isinstance(self.body, dict) else str(self.body)


FIELD_MANAGER = "claude-constructs-tests"


class Client:
    def __init__(self, server: str, ca: Path, *, cert: Path | None = None, key: Path | None = None, token: str | None = None):
        parsed = urllib.parse.urlsplit(server)
        self.host, self.port = parsed.hostname, parsed.port
        self.context = ssl.create_default_context(cafile=str(ca))
        if cert:
            self.context.load_cert_chain(str(cert), str(key))
        self.token = token
        self._connection: http.client.HTTPSConnection | None = None
        self._resources: dict[str, dict[str, dict]] = {}
        self.requests = 0

    def request(self, method: str, path: str, body=None, *, params: dict | None = None, content_type: str = "application/json",
                raw: bool = False):
        if params:
            path = f"{path}?{urllib.parse.urlencode(params)}"
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        headers = {"Accept": "application/json", "Content-Type": content_type}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPSConnection(self.host, self.port, timeout=60, context=self.context)
            try:
                self._connection.request(method, path, body=data, headers=headers)
                response = self._connection.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, http.client.CannotSendRequest):
                self._connection.close()
                self._connection = None
                if attempt == 2:
                    raise
        self.requests += 1
        if raw:
            return response.status, payload
        try:
            decoded = json.loads(payload) if payload else None
        except ValueError:
            decoded = payload.decode(errors="replace")
        if response.status >= 400:
            raise ApiError(method, path, response.status, decoded)
        return decoded

    def ready(self) -> bool:
        status, body = self.request("GET", "/readyz", raw=True)
        return status == 200 and body.strip() == b"ok"

    def get(self, path: str, *, missing_ok: bool = False, params: dict | None = None):
        try:
            return self.request("GET", path, params=params)
        except ApiError as error:
            if missing_ok and error.status == 404:
                return None
            raise

    # discovery

    def resource(self, api_version: str, kind: str) -> dict:
        """The discovery entry (name, namespaced, verbs) of `kind` in `api_version`."""
        for refresh in (False, True):
            if refresh or api_version not in self._resources:
                base = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
                listing = self.get(base, missing_ok=True) or {"resources": []}
                self._resources[api_version] = {r["kind"]: r for r in listing["resources"] if "/" not in r["name"]}
            if kind in self._resources[api_version]:
                return self._resources[api_version][kind]
        raise LookupError(f"the server has no {kind} in {api_version}")

    def path(self, obj_or_version, kind: str | None = None, name: str | None = None, namespace: str | None = None) -> str:
        if isinstance(obj_or_version, dict):
            obj = obj_or_version
            api_version, kind = obj["apiVersion"], obj["kind"]
            name, namespace = obj["metadata"].get("name"), obj["metadata"].get("namespace")
        else:
            api_version = obj_or_version
        resource = self.resource(api_version, kind)
        base = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
        if resource["namespaced"]:
            if not namespace:
                raise ValueError(f"{kind} {name} has no namespace")
            base += f"/namespaces/{namespace}"
        base += f"/{resource['name']}"
        return f"{base}/{name}" if name else base

    # writing

    def apply(self, obj: dict, *, manager: str = FIELD_MANAGER, dry_run: bool = False, force: bool = True) -> dict:
        """Server-side apply with strict field validation."""
        params = {"fieldManager": manager, "fieldValidation": "Strict", "force": "true" if force else "false"}
        if dry_run:
            params["dryRun"] = "All"
        return self.request("PATCH", self.path(obj), obj, params=params, content_type="application/apply-patch+yaml")

    def create(self, obj: dict, *, dry_run: bool = False) -> dict:
        params = {"fieldValidation": "Strict", **({"dryRun": "All"} if dry_run else {})}
        return self.request("POST", self.path({**obj, "metadata": {**obj["metadata"], "name": None}}), obj, params=params)

    def delete(self, obj: dict, *, missing_ok: bool = True) -> None:
        try:
            self.request("DELETE", self.path(obj), {"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"})
        except ApiError as error:
            if not (missing_ok and error.status == 404):
                raise

    def list(self, api_version: str, kind: str, namespace: str | None = None, *, selector: str | None = None) -> list[dict]:
        params = {"labelSelector": selector} if selector else None
        return self.get(self.path(api_version, kind, namespace=namespace), params=params)["items"]

    def can(self, user: str, groups: list[str], *, verb: str, resource: str, group: str = "", namespace: str = "",
            subresource: str = "", name: str = "") -> bool:
        """The real authorizer's verdict (a SubjectAccessReview)."""
        attributes = {k: v for k, v in {"verb": verb, "resource": resource, "group": group, "namespace": namespace,
                                        "subresource": subresource, "name": name}.items() if v}
        review = {"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
                  "spec": {"user": user, "groups": groups, "resourceAttributes": attributes}}
        result = self.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", review)
        return bool(result["status"].get("allowed"))


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.25, what: str = "condition"):
    """The first truthy value of `predicate()`, or AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    value = None
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last value: {value!r})")
        time.sleep(interval)


def install_crds(client: Client, folder: Path = CRDS, *, timeout: float = 60) -> list[str]:
    """Apply every CRD under `folder` and wait until each is Established; their names."""
    import yaml

    names = []
    for path in sorted(folder.rglob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc and doc.get("kind") == "CustomResourceDefinition":
                client.apply(doc)
                names.append(doc["metadata"]["name"])

    def established(name: str) -> bool:
        crd = client.get(f"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}")
        return any(c["type"] == "Established" and c["status"] == "True" for c in crd.get("status", {}).get("conditions", []))

    for name in names:
        wait_for(lambda: established(name), timeout=timeout, what=f"CRD {name} Established")
    return names


if __name__ == "__main__":  # `python -m tests.real.controlplane`: build the binaries (make binaries)
    import sys

    begun = time.monotonic()
    try:
        build_binaries(log=lambda line: print(line, flush=True))
    except gobuild.BuildError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
    print(f"all binaries ready in {time.monotonic() - begun:.1f} s")
