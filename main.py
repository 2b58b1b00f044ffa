"""The cdk8s app (``cdk8s synth``): every instance file in instances/ -> one manifest in dist/.

No instance files is an empty fleet. The same as
``claude-instance synth``, which additionally keeps the previous dist/ when anything fails.
"""

import os
import sys

from claude_constructs.config.loader import ConfigError
from claude_constructs.synthesis.app import build_app
from claude_constructs.synthesis.synth import resolve


def main() -> int:
    try:
        configs, gitops = resolve(sys.argv[1:])
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    build_app(configs, os.environ.get("CDK8S_OUTDIR", "dist"), gitops).synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
