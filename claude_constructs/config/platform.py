"""The fleet's settings: what the platform owns and no instance file may change.

An instance file is the least trusted input there is: whoever may edit one user's file must not be
able to reach into another tenant, the cluster's system namespaces or the platform's services. So
every setting that names something outside the instance's own namespace is decided here, once for
the fleet (the ``platform`` section of ``gitops.yaml``), and an instance file may only repeat it:

- the namespaces: an instance lives in ``claude-{userid}`` or in a shared namespace the fleet gives
  to its user; system, ArgoCD, database, ingress, DNS, monitoring and platform namespaces never;
- the network peers the zero-trust policy opens (DNS, the ingress controller, the OTLP collector,
  the API server) and the internet ports and API server addresses (an instance may narrow them, never
  widen them);
- the CNPG namespace and clusters a database may be created in, and where dashboards may go;
- the domains host names are made under (so no file can claim another service's host name);
- the namespace of shared MCP services (the only in-cluster services a shared URL may point at).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from claude_constructs.config import settings
from claude_constructs.config.settings import DEFAULT_BASE_DOMAIN, copy_tree

SYSTEM_NAMESPACES = frozenset({"kube-system", "kube-public", "kube-node-lease", "default"})


def _default(path: str) -> Any:
    return settings.default_at(path)


@dataclass(frozen=True, kw_only=True, slots=True)
class Peer:
    """Pods in a namespace, selected by labels (how NetworkPolicies name in-cluster peers)."""

    namespace: str
    pod_labels: Mapping[str, str]

    def values(self) -> dict:
        return {"namespace": self.namespace, "podLabels": dict(self.pod_labels)}


def _peer(path: str) -> Peer:
    value = _default(path)
    return Peer(namespace=value["namespace"], pod_labels=dict(value["podLabels"]))


@dataclass(frozen=True, kw_only=True, slots=True)
class Platform:
    """The fleet's settings (``platform`` in ``gitops.yaml``); the defaults are the library's."""

    base_domain: str = DEFAULT_BASE_DOMAIN
    host_domains: tuple[str, ...] = ()
    argocd_namespace: str = "argocd"
    database_namespace: str = _default("database.namespace")
    database_clusters: tuple[str, ...] = (_default("database.cluster"),)
    dashboard_namespace: str = ""
    monitoring_namespace: str = _default("metrics.prometheus.namespace")
    mcp_shared_namespace: str = _default("mcpServers.sharedNamespace")
    shared_namespaces: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reserved_namespaces: tuple[str, ...] = ()
    internet_ports: tuple[int, ...] = tuple(_default("networkPolicy.internetPorts"))
    dns: Peer = field(default_factory=lambda: _peer("networkPolicy.dns"))
    ingress_controller: Peer = field(default_factory=lambda: _peer("networkPolicy.ingressController"))
    otlp: Peer = field(default_factory=lambda: _peer("networkPolicy.otlp"))
    otlp_port: int = _default("networkPolicy.otlp.port")
    api_server_cidrs: tuple[str, ...] = tuple(_default("networkPolicy.apiServer.cidrs"))
    api_server_port: int = _default("networkPolicy.apiServer.port")
    # Sign-in (the oauth2-proxy in front of every instance): the cluster's OpenID Connect provider.
    issuer_url: str = ""  # empty: https://auth.{baseDomain}
    client_id: str = "claude-instances"
    auth_secret: str = "oauth2-proxy"  # in each tenant namespace, keys client-secret and cookie-secret
    identity_claim: str = "preferred_username"
    identity_template: str = "{userid}"
    admins: tuple[str, ...] = ()
    network_policy: bool = True  # the zero-trust NetworkPolicies (off only where the cluster enforces none)
    ingress_annotations: tuple[str, ...] = ()  # more Ingress annotation keys instances may set
    allow_gateway: bool = False  # whether an instance may run behind a gateway instead of the proxy
    reserved_hosts: tuple[str, ...] = ()  # host names no instance may take (the issuer's is always reserved)
    isolation: str = "standard"  # every instance's runtime when not "standard"
    egress_hosts: tuple[str, ...] | None = None  # replaces the profile's fixed hosts (egress_profile.py)
    wildcard_tls_secret: str = ""  # a Secret with a certificate for *.{baseDomain}, in every tenant namespace
    # The fleet's pins of the images the library picks, by setting ("golang": {"tag": ..., "digest": ...}).
    images: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # KEDA's HTTP add-on, where the fleet installed it (its Helm chart's names by default).
    sleep_enabled: bool = False  # the default for instances
    interceptor: Peer = field(default_factory=lambda: Peer(
        namespace="keda", pod_labels={"app.kubernetes.io/component": "interceptor", "app.kubernetes.io/part-of": "keda-add-ons-http"}))
    interceptor_service: str = "keda-add-ons-http-interceptor-proxy"
    interceptor_port: int = 8080
    scaler_address: str = "keda-add-ons-http-external-scaler.keda:9090"
    prometheus_url: str = "http://prometheus-operated.monitoring.svc:9090"

    @property
    def issuer(self) -> str:
        return self.issuer_url or f"https://auth.{self.base_domain}"

    def identity(self, userid: str) -> str:
        """The identity the provider gives the owner ``userid`` (in ``identity_claim``)."""
        return self.identity_template.replace("{userid}", userid)

    @property
    def domains(self) -> tuple[str, ...]:
        """The domains instance host names may be made under."""
        return (self.base_domain, *self.host_domains)

    def reserved(self) -> dict[str, str]:
        """Namespaces no instance may use, each with whose it is."""
        owners = {name: "reserved by the fleet ('platform.reservedNamespaces')" for name in self.reserved_namespaces}
        if self.dashboard_namespace:
            owners[self.dashboard_namespace] = "the dashboards' namespace"
        owners.update({
            self.mcp_shared_namespace: "the shared MCP services' namespace",
            self.monitoring_namespace: "the monitoring namespace",
            self.otlp.namespace: "the OTLP collector's namespace",
            self.ingress_controller.namespace: "the ingress controller's namespace",
            self.dns.namespace: "the cluster DNS namespace",
            self.database_namespace: "the database namespace",
            self.argocd_namespace: "ArgoCD's namespace",
            self.interceptor.namespace: "KEDA's namespace",
        })
        owners.update({name: "a system namespace" for name in SYSTEM_NAMESPACES})
        return owners

    def namespace_problem(self, namespace: str, userid: str) -> str | None:
        """Why ``namespace`` cannot hold an instance of ``userid`` (a sentence), or None."""
        own = f"claude-{userid}"
        reserved = self.reserved()
        if namespace in reserved or namespace.startswith("kube-"):
            where = reserved.get(namespace, "a system namespace")
            if namespace == own:
                return f"{where}, where no instance may live: this user id cannot own instances; choose another 'userid'"
            return f"{where}, where no instance may live; an instance lives in its user's namespace {own!r} (remove 'namespace')"
        if namespace == own or userid in self.shared_namespaces.get(namespace, ()):
            return None
        if namespace in self.shared_namespaces:
            return (f"a shared namespace the fleet does not give to user {userid!r}: add the user to "
                    f"'platform.sharedNamespaces.{namespace}' in gitops.yaml, or remove 'namespace'")
        return (f"not the namespace of user {userid!r}, which is {own!r}: remove 'namespace', or declare a shared "
                "namespace for the user in gitops.yaml ('platform.sharedNamespaces')")

    def owned_values(self) -> dict[str, Any]:
        """The instance-file settings the fleet owns, by config path, with the fleet's values."""
        return {
            "database.namespace": self.database_namespace,
            "mcpServers.sharedNamespace": self.mcp_shared_namespace,
            "networkPolicy.dns": self.dns.values(),
            "networkPolicy.ingressController": self.ingress_controller.values(),
            "networkPolicy.otlp.namespace": self.otlp.namespace,
            "networkPolicy.otlp.podLabels": dict(self.otlp.pod_labels),
            "networkPolicy.otlp.port": self.otlp_port,
            "networkPolicy.apiServer.port": self.api_server_port,
            # The zero-trust policy is the fleet's: without it, pods reach the agent without signing in.
            "networkPolicy.enabled": self.network_policy,
            # The sign-in proxy holds the fleet's OIDC client secret and cookie secret.
            "access.image": self.proxy_image(),
        }

    def proxy_image(self) -> dict:
        image = dict(_default("access.image"))
        image.update(self.images.get("authProxy", {}))
        return image

    @property
    def hosts_reserved(self) -> tuple[str, ...]:
        """Host names no instance may take: the sign-in provider's, and the fleet's own list."""
        from urllib.parse import urlsplit

        return tuple(sorted({urlsplit(self.issuer).hostname or "", *self.reserved_hosts} - {""}))

    def defaults(self) -> dict:
        """The instance file's defaults with the fleet's values in place."""
        tree = copy_tree(settings.DEFAULTS)
        for path, value in self.owned_values().items():
            *parents, last = path.split(".")
            node = tree
            for key in parents:
                node = node[key]
            node[last] = copy_tree(value)
        for setting, pin in self.images.items():
            if setting == "authProxy":
                continue  # the proxy image is owned above
            node = tree
            for key in IMAGE_SETTINGS[setting].split("."):
                node = node[key]
            node.update(pin)
        tree["baseDomain"] = self.base_domain
        tree["isolation"] = self.isolation
        tree["sleep"]["enabled"] = self.sleep_enabled
        tree["networkPolicy"]["apiServer"]["cidrs"] = list(self.api_server_cidrs)
        tree["database"]["cluster"] = self.database_clusters[0]
        tree["networkPolicy"]["internetPorts"] = list(self.internet_ports)
        tree["metrics"]["prometheus"]["namespace"] = self.monitoring_namespace
        return tree


DEFAULT_PLATFORM = Platform()


def is_identity(value: Any) -> bool:
    """A user name, subject or e-mail address as an OpenID Connect claim gives it: letters, digits
    and ``. _ @ + - ~ :`` only (the allow-list is one identity per line; quotes, commas and spaces
    would change how oauth2-proxy reads it)."""
    import re

    return isinstance(value, str) and 0 < len(value) <= 254 and re.fullmatch(r"[A-Za-z0-9._@+~:-]+", value) is not None


PLATFORM_KEYS = {
    "baseDomain": "the domain instance host names are made under",
    "hostDomains": "more domains an instance's 'ingress.hostname' may be under",
    "databaseNamespace": "the namespace of the CNPG clusters",
    "databaseClusters": "the CNPG clusters instances may create databases in (the first is the default)",
    "dashboardNamespace": "a namespace instances may write their Grafana dashboards into",
    "monitoringNamespace": "Prometheus' namespace",
    "mcpSharedNamespace": "the namespace of shared MCP services",
    "sharedNamespaces": "namespaces shared by several users: {namespace: [userid, ...]}",
    "reservedNamespaces": "more namespaces no instance may use",
    "internetPorts": "the ports instances may reach on the public internet",
    "dns": "the cluster DNS pods: {namespace, podLabels}",
    "ingressController": "the ingress controller's pods: {namespace, podLabels}",
    "otlp": "the OTLP collector's pods: {namespace, podLabels, port}",
    "apiServer": "the API server's addresses: {cidrs, port}",
    "access": "sign-in: {issuerURL, clientID, secretName, identityClaim, identityTemplate, admins}",
    "isolation": "the runtime of every instance: standard, gvisor, kata or a RuntimeClass name",
    "sleep": "KEDA's HTTP add-on: {enabled (the instances' default), interceptor: {namespace, podLabels, service, port}, scalerAddress, prometheusURL}",
    "networkPolicy": "false only on a cluster that enforces no NetworkPolicy: instances then get none",
    "ingressAnnotations": "more Ingress annotation keys an instance file may set, beyond timeouts, body size, redirects and the issuer",
    "images": "the fleet's pins of the images the library picks: {claude: {tag, digest}, golang: ..., ...}",
    "egressHosts": "the hosts every instance may reach with Cilium, instead of the built-in profile's fixed part",
    "wildcardTlsSecret": "a Secret holding a certificate for *.{baseDomain} in every tenant namespace, used instead of one certificate per instance",
}
# The images the library picks, by the name a fleet pins them under, with the setting that holds them.
IMAGE_SETTINGS = {
    "claude": "image", "golang": "golang", "typescript": "typescript", "postgres": "postgres", "ansible": "ansible",
    "hasura": "graphql.hasura", "context7": "mcpServers.context7", "playwrightBrowser": "mcpServers.playwrightBrowser",
    "dockerhubMcp": "mcpServers.dockerhubMcp", "gitClone": "gitClone.image", "ssh": "ssh.image", "backup": "backup.image",
    "authProxy": "access.image",
}
ACCESS_KEYS = ("issuerURL", "clientID", "secretName", "identityClaim", "identityTemplate", "admins", "allowGateway",
               "reservedHosts")
# Claims a provider sets and users cannot edit themselves (a display name, "name", they often can).
IDENTITY_CLAIMS = ("preferred_username", "email", "sub")


def load_platform(values: Any, *, argocd_namespace: str = "argocd") -> tuple[Platform, list[tuple[str, str]]]:
    """The ``platform`` section of gitops.yaml; the problems as (path, message), paths under 'platform'."""
    import ipaddress

    from claude_constructs.config import checks

    problems: list[tuple[str, str]] = []
    if values is None:
        return Platform(argocd_namespace=argocd_namespace), problems
    if not isinstance(values, Mapping):
        return Platform(argocd_namespace=argocd_namespace), [("platform", "must be a mapping of the fleet's settings")]

    def fail(key: str, message: str) -> None:
        problems.append((f"platform.{key}", message))

    def namespace(key: str, value: Any) -> bool:
        if not isinstance(value, str) or not checks.DNS1123_LABEL.match(value) or len(value) > 63:
            fail(key, f"must be a namespace name (a DNS-1123 label), got {value!r}")
            return False
        return True

    def names(key: str, value: Any, check) -> tuple:
        if not isinstance(value, list):
            fail(key, f"must be a list, got {value!r}")
            return ()
        return tuple(item for index, item in enumerate(value) if check(f"{key}[{index}]", item))

    def peer(key: str, value: Any, with_port: bool = False) -> tuple[Peer, int] | None:
        allowed = {"namespace", "podLabels"} | ({"port"} if with_port else set())
        if not isinstance(value, Mapping) or not {"namespace", "podLabels"} <= set(value) or set(value) - allowed:
            fail(key, f"must be a mapping with {', '.join(sorted(allowed))}, got {value!r}")
            return None
        labels = value["podLabels"]
        if not isinstance(labels, Mapping) or not labels or not all(
            isinstance(k, str) and isinstance(v, str) and checks.is_label_key(k) and checks.is_label_value(v)
            for k, v in labels.items()
        ):
            fail(f"{key}.podLabels", f"must be a non-empty mapping of label keys to label values, got {labels!r}")
            return None
        port = value.get("port", 0)
        if with_port and (isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535):
            fail(f"{key}.port", f"must be a port from 1 to 65535, got {port!r}")
            return None
        if not namespace(f"{key}.namespace", value["namespace"]):
            return None
        return Peer(namespace=value["namespace"], pod_labels=dict(sorted(labels.items()))), port

    def domain(key: str, value: Any) -> bool:
        if not isinstance(value, str) or not checks.is_hostname(value) or "." not in value:
            fail(key, f"must be a DNS domain such as 'dev.example.com', got {value!r}")
            return False
        return True

    def port(key: str, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
            fail(key, f"must be a port from 1 to 65535, got {value!r}")
            return False
        return True

    def boolean(key: str, value: Any, attribute: str) -> None:
        if isinstance(value, bool):
            settings[attribute] = value
        else:
            fail(key, f"must be true or false, got {value!r}")

    def cidr(key: str, value: Any) -> bool:
        try:
            ipaddress.ip_network(value)
        except (TypeError, ValueError):
            fail(key, f"must be a CIDR such as '10.96.0.1/32', got {value!r}")
            return False
        return True

    settings: dict[str, Any] = {"argocd_namespace": argocd_namespace}
    for key, value in values.items():
        if key not in PLATFORM_KEYS:
            fail(str(key), f"is not a known setting: {checks.did_you_mean(key, PLATFORM_KEYS)}")
        elif key == "baseDomain" and domain(key, value):
            settings["base_domain"] = value
        elif key == "hostDomains":
            settings["host_domains"] = names(key, value, domain)
        elif key in ("databaseNamespace", "dashboardNamespace", "monitoringNamespace", "mcpSharedNamespace"):
            if (key == "dashboardNamespace" and value == "") or namespace(key, value):
                settings[{"databaseNamespace": "database_namespace", "dashboardNamespace": "dashboard_namespace",
                          "monitoringNamespace": "monitoring_namespace", "mcpSharedNamespace": "mcp_shared_namespace"}[key]] = value
        elif key == "databaseClusters":
            clusters = names(key, value, namespace)
            if clusters:
                settings["database_clusters"] = clusters
            elif not problems:
                fail(key, "is empty: name at least one CNPG cluster")
        elif key == "reservedNamespaces":
            settings["reserved_namespaces"] = names(key, value, namespace)
        elif key == "internetPorts":
            settings["internet_ports"] = tuple(sorted(set(names(key, value, port))))
        elif key == "sharedNamespaces":
            if not isinstance(value, Mapping):
                fail(key, "must be a mapping {namespace: [userid, ...]}")
                continue
            shared = {}
            for name, users in value.items():
                if namespace(f"{key}.{name}", name):
                    shared[name] = names(f"{key}.{name}", users, lambda k, v: isinstance(v, str) and checks.DNS1123_LABEL.match(v)
                                         or fail(k, f"must be a user id, got {v!r}"))
            settings["shared_namespaces"] = dict(sorted(shared.items()))
        elif key in ("dns", "ingressController") and (result := peer(key, value)):
            settings["dns" if key == "dns" else "ingress_controller"] = result[0]
        elif key == "otlp" and (result := peer(key, value, with_port=True)):
            settings["otlp"], settings["otlp_port"] = result[0], result[1] or 4318
        elif key == "access":
            if not isinstance(value, Mapping) or set(value) - set(ACCESS_KEYS):
                fail(key, f"must be a mapping with some of {', '.join(ACCESS_KEYS)}, got {value!r}")
                continue
            issuer = value.get("issuerURL", "")
            if issuer and (not isinstance(issuer, str) or not issuer.startswith("https://") or any(c.isspace() for c in issuer)):
                fail(f"{key}.issuerURL", f"must be the https:// URL of the OpenID Connect provider, got {issuer!r}")
            else:
                settings["issuer_url"] = issuer
            for name, attribute in (("clientID", "client_id"), ("secretName", "auth_secret")):
                if name in value:
                    if isinstance(value[name], str) and checks.DNS1123_SUBDOMAIN.match(value[name]):
                        settings[attribute] = value[name]
                    else:
                        fail(f"{key}.{name}", f"must be a name (lowercase letters, digits, '-', '.'), got {value[name]!r}")
            claim = value.get("identityClaim", "preferred_username")
            if claim not in IDENTITY_CLAIMS:
                fail(f"{key}.identityClaim", f"must be one of {', '.join(IDENTITY_CLAIMS)}, got {claim!r}")
            else:
                settings["identity_claim"] = claim
            template = value.get("identityTemplate", "{userid}")
            if not isinstance(template, str) or "{userid}" not in template or not is_identity(template.replace("{userid}", "x")):
                fail(f"{key}.identityTemplate", f"must contain '{{userid}}', such as '{{userid}}@example.com', got {template!r}")
            else:
                settings["identity_template"] = template
            if "allowGateway" in value:
                boolean(f"{key}.allowGateway", value["allowGateway"], "allow_gateway")
            if "reservedHosts" in value:
                settings["reserved_hosts"] = names(f"{key}.reservedHosts", value["reservedHosts"],
                                                   lambda k, v: isinstance(v, str) and checks.is_hostname(v) or fail(k, f"must be a host name, got {v!r}"))
            if "admins" in value:
                settings["admins"] = names(f"{key}.admins", value["admins"],
                                           lambda k, v: is_identity(v) or fail(k, f"must be an identity such as 'ada' or 'ada@example.com', got {v!r}"))
        elif key == "egressHosts":
            settings["egress_hosts"] = names(key, value, lambda k, v: isinstance(v, str) and checks.is_hostname(v.removeprefix("*."))
                                             or fail(k, f"must be a host name such as 'github.com' or '*.github.com', got {v!r}"))
        elif key == "wildcardTlsSecret":
            if isinstance(value, str) and (value == "" or checks.DNS1123_SUBDOMAIN.match(value)):
                settings["wildcard_tls_secret"] = value
            else:
                fail(key, f"must be the name of a Secret, got {value!r}")
        elif key == "sleep":
            allowed = {"enabled", "interceptor", "scalerAddress", "prometheusURL"}
            if not isinstance(value, Mapping) or set(value) - allowed:
                fail(key, f"must be a mapping with some of {', '.join(sorted(allowed))}, got {value!r}")
                continue
            if "enabled" in value:
                boolean(f"{key}.enabled", value["enabled"], "sleep_enabled")
            if "interceptor" in value:
                interceptor = value["interceptor"]
                if isinstance(interceptor, Mapping) and set(interceptor) <= {"namespace", "podLabels", "service", "port"}:
                    if result := peer(f"{key}.interceptor", {k: v for k, v in interceptor.items() if k in ("namespace", "podLabels")}):
                        settings["interceptor"] = result[0]
                    if "service" in interceptor:
                        if isinstance(interceptor["service"], str) and checks.DNS1123_LABEL.match(interceptor["service"]):
                            settings["interceptor_service"] = interceptor["service"]
                        else:
                            fail(f"{key}.interceptor.service", f"must be a Service name, got {interceptor['service']!r}")
                    if "port" in interceptor and port(f"{key}.interceptor.port", interceptor["port"]):
                        settings["interceptor_port"] = interceptor["port"]
                else:
                    fail(f"{key}.interceptor", "must be a mapping with namespace, podLabels, service and port")
            for name, attribute in (("scalerAddress", "scaler_address"), ("prometheusURL", "prometheus_url")):
                if name in value:
                    if isinstance(value[name], str) and value[name] and not any(c.isspace() for c in value[name]):
                        settings[attribute] = value[name]
                    else:
                        fail(f"{key}.{name}", f"must be an address without spaces, got {value[name]!r}")
        elif key == "ingressAnnotations":
            settings["ingress_annotations"] = names(key, value, lambda k, v: isinstance(v, str) and checks.is_label_key(v)
                                                    or fail(k, f"must be an annotation key, got {v!r}"))
        elif key == "networkPolicy":
            boolean(key, value, "network_policy")
        elif key == "images":
            if not isinstance(value, Mapping):
                fail(key, "must be a mapping {image: {tag, digest}}")
                continue
            pins = {}
            for name, pin in value.items():
                if name not in IMAGE_SETTINGS:
                    fail(f"{key}.{name}", f"is not an image the library picks: known are {', '.join(IMAGE_SETTINGS)}")
                elif not isinstance(pin, Mapping) or not pin or set(pin) - {"tag", "digest"} or not all(isinstance(v, str) for v in pin.values()):
                    fail(f"{key}.{name}", f"must be a mapping with a tag and/or a digest, got {pin!r}")
                elif bad := checks.image_problem("image", pin.get("tag", "latest"), pin.get("digest", "")):
                    fail(f"{key}.{name}.{bad[0]}", f"is {pin[bad[0]]!r}, which is not a valid image {bad[0]}: {bad[1]}")
                else:
                    pins[name] = dict(pin)
            settings["images"] = dict(sorted(pins.items()))
        elif key == "isolation":
            if isinstance(value, str) and (value in ("standard", "gvisor", "kata") or checks.DNS1123_SUBDOMAIN.match(value)):
                settings["isolation"] = value
            else:
                fail(key, f"must be standard, gvisor, kata or the name of a RuntimeClass, got {value!r}")
        elif key == "apiServer":
            if not isinstance(value, Mapping) or set(value) - {"cidrs", "port"}:
                fail(key, f"must be a mapping with cidrs and port, got {value!r}")
                continue
            if "cidrs" in value:
                settings["api_server_cidrs"] = names(f"{key}.cidrs", value["cidrs"], cidr)
            if "port" in value and port(f"{key}.port", value["port"]):
                settings["api_server_port"] = value["port"]
    platform = Platform(**settings)
    for name in platform.shared_namespaces:
        if name in platform.reserved() or name.startswith(("kube-", "claude-")):
            fail(f"sharedNamespaces.{name}", "is a reserved or per-user namespace ('claude-<userid>'): choose another name")
    return platform, problems
