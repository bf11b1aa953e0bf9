#!/usr/bin/python3
"""Keeps docs/manifest.md and rules/schema/manifest.schema.json in step, and the examples valid.

The field table of docs/manifest.md (between the `<!-- fields: ... -->` markers) is generated from
the schema: `--write` regenerates it, the default checks it and fails on drift. Every example
manifest (examples/*/manifest.yaml and .json) must validate against the schema (Draft 2020-12).
"""
import json
import pathlib
import sys

import jsonschema
import yaml

root = pathlib.Path(__file__).resolve().parent.parent
schema_path = root / "rules/schema/manifest.schema.json"
docs_path = root / "docs/manifest.md"
BEGIN = "<!-- fields: generated from rules/schema/manifest.schema.json by scripts/manifest_schema_docs.py --write -->"
END = "<!-- end of fields -->"


class Loader(yaml.SafeLoader):
    """YAML 1.2-like: dates stay strings (as the checker reads them)."""


Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

TYPE_WORDS = {"object": "map", "array": "list", "string": "string", "integer": "whole number",
              "number": "number", "boolean": "bool"}


def type_words(node):
    types = node.get("type", [])
    types = [types] if isinstance(types, str) else types
    if types == ["array"] and "items" in node:
        inner = type_words(node["items"])
        return "list of " + ("maps" if inner == "map" else inner + "s")
    return " or ".join(TYPE_WORDS.get(t, t) for t in types)


def rows(node, path=""):
    """(path, node) of every field, depth first in schema order."""
    for name, sub in node.get("properties", {}).items():
        here = f"{path}.{name}" if path else name
        yield here, sub
        yield from rows(sub, here)
        if "items" in sub:
            yield from rows(sub["items"], here + "[]")


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def values(node):
    target = node.get("items", node)
    enum = target.get("enum")
    labels = target.get("x-enum-descriptions") or node.get("x-enum-descriptions") or {}
    if not enum:
        known = target.get("x-known-values") or node.get("x-known-values") or []
        return ", ".join(labelled(v, labels) for v in known) + (", ..." if known else "")
    out = []
    for v in enum:
        out.append(labelled(v, labels))
    return ", ".join(out)


def labelled(value, labels):
    label = labels.get(value, {})
    words = " / ".join(x for x in (label.get("en"), label.get("ja")) if x)
    return f"`{value}`" + (f" ({words})" if words else "")


def table(schema):
    lines = [BEGIN, "", "| path | type | values | meaning |", "|---|---|---|---|"]
    for path, node in rows(schema):
        meaning = node.get("description", "")
        ja = node.get("x-description-ja")
        if ja:
            meaning += f" ({ja})" if meaning else ja
        lines.append(f"| `{path}` | {type_words(node)} | {cell(values(node))} | {cell(meaning)} |")
    removed = list(removed_rows(schema))
    if removed:
        # Struck through, so the drift check below does not count them as documented fields.
        lines += ["", "Removed from the vocabulary (a manifest that still uses one gets this advice "
                  "in its warning or error):", "", "| removed | write instead |", "|---|---|"]
        lines += [f"| ~~`{name}`~~ | {cell(instead)} |" for name, instead in removed]
    lines += ["", END]
    return "\n".join(lines)


def removed_rows(node, path=""):
    """(name, advice) of every key (x-removed) and value (x-removed-values) that left the schema."""
    for key, instead in node.get("x-removed", {}).items():
        yield (f"{path}.{key}" if path else key), instead
    for value, instead in node.get("x-removed-values", {}).items():
        yield f"{path}: {value}", instead
    for name, sub in node.get("properties", {}).items():
        here = f"{path}.{name}" if path else name
        yield from removed_rows(sub, here)
        if "items" in sub:
            yield from removed_rows(sub["items"], here + "[]")


def main():
    schema = json.loads(schema_path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    docs = docs_path.read_text()
    start, end = docs.find(BEGIN), docs.find(END)
    if start < 0 or end < 0:
        print(f"{docs_path.relative_to(root)}: the field table markers are missing")
        return 1
    generated = docs[:start] + table(schema) + docs[end + len(END):]
    failures = 0
    if "--write" in sys.argv:
        docs_path.write_text(generated)
    elif generated != docs:
        print(f"{docs_path.relative_to(root)}: the field table differs from the schema; "
              "run scripts/manifest_schema_docs.py --write")
        failures += 1
    # Every documented path is in the schema: the table is the schema's, so any other row is drift.
    documented = {line.split("`")[1] for line in docs[start:end].splitlines()
                  if line.startswith("| `")}
    schema_paths = {p for p, _ in rows(schema)}
    for p in sorted(documented - schema_paths):
        print(f"docs/manifest.md documents '{p}', which the schema does not have")
        failures += 1
    for p in sorted(schema_paths - documented):
        print(f"the schema has '{p}', which docs/manifest.md does not document")
        failures += 1
    validator = jsonschema.Draft202012Validator(schema)
    examples = sorted(root.glob("examples/*/manifest.yaml")) + sorted(root.glob("examples/*/manifest.json"))
    for path in examples:
        document = yaml.load(path.read_text(), Loader=Loader)
        for error in validator.iter_errors(document):
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"{path.relative_to(root)}: {where}: {error.message[:300]}")
            failures += 1
    print(f"manifest schema: {len(schema_paths)} field(s), {len(examples)} example(s), "
          f"{failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
