"""The instance file's schema: every key with its default, in the original chart's values shape.

The loader walks a user's file against this tree: a key that is not here is unknown, a value whose
type differs from the default's is wrong. Keys whose children are free (environment variables,
annotations, label selectors) are listed in ``FREE_MAPPINGS``.
"""

from __future__ import annotations

DEFAULT_BASE_DOMAIN = "dev.robotinfra.com"

# The seed README's defaults. Where they contradicted each other they are resolved here:
# ``features.postgres`` is off by default (a Postgres client with no database cannot start).
DEFAULTS: dict = {
    "template": "",
    "instanceName": "a1b2c3d4",
    "instanceDescription": "Backend API development",
    "userid": "user123",
    "namespace": "",
    "baseDomain": DEFAULT_BASE_DOMAIN,
    "replicaCount": 1,
    "suspended": False,
    "expires": "",  # an ISO date: from then on `claude-instance expire` suspends the instance
    "isolation": "standard",
    # Scale to zero when idle and back on the next request (KEDA and its HTTP add-on; README "Sleep").
    "sleep": {
        "enabled": False,
        "idleAfter": "30m",
        "workingHours": {"timezone": "", "start": "", "end": ""},
    },
    "features": {
        "golang": True,
        "typescript": True,
        "postgres": False,
        "graphql": False,
        "ansible": False,
    },
    "image": {
        "repository": "ghcr.io/transform-ia/claude-image",
        "tag": "latest",
        "digest": "",
        "pullPolicy": "IfNotPresent",
    },
    "serviceAccount": {"create": True, "name": "", "automountToken": False},
    "storage": {
        "workspace": {"enabled": True, "size": "10Gi", "storageClass": "", "accessMode": "ReadWriteOnce", "fromSnapshot": ""},
        "home": {"enabled": True, "size": "1Gi", "storageClass": "", "accessMode": "ReadWriteOnce"},
        "tmp": {"size": "10Gi"},
        "cache": {"size": "5Gi"},
        "npmCache": {"size": "1Gi"},
        "claudeLock": {"size": "10Mi"},
        "homeRoot": {"size": "256Mi"},
    },
    "githubToken": {"secretName": "github-credentials", "secretKey": "token"},
    # Claude Code's credentials, from Secrets (an API key or a `claude setup-token` OAuth token).
    "anthropic": {
        "apiKey": {"secretName": "", "secretKey": "api-key"},
        "oauthToken": {"secretName": "", "secretKey": "token"},
    },
    "env": {
        "TZ": "America/Montreal",
        "DISABLE_AUTOUPDATER": "1",
        "OTEL_EXPORTER_OTLP_ENDPOINT": "http://tempo.claude.svc.cluster.local:4318",
        "OTEL_SERVICE_NAME": "claude-web",
    },
    "secretEnv": {},
    "ssh": {
        "enabled": True,
        "privateKey": {"secretName": "ssh-private-key", "secretKey": "id_ed25519"},
        "knownHosts": {"github": True, "custom": []},
        "image": {"repository": "alpine/git", "tag": "2.49.1", "digest": ""},
    },
    "gitConfig": {
        "enabled": True,
        "userName": "Claude Code",
        "userEmail": "claude@robotinfra.com",
        "defaultBranch": "master",
        "secretName": "",
    },
    "gitClone": {
        "repository": "",
        "branch": "master",
        "image": {"repository": "alpine/git", "tag": "2.49.1", "digest": ""},
    },
    "kubeconfig": {"secretName": "", "secretKey": "config"},
    "resources": {
        "requests": {"memory": "512Mi", "cpu": "250m", "ephemeralStorage": "256Mi"},
        "limits": {"memory": "2Gi", "cpu": "1000m", "ephemeralStorage": "2Gi"},
    },
    "service": {"type": "ClusterIP", "port": 8080, "mcpPort": 81},
    # Who may reach the instance: an authenticating proxy in front of its HTTP port (README "Access").
    "access": {
        "mode": "oauth2-proxy",
        "owner": "",  # the owner's identity at the provider; default: platform.access.identityTemplate
        "collaborators": [],
        "image": {"repository": "quay.io/oauth2-proxy/oauth2-proxy", "tag": "v7.15.6", "digest": ""},
        "port": 4180,
        "resources": {
            "requests": {"memory": "32Mi", "cpu": "10m", "ephemeralStorage": "16Mi"},
            "limits": {"memory": "128Mi", "cpu": "200m", "ephemeralStorage": "64Mi"},
        },
    },
    "ingress": {
        "enabled": True,
        "className": "nginx",
        "hostname": "",
        "tlsSecretName": "",
        "annotations": {
            "cert-manager.io/cluster-issuer": "letsencrypt-prod",
            "nginx.ingress.kubernetes.io/ssl-redirect": "true",
            # The agent's terminal is a WebSocket that stays open for hours: nginx closes idle ones after 60 s.
            "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
            "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
        },
    },
    "database": {
        "enabled": False,
        "namespace": "database",
        "cluster": "postgresql",
        "name": "",
        "owner": "",
        "instance": 1,
        "reclaimPolicy": "delete",
        "existingSecret": "",
    },
    "backup": {
        "snapshotClass": "",
        "snapshots": [],
        "schedule": "",
        "keep": 7,
        "image": {"repository": "bitnami/kubectl", "tag": "1.31.4", "digest": ""},
    },
    "disruptionBudget": {"enabled": True},
    "metrics": {
        "enabled": False,
        "port": 9464,
        "path": "/metrics",
        "prometheus": {"namespace": "monitoring", "podLabels": {"app.kubernetes.io/name": "prometheus"}},
        "dashboard": False,
        "dashboardNamespace": "",
    },
    "verticalPodAutoscaler": {"enabled": False},
    "configMap": {
        "systemPrompt": (
            "You are Claude Code, an AI programming assistant.\n"
            "Help users with their coding tasks in this Kubernetes environment.\n"
        ),
    },
    "rbac": {"create": True, "rules": None},
    "networkPolicy": {
        "enabled": True,
        "allowDNS": True,
        "egressProfile": "default",  # the hosts of egress_profile.py, with networkPolicy.cilium
        "allowedEgressHosts": [],  # more hosts, besides the profile
        "cilium": False,
        "internetPorts": [443, 22],
        "dns": {"namespace": "kube-system", "podLabels": {"k8s-app": "kube-dns"}},
        "ingressController": {
            "namespace": "ingress-nginx",
            "podLabels": {"app.kubernetes.io/name": "ingress-nginx"},
        },
        "otlp": {
            "enabled": True,
            "namespace": "claude",
            "podLabels": {"app.kubernetes.io/name": "tempo"},
            "port": 4318,
        },
        "apiServer": {
            "cidrs": ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
            "port": 6443,
        },
    },
    "mcpServers": {
        "sharedNamespace": "claude",
        "context7": {
            "enabled": True,
            "mode": "sidecar",
            "image": "transformia/context7-mcp",
            "tag": "1.0.27",
            "digest": "",
            "port": 8101,
            "url": "",
            "resources": {
                "requests": {"memory": "128Mi", "cpu": "50m", "ephemeralStorage": "64Mi"},
                "limits": {"memory": "256Mi", "cpu": "250m", "ephemeralStorage": "512Mi"},
            },
        },
        "playwrightBrowser": {
            "enabled": True,
            "mode": "sidecar",
            "image": "transformia/playwright-browser",
            "tag": "1.0.3",
            "digest": "",
            "ports": {"mcp": 8831, "novnc": 6901, "vnc": 5900},
            "url": "",
            "resources": {
                "requests": {"memory": "512Mi", "cpu": "100m", "ephemeralStorage": "128Mi"},
                "limits": {"memory": "1536Mi", "cpu": "1000m", "ephemeralStorage": "1Gi"},
            },
        },
        "dockerhubMcp": {
            "enabled": True,
            "mode": "sidecar",
            "image": "ghcr.io/transform-ia/dockerhub-mcp",
            "tag": "v0.17.0",
            "digest": "",
            "port": 8102,
            "url": "",
            "resources": {
                "requests": {"memory": "64Mi", "cpu": "50m", "ephemeralStorage": "64Mi"},
                "limits": {"memory": "256Mi", "cpu": "250m", "ephemeralStorage": "512Mi"},
            },
        },
    },
    "golang": {
        "image": "ghcr.io/transform-ia/golang-image",
        "tag": "latest",
        "digest": "",
        "port": 8002,
        "resources": {
            "requests": {"memory": "128Mi", "cpu": "100m", "ephemeralStorage": "128Mi"},
            "limits": {"memory": "1Gi", "cpu": "1000m", "ephemeralStorage": "1Gi"},
        },
    },
    "typescript": {
        "image": "ghcr.io/transform-ia/typescript-image",
        "tag": "latest",
        "digest": "",
        "port": 8003,
        "resources": {
            "requests": {"memory": "128Mi", "cpu": "100m", "ephemeralStorage": "128Mi"},
            "limits": {"memory": "1Gi", "cpu": "1000m", "ephemeralStorage": "1Gi"},
        },
    },
    "postgres": {
        "image": "postgres",
        "tag": "16-alpine",
        "digest": "",
        "resources": {
            "requests": {"memory": "128Mi", "cpu": "50m", "ephemeralStorage": "64Mi"},
            "limits": {"memory": "256Mi", "cpu": "250m", "ephemeralStorage": "256Mi"},
        },
    },
    "graphql": {
        "hasura": {
            "image": "hasura/graphql-engine",
            "tag": "v2.36.0",
            "digest": "",
            "port": 8085,
            "adminSecret": {"secretName": "", "secretKey": "adminSecret"},
            "resources": {
                "requests": {"memory": "256Mi", "cpu": "100m", "ephemeralStorage": "128Mi"},
                "limits": {"memory": "512Mi", "cpu": "500m", "ephemeralStorage": "512Mi"},
            },
        },
    },
    "ansible": {
        "image": "cytopia/ansible",
        "tag": "2.18-tools",  # a versioned tag (the image is rebuilt per Ansible minor), not latest
        "digest": "",
        "resources": {
            "requests": {"memory": "128Mi", "cpu": "50m", "ephemeralStorage": "128Mi"},
            "limits": {"memory": "512Mi", "cpu": "500m", "ephemeralStorage": "1Gi"},
        },
    },
}

# Mappings whose keys are the user's own (names of env vars, annotations, labels...).
FREE_MAPPINGS = frozenset(
    {
        "env",
        "secretEnv",
        "ingress.annotations",
        "networkPolicy.dns.podLabels",
        "networkPolicy.ingressController.podLabels",
        "networkPolicy.otlp.podLabels",
        "metrics.prometheus.podLabels",
    }
)

# Free mappings whose entries are added to the defaults rather than replacing them.
OVERLAID_MAPPINGS = frozenset({"env", "ingress.annotations"})

# Values that may be null in a file and whose default is null.
NULLABLE = frozenset({"rbac.rules"})


def copy_tree(value):
    """A copy of a defaults subtree (dicts, lists and scalars only), so no instance shares it."""
    if isinstance(value, dict):
        return {key: copy_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_tree(item) for item in value]
    return value
