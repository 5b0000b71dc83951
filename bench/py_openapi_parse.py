#!/usr/bin/env python3
"""Peer reference for bench/openapi-bench.sh: only parse the two specs of a pair.

    python3 bench/py_openapi_parse.py BASE REVISION

Each file is read the fastest common way in Python: `json.load` for .json, PyYAML's
libyaml-backed `yaml.load(f, Loader=yaml.CSafeLoader)` otherwise. No diff, no $ref
resolution: a floor for any Python tool that compares two specs. Prints one JSON line
with the paths and operations per file (a sanity check) and the YAML backend used.
Exits 3 if a YAML file must be read and PyYAML has no libyaml (the figure would be unfair).
"""
import json
import sys

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def load(path):
    with open(path, "rb") as handle:
        if path.endswith(".json"):
            return json.load(handle)
        import yaml
        if not getattr(yaml, "__with_libyaml__", False):
            sys.stderr.write("PyYAML lacks libyaml (CSafeLoader); install python3-yaml\n")
            sys.exit(3)
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def main():
    summary = {}
    for path in sys.argv[1:]:
        doc = load(path)
        paths = doc.get("paths") or {}
        operations = sum(1 for item in paths.values() if isinstance(item, dict) for key in item if key in METHODS)
        summary[path] = {"paths": len(paths), "operations": operations}
    backend = "libyaml" if "yaml" in sys.modules and sys.modules["yaml"].__with_libyaml__ else "n/a"
    print(json.dumps({"files": summary, "yaml_backend": backend}))


if __name__ == "__main__":
    main()
