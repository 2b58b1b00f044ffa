"""Configuration: defaults, the chart's values shape, and one error test per validation rule."""

from __future__ import annotations

import dataclasses

import pytest

from claude_constructs.config.platform import Platform
import yaml

from claude_constructs.config.loader import ConfigError, derive_instance_name, instance_problems, load_instance, load_instance_file

from .conftest import EXAMPLES


def test_defaults_are_the_seed_readmes_defaults():
    config = load_instance()
    assert config.name == "a1b2c3d4"
    assert config.description == "Backend API development"
    assert config.userid == "user123"
    assert config.namespace == "claude-user123"
    assert config.ingress.hostname == "a1b2c3d4.dev.robotinfra.com"
    assert config.ingress.class_name == "nginx"
    assert (config.features.golang, config.features.typescript, config.features.graphql) == (True, True, False)
    assert [s.key for s in config.mcp_servers if s.sidecar] == ["context7", "playwrightBrowser", "dockerhubMcp"]
    assert config.storage.workspace.size == "10Gi" and config.storage.home.size == "1Gi"
    assert (config.storage.tmp_size, config.storage.cache_size, config.storage.npm_cache_size) == ("10Gi", "5Gi", "1Gi")
    assert config.resources.requests == {"memory": "512Mi", "cpu": "250m", "ephemeral-storage": "256Mi"}
    assert config.resources.limits == {"memory": "2Gi", "cpu": "1000m", "ephemeral-storage": "2Gi"}
    assert config.database.enabled is False and config.database.namespace == "database"
    assert config.database.cluster == "postgresql" and config.database.reclaim_policy == "delete"


def test_default_postgres_feature_is_off_so_the_defaults_work():
    """The seed README has features.postgres on and database.enabled off: a pod waiting forever for
    a database Secret. The defaults resolve it by leaving the Postgres feature off."""
    config = load_instance()
    assert config.features.postgres is False
    assert config.has_database is False


def test_config_is_immutable():
    config = load_instance()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.name = "other"  # type: ignore[misc]


def test_instance_name_is_sha256_of_description_first_12_hex():
    # sha256("Backend API development"), computed independently with `printf %s ... | sha256sum`.
    assert derive_instance_name("Backend API development") == "58c6269441a9"


def test_editing_the_description_never_renames_the_instance():
    before = load_instance({"instanceName": "a1b2c3d4", "instanceDescription": "Backend API development"})
    after = load_instance({"instanceName": "a1b2c3d4", "instanceDescription": "Backend API development, v2"})
    assert before.name == after.name == "a1b2c3d4"
    assert after.ingress.hostname == before.ingress.hostname


def test_instance_file_without_a_name_is_refused_with_the_derived_name_as_the_fix(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("instanceDescription: Backend API development\nuserid: bob\n")
    with pytest.raises(ConfigError) as error:
        load_instance_file(path)
    assert error.value.paths == ("instanceName",)
    assert derive_instance_name("Backend API development") in str(error.value)
    assert str(path) in str(error.value)


def test_numeric_userid_is_data_not_a_schema_error():
    config = load_instance({"userid": 12345})
    assert config.userid == "12345"
    assert config.namespace == "claude-12345"


def test_descriptions_with_yaml_syntax_are_kept_verbatim():
    for text in ["key: value: more", "# starts like a comment", "quotes ' and \" and\nnewlines", "ünïcödé ✓"]:
        assert load_instance({"instanceDescription": text}).description == text


def test_base_domain_sets_the_default_hostname():
    config = load_instance({"instanceName": "abc", "baseDomain": "agents.example.com"},
                           platform=Platform(host_domains=("agents.example.com",)))
    assert config.ingress.hostname == "abc.agents.example.com"


def test_ephemeral_storage_accepts_the_kubernetes_spelling():
    config = load_instance({"resources": {"limits": {"ephemeral-storage": "3Gi"}}})
    assert config.resources.limits["ephemeral-storage"] == "3Gi"


def test_tool_resources_with_requests_only_keep_default_limits():
    config = load_instance({"golang": {"resources": {"requests": {"memory": "256Mi"}}}})
    assert config.golang.resources.requests["memory"] == "256Mi"
    assert config.golang.resources.limits["memory"] == "1Gi"


def test_the_charts_values_yaml_loads_except_the_broken_postgres_default():
    """Every key of the original chart's values.yaml is understood; the only problem reported is
    the combination that cannot work (a Postgres client without any database)."""
    values = yaml.safe_load((EXAMPLES.parent / "tests" / "data" / "helm-values.yaml").read_text())
    problems = instance_problems(values)
    assert [p.path for p in problems] == ["features.postgres"]
    values["database"]["enabled"] = True
    config = load_instance(values, require_name=True)
    assert config.database.owner == "claude" and not config.database.creates_owner_role
    assert config.storage.workspace.storage_class == "longhorn"


def test_seed_all_features_example_unchanged_is_refused_clearly():
    values = yaml.safe_load((EXAMPLES / "all-features.yaml").read_text())
    del values["database"]
    with pytest.raises(ConfigError) as error:
        load_instance(values)
    assert error.value.paths == ("features.postgres",)
    assert "database.enabled: true" in str(error.value)


def test_every_example_file_loads():
    for path in EXAMPLES.glob("*.yaml"):
        load_instance_file(path)


def test_all_problems_are_reported_at_once():
    problems = instance_problems({"instanceName": "Bad_Name", "userid": "Bob", "features": {"golang": "yes"}})
    assert {p.path for p in problems} >= {"features.golang"}
    problems = instance_problems({"instanceName": "Bad_Name", "userid": "Bob"})
    assert {p.path for p in problems} == {"instanceName", "userid"}


# Every validation rule: (values, the config path named, a fragment of the fix).
INVALID = [
    pytest.param("not a mapping", "", "must be a mapping", id="document-not-mapping"),
    pytest.param({"instanceNme": "x"}, "instanceNme", "did you mean 'instanceName'", id="unknown-key-did-you-mean"),
    pytest.param({"features": {"golan": True}}, "features.golan", "did you mean 'golang'", id="unknown-nested-key"),
    pytest.param({"features": {"golang": "yes"}}, "features.golang", "true or false", id="bool-type"),
    pytest.param({"features": "all"}, "features", "must be a mapping", id="mapping-type"),
    pytest.param({"replicaCount": "1"}, "replicaCount", "whole number", id="int-type"),
    pytest.param({"instanceDescription": ["a"]}, "instanceDescription", "must be a string", id="string-type"),
    pytest.param({"networkPolicy": {"allowedEgressHosts": "github.com"}}, "networkPolicy.allowedEgressHosts", "must be a list", id="list-type"),
    pytest.param({"image": {"tag": None}}, "image.tag", "is null", id="null-value"),
    pytest.param({"instanceName": "Bad_Name"}, "instanceName", "DNS-1123 label", id="name-not-dns-label"),
    pytest.param({"instanceName": "a" * 54}, "instanceName", "at most 53", id="name-too-long-once-suffixed"),
    pytest.param({"instanceName": "argocd"}, "instanceName", "reserved", id="reserved-name"),
    pytest.param({"instanceName": "tenant-x"}, "instanceName", "reserved", id="reserved-prefix"),
    pytest.param({"configMap": {"systemPrompt": "bell\x07"}}, "configMap.systemPrompt", "U+0007", id="control-character"),
    pytest.param({"instanceDescription": "del\x7f"}, "instanceDescription", "U+007F", id="delete-character"),
    pytest.param({"env": {"NOTE": "a\u2028b"}}, "env.NOTE", "U+2028", id="line-separator"),
    pytest.param({"instanceDescription": "  "}, "instanceDescription", "is empty", id="empty-description"),
    pytest.param({"instanceDescription": "x" * 5000}, "instanceDescription", "at most 4096", id="description-too-long"),
    pytest.param({"userid": "Bob"}, "userid", "lowercase", id="userid-uppercase"),
    pytest.param({"userid": "a" * 60}, "userid", "at most 56", id="userid-too-long"),
    pytest.param({"namespace": "-bad"}, "namespace", "DNS-1123 label", id="namespace-invalid"),
    pytest.param({"baseDomain": "not a domain"}, "baseDomain", "DNS domain", id="base-domain"),
    pytest.param({"replicaCount": 2}, "replicaCount", "must be 1", id="replicas"),
    pytest.param({"image": {"repository": ""}}, "image.repository", "image repository", id="image-repository"),
    pytest.param({"image": {"tag": "a b"}}, "image.tag", "image tag", id="image-tag"),
    pytest.param({"image": {"digest": "sha256:abc"}}, "image.digest", "64 hex", id="image-digest"),
    pytest.param({"image": {"pullPolicy": "Sometimes"}}, "image.pullPolicy", "IfNotPresent", id="pull-policy"),
    pytest.param({"storage": {"workspace": {"size": "ten"}}}, "storage.workspace.size", "quantity", id="malformed-quantity"),
    pytest.param({"storage": {"workspace": {"size": "0Gi"}}}, "storage.workspace.size", "greater than zero", id="zero-size"),
    pytest.param({"storage": {"workspace": {"size": "-1Gi"}}}, "storage.workspace.size", "quantity", id="negative-size"),
    pytest.param({"storage": {"tmp": {"size": "0"}}}, "storage.tmp.size", "greater than zero", id="zero-emptydir"),
    pytest.param({"storage": {"home": {"accessMode": "ReadOnlyMany"}}}, "storage.home.accessMode", "ReadWriteOnce", id="access-mode"),
    pytest.param({"storage": {"home": {"storageClass": "Fast SSD"}}}, "storage.home.storageClass", "StorageClass", id="storage-class"),
    pytest.param({"resources": {"limits": {"memory": "512m"}}}, "resources.limits.memory", "did you mean '512Mi'", id="milli-bytes"),
    pytest.param({"storage": {"workspace": {"size": 10}}}, "storage.workspace.size", "did you mean '10Mi' or '10Gi'", id="bytes-not-gibibytes"),
    pytest.param({"resources": {"requests": {"cpu": "2"}}}, "resources.requests.cpu", "more than its limit", id="request-over-limit"),
    pytest.param({"golang": {"resources": {"limits": {"cpu": "x"}}}}, "golang.resources.limits.cpu", "quantity", id="tool-quantity"),
    pytest.param({"githubToken": {"secretName": "Not Valid"}}, "githubToken.secretName", "name of a Secret", id="secret-name"),
    pytest.param({"githubToken": {"secretKey": "a/b"}}, "githubToken.secretKey", "key of a Secret", id="secret-key"),
    pytest.param({"env": {"1BAD": "x"}}, "env.1BAD", "environment variable name", id="env-name"),
    pytest.param({"env": {"HOME": "/root"}}, "env.HOME", "reserved", id="env-reserved"),
    pytest.param({"env": {"FLAG": True}}, "env.FLAG", "must be a string", id="env-bool"),
    pytest.param({"env": {"OPENAI_API_KEY": "abc"}}, "env.OPENAI_API_KEY", "secretEnv.OPENAI_API_KEY", id="env-plain-credential"),
    pytest.param({"secretEnv": {"X": "plain"}}, "secretEnv.X", "secretName' and 'secretKey'", id="secret-env-shape"),
    pytest.param({"secretEnv": {"X": {"secretName": "", "secretKey": "k"}}}, "secretEnv.X.secretName", "is empty", id="secret-env-empty"),
    pytest.param({"env": {"NOTE": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"}}, "env.NOTE", "inline credentials", id="github-token-literal"),
    pytest.param({"ssh": {"privateKey": "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----"}},
                 "ssh.privateKey", "inline credentials", id="inline-private-key"),
    pytest.param({"kubeconfigs": {"clusters": {"cc": "apiVersion: v1\nkind: Config"}}}, "kubeconfigs", "kubeconfig.secretName", id="inline-kubeconfigs"),
    pytest.param({"kubeconfig": {"secretName": "kc", "secretKey": "client-key-data: abc"}}, "kubeconfig.secretKey", "inline credentials", id="kubeconfig-material"),
    pytest.param({"ssh": {"privateKey": {"secretName": ""}}}, "ssh.privateKey.secretName", "ssh.enabled: false", id="ssh-without-secret"),
    pytest.param({"ssh": {"knownHosts": {"custom": ["github.com"]}}}, "ssh.knownHosts.custom[0]", "known_hosts line", id="known-hosts-line"),
    pytest.param({"ssh": {"knownHosts": {"custom": [42]}}}, "ssh.knownHosts.custom[0]", "must be a string", id="known-hosts-type"),
    pytest.param({"gitConfig": {"userName": "a\nb"}}, "gitConfig.userName", "one non-empty line", id="gitconfig-newline"),
    pytest.param({"gitClone": {"repository": "https://x.test/r.git; rm -rf /"}}, "gitClone.repository", "shell characters", id="clone-url"),
    pytest.param({"gitClone": {"branch": "-x"}}, "gitClone.branch", "branch name", id="clone-branch"),
    pytest.param({"gitClone": {"repository": "git@github.com:a/b.git"}, "ssh": {"enabled": False}}, "gitClone.repository", "enable ssh", id="clone-ssh-without-ssh"),
    pytest.param({"service": {"type": "LoadBalancer"}}, "service.type", "ClusterIP", id="service-type"),
    pytest.param({"service": {"port": 0}}, "service.port", "1 to 65535", id="service-port"),
    pytest.param({"service": {"mcpPort": 8080}}, "service.mcpPort", "same as 'service.port'", id="service-port-clash"),
    pytest.param({"ingress": {"hostname": "no spaces allowed"}}, "ingress.hostname", "DNS host name", id="hostname"),
    pytest.param({"ingress": {"className": "Nginx!"}}, "ingress.className", "IngressClass", id="ingress-class"),
    pytest.param({"ingress": {"annotations": {"bad key!": "x"}}}, "ingress.annotations.bad key!", "annotation key", id="annotation-key"),
    pytest.param({"ingress": {"annotations": {"a/b": 1}}}, "ingress.annotations.a/b", "quote it", id="annotation-value"),
    pytest.param({"features": {"postgres": True}}, "features.postgres", "needs a database", id="postgres-without-database"),
    pytest.param({"features": {"graphql": True}}, "features.graphql", "needs a database", id="graphql-without-database"),
    pytest.param({"database": {"reclaimPolicy": "keep"}}, "database.reclaimPolicy", "'delete' or 'retain'", id="reclaim-policy"),
    pytest.param({"database": {"name": "1-bad name"}}, "database.name", "PostgreSQL name", id="database-name"),
    pytest.param({"database": {"owner": "bad owner"}}, "database.owner", "role name", id="database-owner"),
    pytest.param({"database": {"instance": 2}}, "database.instance", "no such field", id="database-instance-field"),
    pytest.param({"database": {"cluster": "Pg"}}, "database.cluster", "DNS-1123", id="database-cluster"),
    pytest.param({"database": {"enabled": True, "namespace": "claude-user123"}}, "database.namespace", "the fleet's setting", id="database-same-namespace"),
    pytest.param({"configMap": {"systemPrompt": "x" * (600 * 1024)}}, "configMap.systemPrompt", "512 KiB", id="prompt-too-large"),
    pytest.param({"serviceAccount": {"automountToken": True}}, "serviceAccount.automountToken", "projected", id="legacy-automount"),
    pytest.param({"serviceAccount": {"create": False}}, "serviceAccount.create", "rbac.create", id="rbac-without-account"),
    pytest.param({"rbac": {"rules": []}}, "rbac.rules", "non-empty list", id="rbac-empty"),
    pytest.param({"rbac": {"rules": [{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["get"]}]}}, "rbac.rules[0].apiGroups", "'*'", id="rbac-wildcard-group"),
    pytest.param({"rbac": {"rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["*"]}]}}, "rbac.rules[0].verbs", "may only read", id="rbac-wildcard-verb"),
    pytest.param({"rbac": {"rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["create"]}]}}, "rbac.rules[0].verbs", "may only read", id="rbac-write-verb"),
    pytest.param({"rbac": {"rules": [{"apiGroups": ["cilium.io"], "resources": ["ciliumnetworkpolicies"], "verbs": ["get"]}]}}, "rbac.rules[0].resources", "narrower", id="rbac-cilium-policies"),
    pytest.param({"ingress": {"annotations": {"nginx.ingress.kubernetes.io/server-alias": "grafana.example.com"}}}, "ingress.annotations.nginx.ingress.kubernetes.io/server-alias", "ingressAnnotations", id="ingress-server-alias"),
    pytest.param({"networkPolicy": {"allowedEgressHosts": ["*.com"]}}, "networkPolicy.allowedEgressHosts[0]", "public host", id="egress-host-tld-wildcard"),
    pytest.param({"networkPolicy": {"allowedEgressHosts": ["kubernetes.default.svc.cluster.local"]}}, "networkPolicy.allowedEgressHosts[0]", "public host", id="egress-host-in-cluster"),
    pytest.param({"mcpServers": {"context7": {"mode": "shared", "url": "http://tempo.claude.svc.cluster.local:9/mcp"}}}, "mcpServers.context7.url", "context7-mcp", id="shared-url-other-service"),
    pytest.param({"rbac": {"rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}]}}, "rbac.rules[0].resources", "Secrets", id="rbac-secrets"),
    pytest.param({"rbac": {"rules": [{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}]}}, "rbac.rules[0].resources", "exec", id="rbac-exec"),
    pytest.param({"rbac": {"rules": [{"apiGroups": [""], "resources": ["pods"]}]}}, "rbac.rules[0].verbs", "is missing", id="rbac-missing-verbs"),
    pytest.param({"rbac": {"rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"], "nonResourceURLs": ["/"]}]}},
                 "rbac.rules[0].nonResourceURLs", "known rule field", id="rbac-unknown-field"),
    pytest.param({"networkPolicy": {"allowedEgressHosts": ["not a host"]}}, "networkPolicy.allowedEgressHosts[0]", "host name", id="egress-host"),
    pytest.param({"networkPolicy": {"internetPorts": [0]}}, "networkPolicy.internetPorts[0]", "1 to 65535", id="internet-port"),
    pytest.param({"networkPolicy": {"apiServer": {"cidrs": ["10.0.0.300/32"]}}}, "networkPolicy.apiServer.cidrs[0]", "CIDR", id="api-cidr"),
    pytest.param({"networkPolicy": {"dns": {"podLabels": {"k8s-app": "kube dns"}}}}, "networkPolicy.dns", "the fleet's setting", id="peer-label"),
    pytest.param({"networkPolicy": {"otlp": {"port": 4319}}}, "networkPolicy.otlp.port", "the fleet's setting", id="otlp-port"),
    pytest.param({"networkPolicy": {"otlp": {"port": 70000}}}, "networkPolicy.otlp.port", "must be a port from 1 to 65535, got 70000", id="otlp-port-range"),
    pytest.param({"metrics": {"prometheus": {"podLabels": {"app": "a b"}}}}, "metrics.prometheus.podLabels.app", "label value", id="peer-label-value"),
    pytest.param({"mcpServers": {"context7": {"mode": "remote"}}}, "mcpServers.context7.mode", "'sidecar'", id="mcp-mode"),
    pytest.param({"mcpServers": {"context7": {"port": 81}}}, "mcpServers.context7.port", "below 1024", id="privileged-port"),
    pytest.param({"mcpServers": {"context7": {"url": "ftp://x"}}}, "mcpServers.context7.url", "http(s) URL", id="mcp-url"),
    pytest.param({"mcpServers": {"dockerhubMcp": {"port": 8101}}}, "mcpServers.dockerhubMcp.port", "container 'context7-mcp' already", id="port-collision"),
    pytest.param({"features": {"graphql": True}, "database": {"enabled": True}, "graphql": {"hasura": {"port": 8080}}},
                 "graphql.hasura.port", "'claude-web' already listens on 8080", id="hasura-port-collision"),
    pytest.param({"typescript": {"port": 8002}}, "typescript.port", "'golang-tool' already", id="tool-port-collision"),
    pytest.param({"database": {"existingSecret": "Bad Secret"}}, "database.existingSecret", "name of a Secret", id="existing-secret-name"),
    pytest.param({"serviceAccount": {"name": "Agent"}}, "serviceAccount.name", "DNS-1123 label", id="service-account-name"),
    pytest.param({"mcpServers": {"sharedNamespace": "other"}}, "mcpServers.sharedNamespace", "the fleet's setting", id="shared-namespace"),
    pytest.param({"mcpServers": {"sharedNamespace": "Claude"}}, "mcpServers.sharedNamespace", "DNS-1123 label", id="shared-namespace-label"),
    pytest.param({"mcpServers": {"context7": {"mode": "shared", "url": "http://10.1.2.3:81/mcp"}}}, "mcpServers.context7.url",
                 "an IP address", id="shared-url-private"),
    pytest.param({"gitConfig": {"secretName": "-x"}}, "gitConfig.secretName", "name of a Secret", id="gitconfig-secret"),
    pytest.param({"env": {"ANTHROPIC_API_KEY": "x"}}, "env.ANTHROPIC_API_KEY", "anthropic.apiKey", id="anthropic-key-inline"),
    pytest.param({"secretEnv": {"CLAUDE_CODE_OAUTH_TOKEN": {"secretName": "s", "secretKey": "k"}}},
                 "secretEnv.CLAUDE_CODE_OAUTH_TOKEN", "anthropic.oauthToken", id="anthropic-token-as-secret-env"),
    pytest.param({"anthropic": {"apiKey": {"secretName": "a"}, "oauthToken": {"secretName": "b"}}},
                 "anthropic.oauthToken", "one of them", id="anthropic-both"),
    pytest.param({"access": {"mode": "none"}}, "access.mode", "gateway", id="access-mode"),
    pytest.param({"access": {"collaborators": ["bob\nroot"]}}, "access.collaborators[0]", "no spaces", id="collaborator-newline"),
    pytest.param({"ingress": {"tlsSecretName": "TLS"}}, "ingress.tlsSecretName", "name of a Secret", id="tls-secret"),
    pytest.param({"kubeconfig": {"secretName": "kube config"}}, "kubeconfig.secretName", "name of a Secret", id="kubeconfig-secret"),
    pytest.param({"networkPolicy": {"apiServer": {"port": 6444}}}, "networkPolicy.apiServer.port", "the fleet's setting", id="api-port"),
    pytest.param({"networkPolicy": {"apiServer": {"port": 0}}}, "networkPolicy.apiServer.port", "must be a port from 1 to 65535, got 0", id="api-port-range"),
    pytest.param({"secretEnv": {"HOME": {"secretName": "s", "secretKey": "k"}}}, "secretEnv.HOME", "not reserved", id="secret-env-reserved"),
    pytest.param({"env": {"A": "1"}, "secretEnv": {"A": {"secretName": "s", "secretKey": "k"}}}, "secretEnv.A", "not also in 'env'", id="secret-env-duplicate"),
    pytest.param({"baseDomain": "a." * 130 + "com"}, "baseDomain", "DNS domain", id="base-domain-too-long"),
    pytest.param({"instanceName": "a" * 50, "baseDomain": "b" * 60 + "." + "c" * 60 + "." + "d" * 60 + "." + "e" * 60},
                 "baseDomain", "longer than 253", id="hostname-too-long"),
    pytest.param({"networkPolicy": {"cilium": True, "enabled": False}}, "networkPolicy.enabled", "the fleet's setting", id="cilium-without-policy"),
    pytest.param({"networkPolicy": {"enabled": False}}, "networkPolicy.enabled", "the fleet's setting", id="network-policy-off"),
    pytest.param({"access": {"mode": "gateway"}}, "access.mode", "allowGateway", id="gateway-without-fleet"),
    pytest.param({"instanceName": "auth"}, "instanceName", "the fleet's own", id="hostname-of-the-issuer"),
    pytest.param({"access": {"image": {"repository": "docker.io/attacker/steal"}}}, "access.image", "the fleet's setting", id="proxy-image"),
    pytest.param({"access": {"collaborators": ["bob,root"]}}, "access.collaborators[0]", "user name", id="collaborator-comma"),
    pytest.param({"networkPolicy": {"cilium": True, "egressProfile": "none", "allowedEgressHosts": []}}, "networkPolicy.allowedEgressHosts", "reach no host", id="cilium-without-hosts"),
    pytest.param({"networkPolicy": {"egressProfile": "all"}}, "networkPolicy.egressProfile", "'default'", id="egress-profile"),
    pytest.param({"networkPolicy": {"cilium": True, "allowDNS": False}}, "networkPolicy.allowDNS", "without DNS", id="cilium-without-dns"),
    pytest.param({"mcpServers": {"playwrightBrowser": {"ports": {"vnc": 6901}}}}, "mcpServers.playwrightBrowser.ports.vnc",
                 "already listens on 6901", id="playwright-ports-collide"),
]


@pytest.mark.parametrize(("values", "path", "fix"), INVALID)
def test_invalid_configuration_is_one_value_error_naming_the_path(values, path, fix):
    with pytest.raises(ValueError) as raised:
        load_instance(values)
    error = raised.value
    assert isinstance(error, ConfigError)
    assert path in error.paths, f"{error.paths} does not name {path!r}"
    assert fix in str(error), str(error)
    if path:
        assert f"'{path}'" in str(error)


@pytest.mark.parametrize(("values", "path"), [
    ({"secretEnv": {"X": {"secretName": "oauth2-proxy", "secretKey": "cookie-secret"}}}, "secretEnv.X.secretName"),
    ({"kubeconfig": {"secretName": "oauth2-proxy"}}, "kubeconfig.secretName"),
    ({"githubToken": {"secretName": "oauth2-proxy"}}, "githubToken.secretName"),
    ({"ssh": {"privateKey": {"secretName": "oauth2-proxy"}}}, "ssh.privateKey.secretName"),
    ({"gitConfig": {"secretName": "oauth2-proxy"}}, "gitConfig.secretName"),
    ({"anthropic": {"apiKey": {"secretName": "oauth2-proxy"}}}, "anthropic.apiKey.secretName"),
    ({"database": {"existingSecret": "oauth2-proxy"}, "features": {"postgres": True}}, "database.existingSecret"),
    ({"ingress": {"tlsSecretName": "oauth2-proxy"}}, "ingress.tlsSecretName"),
    ({"secretEnv": {"X": {"secretName": "wildcard-tls", "secretKey": "tls.key"}}}, "secretEnv.X.secretName"),
])
def test_an_instance_cannot_hand_its_pod_the_fleet_s_own_secrets(values, path):
    fleet = Platform(wildcard_tls_secret="wildcard-tls")
    with pytest.raises(ConfigError) as error:
        load_instance(values, platform=fleet)
    assert error.value.paths == (path,)
    assert "name a Secret of the instance's own" in str(error.value)


def test_an_ingress_may_name_the_fleet_s_wildcard_certificate():
    fleet = Platform(wildcard_tls_secret="wildcard-tls")
    assert load_instance({"ingress": {"tlsSecretName": "wildcard-tls"}}, platform=fleet).ingress.tls_secret_name == "wildcard-tls"
    renamed = Platform(auth_secret="sign-in")
    assert load_instance({"secretEnv": {"X": {"secretName": "oauth2-proxy", "secretKey": "k"}}}, platform=renamed).secret_env
    with pytest.raises(ConfigError):
        load_instance({"secretEnv": {"X": {"secretName": "sign-in", "secretKey": "k"}}}, platform=renamed)


def test_a_port_above_the_range_is_not_told_about_ports_below_1024():
    with pytest.raises(ConfigError) as error:
        load_instance({"golang": {"port": 65536}})
    assert "'golang.port' must be a port from 1024 to 65535, got 65536" in str(error.value)
    assert "below 1024" not in str(error.value)


def test_a_clash_with_the_agent_s_fixed_port_blames_no_setting():
    with pytest.raises(ConfigError) as error:
        load_instance({"service": {"port": 9000}, "features": {"graphql": True}, "database": {"enabled": True},
                       "graphql": {"hasura": {"port": 8080}}})
    assert error.value.paths == ("graphql.hasura.port",)
    assert "'claude-web' already listens on 8080 as 'http' (a fixed port)" in str(error.value)
    assert "service.port" not in str(error.value)


def test_a_fleet_setting_changed_by_a_file_is_shown_as_yaml_spells_it():
    with pytest.raises(ConfigError) as error:
        load_instance({"networkPolicy": {"enabled": False}})
    assert "is false, but this is the fleet's setting (true)" in str(error.value)


@pytest.mark.parametrize(("pin", "field"), [({"digest": "sha256:abc"}, "digest"), ({"tag": ".bad"}, "tag"),
                                             ({"tag": "a b"}, "tag")])
def test_a_bad_image_pin_of_the_fleet_is_the_gitops_file_s_error(tmp_path, capsys, pin, field):
    from claude_constructs.cli import main as cli

    (tmp_path / "instances").mkdir()
    (tmp_path / "instances" / "i.yaml").write_text("instanceName: i\nuserid: alice\n")
    (tmp_path / "gitops.yaml").write_text(yaml.safe_dump({"repoURL": "https://github.com/example/fleet.git",
                                                          "platform": {"images": {"golang": pin}}}))
    assert cli(["synth", str(tmp_path / "instances"), "--gitops", str(tmp_path / "gitops.yaml"), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path / 'gitops.yaml'}: 'platform.images.golang.{field}' is {pin[field]!r}"), err
    assert "i.yaml" not in err and not (tmp_path / "out").exists()


def test_the_first_chart_versions_git_clone_settings_load_as_git_clone_with_a_note(tmp_path, capsys):
    from claude_constructs.cli import main as cli

    values = {"initContainer": {"enabled": True, "image": "alpine/git:2.45.2",
                                "repository": {"url": "https://github.com/example/app.git", "branch": "dev"}}}
    config = load_instance(values)
    assert (config.git_clone.repository, config.git_clone.branch) == ("https://github.com/example/app.git", "dev")
    assert (config.git_clone.image.repository, config.git_clone.image.tag) == ("alpine/git", "2.45.2")
    assert "rewrite it as gitClone" in config.notes[0]
    assert load_instance({"initContainer": {"enabled": False, "repository": {"url": "https://github.com/x/y.git"}}}).git_clone.repository == ""
    instance = tmp_path / "old.yaml"
    instance.write_text("instanceName: old\nuserid: alice\ninitContainer:\n  repository:\n    url: https://github.com/x/y.git\n")
    assert cli(["validate", str(instance)]) == 0
    assert f"note: {instance}: 'initContainer'" in capsys.readouterr().err


def test_isolation_sets_the_runtime_class():
    assert load_instance({"isolation": "gvisor"}).isolation == "gvisor"
    assert load_instance({"isolation": "kata"}).isolation == "kata"
    assert load_instance({"isolation": "my-sandbox"}).isolation == "my-sandbox"
    assert load_instance({}).isolation == ""
    with pytest.raises(ConfigError) as error:
        load_instance({"isolation": "standard"}, platform=Platform(isolation="gvisor"))
    assert error.value.paths == ("isolation",)


def test_the_owners_identity_comes_from_the_fleet_template_or_the_instance():
    fleet = Platform(identity_claim="email", identity_template="{userid}@example.com", admins=("ops@example.com",))
    assert load_instance({"userid": "ada"}, platform=fleet).access.allowed == ("ada@example.com", "ops@example.com")
    config = load_instance({"userid": "ada", "access": {"owner": "ada.lovelace@example.org", "collaborators": ["bob@example.com"]}},
                           platform=fleet)
    assert config.access.allowed == ("ada.lovelace@example.org", "bob@example.com", "ops@example.com")
    assert config.access.claim == "email"


def test_the_fleet_pins_the_images_the_library_picks(tmp_path, capsys):
    from claude_constructs.cli import main as cli

    fleet = Platform(images={"golang": {"tag": "v1.23.5"}, "claude": {"digest": "sha256:" + "a" * 64}})
    config = load_instance({}, platform=fleet)
    assert config.golang.image.ref == "ghcr.io/transform-ia/golang-image:v1.23.5"
    assert config.image.ref.endswith("@sha256:" + "a" * 64)
    assert load_instance({"golang": {"tag": "v2"}}, platform=fleet).golang.image.tag == "v2", "an instance may still choose"
    instance = tmp_path / "i.yaml"
    instance.write_text("instanceName: i\nuserid: alice\n")
    assert cli(["validate", str(instance)]) == 0
    err = capsys.readouterr().err
    assert "warning: mutable image tags: claude (ghcr.io/transform-ia/claude-image:latest) in 1 instance(s)" in err
    assert "platform.images" in err


def test_the_declared_dns_label_pattern_is_the_checks_one():
    # settings.py declares names with a JSON Schema pattern; the rest of the loader uses checks.DNS1123_LABEL.
    import re

    from claude_constructs.config import checks, settings

    declared = re.compile(f"^{settings._DNS_LABEL}$")
    for name in ("a", "a1", "a-b", "0", "user123", "-a", "a-", "A", "a_b", "a.b", "", "é"):
        assert bool(declared.match(name)) == bool(checks.DNS1123_LABEL.match(name)), name


@pytest.mark.parametrize(("values", "path"), [
    ({"instanceName": "Bad_Name"}, "instanceName"), ({"userid": "Bob"}, "userid"), ({"namespace": "X"}, "namespace"),
    ({"networkPolicy": {"dns": {"namespace": "Kube"}}}, "networkPolicy.dns.namespace"),
])
def test_the_schema_refuses_the_names_the_loader_refuses(values, path):
    import jsonschema

    from claude_constructs.config.schema import instance_schema

    with pytest.raises(ConfigError):
        load_instance(values)
    errors = list(jsonschema.Draft202012Validator(instance_schema()).iter_errors(values))
    assert errors, f"the schema accepts {values}"


def test_a_default_read_from_the_declarations_is_the_default_the_model_gives():
    from claude_constructs.config import settings

    def paths(tree, prefix=""):
        for key, value in tree.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path, value
            if isinstance(value, dict) and path not in settings.FREE_MAPPINGS:  # (their keys may hold dots)
                yield from paths(value, path)

    checked = 0
    for path, value in paths(settings.DEFAULTS):
        assert settings.default_at(path) == value, path
        checked += 1
    assert checked > 300


def test_the_fleet_defaults_are_read_without_building_the_validators():
    # A synthesis served from the cache never validates: importing the fleet's settings must not
    # build pydantic's validators either (about 50 ms of every start).
    import subprocess
    import sys

    script = ("from claude_constructs.config import platform, settings; platform.Platform(); "
              "print(settings.InstanceFile.__pydantic_complete__)")
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_control_characters_of_a_key_are_shown_escaped_in_the_message(tmp_path):
    from claude_constructs.synthesis.synth import load_instances

    values = {"\x1b[2J\x1b[31mFAKE OK\x1b[0m": 1, "features": {"X\r\nsynthesized 1 instance(s)": True}}
    with pytest.raises(ConfigError) as error:
        load_instance(values)
    text = str(error.value)
    assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) <= 0x9f for c in text), repr(text)
    assert "'\\x1b[2J\\x1b[31mFAKE OK\\x1b[0m' is not a known setting" in text
    assert "'features.X\\r\\nsynthesized 1 instance(s)'" in text
    # Through the fleet's loader too, with the file's own lines kept and a file name escaped.
    folder = tmp_path / "instances" / "a"
    folder.mkdir(parents=True)
    (folder / "one.yaml").write_text(yaml.safe_dump({"instanceName": "one", "userid": "a", **values}))
    (folder / "\x1b[31mtwo.yaml").write_text("instanceName: two\nuserid: b\n")
    with pytest.raises(ConfigError) as error:
        load_instances(sorted(folder.iterdir()), roots=[tmp_path / "instances"])
    text = str(error.value)
    assert "\x1b" not in text and "\\x1b[31mtwo.yaml: 'userid' is 'b'" in text
    assert "2 problems:\n  - " in text, "a file's own list of problems keeps its lines"



@pytest.mark.parametrize(("values", "path"), [
    ({"repoURL": "https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/org/repo.git"}, "repoURL"),
    ({"repoURL": "https://bot:s3cr3tpass@git.example.com/org/repo.git"}, "repoURL"),
    ({"repoURL": "https://github.com/org/repo.git", "platform": {"access": {"issuerURL": "https://u:hunter22@login.example.com"}}},
     "platform.access.issuerURL"),
])
def test_a_credential_in_the_gitops_file_is_refused(values, path):
    from claude_constructs.config.gitops import load_gitops

    with pytest.raises(ConfigError) as error:
        load_gitops(values)
    assert path in error.value.paths and "inline credentials" in str(error.value)


def test_urls_without_credentials_stay_allowed():
    config = load_instance({"gitClone": {"repository": "ssh://git@github.com/a/b.git"}, "ssh": {"enabled": True},
                            "instanceDescription": "see https://example.com/docs?page=2&sort=asc, mail me@example.com"})
    assert config.git_clone.repository == "ssh://git@github.com/a/b.git"



@pytest.mark.parametrize(("values", "path", "fix"), [
    ({"backup": {"schedule": "61 25 * * *"}}, "backup.schedule", "'61' in its minute"),
    ({"backup": {"schedule": "0 24 * * *"}}, "backup.schedule", "'24' in its hour"),
    ({"backup": {"schedule": "0 3 0 * *"}}, "backup.schedule", "'0' in its day of the month"),
    ({"backup": {"schedule": "0 3 * 13 *"}}, "backup.schedule", "'13' in its month"),
    ({"backup": {"schedule": "0 3 * * 7"}}, "backup.schedule", "'7' in its day of the week"),
    ({"backup": {"schedule": "0 3 * * 5-1"}}, "backup.schedule", "'5-1'"),
    ({"backup": {"schedule": "*/0 * * * *"}}, "backup.schedule", "step '0'"),
    ({"backup": {"schedule": "0 3 * * *\n"}}, "backup.schedule", "separated by spaces"),
    ({"backup": {"schedule": "0 \u00b2 * * *"}}, "backup.schedule", "in its hour"),
    ({"backup": {"schedule": "0 19 * * \u0661-\u0665"}}, "backup.schedule", "in its day of the week"),
    ({"metrics": {"enabled": True}, "sleep": {"enabled": True, "workingHours": {
        "timezone": "Mars/Olympus", "start": "0 8 * * 1-5", "end": "0 19 * * 1-5"}}}, "sleep.workingHours.timezone", "IANA"),
    ({"metrics": {"enabled": True}, "sleep": {"enabled": True, "workingHours": {
        "timezone": "Europe/Paris", "start": "99 99 * * *", "end": "0 19 * * 1-5"}}}, "sleep.workingHours.start", "'99' in its minute"),
    ({"metrics": {"enabled": True}, "sleep": {"enabled": True, "workingHours": {"timezone": "Europe/Paris"}}},
     "sleep.workingHours", "both 'start' and 'end'"),
])
def test_a_schedule_or_time_zone_the_cluster_would_refuse_is_refused_here(values, path, fix):
    with pytest.raises(ConfigError) as error:
        load_instance(values)
    assert error.value.paths == (path,) and fix in str(error.value), str(error.value)


@pytest.mark.parametrize("schedule", ["0 3 * * *", "*/15 * * * *", "0 3 * * MON-FRI", "0 3 1,15 jan-jun ?", "5/10 0-23/2 * * SUN",
                                      "0  3 * * *", "*/90 * * * *", "@daily", "@weekly", "@yearly", "@annually", "@midnight"])
def test_the_schedules_robfig_cron_reads_are_accepted(schedule):
    assert load_instance({"backup": {"schedule": schedule}}).backup.schedule == schedule


@pytest.mark.parametrize(("values", "path"), [
    ({"networkPolicy": {"cilium": True, "allowedEgressHosts": ["10.0.0.1.nip.io"]}}, "networkPolicy.allowedEgressHosts[0]"),
    ({"networkPolicy": {"cilium": True, "allowedEgressHosts": ["*.sslip.io"]}}, "networkPolicy.allowedEgressHosts[0]"),
    ({"networkPolicy": {"cilium": True, "allowedEgressHosts": ["db-10-1-2-3.example.com"]}}, "networkPolicy.allowedEgressHosts[0]"),
    ({"mcpServers": {"context7": {"mode": "shared", "url": "https://169.254.169.254.nip.io/mcp"}}}, "mcpServers.context7.url"),
])
def test_a_public_name_for_a_private_address_is_refused(values, path):
    with pytest.raises(ConfigError) as error:
        load_instance(values)
    assert error.value.paths == (path,) and "spells an IP address" in str(error.value)


def test_egress_hosts_without_cilium_are_a_note_not_a_silence():
    config = load_instance({"networkPolicy": {"allowedEgressHosts": ["github.com"]}})
    assert any("has no effect without 'networkPolicy.cilium: true'" in note for note in config.notes)
    assert not load_instance({"networkPolicy": {"cilium": True, "allowedEgressHosts": ["github.com"]}}).notes


CREDENTIALS = ["https://:s3cr3tPassw0rd@git.example.com/r.git", "https://" + "a1b2c3d4e5" * 5 + "@dev.azure.com/org/r",
               "https://gitlab.com/api?private_token=glx12345678", "https://s3.example.com/x?X-Amz-Security-Token=FQoG123456abc",
               "https://app.example.com/#access_token=eyabc12345", "Authorization: Bearer abcdef1234567890XYZ",
               "Basic dXNlcjpwYXNzd29yZDEyMw=="]
PROSE = ["Basic infrastructure-as-code", "Provide basic troubleshooting/debugging help",
         "Bearer authentication/authorization is handled upstream", "https://docs.example.com/search?token=pagination",
         "https://user@example.com/x", "git@github.com:org/repo.git"]


@pytest.mark.parametrize("text", CREDENTIALS)
def test_a_credential_in_any_text_is_refused(text):
    with pytest.raises(ConfigError) as error:
        load_instance({"env": {"X": text}})
    assert error.value.paths == ("env.X",) and "inline credentials" in str(error.value)


@pytest.mark.parametrize("text", PROSE)
def test_prose_that_only_looks_like_a_credential_is_kept(text):
    assert load_instance({"env": {"X": text}, "instanceDescription": text}).env["X"] == text


def test_the_fleet_s_wildcard_certificate_is_never_issued_for_an_instance():
    fleet = Platform(wildcard_tls_secret="wildcard-tls", base_domain="dev.example.com",
                     host_domains=("dev.example.com", "example.org"))
    named = load_instance({"ingress": {"tlsSecretName": "wildcard-tls"}}, platform=fleet)
    assert not any(key.startswith("cert-manager.io/") for key in named.ingress.annotations)
    for values, path in (({"instanceName": "wildcard", "ingress": {"hostname": "w.example.org"}}, "instanceName"),
                         ({"ingress": {"tlsSecretName": "wildcard-tls", "hostname": "x.example.org"}}, "ingress.tlsSecretName")):
        with pytest.raises(ConfigError) as error:
            load_instance(values, platform=fleet)
        assert error.value.paths == (path,) and "which it does not cover" in str(error.value)


def test_an_annotation_the_fleet_allows_may_hold_a_list_but_no_directive():
    fleet = Platform(ingress_annotations=("nginx.ingress.kubernetes.io/whitelist-source-range",))
    key = "nginx.ingress.kubernetes.io/whitelist-source-range"
    assert load_instance({"ingress": {"annotations": {key: "10.0.0.0/8, 192.168.0.0/16"}}}, platform=fleet).ingress.annotations[key]
    with pytest.raises(ConfigError) as error:
        load_instance({"ingress": {"annotations": {key: "10.0.0.0/8; deny all"}}}, platform=fleet)
    assert error.value.paths == (f"ingress.annotations.{key}",)


def test_a_note_naming_a_file_is_one_line(tmp_path):
    from claude_constructs.synthesis.synth import load_instances

    folder = tmp_path / "instances" / "a"
    folder.mkdir(parents=True)
    (folder / "x\x1b[31mRED\rFAKE.yaml").write_text("instanceName: x\nuserid: a\nnetworkPolicy: {allowedEgressHosts: [github.com]}\n")
    [config] = load_instances(sorted(folder.iterdir()), roots=[tmp_path / "instances"])
    assert config.notes and not any(c in note for note in config.notes for c in "\x1b\r")
