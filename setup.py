from setuptools import find_namespace_packages, find_packages, setup

setup(
    name="claude-constructs",
    version="0.1.0",
    description="Typed cdk8s constructs that turn a short description of a Claude Code instance into Kubernetes manifests",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.11",
    # imports/ holds the generated CRD bindings; its top levels are namespace packages, so they merge
    # with an application's own cdk8s imports/.
    # What synthesis runs in cdk8s's kernel is a jsii package of its own (JavaScript, no Python module).
    packages=find_packages(include=["claude_constructs", "claude_constructs.*"])
    + ["claude_constructs.synthesis.kernel"]
    + find_namespace_packages(include=["imports", "imports.*"]),
    package_data={"imports": ["**/*.tgz", "**/py.typed"],
                  "claude_constructs.synthesis.kernel": ["*.js", "package.json", ".jsii"]},
    include_package_data=True,
    install_requires=[
        "cdk8s>=2.70,<3",
        "cdk8s-plus-28>=2.5,<3",
        "constructs>=10.3,<11",
        "PyYAML>=6",
        "pydantic>=2.11,<3",
        "docker-image-py>=0.2",
        "kubernetes>=37",
        "tzdata>=2024.1",
    ],
    extras_require={
        "test": ["pytest>=8", "syrupy>=4.6", "hypothesis>=6", "kubernetes-validate>=1.28", "jsonschema>=4.18", "cryptography>=42"],
    },
    entry_points={"console_scripts": ["claude-instance=claude_constructs.cli:run"]},
)
