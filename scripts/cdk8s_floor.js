// The least any cdk8s synthesis of these manifests can cost: the objects of each manifest in FOLDER
// become plain ApiObjects in pure Node.js (no Python, no jsii), synthesized by cdk8s in Apps of 25
// charts, as claude-instance synth does. Prints the time per manifest and checks that the files
// written are byte for byte the ones read.
//
//   node scripts/cdk8s_floor.js FOLDER
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const cdk8s = require('cdk8s');
const YAML = require('yaml');

const folder = process.argv[2];
const files = fs.readdirSync(folder).filter((name) => name.endsWith('.k8s.yaml')).sort();
const manifests = files.map((name) => ({
  name,
  text: fs.readFileSync(path.join(folder, name), 'utf8'),
}));
for (const manifest of manifests) {
  manifest.objects = YAML.parseAllDocuments(manifest.text, { version: '1.1' }).map((d) => d.toJSON()).filter(Boolean);
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-floor-'));
const started = process.hrtime.bigint();
for (let start = 0; start < manifests.length; start += 25) {
  const app = new cdk8s.App({ outdir, yamlOutputType: cdk8s.YamlOutputType.FILE_PER_CHART, outputFileExtension: '.k8s.yaml' });
  for (const manifest of manifests.slice(start, start + 25)) {
    const chart = new cdk8s.Chart(app, manifest.name.replace(/\.k8s\.yaml$/, ''));
    manifest.objects.forEach((object, index) => new cdk8s.ApiObject(chart, `o${index}`, object));
  }
  app.synth();
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const different = manifests.filter((m) => fs.readFileSync(path.join(outdir, m.name), 'utf8') !== m.text).length;
fs.rmSync(outdir, { recursive: true, force: true });
console.log(JSON.stringify({ manifests: manifests.length, seconds, ms_per_manifest: (seconds * 1000) / manifests.length, different }));
