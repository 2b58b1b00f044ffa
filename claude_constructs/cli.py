"""The ``claude-instance`` command line."""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Sequence


FEATURES = ("golang", "typescript", "postgres", "graphql", "ansible")


def _job_count(text: str) -> int:
    """``--jobs``: a whole number of synthesis kernels, at least one."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a number of Node.js processes, 1 or more, got {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """The command; an interrupt (Ctrl-C, SIGTERM) at any point is one line and exit code 130."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # like Ctrl-C: clean up, then one line
    try:
        return _command(argv)
    except KeyboardInterrupt as interrupt:  # before or between the commands' own handlers
        print(f"\ninterrupted: {str(interrupt) or 'nothing was changed'}", file=sys.stderr)
        return 130


def _command(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="claude-instance", description="Kubernetes manifests for Claude Code instances.")
    commands = parser.add_subparsers(dest="command", required=True)

    synth = commands.add_parser("synth", help="synthesize instance files into one manifest per instance")
    synth.add_argument("paths", nargs="*", help="instance files or folders (default: instances/; none is an empty fleet)")
    synth.add_argument("--output", "-o", default="dist", help="output folder (default: dist)")
    synth.add_argument("--gitops", help="GitOps settings for the ArgoCD objects (default: gitops.yaml if it exists)")
    synth.add_argument("--jobs", "-j", type=_job_count, help="synthesis kernels, Node.js processes (default: one per core)")
    synth.add_argument("--shard", metavar="K/N", help="only the instances of shard K of N (by name), without the "
                       "ArgoCD and tenant charts: for a CI matrix; `merge` assembles the output")
    _orphan_option(synth)
    _cache_options(synth)

    merge = commands.add_parser("merge", help="assemble the output from the folders of `synth --shard K/N` runs, "
                                "with the ArgoCD and tenant charts: the same bytes as one unsharded synth")
    merge.add_argument("shards", nargs="+", help="the output folders of every shard")
    merge.add_argument("--instances", action="append", help="instance files or folders (default: instances/)")
    merge.add_argument("--output", "-o", default="dist", help="output folder (default: dist)")
    merge.add_argument("--gitops", help="GitOps settings (default: gitops.yaml if it exists)")
    merge.add_argument("--jobs", "-j", type=_job_count, help="synthesis kernels, Node.js processes (default: one per core)")
    _orphan_option(merge)
    _cache_options(merge)

    validate = commands.add_parser("validate", help="check instance files and report every problem; writes nothing")
    validate.add_argument("paths", nargs="*", help="instance files or folders (default: instances/)")
    validate.add_argument("--output", "-o", help="also check what a synth into this folder would do to the manifests "
                          "there (default: dist, when no paths are given)")
    validate.add_argument("--gitops", help="GitOps settings (default: gitops.yaml if it exists)")
    _orphan_option(validate)

    expire = commands.add_parser("expire", help="suspend (or remove) the files of instances whose 'expires' date "
                                 "has come, and print what changed: for a scheduled CI job that commits the result")
    expire.add_argument("paths", nargs="*", help="instance files or folders (default: instances/)")
    expire.add_argument("--today", help="the date to expire against, YYYY-MM-DD (default: today, UTC)")
    expire.add_argument("--remove-after", type=int, metavar="DAYS",
                        help="remove the files of instances expired at least DAYS ago (their data stays, see the README)")
    expire.add_argument("--dry-run", action="store_true", help="print what would change; change nothing")

    status = commands.add_parser("status", help="each instance's state in the live cluster (read-only)")
    status.add_argument("paths", nargs="*", help="instance files or folders (default: instances/)")
    status.add_argument("--context", help="the kubeconfig context (default: the current one, else in-cluster)")

    schema = commands.add_parser("schema", help="print the JSON Schema of the instance file (for editors)")
    schema.add_argument("--output", "-o", help="write it to this file instead")

    commands.add_parser("templates", help="the instance templates")

    listing = commands.add_parser("list", help="a table of the instances")
    listing.add_argument("paths", nargs="*", help="instance files or folders (default: instances/)")

    diff = commands.add_parser("diff", help="which objects a synth would add (+), change (~) or remove (-) in the output")
    diff.add_argument("paths", nargs="*", help="instance files or folders (default: instances/)")
    diff.add_argument("--output", "-o", default="dist", help="the output folder to compare with (default: dist)")
    diff.add_argument("--gitops", help="GitOps settings (default: gitops.yaml if it exists)")
    diff.add_argument("--exit-code", action="store_true", help="exit with 1 when there are differences")
    diff.add_argument("--show", action="store_true", help="print each change as a unified diff of the object")
    _orphan_option(diff)
    _cache_options(diff)

    new = commands.add_parser("new", help="write a new instance file")
    new.add_argument("--description", required=True, help="what the instance is for; its name is derived from it once")
    new.add_argument("--user", required=True, help="the user id that owns the instance")
    new.add_argument("--feature", action="append", default=[], choices=FEATURES, help="enable a feature (repeatable)")
    new.add_argument("--template", help="start from this template (see `claude-instance templates`)")
    new.add_argument("--name", help="the instance name (default: sha256 of the description, 12 characters)")
    new.add_argument("--instances", default="instances", help="the instances folder (default: instances)")

    args = parser.parse_args(argv)
    if args.command == "synth" and (code := _before_anything_is_imported(args)) is not None:
        return code
    if _WHOLE_PROCESS and args.command in ("synth", "diff"):
        _optimized_when_worth_it(args.paths)
    from claude_constructs.config.loader import ConfigError
    from claude_constructs.synthesis.render import SynthesisError

    try:
        if args.command == "synth":
            return _synth(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "list":
            return _list(args.paths)
        if args.command == "templates":
            from claude_constructs.config.templates import TEMPLATES

            for name, (description, _) in TEMPLATES.items():
                print(f"{name:<26}{description}")
            return 0
        if args.command == "diff":
            return _diff(args)
        if args.command == "merge":
            return _merge(args)
        if args.command == "expire":
            return _expire(args)
        if args.command == "status":
            return _status(args)
        if args.command == "schema":
            from claude_constructs.config.schema import schema_text

            if args.output:
                Path(args.output).write_text(schema_text(), encoding="utf-8")
                print(f"wrote {args.output}")
            else:
                print(schema_text(), end="")
            return 0
        return _new(args)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `claude-instance diff | head`: the reader has what it wanted
        _quiet_stdout()
        return 0
    except OSError as error:
        print(f"error: {error.strerror or error} ({error.filename or 'writing the output'}); nothing was changed", file=sys.stderr)
        return 1
    except SynthesisError as error:
        print(f"error: {error}; nothing was changed", file=sys.stderr)
        return 1
    except KeyboardInterrupt as interrupt:
        print(f"\ninterrupted: {str(interrupt) or 'nothing was changed'}", file=sys.stderr)
        return 130


def _before_anything_is_imported(args: argparse.Namespace) -> int | None:
    """For synth, before the configuration's schema or jsii is imported: start Node.js for a small
    fleet, and when the fleet is unchanged, say so (the exit code; None: synthesize). A problem here
    (an unreadable folder) is left to the synthesis to report."""
    from claude_constructs.synthesis import render
    from claude_constructs.synthesis.output_folder import refusal

    try:
        if not args.shard and refusal(Path(args.output).resolve(), _inputs(args)) is None:
            render.prestart(args.paths)  # Node.js loads cdk8s while the rest is imported (not for a
            # folder synth refuses: jsii's Node.js would write its package cache under $HOME)
        if _unchanged_fleet(args):
            render.stop_warm_kernels()
            return 0
    except OSError:
        args.fleet = None
    except KeyboardInterrupt:
        render.stop_warm_kernels()
        print("\ninterrupted: nothing was changed", file=sys.stderr)
        return 130
    return None


def _interrupt(number, frame) -> None:
    raise KeyboardInterrupt


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit raises nothing more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _orphan_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--allow-orphaned-data", action="store_true", help="accept that volumes or databases in the "
                         "output lose their instance (a renamed, moved or removed instance, a disabled volume)")


def _print_notes(configs) -> None:
    """Settings read from an older chart's keys: accepted, with where they moved."""
    for config in configs:
        for note in config.notes:
            print(f"note: {note}", file=sys.stderr)


def _inputs(args: argparse.Namespace) -> list[str]:
    """What synthesis reads, which the output folder may neither hold nor lie in."""
    return [*(args.paths or ["instances"]), args.gitops or "gitops.yaml"]


def _cache_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--cache-dir", help="where synthesized charts are kept for reuse (default: "
                         "$CLAUDE_INSTANCE_CACHE_DIR, else $XDG_CACHE_HOME/claude-instance, else ~/.cache/claude-instance)")
    command.add_argument("--no-cache", action="store_true", help="synthesize every chart; neither read nor write the "
                         "cache (also when CLAUDE_INSTANCE_NO_CACHE is set and no --cache-dir is given)")


def _cache(args: argparse.Namespace):
    from claude_constructs.synthesis.cache import NO_CACHE_VARIABLE, SynthCache, default_cache_dir

    if args.no_cache or (os.environ.get(NO_CACHE_VARIABLE) and not args.cache_dir):
        return None
    return SynthCache(args.cache_dir or default_cache_dir())


def _fleet_inputs(args: argparse.Namespace):
    from claude_constructs.synthesis.unchanged_fleet import FleetInputs

    options = [f"--shard={args.shard}"] if args.shard else []
    options += ["--allow-orphaned-data"] if args.allow_orphaned_data else []
    try:
        return FleetInputs(args.paths, args.gitops, args.output, options)
    except OSError:  # an unreadable folder: synthesis reports it
        return None


def _unchanged_fleet(args: argparse.Namespace) -> bool:
    """When the cache says nothing synth reads has changed since it wrote the output folder, and the
    folder holds what it wrote: say what that synthesis said, and True (see unchanged_fleet)."""
    from claude_constructs.synthesis.unchanged_fleet import unchanged

    from claude_constructs.synthesis import SHARD_INDEX

    cache = _cache(args)
    args.fleet = _fleet_inputs(args) if cache is not None else None
    if args.fleet is None or args.fleet.key is None:
        return False
    if args.shard and not (Path(args.output) / SHARD_INDEX).is_file():
        return False  # a shard's folder without its index: synthesize to write it again
    written = unchanged(cache, args.fleet.key, args.output, _inputs(args))
    if written is None:
        return False
    for note in written.notes:
        print(f"note: {note}", file=sys.stderr)
    count = len(written.manifests)
    reused = f"; {count} chart(s) taken from the cache" if count else ""
    try:
        print(f"synthesized {written.instances} instance(s) into {args.output}/ ({count} file(s){reused})")
    except BrokenPipeError:
        _quiet_stdout()
    return True


def _synth(args: argparse.Namespace) -> int:
    from claude_constructs.synthesis import render
    from claude_constructs.synthesis.synth import resolve, synthesize, write_shard_index

    cache = _cache(args)
    fleet = getattr(args, "fleet", None)  # what synth reads, as _unchanged_fleet found it
    try:
        # Synthesis kernels start while the files are validated, once enough of them are new (not cached).
        shards = int(args.shard.rpartition("/")[2]) if args.shard and args.shard.rpartition("/")[2].isdigit() else 1
        configs, gitops = resolve(args.paths, args.gitops, cache=cache,
                                  validated=render.warm_when_worth_it(args.jobs, max(shards, 1)))
        _print_notes(configs)
        notes = [note for config in configs for note in config.notes]
        if args.shard:
            configs, gitops = _shard(args.shard, configs), None
        with _Progress(len(configs)) as progress:
            result = synthesize(configs, args.output, gitops, jobs=args.jobs, progress=progress, cache=cache,
                                inputs=_inputs(args), allow_orphaned_data=args.allow_orphaned_data)
        if args.shard:  # what `merge` checks each manifest against
            write_shard_index(args.output, configs, cache)
    finally:
        render.stop_warm_kernels()
    if cache is not None and fleet is not None and fleet.unchanged_since():  # no file changed meanwhile
        from claude_constructs.synthesis.unchanged_fleet import record

        record(cache, fleet.key, result.manifests, len(configs), notes)
    reused = f"; {result.reused} chart(s) taken from the cache" if result.reused else ""
    print(f"synthesized {len(configs)} instance(s) into {args.output}/ ({len(result.files)} file(s){reused})")
    return 0


def _status(args: argparse.Namespace) -> int:
    from claude_constructs.commands.status import StatusError, fleet_status
    from claude_constructs.synthesis.synth import resolve

    configs, _ = resolve(args.paths)
    try:
        states = fleet_status(configs, context=args.context)
    except StatusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    rows = [("USER", "NAME", "NAMESPACE", "STATE", "SINCE", "CLAIMS", "REASON")]
    for s in states:
        claims = ", ".join(f"{c.name} {c.phase} {c.capacity}" for c in s.claims) or "-"
        rows.append((s.userid, s.name, s.namespace, s.state, s.since, claims, s.reason or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


def _today(text: str | None):
    import datetime

    from claude_constructs.config.loader import ConfigError, Problem

    if text is None:
        return datetime.datetime.now(datetime.timezone.utc).date()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ConfigError([Problem("--today", f"must be a date written YYYY-MM-DD, got {text!r}")]) from None


def _expire(args: argparse.Namespace) -> int:
    from claude_constructs.config.loader import ConfigError, Problem
    from claude_constructs.commands.expiry import edited_text, plan_expiry, write_expiry
    from claude_constructs.synthesis.synth import find_instance_files, resolve_gitops

    if args.remove_after is not None and args.remove_after < 0:
        raise ConfigError([Problem("--remove-after", f"must be 0 or more days, got {args.remove_after}")])
    folder = Path("instances")
    files = find_instance_files(args.paths) if args.paths else (find_instance_files([folder]) if folder.is_dir() else [])
    gitops = resolve_gitops(None)
    actions = plan_expiry(files, _today(args.today), args.remove_after, gitops.platform if gitops else None)
    # Every edit is made and checked before the first file changes: all of them, or none and the reasons.
    edits, problems = [], []
    for action in actions:
        try:
            edits.append(edited_text(action))
        except ConfigError as error:
            problems.append(Problem("", str(error), shown=True))
    if problems:
        raise ConfigError(problems)
    for action, edited in zip(actions, edits):
        if not args.dry_run:
            write_expiry(action, edited)
        verb = {"suspend": "suspended", "remove": "removed"}[action.action]
        print(f"{'would be ' if args.dry_run else ''}{verb}: {action.file} (instance {action.name}, expired {action.expires})")
    if any(a.action == "remove" for a in actions) and not args.dry_run:
        print("removed instances keep their volumes and database in the cluster: synthesize with "
              "--allow-orphaned-data, and delete them when they are no longer wanted", file=sys.stderr)
    if not actions:
        print("no instance has expired")
    return 0


def _mutable_image_warning(configs) -> None:
    """One line for the fleet: which of the images the library picks run a mutable 'latest' tag."""
    mutable: dict[str, int] = {}
    for config in configs:
        images = {"claude": config.image}
        images.update({name: tool.image for name, tool, on in (
            ("golang", config.golang, config.features.golang), ("typescript", config.typescript, config.features.typescript),
            ("ansible", config.ansible, config.features.ansible)) if on})
        for name, image in images.items():
            if not image.digest and image.tag.split("-")[0] == "latest":
                mutable[f"{name} ({image.repository}:{image.tag})"] = mutable.get(f"{name} ({image.repository}:{image.tag})", 0) + 1
    if mutable:
        listed = ", ".join(f"{name} in {count} instance(s)" for name, count in sorted(mutable.items()))
        print(f"warning: mutable image tags: {listed}: a restart may run other code; pin a version or a digest "
              "for the fleet in gitops.yaml ('platform.images') or in the instance file", file=sys.stderr)


def _expiry_warnings(configs) -> None:
    """Instances that expire within a week, or have expired while still running."""
    import datetime

    today = datetime.datetime.now(datetime.timezone.utc).date()
    for config in configs:
        if not config.expires:
            continue
        days = (datetime.date.fromisoformat(config.expires) - today).days
        if days < 0 and not config.suspended:
            print(f"warning: instance {config.name!r} of {config.userid} expired on {config.expires} and is still running: "
                  "`claude-instance expire` suspends it", file=sys.stderr)
        elif 0 <= days <= 7:
            print(f"warning: instance {config.name!r} of {config.userid} expires on {config.expires} (in {days} day(s))",
                  file=sys.stderr)


def _shard(text: str, configs):
    import re

    from claude_constructs.config.loader import ConfigError, Problem
    from claude_constructs.synthesis.synth import in_shard

    match = re.fullmatch(r"([1-9][0-9]*)/([1-9][0-9]*)", text)
    if not match or int(match[1]) > int(match[2]):
        raise ConfigError([Problem("--shard", f"must be K/N with 1 <= K <= N, such as 2/4, got {text!r}")])
    return in_shard(configs, int(match[1]), int(match[2]))


def _merge(args: argparse.Namespace) -> int:
    from claude_constructs.synthesis.synth import merge_shards, resolve

    cache = _cache(args)
    configs, gitops = resolve(args.instances or [], args.gitops, cache=cache)
    result = merge_shards(configs, args.shards, args.output, gitops, jobs=args.jobs, cache=cache,
                          inputs=[*(args.instances or ["instances"]), args.gitops or "gitops.yaml"],
                          allow_orphaned_data=args.allow_orphaned_data)
    print(f"merged {len(configs)} instance(s) from {len(args.shards)} shard(s) into {args.output}/ ({len(result.files)} file(s))")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from claude_constructs.synthesis.synth import check_orphans, check_output_folder, resolve

    configs, gitops = resolve(args.paths, args.gitops)
    _print_notes(configs)
    _expiry_warnings(configs)
    _mutable_image_warning(configs)
    if args.output or not args.paths:  # a subset of the fleet is checked on its own
        output = Path(args.output or "dist")
        check_orphans(check_output_folder(output, _inputs(args)), configs, args.allow_orphaned_data, output)
    print(f"{len(configs)} instance(s) valid" + (" and gitops.yaml" if gitops else ""))
    return 0


def _list(paths: Sequence[str]) -> int:
    from claude_constructs.synthesis.synth import resolve

    rows = [("USER", "NAME", "DESCRIPTION", "FEATURES", "HOSTNAME", "STATE", "EXPIRES")]
    for config in sorted(resolve(paths)[0], key=lambda c: (c.userid, c.name)):
        features = [name for name in FEATURES if getattr(config.features, name)]
        if config.database.enabled:
            features.append("database")
        description = " ".join(config.description.split())
        rows.append((
            config.userid, config.name, description if len(description) <= 40 else description[:39] + "…",
            ",".join(features) or "-", config.ingress.hostname if config.ingress.enabled else "-",
            "suspended" if config.suspended else "running", config.expires or "-",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


def _diff(args: argparse.Namespace) -> int:
    from claude_constructs.config.loader import ConfigError
    from claude_constructs.synthesis.synth import check_orphans, check_output_folder, plan, resolve

    configs, gitops = resolve(args.paths, args.gitops)
    output = Path(args.output)
    previous = check_output_folder(output, _inputs(args))
    try:
        check_orphans(previous, configs, args.allow_orphaned_data, output)
    except ConfigError as error:
        if args.exit_code:
            raise
        print(f"warning: {error}", file=sys.stderr)
    changes = plan(configs, args.output, gitops, cache=_cache(args))
    for change in changes:
        print(f"{change.sign} {change.file}: {change.key}")
        if args.show:
            print(change.unified_diff(), end="")
    counts = {sign: sum(1 for c in changes if c.sign == sign) for sign in "+~-"}
    print(f"{counts['+']} to add, {counts['~']} to change, {counts['-']} to remove", file=sys.stderr)
    return 1 if changes and args.exit_code else 0


class _Progress:
    """A progress line on a terminal; silent in CI and when the output is not a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI") and total >= 50

    def __enter__(self):
        return self if self.enabled else None

    def __call__(self, done: int, total: int) -> None:
        print(f"\rsynthesizing: {done}/{total} instances", end="", file=sys.stderr, flush=True)

    def __exit__(self, *exc) -> None:
        if self.enabled:
            print(file=sys.stderr)


def _new(args: argparse.Namespace) -> int:
    import yaml

    from claude_constructs.config.loader import ConfigError, Problem, derive_instance_name, load_instance
    from claude_constructs.synthesis.synth import find_instance_files

    description = args.description
    name = args.name or derive_instance_name(description)
    values: dict = {"instanceName": name, "instanceDescription": description, "userid": args.user}
    if args.template:
        # The file keeps only the template's name and the features asked for: later template
        # improvements reach the instance.
        values["template"] = args.template
        if args.feature:
            values["features"] = {feature: True for feature in args.feature}
    else:
        values["features"] = {feature: feature in args.feature for feature in FEATURES}
    if "postgres" in args.feature or "graphql" in args.feature:
        values["database"] = {"enabled": True}
    load_instance(values, require_name=True)

    folder = Path(args.instances)
    if name in _instance_names(find_instance_files([folder]) if folder.is_dir() else []):
        raise ConfigError(
            [Problem("instanceName", f"{name!r} already exists in {folder}/: use another description or pass --name")]
        )
    target = folder / args.user / f"{name}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        # The first line points editors with the YAML language server at the schema beside the folders.
        handle.write(f"# yaml-language-server: $schema=../{SCHEMA_FILE}\n")
        handle.write("# A Claude Code instance. The name is fixed: editing the description never renames it.\n")
        yaml.safe_dump(values, handle, sort_keys=False, allow_unicode=True)
    print(f"wrote {target}")
    _write_schema(folder / SCHEMA_FILE)
    return 0


SCHEMA_FILE = "instance.schema.json"


def _write_schema(path: Path) -> None:
    """The instance file's JSON Schema, kept current; a file of that name that is not ours is left alone."""
    import json

    from claude_constructs.config.schema import SCHEMA_ID, schema_text

    text = schema_text()
    if path.exists():
        try:
            ours = json.loads(path.read_text(encoding="utf-8")).get("$id") == SCHEMA_ID
        except (OSError, UnicodeDecodeError, ValueError, AttributeError):
            ours = False
        if not ours:
            print(f"note: {path} is not this library's schema and was left as it is", file=sys.stderr)
            return
        if path.read_text(encoding="utf-8") == text:
            return
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")


def _instance_names(files) -> set[str]:
    """The names already taken, read leniently: other files' problems are not this command's."""
    import yaml

    from claude_constructs.config.yaml_files import load_values

    names = set()
    for file in files:
        try:
            values = load_values(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(values, dict) and "instanceName" in values:
            names.add(str(values["instanceName"]))
    return names


_WHOLE_PROCESS = False  # run() sets it: main() may then replace the process (_optimized_when_worth_it)


def _optimized_when_worth_it(paths: Sequence[str]) -> None:
    """For a fleet this process builds many Apps of (render builds them, the synthesis kernels write
    them): become ``python -O``, where the jsii bindings skip their run-time type checks of every
    struct (measured: building an App took four times as long with them). The configurations are
    validated before they are built, and the tests run the same code with the checks on."""
    from claude_constructs.synthesis import render

    if not sys.flags.optimize and render.instance_files(paths) >= render.MIN_PER_JOB:
        os.execv(sys.executable, [sys.executable, "-O", "-m", "claude_constructs.cli", *sys.argv[1:]])


def run() -> None:
    """The ``claude-instance`` command: ``main`` without the cyclic garbage collector, then the
    interpreter's exit without its last collections over every object. A command is one short
    process whose objects mostly live until it ends (the bindings, the configurations, the cache's
    entries), so the collections only cost time: measured, a quarter of a second at the exit once
    cdk8s's bindings are loaded, and 0.06 s of an unchanged 1,000-instance synthesis. Building
    Apps for the synthesis kernels turns it on again (render). Everything is written and closed
    before the exit."""
    global _WHOLE_PROCESS
    _WHOLE_PROCESS = True
    gc.disable()
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
