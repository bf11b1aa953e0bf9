#!/usr/bin/python3
"""Checks rules/schema/fleet.schema.json with python3-jsonschema (Draft 2020-12): the schema is
valid, the fleet file of deploy/kubernetes/configmap.yaml and the example of docs/fleet.md pass,
and fleet files the reader refuses are refused by the schema too.

    fleet_schema_check.py SOURCE_DIR
"""
import re
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    """YAML 1.2 reads 2026-11-24 as a string, as checker's reader does; PyYAML's 1.1 a date."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def main(source):
    with open(f"{source}/rules/schema/fleet.schema.json") as f:
        schema = __import__("json").load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    with open(f"{source}/deploy/kubernetes/configmap.yaml") as f:
        configmap = yaml.safe_load(f)
    good = [yaml.load(configmap["data"]["fleet.yaml"], Loader)]
    with open(f"{source}/docs/fleet.md") as f:
        doc = f.read()
    example = re.search(r"```yaml\n(version: 1.*?)```", doc, re.S)
    assert example, "docs/fleet.md has no fleet file example"
    good.append(yaml.load(example.group(1), Loader))
    for fleet in good:
        validator.validate(fleet)
    bad = [
        {"vendors": [{"id": "a"}]},  # no manifest
        {"vendors": [{"id": "a", "manifest": "m.yaml", "targts": []}]},
        {"vendorz": []},
        {"version": 2, "vendors": []},
        {"defaults": {"profile": "p"}},  # no vendors
        {"defaults": {"profile": "p", "packs": ["x"]}, "vendors": []},
        {"defaults": {"timeout": -3}, "vendors": []},
        {"defaults": {"fail_on": "often"}, "vendors": []},
        {"vendors_from": {"glob": "v/*.yaml", "id_from": "name"}},
        {"vendors": [{"id": "a", "manifest": "m.yaml", "client_cert": "c.pem"}]},  # no key
        {"defaults": {"client_key": "k.pem"}, "vendors": []},
        {"defaults": {"max_waiver_days": 40000}, "vendors": []},
        {"defaults": {"strict": "yes"}, "vendors": []},
        {"vendors_from": {"glob": "v/*.yaml", "replay": "e.json"}},  # replay is per vendor
    ]
    for fleet in bad:
        if validator.is_valid(fleet):
            print(f"the schema accepts a fleet file the reader refuses: {fleet}")
            return 1
    print(f"fleet schema: {len(good)} valid fleet files pass, {len(bad)} invalid ones are refused")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
