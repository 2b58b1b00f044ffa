// Objects created in one call: `claude-instance synth` queues the objects its constructs make (the
// generated Kubernetes and CRD classes, each with its scope, id and props as jsii writes them) and
// sends them here at once. One call per object cost about a millisecond, and half of it was the
// kernel reading the props against their declared types (measured: 0.55 ms an object, even with
// the props declared `any`). Here the props come as one JSON text, read by JSON.parse; the jsii
// tokens in it are resolved as the kernel resolves them: a reference (`$jsii.byref`, looked up in
// `references`, which the kernel resolved), an enum member (`$jsii.enum`), a map (`$jsii.map`).
'use strict';

const exported = new Map();

// What the package the kernel loaded exports as `fqn` (`<assembly>.<namespace...>.<name>`).
function exportOf(fqn) {
  let found = exported.get(fqn);
  if (found !== undefined) return found;
  const parts = fqn.split('.');
  for (let split = 1; split < parts.length && found === undefined; split += 1) {
    let module;
    try {
      module = require(parts.slice(0, split).join('.'));
    } catch (error) {
      if (error.code === 'MODULE_NOT_FOUND') continue;
      throw error;
    }
    found = parts.slice(split).reduce((scope, name) => (scope == null ? undefined : scope[name]), module);
  }
  if (found === undefined) throw new Error(`nothing named ${fqn} is loaded`);
  exported.set(fqn, found);
  return found;
}

function enumMember(token) {
  const slash = token.lastIndexOf('/');
  const value = exportOf(token.slice(0, slash))[token.slice(slash + 1)];
  if (value === undefined) throw new Error(`no enum member ${token}`);
  return value;
}

function reviver(references) {
  return (key, value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length !== 1) return value;
    switch (keys[0]) {
      case '$jsii.byref': {
        const found = references[value['$jsii.byref']];
        if (found === undefined) throw new Error(`no object ${value['$jsii.byref']}`);
        return found;
      }
      case '$jsii.map':
        return value['$jsii.map'];
      case '$jsii.enum':
        return enumMember(value['$jsii.enum']);
      default:
        return value;
    }
  };
}

class ObjectBatch {
  // `objects`: the JSON text of a list of [fqn, scope, id, props]; `references`: each object the
  // text refers to, by its reference. Returns the objects made, in that order.
  static create(references, objects) {
    return JSON.parse(objects, reviver(references)).map(([fqn, scope, id, props]) => {
      const made = exportOf(fqn);
      if (typeof made !== 'function') throw new Error(`${fqn} is not a class`);
      try {
        return new made(scope, id, props);
      } catch (error) {
        throw new Error(`creating ${fqn.split('.').pop()} '${id}': ${error.message}`);
      }
    });
  }
}

module.exports = { ObjectBatch };
