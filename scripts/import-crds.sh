#!/usr/bin/env bash
# Regenerates imports/ (or the folder given as $1) from the vendored CRDs in crds/ with the
# pinned cdk8s CLI.
# cdk8s import writes one module per API group and a later import of a group replaces
# the earlier one, so the CRDs of each group are imported together from one file.
set -euo pipefail
cd "$(dirname "$0")/.."
export CDK8S_CHECK_UPGRADE=false
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="$(node -p 'process.versions.node.split(".")[0]')"
out=${1:-imports}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
# A group's module is its reversed name (http.keda.sh -> sh/keda/http), inside the module of the
# shorter group (keda.sh -> sh/keda), and an import replaces its module's folder: shorter groups first.
for group in $(ls -d crds/*/ | xargs -n1 basename | awk -F. '{ print NF, $0 }' | LC_ALL=C sort -k1,1n -k2 | cut -d' ' -f2); do
  combined="$work/$group.yaml"
  for crd in crds/"$group"/*.yaml; do
    cat "$crd"
    printf '\n---\n'
  done > "$combined"
  npx --no-install cdk8s import "$combined" --language python --output "$out" --no-save >/dev/null
done
