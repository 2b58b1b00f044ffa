// The YAML writer of `claude-instance synth`: the bytes cdk8s's `Yaml.stringify` writes, written
// faster. cdk8s hands every document to the `yaml` library (`YAML.stringify` with the options
// below), which builds a syntax tree of the whole document and runs each scalar through every tag
// of the YAML 1.1 schema; that is about nine tenths of a synthesis (measured on 1,000 instances:
// 8.3 s of 9.4 s). Here the block structure (maps, sequences, indentation) is written directly, and
// each scalar is written as the library writes it at that place: the library itself renders it once,
// in a small document that puts it at the same column in the same position (a key, a value, a
// sequence item), and the text is remembered. A document holding anything else (a top level that
// is not a map, undefined, an object met twice, a key the library would not write plainly on one
// line) is handed to the library whole. tests/test_kernel_package.py holds the two writers to the same
// bytes over every scenario and over generated documents.
'use strict';
const path = require('path');

const cdk8s = require('cdk8s');
// The copy of the library cdk8s itself loads (cdk8s bundles its own).
const YAML = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));

const OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' }; // cdk8s's lib/yaml.ts
const STEP = 2; // the library's indentation step
const MAX_REMEMBERED = 200000;


class Unsupported extends Error {}

function libraryText(value) {
  return YAML.stringify(value, OPTIONS);
}

// `value` under `depth` maps of one key each: its keys then sit at column depth * STEP.
function nested(depth, value) {
  let document = value;
  for (let level = 0; level < depth; level += 1) document = { a: document };
  return document;
}

// What the library wrote for each of `count` entries starting at column `column`, on the lines
// after the nesting maps' keys: each entry starts a line with the indent then `mark(index)`, and
// runs to the next entry (its other lines are indented deeper). The text after the mark, without
// the final line break.
function entries(text, depth, column, count, mark) {
  const indent = ' '.repeat(column);
  let start = 0;
  for (let skipped = 0; skipped < depth; skipped += 1) start = text.indexOf('\n', start) + 1;
  const found = [];
  for (let index = 0; index < count; index += 1) {
    const head = indent + mark(index);
    if (!text.startsWith(head, start)) throw new Unsupported('probe');
    const next = index + 1 < count ? text.indexOf('\n' + indent + mark(index + 1), start) : text.length - 1;
    if (next < 0 || text[text.length - 1] !== '\n') throw new Unsupported('probe');
    found.push(text.slice(start + head.length, next));
    start = next + 1;
  }
  return found;
}

// Remembered texts, by kind and column, then by the value itself.
class Texts {
  constructor(render, plain) {
    this.render = render; // (values, column) => texts, from one library call
    this.plain = plain; // a string written as it is => its text
    this.byColumn = [];
    this.size = 0;
  }

  at(column) {
    return this.byColumn[column] || (this.byColumn[column] = new Map());
  }

  // Before a document is surveyed: never between its survey and its writing.
  forgetWhenFull() {
    if (this.size > MAX_REMEMBERED) {
      this.byColumn = [];
      this.size = 0;
    }
  }

  // Renders, in one library call per column, the values of `missing` (column => Set) not yet known.
  learn(missing) {
    missing.forEach((values, column) => {
      const list = [...values];
      const texts = this.render(list, column);
      const known = this.at(column);
      list.forEach((value, index) => known.set(value, texts[index]));
      this.size += list.length;
    });
  }
}

// After `key:`, for a key at `column`. The pairs' keys (k0, k1, ...) do not change a value's text:
// lines are never folded (lineWidth 0).
const valueTexts = new Texts((values, column) => {
  const pairs = {};
  values.forEach((value, index) => { pairs[`k${index}`] = value; });
  return entries(libraryText(nested(column / STEP, pairs)), column / STEP, column, values.length, (index) => `k${index}:`);
}, (value) => ' ' + value);

// After `-`, for a dash at `column` (at least STEP: sequences sit under a key).
const itemTexts = new Texts((values, column) =>
  entries(libraryText(nested(column / STEP - 1, { k: values })), column / STEP, column, values.length, () => '-'),
(value) => ' ' + value);

// A key at `column`, when the library writes it plainly on one line. The probe's keys come out in
// JavaScript's order (integer-like keys first), not in the order they were put in.
const keyTexts = new Texts((keys, column) => {
  const pairs = {};
  keys.forEach((key) => { pairs[key] = 0; });
  const text = libraryText(nested(column / STEP, pairs));
  const lines = text.slice(0, -1).split('\n').slice(column / STEP);
  const indent = ' '.repeat(column);
  const order = Object.keys(pairs);
  if (lines.length !== keys.length) throw new Unsupported('key');
  const byKey = new Map(order.map((key, index) => {
    const line = lines[index];
    if (!line.startsWith(indent) || !line.endsWith(': 0') || line.startsWith(indent + '? ')) throw new Unsupported('key');
    return [key, line.slice(column, -3)];
  }));
  return keys.map((key) => byKey.get(key));
}, (key) => key);

function isScalar(value) {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number';
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// A string the library writes as it is, wherever it stands in block style (a key, a value, an
// item): it starts with a letter, holds no character YAML gives a meaning to, and no tag of the
// YAML 1.1 schema reads it as anything but a string (a boolean or null word, a float such as
// `e5`). Most scalars of a manifest (names, labels, paths, images) are such strings; each other
// scalar is rendered by the library (lib/stringify/stringifyString.js, `plainString`).
const PLAIN = /^[A-Za-z][A-Za-z0-9_./@-]*$/;
const NOT_A_STRING_IN_YAML_1_1 = /^(?:[YyNn]|[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL|[eE][-+]?[0-9]+)$/;

const MAX_PLAIN_KEY = 1024; // a longer key is written `? key` (lib/stringify/stringifyPair.js)

function writtenAsItIs(value) {
  return typeof value === 'string' && value.length <= MAX_PLAIN_KEY && PLAIN.test(value) &&
    !NOT_A_STRING_IN_YAML_1_1.test(value);
}

function need(missing, texts, column, value) {
  const known = texts.at(column);
  if (known.has(value)) return;
  if (writtenAsItIs(value)) {
    known.set(value, texts.plain(value));
    texts.size += 1;
    return;
  }
  let values = missing.get(column);
  if (values === undefined) missing.set(column, (values = new Set()));
  values.add(value);
}

// Checks that the library would write `value` (after a key or a dash at `column`) as this module
// does, and notes the scalars whose text is not known yet.
function survey(value, column, inMap, seen, missing) {
  if (isScalar(value)) {
    if (Object.is(value, -0)) throw new Unsupported('-0'); // a Map holds -0 and 0 as one key
    need(inMap ? missing.values : missing.items, inMap ? valueTexts : itemTexts, column, value);
    return;
  }
  if (typeof value !== 'object' || seen.has(value)) throw new Unsupported('value');
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) survey(item, column + STEP, false, seen, missing);
  } else if (isPlainObject(value)) {
    surveyMap(value, column + STEP, seen, missing);
  } else {
    throw new Unsupported('object');
  }
}

function surveyMap(map, column, seen, missing) {
  for (const key of Object.keys(map)) {
    need(missing.keys, keyTexts, column, key);
    survey(map[key], column, true, seen, missing);
  }
}

// A non-empty map whose keys are at `column`; the first key follows `lead` (after a dash).
function writeMap(map, column, lead) {
  const indent = ' '.repeat(column);
  const keys = keyTexts.at(column);
  let out = '';
  let first = lead !== undefined;
  for (const key of Object.keys(map)) {
    out += (first ? lead : indent) + keys.get(key) + ':' + writeValue(map[key], column, true);
    first = false;
  }
  return out;
}

// `value` after `key:` (inMap) or after `-`, the key or the dash being at `column`.
function writeValue(value, column, inMap) {
  if (isScalar(value)) return (inMap ? valueTexts : itemTexts).at(column).get(value) + '\n';
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []\n';
    return inMap ? '\n' + writeItems(value, column + STEP) : writeItems(value, column + STEP, ' ');
  }
  if (Object.keys(value).length === 0) return ' {}\n';
  return inMap ? '\n' + writeMap(value, column + STEP) : writeMap(value, column + STEP, ' ');
}

// A non-empty sequence whose dashes are at `column`; the first dash follows `lead`.
function writeItems(items, column, lead) {
  const indent = ' '.repeat(column);
  let out = '';
  items.forEach((item, index) => {
    out += (index === 0 && lead !== undefined ? lead : indent) + '-' + writeValue(item, column, false);
  });
  return out;
}

let handedBack = 0; // documents written by the library whole (tests/test_kernel_package.py counts them)

function stringifyDocument(document) {
  if (!isPlainObject(document) || Object.keys(document).length === 0) {
    handedBack += 1;
    return libraryText(document);
  }
  try {
    const missing = { keys: new Map(), values: new Map(), items: new Map() };
    for (const texts of [keyTexts, valueTexts, itemTexts]) texts.forgetWhenFull();
    surveyMap(document, 0, new Set([document]), missing);
    keyTexts.learn(missing.keys);
    valueTexts.learn(missing.values);
    itemTexts.learn(missing.items);
    return writeMap(document, 0);
  } catch (error) {
    if (error instanceof Unsupported) {
      handedBack += 1;
      return libraryText(document);
    }
    throw error;
  }
}

// cdk8s's Yaml.stringify: documents separated by `---`, an undefined one as an empty line.
function stringify(...documents) {
  return documents.map((document) => (document === undefined ? '\n' : stringifyDocument(document))).join('---\n');
}

class ManifestWriter {
  // Makes cdk8s write its manifests with `stringify` (App.synth writes through Yaml.stringify); true
  // once it does.
  static install() {
    cdk8s.Yaml.stringify = stringify;
    return cdk8s.Yaml.stringify === stringify;
  }
}

module.exports = { ManifestWriter, stringify, handedBack: () => handedBack };
