// Objects created in one call. `claude-instance synth` queues every object an App is built of (the
// App, its charts and constructs, and the generated Kubernetes and CRD objects) and sends them here
// at once: one call each cost about half a millisecond, and for the generated objects the kernel
// also read the props against their declared types (0.55 ms an object, even with props declared
// `any`). The objects come as one JSON text, read by JSON.parse; the jsii tokens in it are resolved
// as the kernel resolves them: a reference (`$jsii.byref`, looked up in `references`, which the
// kernel resolved), an enum member (`$jsii.enum`), a map (`$jsii.map`), a struct (`$jsii.struct`,
// its data without the fields left out). A queued object has a pending reference until it is made
// (`claude-constructs-kernel.pending@N`): the objects made before it in the text are found by it.
'use strict';

const PENDING = 'claude-constructs-kernel.pending@';
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

// `value`, read by JSON.parse, with each jsii token in it replaced by what it stands for, and each
// pending reference by the object made for it (`made`). One walk over the value, in place: a
// reviver function given to JSON.parse, called for every value, took twice as long.
function resolve(value, references, made) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const item = value[index];
      if (item !== null && typeof item === 'object') value[index] = resolve(item, references, made);
    }
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1) {
    switch (keys[0]) {
      case '$jsii.byref': {
        const ref = value['$jsii.byref'];
        const found = ref.startsWith(PENDING) ? made.get(ref) : references[ref];
        if (found === undefined) throw new Error(`no object ${ref}${ref.startsWith(PENDING) ? ' was made before it is used' : ''}`);
        return found;
      }
      case '$jsii.map':
        return resolve(value['$jsii.map'], references, made);
      case '$jsii.enum':
        return enumMember(value['$jsii.enum']);
      case '$jsii.struct': {
        const data = {};
        for (const [name, field] of Object.entries(value['$jsii.struct'].data)) {
          if (field != null) data[name] = resolve(field, references, made);
        }
        return data;
      }
      default:
    }
  }
  for (const key of keys) {
    const item = value[key];
    if (item !== null && typeof item === 'object') {
      const resolved = resolve(item, references, made);
      if (resolved !== item) value[key] = resolved;
    }
  }
  return value;
}

// `objects`: the JSON text of a list of [pending reference, fqn, constructor arguments], or of
// [pending reference, fqn, arguments, static method] for a value a class's static method makes
// (`Quantity.fromString`); made in order.
function make(references, objects) {
  const made = new Map();
  for (const [ref, fqn, args, method] of JSON.parse(objects)) {
    const type = exportOf(fqn);
    if (typeof type !== 'function') throw new Error(`${fqn} is not a class`);
    // The kernel passes a value left out (null) as undefined.
    const given = resolve(args, references, made).map((arg) => (arg === null ? undefined : arg));
    try {
      if (method === undefined) {
        made.set(ref, new type(...given));
      } else if (typeof type[method] === 'function') {
        made.set(ref, type[method](...given));
      } else {
        throw new Error(`no static method ${method}`);
      }
    } catch (error) {
      const what = method === undefined ? (typeof given[1] === 'string' ? ` '${given[1]}'` : '') : `.${method}`;
      throw new Error(`creating ${fqn.split('.').pop()}${what}: ${error.message}`);
    }
  }
  return made;
}

class ObjectBatch {
  // The objects made, in order: the kernel gives each its reference.
  static create(references, objects) {
    return [...make(references, objects).values()];
  }

  // Make the objects, then synthesize the App `app` (a reference, perhaps a pending one) and forget
  // them all: nothing of the App is kept once its manifests are written. The number of objects made.
  static synth(references, objects, app) {
    const made = make(references, objects);
    const target = app.startsWith(PENDING) ? made.get(app) : references[app];
    if (target === undefined) throw new Error(`no App ${app}`);
    target.synth();
    return made.size;
  }
}

module.exports = { ObjectBatch };
