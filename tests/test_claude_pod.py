from __future__ import annotations

from claude_constructs.constructs.claude_pod import GIT_CLONE_SCRIPT, SSH_SETUP_SCRIPT

from .conftest import container, containers, env_of, find, pod_spec, synth_example, synth_values


def test_deployment_is_one_replica_recreated():
    deployment = find(synth_values(), "Deployment", "a1b2c3d4")
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"] == {"type": "Recreate"}


def test_main_container_has_the_seed_readmes_environment():
    env = env_of(container(synth_values(), "claude-web"))
    assert env["HOME"] == "/home/code" and env["TZ"] == "America/Montreal" and env["DISABLE_AUTOUPDATER"] == "1"
    assert env["EDITOR"] == "vim"
    assert env["CLAUDE_INSTANCE_NAME"] == "a1b2c3d4" and env["CLAUDE_USERID"] == "user123"
    assert env["CLAUDE_INSTANCE_DESCRIPTION"] == "Backend API development"
    assert env["CLAUDE_NAMESPACE"] == "claude-user123"
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://tempo.claude.svc.cluster.local:4318"
    assert env["OTEL_SERVICE_NAME"] == "claude-web"
    assert env["GITHUB_TOKEN"] == {"secretKeyRef": {"key": "token", "name": "github-credentials", "optional": True}}
    assert "DATABASE_URL" not in env


def test_database_url_comes_from_the_instances_database_secret():
    env = env_of(container(synth_example("with-database.yaml"), "claude-web"))
    assert env["DATABASE_URL"] == {"secretKeyRef": {"key": "url", "name": "i9j0k1l2-db"}}
    postgres = env_of(container(synth_example("with-database.yaml"), "postgres"))
    assert {k: v["secretKeyRef"]["key"] for k, v in postgres.items() if isinstance(v, dict)} == {
        "PGHOST": "host", "PGUSER": "user", "PGPASSWORD": "password"}


def test_extra_env_and_secret_env_reach_the_agent():
    env = env_of(container(synth_values({"env": {"LOG_LEVEL": 3}, "secretEnv": {"SENTRY_DSN": {"secretName": "sentry", "secretKey": "key"}}}), "claude-web"))
    assert env["LOG_LEVEL"] == "3"
    assert env["SENTRY_DSN"] == {"secretKeyRef": {"key": "key", "name": "sentry"}}


def test_main_container_mounts():
    mounts = {m["mountPath"]: m for m in container(synth_values(), "claude-web")["volumeMounts"]}
    assert {"/workspace", "/tmp", "/home/code/.claude", "/home/code/.cache", "/home/code/.npm",
            "/home/code/.claude.json.lock", "/home/code/.ssh", "/home/code", "/etc/claude"} <= set(mounts)
    assert mounts["/home/code/.gitconfig"] == {"mountPath": "/home/code/.gitconfig", "name": "instance-config",
                                               "readOnly": True, "subPath": ".gitconfig"}


def test_gitconfig_from_an_existing_secret():
    objects = synth_values({"gitConfig": {"secretName": "git-config"}})
    mount = next(m for m in container(objects, "claude-web")["volumeMounts"] if m["mountPath"] == "/home/code/.gitconfig")
    assert mount["name"] == "git-config"
    assert ".gitconfig" not in find(objects, "ConfigMap")["data"]


def test_generated_gitconfig_quotes_user_values():
    data = find(synth_values({"gitConfig": {"userName": 'Ada "A" \\ L'}}), "ConfigMap")["data"]
    assert '\tname = "Ada \\"A\\" \\\\ L"\n' in data[".gitconfig"]


def test_system_prompt_change_rolls_the_pod():
    def checksum(objects):
        return find(objects, "Deployment")["spec"]["template"]["metadata"]["annotations"]["checksum/config"]

    first = synth_values({"configMap": {"systemPrompt": "one"}})
    second = synth_values({"configMap": {"systemPrompt": "two"}})
    assert checksum(first) != checksum(second)
    assert checksum(first) == checksum(synth_values({"configMap": {"systemPrompt": "one"}}))
    assert find(first, "ConfigMap")["data"]["system-prompt.txt"] == "one"


def test_language_servers_listen_on_their_own_ports_in_the_workspace():
    objects = synth_values()
    golang = container(objects, "golang-tool")
    assert golang["command"][-3:] == ["--http", "--port", "8002"] and golang["workingDir"] == "/workspace"
    assert golang["ports"] == [{"containerPort": 8002, "name": "golang-mcp", "protocol": "TCP"}]
    typescript = container(objects, "typescript-tool")
    assert "8003" in typescript["command"] and typescript["workingDir"] == "/workspace"


def test_playwright_exposes_mcp_novnc_and_vnc():
    ports = {p["name"]: p["containerPort"] for p in container(synth_values(), "playwright-browser")["ports"]}
    assert ports == {"pw-mcp": 8831, "pw-novnc": 6901, "pw-vnc": 5900}


def test_shared_mcp_servers_are_not_in_the_pod():
    objects = synth_values({"mcpServers": {"context7": {"mode": "shared"}, "dockerhubMcp": {"enabled": False}}})
    names = [c["name"] for c in containers(objects, init=False)]
    assert "context7-mcp" not in names and "dockerhub-mcp" not in names and "playwright-browser" in names


def test_ansible_mounts_the_ssh_directory_read_only():
    mounts = {m["mountPath"]: m for m in container(synth_values({"features": {"ansible": True}}), "ansible")["volumeMounts"]}
    assert mounts["/home/code/.ssh"]["readOnly"] is True


def test_ssh_setup_reads_the_key_and_known_hosts_from_mounts_not_from_script_text():
    objects = synth_values({"ssh": {"privateKey": {"secretName": "my-key", "secretKey": "id_rsa"},
                                    "knownHosts": {"custom": ["git.example.com ssh-ed25519 AAAAkey"]}}})
    init = container(objects, "ssh-setup")
    assert init["command"] == ["/bin/sh", "-c", SSH_SETUP_SCRIPT]
    volume = next(v for v in pod_spec(objects)["volumes"] if v["name"] == "ssh-private-key")
    assert volume["secret"]["secretName"] == "my-key"
    assert volume["secret"]["items"] == [{"key": "id_rsa", "path": "id_ed25519"}]
    known_hosts = find(objects, "ConfigMap")["data"]["known_hosts"]
    assert known_hosts.startswith("github.com ssh-rsa ") and known_hosts.endswith("git.example.com ssh-ed25519 AAAAkey\n")


def test_git_clone_gets_the_repository_as_data():
    objects = synth_values({"gitClone": {"repository": "https://github.com/a/b.git", "branch": "dev"}})
    init = container(objects, "git-clone")
    assert init["command"] == ["/bin/sh", "-c", GIT_CLONE_SCRIPT]
    env = env_of(init)
    assert env["GIT_REPOSITORY"] == "https://github.com/a/b.git" and env["GIT_BRANCH"] == "dev"
    assert [c["name"] for c in pod_spec(objects)["initContainers"]] == ["ssh-setup", "git-clone"]


def test_no_ssh_means_no_ssh_volumes():
    objects = synth_values({"ssh": {"enabled": False}})
    names = {v["name"] for v in pod_spec(objects)["volumes"]}
    assert not names & {"ssh-private-key", "ssh-directory"}
    assert "initContainers" not in pod_spec(objects)


def test_suspended_scales_to_zero_and_keeps_everything_else():
    running, suspended = synth_values({}), synth_values({"suspended": True})
    assert find(suspended, "Deployment")["spec"]["replicas"] == 0
    assert find(running, "Deployment")["spec"]["replicas"] == 1
    others = lambda objects: [o for o in objects if o["kind"] != "Deployment"]  # noqa: E731
    assert others(suspended) == others(running), "volumes, database, hostname and policies stay as they are"


def test_agent_gets_an_mcp_configuration_of_every_enabled_server():
    import json

    objects = synth_values({"mcpServers": {"context7": {"mode": "shared"}, "dockerhubMcp": {"enabled": False}},
                            "features": {"typescript": False}})
    config = json.loads(find(objects, "ConfigMap")["data"]["managed-mcp.json"])
    assert config == {"mcpServers": {
        "context7": {"type": "http", "url": "http://context7-mcp.claude.svc.cluster.local:81/mcp"},
        "playwrightBrowser": {"type": "http", "url": "http://localhost:8831/mcp"},
        "golang": {"type": "http", "url": "http://localhost:8002/mcp"},
    }}
    # Where Claude Code reads its managed files: /etc/claude-code, a folder mount of those two keys.
    mounts = {m["mountPath"]: m["name"] for m in container(objects, "claude-web")["volumeMounts"]}
    volume = next(v for v in pod_spec(objects)["volumes"] if v["name"] == mounts["/etc/claude-code"])
    assert volume["configMap"]["items"] == [{"key": "managed-mcp.json", "path": "managed-mcp.json"},
                                            {"key": "managed-settings.json", "path": "managed-settings.json"}]
    assert "CLAUDE_MCP_CONFIG" not in env_of(container(objects, "claude-web")), "not a variable Claude Code knows"


def test_claude_codes_state_lives_on_the_home_claim():
    """~/.claude/ and .claude.json (login, onboarding) survive a restart: CLAUDE_CONFIG_DIR points
    at the home PersistentVolumeClaim's mount."""
    objects = synth_values()
    agent = container(objects, "claude-web")
    state = env_of(agent)["CLAUDE_CONFIG_DIR"]
    mount = next(m for m in agent["volumeMounts"] if m["mountPath"] == state)
    volume = next(v for v in pod_spec(objects)["volumes"] if v["name"] == mount["name"])
    assert volume["persistentVolumeClaim"]["claimName"] == "a1b2c3d4-home"
    assert find(objects, "PersistentVolumeClaim", "a1b2c3d4-home")


def test_the_platform_policy_denies_the_agent_its_mounted_credentials():
    import json

    settings = json.loads(find(synth_values(), "ConfigMap")["data"]["managed-settings.json"])
    deny = settings["permissions"]["deny"]
    for path in ("~/.ssh/**", "~/.kube/**", "//var/run/secrets/**"):
        assert f"Read({path})" in deny and f"Edit({path})" in deny


def test_anthropic_credentials_are_secret_references():
    objects = synth_values({"anthropic": {"oauthToken": {"secretName": "claude-login"}}})
    assert env_of(container(objects, "claude-web"))["CLAUDE_CODE_OAUTH_TOKEN"] == {
        "secretKeyRef": {"name": "claude-login", "key": "token"}}


def test_the_kubeconfig_goes_only_to_the_agent_and_ansible():
    objects = synth_values({"kubeconfig": {"secretName": "kubeconfigs"}, "features": {"ansible": True}})
    with_kubeconfig = [c["name"] for c in containers(objects) if any(m["mountPath"] == "/home/code/.kube/config"
                                                                    for m in c.get("volumeMounts", []))]
    assert with_kubeconfig == ["claude-web", "ansible"]


def test_the_github_token_answers_for_github_only():
    env = env_of(container(synth_values({"gitClone": {"repository": "https://git.example.com/a/b.git"}}), "git-clone"))
    assert env["GIT_CONFIG_KEY_0"] == "credential.https://github.com.helper"
    assert "credential.helper" not in env.values()


def test_hasura_runs_without_dev_mode():
    objects = synth_values({"features": {"graphql": True}, "database": {"enabled": True}})
    assert env_of(container(objects, "hasura"))["HASURA_GRAPHQL_DEV_MODE"] == "false"


def test_isolation_sets_the_pods_runtime_class():
    assert pod_spec(synth_values({"isolation": "gvisor"}))["runtimeClassName"] == "gvisor"
    assert "runtimeClassName" not in pod_spec(synth_values())
