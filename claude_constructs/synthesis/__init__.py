"""From validated configurations to dist/: the cdk8s App (``app``), the synthesis kernels
(``render``, ``kernel_pool``), the cache of unchanged charts (``cache``) and of unchanged fleets
(``unchanged_fleet``), the upgrade check (``upgrade``) and the all-or-nothing write of the output
folder (``synth``)."""

INSTANCE_SUFFIXES = (".yaml", ".yml")  # the instance files synth reads
MANIFEST_SUFFIX = ".k8s.yaml"  # the files it writes, one per chart
# In a shard's output folder (`synth --shard`): each manifest's chart key, which `merge` checks. Not
# a dot file: CI artifact uploads leave those out by default.
SHARD_INDEX = "claude-instance-shard.json"
