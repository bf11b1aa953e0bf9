#!/usr/bin/python3
"""Validates every bundled rule file against rules/schema/rule-file.schema.json (Draft 2020-12).

The loader checks more (references, expressions); this keeps the schema that editors use honest.
"""
import pathlib
import sys

import jsonschema
import yaml

class Loader(yaml.SafeLoader):
    """YAML 1.2-like: dates stay strings (as the checker reads them)."""


Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

root = pathlib.Path(__file__).resolve().parent.parent
schema = yaml.safe_load((root / "rules/schema/rule-file.schema.json").read_text())
validator = jsonschema.Draft202012Validator(schema)
failures = 0
files = sorted(p for p in (root / "rules").rglob("*.yaml") if "fixtures" not in p.parts)
for path in files:
    document = yaml.load(path.read_text(), Loader=Loader)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        failures += 1
        where = "/".join(str(p) for p in error.absolute_path)
        print(f"{path.relative_to(root)}: {where}: {error.message[:300]}")
print(f"schema: {len(files)} file(s), {failures} problem(s)")
sys.exit(1 if failures else 0)
