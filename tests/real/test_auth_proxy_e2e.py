"""End to end on loopback: the real oauth2-proxy in front of a stub agent, against a real OIDC provider.

Every test runs the real binaries (built from tests/real/oauth2-proxy and tests/real/mockoidc) with
the verified flag set `SIDECAR_ARGS` and the secrets in the environment, and drives a real browser-like
login through the provider. A binary that does not build or start fails the test with its log.

Once the library synthesizes the sidecar, `sidecar_under_test` reads the `auth-proxy` container's
`args`/`env` (and its mounted ConfigMaps) from the synthesized Deployment instead of the constant.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from .oauth2proxy import (
    ALLOWED_USERS_FILE,
    PUBLIC_HOST,
    SIDECAR_ARGS,
    SIDECAR_ENV_FROM_SECRETS,
    Stack,
    configmap_files,
    container_config,
    container_env,
    flag_values,
    free_port,
    localize,
    mockoidc_binary,
    oauth2_proxy_binary,
    without,
)

pytestmark = pytest.mark.cluster

HOME = f"https://{PUBLIC_HOST}/"

OWNER = {"sub": "u-alice", "email": "alice@example.com", "preferred_username": "alice", "groups": ["engineering"]}
COLLABORATOR = {"sub": "u-carol", "email": "carol@example.org", "preferred_username": "carol", "groups": ["design"]}
ADMIN = {"sub": "u-root", "email": "root@platform.example.com", "preferred_username": "platform-root",
         "groups": ["platform-admins"]}
STRANGER = {"sub": "u-mallory", "email": "mallory@example.com", "preferred_username": "mallory",
            "groups": ["engineering"]}
ALLOWED = [OWNER["email"], COLLABORATOR["email"], ADMIN["email"]]


def synthesized(collaborators=()) -> list[dict]:
    """The manifests the library writes for alice's instance, in a fleet whose provider names users
    by e-mail (``{userid}@example.com``)."""
    from claude_constructs import load_instance
    from claude_constructs.config.platform import Platform

    from ..conftest import synth_chart

    platform = Platform(host_domains=(PUBLIC_HOST.split(".", 1)[1],), identity_claim="email",
                        identity_template="{userid}@example.com")
    config = load_instance({"instanceName": "alice-agent", "userid": OWNER["email"].split("@")[0], "template": "minimal",
                            "ingress": {"hostname": PUBLIC_HOST}, "access": {"collaborators": list(collaborators)}},
                           platform=platform)
    return synth_chart(config)


def sidecar_under_test() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(args, names of the variables that come from Secrets) of the `auth-proxy` container the library
    synthesizes: the container these tests run."""
    spec, _ = container_config(synthesized())
    secrets = tuple(e["name"] for e in spec["env"] if "secretKeyRef" in e.get("valueFrom", {}))
    return tuple(spec["args"]), secrets


def test_the_library_synthesizes_the_verified_flag_set():
    """The flags proven below are the ones the library writes, but for the per-instance values."""
    args, secrets = sidecar_under_test()
    assert set(secrets) == set(SIDECAR_ENV_FROM_SECRETS)
    differ = {"oidc-issuer-url", "client-id"}
    assert without(args, *differ) == without(SIDECAR_ARGS, *differ)


@pytest.fixture(scope="module")
def binaries():
    # Built once per module (and cached across runs); a build failure fails every test here.
    return oauth2_proxy_binary(), mockoidc_binary()


@pytest.fixture
def stack(binaries):
    s = Stack()
    try:
        s.start_oidc()
        yield s
    finally:
        # Shown by pytest only when the test failed.
        print(s.logs())
        s.close()


def start(stack: Stack, *, allowed=ALLOWED, args=None, extra=None, env=None, **kwargs):
    base, secret_names = sidecar_under_test()
    assert set(secret_names) == {"OAUTH2_PROXY_CLIENT_SECRET", "OAUTH2_PROXY_COOKIE_SECRET"}
    localized = stack.loopback_args(base if args is None else args, allowed_users=allowed, extra=extra or {})
    return stack.start_proxy(localized, stack.secret_env() if env is None else env, **kwargs)


def login(stack: Stack, user: dict, url: str = HOME):
    stack.oidc.queue_user(**user)
    browser = stack.browser()
    final, hops = browser.get(url)
    return final, hops, browser


def assert_reached_upstream(final, hops, email):
    assert final.status == 200, [(h.status, h.url, h.body[:300]) for h in hops]
    body = final.json()
    assert body["upstream"] == "stub"
    assert body["headers"]["X-Forwarded-Email"] == email
    # The login went: proxy -> provider -> callback -> the page first asked for.
    assert [h.status for h in hops] == [302, 302, 302, 200]
    assert urllib.parse.urlsplit(hops[1].url).path == "/oidc/authorize"
    assert urllib.parse.urlsplit(hops[2].url).path == "/oauth2/callback"


def assert_refused(stack, final, hops, status=403):
    assert final.status == status, [(h.status, h.url, h.body[:300]) for h in hops]
    assert urllib.parse.urlsplit(final.url).path == "/oauth2/callback"
    assert stack.upstream.requests == [], "a refused user reached the upstream"


# ---------------------------------------------------------------------------------- 2b: no session


def test_no_session_is_sent_to_the_provider_never_the_upstream(stack):
    start(stack)
    browser = stack.browser()
    first, _ = browser.get(HOME + "terminal?tab=1", follow=False)
    assert first.status == 302
    location = urllib.parse.urlsplit(first.header("Location"))
    query = urllib.parse.parse_qs(location.query)
    # --skip-provider-button: straight to the provider's authorize endpoint, not a sign-in page.
    assert f"{location.scheme}://{location.netloc}{location.path}" == stack.oidc.issuer + "/authorize"
    assert query["redirect_uri"] == [f"https://{PUBLIC_HOST}/oauth2/callback"]
    assert query["client_id"] == [stack.oidc.client_id]
    assert query["code_challenge_method"] == ["S256"]
    assert query["scope"] == ["openid email profile"]
    assert "_oauth2_proxy_csrf" in "".join(v for k, v in first.headers if k.lower() == "set-cookie")
    # A non-browser (API) request gets 401, no redirect.
    api = browser.request("GET", HOME + "api/sessions", headers={"Accept": "application/json"})
    assert api.status == 401
    assert stack.upstream.requests == []


def test_without_skip_provider_button_the_sign_in_page_is_a_403(stack):
    start(stack, args=without(SIDECAR_ARGS, "skip-provider-button"))
    page = stack.browser().request("GET", HOME)
    assert page.status == 403
    assert b"/oauth2/start" in page.body
    assert stack.upstream.requests == []


# --------------------------------------------------------------------------- 2a: who gets through


def test_owner_reaches_the_upstream(stack):
    start(stack)
    final, hops, browser = login(stack, OWNER, HOME + "terminal?tab=1")
    assert_reached_upstream(final, hops, OWNER["email"])
    assert final.json()["path"] == "/terminal?tab=1"
    # The session cookie is Secure (the ingress terminates TLS) and HttpOnly.
    cookie = next(v for h in hops for k, v in h.headers if k.lower() == "set-cookie" and v.startswith("_oauth2_proxy="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The session is kept: the next request goes straight through.
    again = browser.request("GET", HOME + "again")
    assert again.status == 200 and again.json()["path"] == "/again"


def test_collaborator_reaches_the_upstream(stack):
    start(stack)
    assert_reached_upstream(*login(stack, COLLABORATOR)[:2], COLLABORATOR["email"])


def test_admin_reaches_the_upstream(stack):
    start(stack)
    assert_reached_upstream(*login(stack, ADMIN)[:2], ADMIN["email"])


def test_another_signed_in_user_gets_403(stack):
    start(stack)
    final, hops, browser = login(stack, STRANGER)
    assert_refused(stack, final, hops)
    assert "_oauth2_proxy" not in browser.cookies.get(PUBLIC_HOST, {}), "a refused user got a session"
    # Trying again only repeats the refusal.
    stack.oidc.queue_user(**STRANGER)
    final, hops = browser.get(HOME)
    assert_refused(stack, final, hops)


def test_unverified_email_is_refused(stack):
    start(stack)
    final, hops, _ = login(stack, {**OWNER, "email_verified": False})
    assert_refused(stack, final, hops)


def test_matching_is_case_insensitive_and_exact(stack):
    start(stack)
    assert_reached_upstream(*login(stack, {**OWNER, "email": "Alice@Example.COM"})[:2], "Alice@Example.COM")
    stack.upstream.requests.clear()
    final, hops, _ = login(stack, {**STRANGER, "email": "alice@example.com.evil.test"})
    assert_refused(stack, final, hops)


@pytest.mark.parametrize("claim_flags", [["--oidc-email-claim=preferred_username"],
                                         ["--oidc-email-claim=email", "--user-id-claim=preferred_username"]],
                         ids=["oidc-email-claim", "deprecated-user-id-claim"])
def test_owner_by_user_name_claim(stack, claim_flags):
    args = [*without(SIDECAR_ARGS, "oidc-email-claim"), *claim_flags]
    start(stack, args=args, allowed=["octocat", "hubot"])
    # The identity is the user name: the allow-list holds GitHub logins, matched without case.
    final, hops, _ = login(stack, {**STRANGER, "sub": "1", "email": "someone@example.com", "preferred_username": "OctoCat"})
    assert final.status == 200, [(h.status, h.url, h.body[:300]) for h in hops]
    assert final.json()["headers"]["X-Forwarded-Email"] == "OctoCat"
    stack.upstream.requests.clear()
    # An email equal to an allowed login does not count: only the configured claim does.
    final, hops, _ = login(stack, {**STRANGER, "email": "octocat", "preferred_username": "mallory"})
    assert_refused(stack, final, hops)
    # No such claim at all: the login fails (500, "neither the id_token nor the profileURL set an email").
    final, hops, _ = login(stack, {"sub": "octocat", "email": "octocat@example.com", "preferred_username": ""})
    assert_refused(stack, final, hops, status=500)


def test_allowed_group_and_the_file_combine_with_and(stack):
    # --allowed-group is checked by the provider, the file by the email validator: both must pass.
    start(stack, args=[*SIDECAR_ARGS, "--allowed-group=platform-admins"], allowed=[OWNER["email"]])
    final, hops, _ = login(stack, OWNER)  # in the file, not in the group
    assert_refused(stack, final, hops)
    final, hops, _ = login(stack, ADMIN)  # in the group, not in the file
    assert_refused(stack, final, hops)
    final, hops, _ = login(stack, {**OWNER, "groups": ["platform-admins"]})  # both
    assert_reached_upstream(final, hops, OWNER["email"])


def test_group_only_needs_email_domain_star(stack):
    args = [*without(SIDECAR_ARGS, "authenticated-emails-file"), "--email-domain=*", "--allowed-group=platform-admins"]
    stack.start_proxy(stack.loopback_args(args), stack.secret_env())
    final, hops, _ = login(stack, ADMIN)
    assert_reached_upstream(final, hops, ADMIN["email"])
    # --allowed-group adds the groups scope itself.
    assert "groups" in urllib.parse.parse_qs(urllib.parse.urlsplit(hops[0].header("Location")).query)["scope"][0]
    stack.upstream.requests.clear()
    final, hops, _ = login(stack, OWNER)
    assert_refused(stack, final, hops)


def test_allow_list_changes_apply_without_restart(stack):
    # The layout the kubelet gives a ConfigMap volume: FILE -> ..data/FILE, ..data -> ..<timestamp>.
    mount = stack.workdir / "allow-list-mount"
    mount.mkdir()

    def publish(generation: str, users: list[str]) -> None:
        version = mount / f"..{generation}"
        version.mkdir()
        (version / "allowed-users.txt").write_text("".join(u + "\n" for u in users))
        (mount / "..data_tmp").symlink_to(version.name)
        os.replace(mount / "..data_tmp", mount / "..data")

    publish("1", [OWNER["email"]])
    (mount / "allowed-users.txt").symlink_to("..data/allowed-users.txt")
    args = stack.loopback_args(SIDECAR_ARGS, files={ALLOWED_USERS_FILE: str(mount / "allowed-users.txt")})
    stack.start_proxy(args, stack.secret_env())
    final, hops, owner_browser = login(stack, OWNER)
    assert_reached_upstream(final, hops, OWNER["email"])
    stack.upstream.requests.clear()
    final, hops, _ = login(stack, COLLABORATOR)
    assert_refused(stack, final, hops)

    old = next(mount.glob("..1"))
    publish("2", [COLLABORATOR["email"]])  # the collaborator in, the owner out
    shutil.rmtree(old)
    deadline = time.monotonic() + 10
    while "reloading" not in stack.proxy.process.log() and "watching resumed" not in stack.proxy.process.log():
        assert time.monotonic() < deadline, "the allow-list change was not picked up"
        time.sleep(0.1)
    time.sleep(0.3)
    final, hops, _ = login(stack, COLLABORATOR)
    assert_reached_upstream(final, hops, COLLABORATOR["email"])
    # An existing session of a user who left the list is refused on its next request.
    assert owner_browser.request("GET", HOME).status == 403


# ----------------------------------------------------------------------------------- 2c: WebSocket


@pytest.mark.parametrize("connection", ["Upgrade", "keep-alive, Upgrade"])
def test_websocket_of_the_owner_reaches_the_echo_upstream_and_outlives_the_upstream_timeout(stack, connection):
    # --upstream-timeout bounds only the wait for the upstream's response headers: an upgraded
    # connection stays open past it (the server has no read/write timeouts, only a header one).
    start(stack, args=[*SIDECAR_ARGS, "--upstream-timeout=2s"])
    final, hops, browser = login(stack, OWNER)
    assert final.status == 200
    # wss:// is https:// on the wire: the harness's ingress maps both to the proxy's plain port.
    ws = browser.websocket(f"https://{PUBLIC_HOST}/ws/terminal", headers={"Connection": connection})
    try:
        assert ws.accepted, (ws.status_line, ws.headers)
        ws.send_text("ls -la")
        assert ws.receive_text() == "echo:ls -la"
        time.sleep(3)
        ws.send_text("still there")
        assert ws.receive_text() == "echo:still there"
    finally:
        ws.close()
    upgrade = [r for r in stack.upstream.requests if r["websocket"]]
    assert upgrade and upgrade[0]["headers"]["X-Forwarded-Email"] == OWNER["email"]


def test_websocket_without_session_is_not_upgraded(stack):
    start(stack)
    ws = stack.browser().websocket(f"https://{PUBLIC_HOST}/ws/terminal")
    try:
        assert ws.status in (302, 401), ws.status_line
    finally:
        ws.close()
    assert stack.upstream.requests == []


# ------------------------------------------------------------------------------------- 2d: probes


def test_probe_endpoints_answer_without_a_session(stack):
    proxy = start(stack)
    browser = stack.browser()
    for path in ("/ping", "/ready"):
        response = browser.request("GET", f"https://{PUBLIC_HOST}{path}")
        assert (response.status, response.body) == (200, b"OK"), path
    # What the kubelet sends: the pod IP as Host, no forwarding headers, its own User-Agent.
    for path in ("/ping", "/ready"):
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=5)
        connection.request("GET", path, headers={"User-Agent": "kube-probe/1.36"})
        response = connection.getresponse()
        assert (response.status, response.read()) == (200, b"OK"), path
        connection.close()
    assert stack.upstream.requests == []
    # --silence-ping-logging keeps the probes out of the request log.
    assert "GET - \"/ping\"" not in proxy.process.log() and "/ready" not in proxy.process.log()


# ------------------------------------------------------------------------------------ 2e: secrets


def test_secrets_from_files(stack):
    client_secret_file = stack.write_file("client-secret", stack.oidc.client_secret)
    cookie_secret_file = stack.write_file("cookie-secret", stack.cookie_secret)
    args = [*SIDECAR_ARGS, f"--client-secret-file={client_secret_file}", f"--cookie-secret-file={cookie_secret_file}"]
    start(stack, args=args, env={})
    assert_reached_upstream(*login(stack, OWNER)[:2], OWNER["email"])


def test_a_trailing_newline_in_the_cookie_secret_file_refuses_to_start(stack):
    # The file is used byte for byte: padded base64 plus a newline is neither base64 nor 16/24/32 bytes.
    cookie_secret_file = stack.write_file("cookie-secret", stack.cookie_secret + "\n")
    proxy = start(stack, args=[*SIDECAR_ARGS, f"--cookie-secret-file={cookie_secret_file}"],
                  env={"OAUTH2_PROXY_CLIENT_SECRET": stack.oidc.client_secret}, expect_exit=True)
    assert proxy.process.popen.wait(timeout=20) != 0
    assert "cookie_secret from file must be 16, 24, or 32 bytes to create an AES cipher, but is 45 bytes" in proxy.process.log()


def test_a_trailing_newline_in_the_client_secret_file_breaks_the_login(stack):
    # Also used byte for byte: the provider refuses the client, the callback answers 500.
    client_secret_file = stack.write_file("client-secret", stack.oidc.client_secret + "\n")
    start(stack, args=[*SIDECAR_ARGS, f"--client-secret-file={client_secret_file}"],
          env={"OAUTH2_PROXY_COOKIE_SECRET": stack.cookie_secret})
    final, hops, _ = login(stack, OWNER)
    assert_refused(stack, final, hops, status=500)


@pytest.mark.parametrize("secret,ok", [
    ("0123456789abcdef0123456789abcde!", True),  # 32 raw bytes (not base64)
    ("0123456789abcdef0123456!", True),  # 24 raw bytes
    ("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", True),  # padded base64 of 32 bytes
    ("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY", True),  # the same, unpadded
    ("0123456789abcdef0123456789abcdef", True),  # valid base64 too: decoded to 24 bytes, still valid
    ("0123456789abcdef012!", False),  # 20 raw bytes
    ("0123456789abcdef0123456789abcde!\n", False),  # 32 raw bytes and a newline: 33
    ("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n", False),  # padded base64 and a newline: 45 raw bytes
])
def test_cookie_secret_format(stack, secret, ok):
    env = {"OAUTH2_PROXY_CLIENT_SECRET": stack.oidc.client_secret, "OAUTH2_PROXY_COOKIE_SECRET": secret}
    proxy = start(stack, env=env, expect_exit=not ok)
    if ok:
        assert_reached_upstream(*login(stack, OWNER)[:2], OWNER["email"])
        return
    assert proxy.process.popen.wait(timeout=20) != 0
    assert "cookie_secret must be 16, 24, or 32 bytes" in proxy.process.log()


def test_missing_secrets_refuse_to_start(stack):
    proxy = start(stack, env={}, expect_exit=True)
    assert proxy.process.popen.wait(timeout=20) != 0
    log = proxy.process.log()
    assert "missing setting: cookie-secret or cookie-secret-file" in log
    assert "missing setting: client-secret or client-secret-file" in log


# ----------------------------------------------------------------------- 2f: uid 1000, read-only /


def test_runs_as_uid_1000_on_a_read_only_root(stack, binaries):
    # As a container with runAsUser 1000 and readOnlyRootFilesystem: a private mount namespace whose /
    # is remounted read-only, then the uid dropped. Only /proc and /dev stay writable, as in a pod.
    assert os.geteuid() == 0, "this test needs root to remount / read-only in a private mount namespace"
    assert shutil.which("unshare") and shutil.which("setpriv"), "needs util-linux unshare and setpriv"
    binary = stack.workdir / "oauth2-proxy"
    shutil.copy2(binaries[0], binary)
    binary.chmod(0o755)
    stack.workdir.chmod(0o755)
    wrapper = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
               'mount -o bind,remount,ro / && exec setpriv --reuid=1000 --regid=1000 --clear-groups '
               '--inh-caps=-all --bounding-set=-all -- "$@"', "sh"]
    env = {**stack.secret_env(), "HOME": "/nonexistent"}
    proxy = start(stack, env=env, wrapper=wrapper, binary=binary)
    assert_reached_upstream(*login(stack, OWNER)[:2], OWNER["email"])
    pid = subprocess.run(["pgrep", "-f", "-n", str(binary)], capture_output=True, text=True).stdout.split()
    assert pid, proxy.process.log()
    status = Path(f"/proc/{pid[0]}/status").read_text()
    assert "\nUid:\t1000\t1000\t1000\t1000\n" in status, status
    root = next(line for line in Path(f"/proc/{pid[0]}/mountinfo").read_text().splitlines() if line.split()[4] == "/")
    assert root.split()[5].startswith("ro"), root
    # It listens on a high port without any capability.
    assert int(flag_values(proxy.args, "http-address")[0].rsplit(":", 1)[1]) > 1024


# ------------------------------------------------------- the harness path for a synthesized sidecar


def test_a_deployment_container_runs_as_synthesized(stack):
    # The library's own objects: the container's args, its environment from the Secret, the
    # allow-list from the instance ConfigMap mounted as a directory (a subPath would never update).
    manifests = synthesized(collaborators=[COLLABORATOR["email"]])
    spec, pod = container_config(manifests)
    files = configmap_files(manifests, spec, pod, stack.workdir)
    args = localize(spec["args"], {"http-address": f"127.0.0.1:{free_port()}", "oidc-issuer-url": stack.oidc.issuer,
                                   "upstream": stack.upstream.url, "client-id": stack.oidc.client_id}, files=files)
    assert f"--authenticated-emails-file={files['/etc/oauth2-proxy']}/allowed-identities" in args
    stack.start_proxy(args, container_env(spec, stack.secret_env()))
    assert_reached_upstream(*login(stack, OWNER)[:2], OWNER["email"])
    stack.upstream.requests.clear()
    final, hops, _ = login(stack, ADMIN)  # not in this ConfigMap
    assert_refused(stack, final, hops)
