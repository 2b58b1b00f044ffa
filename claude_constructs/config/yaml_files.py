"""Reading YAML: instance and GitOps files (strictly: they may be written by an attacker), and the
manifests that synthesis wrote back."""

from __future__ import annotations

import re

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import BaseResolver

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
try:
    from yaml.cyaml import CParser as _Parser  # libyaml: about ten times faster on a fleet
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = None

# An instance file is small: a few kilobytes, a system prompt at most 512 KiB.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32


class ManifestLoader(_Base):
    """PyYAML's safe loader, except that a plain ``=`` or ``<<`` value is text: cdk8s's YAML writer
    writes YAML 1.2, where both are plain strings, and leaves them unquoted; YAML 1.1, which PyYAML
    reads, gives them the ``value`` and ``merge`` tags, which PyYAML cannot construct as a value."""


ManifestLoader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))
ManifestLoader.add_constructor("tag:yaml.org,2002:merge", lambda loader, node: loader.construct_scalar(node))


def load_manifests(text: str) -> list[dict]:
    return [document for document in yaml.load_all(text, Loader=ManifestLoader) if document]


class _SettingsResolver(BaseResolver):
    """Plain scalars are text unless they are exactly ``true``/``false``, a decimal integer written
    the way Python prints it, or ``null``/``~``/nothing. So ``0777``, ``1.10``, ``1_000``, ``.inf``,
    ``yes``, ``on``, ``1:30`` and dates stay exactly the text the user wrote, and a number read as a
    number turns back into the same text (YAML 1.1, which PyYAML implements, would read ``0777`` as
    511 and ``yes`` as true)."""


_SettingsResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_SettingsResolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^(?:0|-?[1-9][0-9]{0,17})$"), list("-0123456789"))
_SettingsResolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class _SettingsConstructor(SafeConstructor):
    """Only mappings, lists, text, integers, booleans and null; a key given twice is an error."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise ConstructorError(None, None, "a mapping key must be text", key_node.start_mark) from None
                if key in seen:
                    raise ConstructorError(
                        "while reading a mapping", node.start_mark,
                        f"the key {key!r} is given twice (first on line {seen[key].line + 1}): keep one", key_node.start_mark,
                    )
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node, deep=False):
        # An explicit tag (!!int, !!bool, !!python/...) would bypass the resolver above: a value must
        # have the tag the resolver gives its plain text (or be text).
        if node.tag not in _RESOLVED:
            raise ConstructorError(None, None, f"the tag {node.tag!r} is not allowed: write plain values", node.start_mark)
        if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:str" and (
            node.style not in (None, "") or node.tag != self.resolve(yaml.ScalarNode, node.value, (True, False))
        ):
            raise ConstructorError(None, None, f"the tag {node.tag!r} does not fit {node.value[:40]!r}: write plain values",
                                   node.start_mark)
        return super().construct_object(node, deep=deep)

    def construct_undefined(self, node):
        raise ConstructorError(None, None, f"the tag {node.tag!r} is not allowed: write plain values", node.start_mark)


_SettingsConstructor.yaml_constructors = {
    f"tag:yaml.org,2002:{tag}": SafeConstructor.yaml_constructors[f"tag:yaml.org,2002:{tag}"]
    for tag in ("str", "int", "bool", "null", "map", "seq")
}
_SettingsConstructor.add_constructor(None, _SettingsConstructor.construct_undefined)
_RESOLVED = frozenset(f"tag:yaml.org,2002:{tag}" for tag in ("str", "int", "bool", "null", "map", "seq"))

if _Parser is not None:
    class _SettingsLoader(_Parser, _SettingsConstructor, _SettingsResolver):
        def __init__(self, stream):
            _Parser.__init__(self, stream)
            _SettingsConstructor.__init__(self)
            _SettingsResolver.__init__(self)
else:  # pragma: no cover - PyYAML without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _SettingsLoader(Reader, Scanner, Parser, Composer, _SettingsConstructor, _SettingsResolver):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            _SettingsConstructor.__init__(self)
            _SettingsResolver.__init__(self)


def _check_tree(node) -> None:
    """No node reached twice (an alias: they can multiply a tiny file into gigabytes) and no
    nesting deeper than ``MAX_DEPTH``. Walked without recursion."""
    seen: set[int] = set()
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if id(current) in seen:
            raise ConstructorError(
                None, None, "uses an alias (*name) of an anchor (&name): write the values out in full", current.start_mark
            )
        seen.add(id(current))
        if depth > MAX_DEPTH:
            raise ConstructorError(None, None, f"nests deeper than {MAX_DEPTH} levels", current.start_mark)
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in current.value)


def load_values(text: str):
    """A settings file (instance, gitops.yaml), read strictly: one document; mappings, lists, text,
    whole numbers, true/false and null only (see ``_SettingsResolver``); no duplicate keys, aliases,
    tags or deep nesting. Raises ``yaml.YAMLError`` with the line."""
    loader = _SettingsLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_tree(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()
