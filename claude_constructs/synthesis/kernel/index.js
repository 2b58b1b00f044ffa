// The package `claude-instance synth` loads into jsii's kernel next to cdk8s (see kernel_package.py).
'use strict';
module.exports = { ...require('./manifest_writer'), ...require('./object_batch') };
