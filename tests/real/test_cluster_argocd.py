"""The real ArgoCD syncs the example fleet: bootstrap, sync waves, removal and re-adoption.

ArgoCD's application controller and repo server (one multi-call binary built from the pinned wrapper
module `tests/real/argocd`) run against a control plane of their own, started for this module, so
what ArgoCD creates and prunes cannot meet the other tests' objects (they apply the same fleet).
Redis is Debian's `redis-server`; the fleet repository is a temporary git repository made from
`examples/fleet`, with `dist/` synthesized by `claude-instance synth` for a `gitops.yaml` whose
`repoURL` is that repository served over HTTPS on loopback by `git http-backend`. The bootstrap is the README's:
`kubectl apply -f dist/argocd.k8s.yaml`; from then on only git changes.

There is no scheduler and no kubelet, and no storage provisioner or ingress controller. ArgoCD waits
for each sync wave to be healthy before the next one, so a stand-in does what those components would
report: it marks each pod Running and Ready (the containers never run), binds each claim to a volume
made for it (the controller manager's binder binds them) and gives each Ingress an address. Nothing
of what ArgoCD decides (order, pruning, what it keeps) is simulated.

A component that cannot be built or started fails the tests with its log; nothing here is skipped.
"""

from __future__ import annotations

import datetime
import http.server
import os
import secrets
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml

from . import gobuild
from .conftest import STATS
from .controlplane import ApiError, ControlPlane, Process, free_port, install_crds

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parents[2]
FLEET = ROOT / "examples" / "fleet"
ARGOCD_VERSION = "v3.4.2"
ARGOCD_BUILD_DATE = "2026-05-12T20:31:52Z"  # the release commit's date: the build stays reproducible
NAMESPACE = "argocd"
REMOVED = "58c6269441a9"  # alice's instance with a database: the one removed and re-added
KEPT_KINDS = ("PersistentVolumeClaim", "Database", "DatabaseRole")
WAVE = "argocd.argoproj.io/sync-wave"


def argocd_binary() -> Path:
    package = "github.com/argoproj/argo-cd/v3/common"
    values = {"version": ARGOCD_VERSION.lstrip("v"), "buildDate": ARGOCD_BUILD_DATE, "gitTag": ARGOCD_VERSION,
              "gitTreeState": "clean"}
    ldflags = " ".join(["-s", "-w", *(f"-X {package}.{k}={v}" for k, v in values.items())])
    # The UI is embedded from ui/dist/app, which the module ships with placeholder files only: no tag needed.
    return gobuild.go_binary("argocd", "github.com/argoproj/argo-cd/v3/cmd", "argocd", ldflags=ldflags)


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "fleet", "GIT_AUTHOR_EMAIL": "fleet@example.com",
           "GIT_COMMITTER_NAME": "fleet", "GIT_COMMITTER_EMAIL": "fleet@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"git {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _load(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class StandIn(threading.Thread):
    """What the kubelet, a storage provisioner and an ingress controller would report, every half second."""

    def __init__(self, plane: ControlPlane):
        super().__init__(daemon=True, name="stand-in")
        self.plane = plane
        self.client = plane.client()  # its own connection: the tests' client is not shared between threads
        self.stopping = threading.Event()
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stopping.wait(0.5):
            try:
                self.step()
            except Exception as error:  # noqa: BLE001 - reported by the test that waits on what it does
                self.errors.append(repr(error))
                self.client = self.plane.client()

    def _patch_status(self, path: str, status: dict) -> None:
        self.client.request("PATCH", f"{path}/status", {"status": status}, content_type="application/merge-patch+json")

    def step(self) -> None:
        c = self.client
        for pod in c.get("/api/v1/pods")["items"]:
            meta = pod["metadata"]
            if meta.get("deletionTimestamp") or pod.get("status", {}).get("phase") == "Running":
                continue
            now = _now()
            containers = [{"name": k["name"], "image": k["image"], "imageID": "", "ready": True, "started": True,
                           "restartCount": 0, "state": {"running": {"startedAt": now}}}
                          for k in pod["spec"]["containers"]]
            conditions = [{"type": t, "status": "True", "lastTransitionTime": now}
                          for t in ("PodScheduled", "Initialized", "ContainersReady", "Ready")]
            self._patch_status(f"/api/v1/namespaces/{meta['namespace']}/pods/{meta['name']}",
                               {"phase": "Running", "startTime": now, "conditions": conditions, "containerStatuses": containers})
        for claim in c.get("/api/v1/persistentvolumeclaims")["items"]:
            meta, spec = claim["metadata"], claim["spec"]
            if spec.get("volumeName") or meta.get("deletionTimestamp"):
                continue
            name = f"{meta['namespace']}-{meta['name']}"[:253]
            if c.get(f"/api/v1/persistentvolumes/{name}", missing_ok=True) is None:
                c.create({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": name},
                          "spec": {"capacity": {"storage": spec["resources"]["requests"]["storage"]},
                                   "accessModes": spec["accessModes"], "storageClassName": spec.get("storageClassName") or "",
                                   "persistentVolumeReclaimPolicy": "Retain", "hostPath": {"path": f"/tmp/pv/{name}"},
                                   "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                                                "namespace": meta["namespace"], "name": meta["name"]}}})
        for ingress in c.get("/apis/networking.k8s.io/v1/ingresses")["items"]:
            meta = ingress["metadata"]
            if not ingress.get("status", {}).get("loadBalancer", {}).get("ingress"):
                self._patch_status(f"/apis/networking.k8s.io/v1/namespaces/{meta['namespace']}/ingresses/{meta['name']}",
                                   {"loadBalancer": {"ingress": [{"ip": "127.0.0.1"}]}})


class GitServer:
    """`git http-backend` behind a small HTTPS server on loopback (the smart HTTP protocol), with the
    control plane's serving certificate (SANs 127.0.0.1 and localhost, signed by its CA)."""

    def __init__(self, root: Path, cert: Path, key: Path):
        root_dir = str(root)

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet: git's own errors reach the client
                pass

            def _backend(self):
                path, _, query = self.path.partition("?")
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                env = {"PATH": os.environ["PATH"], "GIT_PROJECT_ROOT": root_dir, "GIT_HTTP_EXPORT_ALL": "1",
                       "PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": self.command,
                       "CONTENT_TYPE": self.headers.get("Content-Type", ""), "CONTENT_LENGTH": str(len(body)),
                       "REMOTE_ADDR": "127.0.0.1", "GIT_CONFIG_NOSYSTEM": "1"}
                for header, variable in (("Content-Encoding", "HTTP_CONTENT_ENCODING"), ("Git-Protocol", "GIT_PROTOCOL")):
                    if self.headers.get(header):
                        env[variable] = self.headers[header]
                result = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True, timeout=120)
                head, _, payload = result.stdout.partition(b"\r\n\r\n")
                if not _:
                    head, _, payload = result.stdout.partition(b"\n\n")
                headers = [line.split(":", 1) for line in head.decode("latin-1").splitlines() if ":" in line]
                status = next((v.strip() for k, v in headers if k.lower() == "status"), "200 OK")
                self.send_response(int(status.split()[0]), status.partition(" ")[2])
                for k, v in headers:
                    if k.lower() != "status":
                        self.send_header(k, v.strip())
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _backend

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(cert), str(key))
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True, name="git-server")
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class ArgoFleet:
    """The control plane, Redis, the git server, ArgoCD's repo server and controller, and the fleet repository."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.plane = ControlPlane(folder=folder / "cluster")
        self.processes: list[Process] = []
        self.timings: dict[str, float] = {}
        self.repo = folder / "fleet"  # the working copy; pushed to the bare repository the git server serves
        self.bare = folder / "git" / "fleet.git"
        self.repo_url = ""
        self.git: GitServer | None = None
        self.standin: StandIn | None = None

    # --- processes

    def _start(self, name: str, command: list[str], env: dict[str, str], port: int, timeout: float = 90) -> None:
        process = Process(name, ["env", *(f"{k}={v}" for k, v in env.items()), *command], self.folder / f"{name}.log")
        self.processes.append(process)
        process.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not process.alive():
                raise AssertionError(f"{name} exited with {process.popen.returncode}:\n{self.log_tail()}")
            try:
                with __import__("socket").create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"{name} did not listen on 127.0.0.1:{port} within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for process in self.processes:
            text = process.log.read_text(errors="replace").splitlines() if process.log.exists() else []
            state = "running" if process.alive() else f"exited with {process.popen.returncode if process.popen else '-'}"
            parts.append(f"----- {process.name} ({state}), last {min(lines, len(text))} of {len(text)} lines of {process.log} -----")
            parts.extend(line[:600] for line in text[-lines:])
        return "\n".join(parts)

    def start(self) -> None:
        started = time.monotonic()
        binary = argocd_binary()
        self.timings["ArgoCD binary (build or cache)"] = time.monotonic() - started
        for tool in ("redis-server", "git"):
            assert shutil.which(tool), f"{tool} is not installed (make install installs it from Debian)"

        begun = time.monotonic()
        self.plane.start()
        self.admin = self.plane.client()
        install_crds(self.admin)
        self.admin.apply({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                          "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
                          "provisioner": "example.com/no-provisioner", "allowVolumeExpansion": True, "reclaimPolicy": "Retain"})
        self.timings["control plane and CRDs"] = time.monotonic() - begun

        self.bare.parent.mkdir(parents=True)
        _git(self.folder, "init", "--quiet", "--bare", "--initial-branch=main", str(self.bare))
        self.git = GitServer(self.bare.parent, self.plane.files["apiserver.crt"], self.plane.files["apiserver.key"])
        self.repo_url = f"https://127.0.0.1:{self.git.port}/fleet.git"
        self._init_repository()

        redis_port = free_port()
        self._start("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "", "--appendonly", "no",
                              "--dir", str(self.folder)], {}, redis_port)

        data = self.folder / "argocd"
        for sub in ("tls", "ssh", "gnupg", "tmp", "home"):
            (data / sub).mkdir(parents=True)
        (data / "gnupg").chmod(0o700)
        # The repository server's CA, where ArgoCD looks for a host's certificates (argocd-tls-certs-cm when installed).
        shutil.copy(self.plane.files["ca.crt"], data / "tls" / "127.0.0.1")
        common = {"PATH": f"{binary.parent}:{os.environ['PATH']}", "HOME": str(data / "home"), "TMPDIR": str(data / "tmp"),
                  "ARGOCD_TLS_DATA_PATH": str(data / "tls"), "ARGOCD_SSH_DATA_PATH": str(data / "ssh"),
                  "ARGOCD_GNUPGHOME": str(data / "gnupg"), "ARGOCD_GPG_ENABLED": "false",
                  "ARGOCD_ASK_PASS_SOCK": str(data / "askpass.sock"), "ARGOCD_RECONCILIATION_TIMEOUT": "10s"}
        repo_port = free_port()
        self._start("argocd-repo-server", [
            str(binary), "--address=127.0.0.1", f"--port={repo_port}", f"--metrics-port={free_port()}",
            f"--redis=127.0.0.1:{redis_port}", "--disable-tls", "--revision-cache-expiration=1s", "--loglevel=info",
        ], {**common, "ARGOCD_BINARY_NAME": "argocd-repo-server"}, repo_port)

        # The namespace and settings the controller reads (argocd-server would create the rest).
        self.admin.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
        part_of = {"app.kubernetes.io/part-of": "argocd"}
        self.admin.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "argocd-cm", "namespace": NAMESPACE,
                                                                                "labels": part_of}, "data": {}})
        self.admin.apply({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "argocd-rbac-cm", "namespace": NAMESPACE,
                                                                                "labels": part_of}, "data": {}})
        self.admin.apply({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "argocd-secret", "namespace": NAMESPACE,
                                                                             "labels": part_of},
                          "stringData": {"server.secretkey": secrets.token_urlsafe(32)}})
        # The namespace of the CNPG cluster, which the fleet's databases join (installed with CNPG, not by the fleet).
        self.admin.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "database"}})

        controller_port = free_port()
        self._start("argocd-application-controller", [
            str(binary), f"--kubeconfig={self.plane.kubeconfig}", f"--namespace={NAMESPACE}",
            f"--redis=127.0.0.1:{redis_port}", f"--repo-server=127.0.0.1:{repo_port}", "--repo-server-plaintext",
            "--app-resync=10", "--app-resync-jitter=0", f"--metrics-port={controller_port}",
            "--status-processors=4", "--operation-processors=4", "--self-heal-timeout-seconds=2", "--loglevel=info",
        ], {**common, "ARGOCD_BINARY_NAME": "argocd-application-controller", "ARGOCD_FAKE_IN_CLUSTER": "true",
            "KUBECONFIG": str(self.plane.kubeconfig), "HOSTNAME": "argocd-application-controller-0"}, controller_port)
        self.standin = StandIn(self.plane)
        self.standin.start()

    def stop(self, keep: bool) -> None:
        if self.standin:
            self.standin.stopping.set()
        for process in reversed(self.processes):
            process.stop()
        if self.git:
            self.git.stop()
        self.plane.stop(keep=True)
        if not keep:
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- the repository

    def synth(self, *extra: str) -> None:
        cli = Path(sys.executable).parent / "claude-instance"
        result = subprocess.run([str(cli), "synth", "--gitops", "gitops.yaml", "--output", "dist",
                                 "--cache-dir", str(self.folder / "synth-cache"), *extra],
                                cwd=self.repo, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"claude-instance synth {' '.join(extra)} failed:\n{result.stdout}\n{result.stderr}"

    def commit(self, message: str) -> str:
        _git(self.repo, "add", "-A")
        _git(self.repo, "commit", "--quiet", "-m", message)
        _git(self.repo, "push", "--quiet", "origin", "main")
        return _git(self.repo, "rev-parse", "HEAD").strip()

    def _init_repository(self) -> None:
        _git(self.folder, "clone", "--quiet", str(self.bare), str(self.repo))
        shutil.copytree(FLEET / "instances", self.repo / "instances")
        settings = yaml.safe_load((FLEET / "gitops.yaml").read_text(encoding="utf-8"))
        settings["repoURL"] = self.repo_url
        (self.repo / "gitops.yaml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
        _git(self.repo, "checkout", "--quiet", "-b", settings.get("targetRevision", "main"))
        self.synth()
        self.commit("the example fleet")

    # --- reading the cluster

    def objects(self, name: str) -> list[dict]:
        """What `dist/<name>.k8s.yaml` in the working copy declares."""
        return _load(self.repo / "dist" / f"{name}.k8s.yaml")

    def live(self, obj: dict) -> dict | None:
        return self.admin.get(self.admin.path(obj), missing_ok=True)

    def applications(self) -> dict[str, dict]:
        return {a["metadata"]["name"]: a for a in self.admin.list("argoproj.io/v1alpha1", "Application", NAMESPACE)}

    def refresh_root(self, root: str) -> None:
        self.admin.request("PATCH", f"/apis/argoproj.io/v1alpha1/namespaces/{NAMESPACE}/applications/{root}",
                           {"metadata": {"annotations": {"argocd.argoproj.io/refresh": "normal"}}},
                           content_type="application/merge-patch+json")

    def wait(self, predicate, *, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(1)
        raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\nlast: {value!r}\n"
                             f"stand-in errors: {(self.standin.errors if self.standin else [])[-5:]}\n"
                             f"applications: {self.summary()}\n{self.log_tail()}")

    def summary(self) -> dict:
        out = {}
        for name, app in self.applications().items():
            status = app.get("status", {})
            operation = status.get("operationState", {})
            out[name] = {"sync": status.get("sync", {}).get("status"), "health": status.get("health", {}).get("status"),
                         "operation": operation.get("phase"), "message": (operation.get("message") or "")[:300],
                         "conditions": [c.get("message", "")[:300] for c in status.get("conditions", [])]}
        return out

    def synced(self, names: set[str], revision: str) -> bool:
        """Every named Application Synced at `revision` with its last operation Succeeded; no other."""
        apps = self.applications()
        if set(apps) != names:
            return False
        for app in apps.values():
            status = app.get("status", {})
            if status.get("sync", {}).get("status") != "Synced" or status.get("sync", {}).get("revision") != revision:
                return False
            if status.get("operationState", {}).get("phase") != "Succeeded" or app.get("operation"):
                return False
        return True


@pytest.fixture(scope="module")
def fleet(request):
    folder = Path(tempfile.mkdtemp(prefix="claude-constructs-argocd-"))
    environment = ArgoFleet(folder)
    failed_before = request.session.testsfailed
    try:
        environment.start()
        yield environment
    finally:
        keep = request.session.testsfailed > failed_before or bool(os.environ.get("CLAUDE_CONSTRUCTS_KEEP_CLUSTER"))
        environment.stop(keep=keep)
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        if reporter is not None and capture is not None:  # the figures, printed with the session's output
            with capture.global_and_fixture_disabled():
                timings = ", ".join(f"{k} {v:.1f} s" for k, v in environment.timings.items())
                reporter.write_line(f"\nArgoCD {ARGOCD_VERSION}: {timings}")
                if keep:
                    reporter.write_line(f"ArgoCD test folder (logs, repository, control plane) kept: {folder}")


def _argocd_objects(fleet: ArgoFleet) -> list[dict]:
    return fleet.objects("argocd")


def _app_names(fleet: ArgoFleet) -> set[str]:
    return {o["metadata"]["name"] for o in _argocd_objects(fleet) if o["kind"] == "Application"}


def _root(fleet: ArgoFleet) -> str:
    return next(o["metadata"]["name"] for o in _argocd_objects(fleet)
                if o["kind"] == "Application" and o["spec"]["source"]["directory"]["include"] == "argocd.k8s.yaml")


@pytest.fixture(scope="module")
def bootstrapped(fleet: ArgoFleet) -> dict:
    """The README's bootstrap, then every Application Synced at the repository's head."""
    head = _git(fleet.repo, "rev-parse", "HEAD").strip()
    begun = time.monotonic()
    fleet.plane.kubectl("apply", "-f", str(fleet.repo / "dist" / "argocd.k8s.yaml"))
    fleet.wait(lambda: fleet.synced(_app_names(fleet), head), timeout=420, what="every Application Synced")
    seconds = time.monotonic() - begun
    fleet.timings["bootstrap to every Application Synced"] = seconds
    STATS["ArgoCD: seconds from bootstrap to every Application Synced"] = round(seconds)
    STATS["ArgoCD: Applications synced"] = len(_app_names(fleet))
    return {"head": head, "seconds": seconds}


def test_the_generated_project_and_applications_are_accepted_and_every_application_syncs(fleet, bootstrapped):
    apps = fleet.applications()
    assert set(apps) == _app_names(fleet)
    for name, app in apps.items():
        assert app["status"]["sync"]["status"] == "Synced", (name, fleet.summary()[name])
        # No condition such as "application destination ... is not permitted in project" or "resource ... is not permitted".
        assert not app["status"].get("conditions"), (name, app["status"]["conditions"])
    # Every object of every manifest exists, as ArgoCD applied it (its tracking annotation).
    files = sorted((fleet.repo / "dist").glob("*.k8s.yaml"))
    for path in files:
        for obj in _load(path):
            live = fleet.live(obj)
            assert live is not None, f"{obj['kind']} {obj['metadata'].get('namespace', '')}/{obj['metadata']['name']} from {path.name}"
            if path.name != "argocd.k8s.yaml" or obj["metadata"]["name"] != _root(fleet):
                assert "argocd.argoproj.io/tracking-id" in live["metadata"].get("annotations", {}), obj["metadata"]["name"]
    STATS["ArgoCD: objects synced"] = sum(len(_load(p)) for p in files)


def _created(live: dict) -> datetime.datetime:
    return datetime.datetime.strptime(live["metadata"]["creationTimestamp"], "%Y-%m-%dT%H:%M:%SZ")


def test_sync_waves_apply_in_the_documented_order(fleet, bootstrapped):
    """Within each Application, every object of a wave was created before any object of a later wave
    (ArgoCD waits two seconds between waves, and for the wave to be healthy: the one-second
    timestamps cannot tie across waves). The documented order: NetworkPolicies -3, ServiceAccount,
    Role, RoleBinding, ConfigMap -2, claims and DatabaseRole -1, Database 0, Deployment 1, Service
    and Ingress 2 (the tenant's Namespace -5, quota and limits -4 before them)."""
    documented = {"NetworkPolicy": -3, "ServiceAccount": -2, "Role": -2, "RoleBinding": -2, "ConfigMap": -2,
                  "PersistentVolumeClaim": -1, "DatabaseRole": -1, "Database": 0, "Deployment": 1, "Service": 2, "Ingress": 2,
                  "Namespace": -5, "ResourceQuota": -4, "LimitRange": -4}
    checked = 0
    for app in (o for o in _argocd_objects(fleet) if o["kind"] == "Application" and o["metadata"]["name"] != _root(fleet)):
        include = app["spec"]["source"]["directory"]["include"]
        by_wave: dict[int, list[tuple[datetime.datetime, str]]] = {}
        for obj in _load(fleet.repo / "dist" / include):
            wave = int(obj["metadata"].get("annotations", {}).get(WAVE, "0"))
            if obj["kind"] in documented:
                assert wave == documented[obj["kind"]], f"{include}: {obj['kind']} {obj['metadata']['name']} in wave {wave}"
            by_wave.setdefault(wave, []).append((_created(fleet.live(obj)), f"{obj['kind']} {obj['metadata']['name']}"))
        waves = sorted(by_wave)
        for earlier, later in zip(waves, waves[1:]):
            last = max(by_wave[earlier])
            first = min(by_wave[later])
            assert last[0] < first[0], f"{include}: {last[1]} (wave {earlier}) created {last[0]}, {first[1]} (wave {later}) {first[0]}"
            checked += 1
    # The root's own waves (tenants' Applications -1, instances' 0) are not checked: the bootstrap
    # (`kubectl apply -f dist/argocd.k8s.yaml`) creates every Application at once.
    assert checked
    STATS["ArgoCD: wave boundaries checked"] = checked


def test_removing_an_instance_prunes_its_workload_keeps_its_data_and_readding_it_adopts_the_same_claims(fleet, bootstrapped):
    objects = fleet.objects(REMOVED)
    kept = [o for o in objects if o["kind"] in KEPT_KINDS]
    pruned = [o for o in objects if o["kind"] not in KEPT_KINDS]
    assert {o["kind"] for o in kept} == set(KEPT_KINDS), "the removed instance must have claims, a Database and a DatabaseRole"
    for obj in kept:
        assert obj["metadata"]["annotations"]["argocd.argoproj.io/sync-options"] == "Prune=false,Delete=false", obj["metadata"]["name"]
    uids = {(o["kind"], o["metadata"]["name"]): fleet.live(o)["metadata"]["uid"] for o in kept}
    app_name = f"claude-{REMOVED}"
    assert app_name in fleet.applications()
    instance_file = next((fleet.repo / "instances").rglob(f"{REMOVED}.yaml"))
    saved = instance_file.read_text(encoding="utf-8")

    # Removed from git: synth refuses to orphan the data unless told to.
    instance_file.unlink()
    cli = Path(sys.executable).parent / "claude-instance"
    refused = subprocess.run([str(cli), "synth", "--gitops", "gitops.yaml", "--output", "dist",
                              "--cache-dir", str(fleet.folder / "synth-cache")], cwd=fleet.repo, capture_output=True, text=True, timeout=600)
    assert refused.returncode != 0, "synth must refuse to orphan the removed instance's volumes and database"
    fleet.synth("--allow-orphaned-data")
    assert not (fleet.repo / "dist" / f"{REMOVED}.k8s.yaml").exists()
    removed_at = fleet.commit(f"remove {REMOVED}")
    begun = time.monotonic()
    fleet.refresh_root(_root(fleet))

    def gone() -> bool:
        if app_name in fleet.applications():
            return False
        return all(fleet.live(o) is None for o in pruned)

    fleet.wait(gone, timeout=240, what=f"Application {app_name} and its workload objects deleted")
    fleet.timings["commit to the removed instance pruned"] = time.monotonic() - begun
    fleet.wait(lambda: fleet.synced(_app_names(fleet), removed_at), timeout=240, what="the remaining Applications Synced")
    STATS["ArgoCD: seconds from commit to the removed instance pruned"] = round(fleet.timings["commit to the removed instance pruned"])
    for obj in kept:
        live = fleet.live(obj)
        assert live is not None, f"{obj['kind']} {obj['metadata']['name']} was deleted: it carries Prune=false,Delete=false"
        assert live["metadata"]["uid"] == uids[(obj["kind"], obj["metadata"]["name"])]
        assert live["metadata"].get("deletionTimestamp") is None, f"{obj['kind']} {obj['metadata']['name']} is being deleted"
    # The tenant keeps its quota, limits and RBAC while it has another instance.
    for obj in fleet.objects("tenant-claude-alice"):
        assert fleet.live(obj) is not None, f"tenant object {obj['kind']} {obj['metadata']['name']}"

    # Re-added: the same claims, database and role come back under the new Application.
    instance_file.write_text(saved, encoding="utf-8")
    fleet.synth()
    readded_at = fleet.commit(f"re-add {REMOVED}")
    begun = time.monotonic()
    fleet.refresh_root(_root(fleet))
    fleet.wait(lambda: fleet.synced(_app_names(fleet), readded_at), timeout=300, what=f"{app_name} re-created and Synced")
    fleet.timings["commit to the re-added instance Synced"] = time.monotonic() - begun
    for obj in kept:
        live = fleet.live(obj)
        assert live["metadata"]["uid"] == uids[(obj["kind"], obj["metadata"]["name"])], f"{obj['kind']} {obj['metadata']['name']} was re-created"
    for obj in pruned:
        assert fleet.live(obj) is not None, f"{obj['kind']} {obj['metadata']['name']} not re-created"
    claims = [fleet.live(o) for o in kept if o["kind"] == "PersistentVolumeClaim"]
    assert all(c["status"].get("phase") == "Bound" for c in claims), [c["status"] for c in claims]
