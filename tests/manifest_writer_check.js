// For tests/test_kernel_package.py: reads lines of JSON, each a list of documents, and answers each with
// a line of JSON: what cdk8s's own Yaml.stringify writes for them ("stock") and what the manifest
// writer writes ("fast"), and how many of them it handed to the library whole ("handedBack"). Run from a folder laid out as jsii's kernel lays out its packages.
'use strict';
const readline = require('readline');
const cdk8s = require('cdk8s');
const writer = require('claude-constructs-kernel');

const stock = cdk8s.Yaml.stringify.bind(cdk8s.Yaml);
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const documents = JSON.parse(line);
  const before = writer.handedBack();
  const fast = writer.stringify(...documents);
  const handedBack = writer.handedBack() - before;
  process.stdout.write(JSON.stringify({ stock: stock(...documents), fast, handedBack }) + '\n');
});
