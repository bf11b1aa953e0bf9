#!/usr/bin/python3
"""Reads checker's JUnit XML with junitparser (the library CI tools use to merge and inspect
JUnit results) and checks that it tells a CI system what the JSON report says: one test case per
rule, fail -> failure, error and missing_evidence -> error, the rest of the non-passes skipped.

    junit_consumer.py REPORT.junit.xml REPORT.json
"""
import json
import sys
from collections import Counter

from junitparser import Error, Failure, JUnitXml, Skipped


def main(junit_path, report_path):
    report = json.load(open(report_path, encoding="utf-8"))
    expected = Counter()
    for f in report["findings"]:
        o = f["outcome"]
        kind = {"pass": "passed", "fail": "failure", "error": "error",
                "missing_evidence": "error"}.get(o, "skipped")
        expected[(f["pack_id"], f["rule_id"], kind)] += 1

    xml = JUnitXml.fromfile(junit_path)
    seen = Counter()
    totals = Counter()
    for suite in xml:
        for case in suite:
            kinds = [type(r) for r in case.result]
            kind = ("failure" if Failure in kinds else "error" if Error in kinds
                    else "skipped" if Skipped in kinds else "passed")
            rule_id = case.name.split(":", 1)[0]
            seen[(case.classname, rule_id, kind)] += 1
            totals[kind] += 1
        # Each suite's own counters agree with its cases.
        cases = list(suite)
        assert suite.tests == len(cases), (suite.name, suite.tests, len(cases))
        assert suite.failures == sum(any(isinstance(r, Failure) for r in c.result) for c in cases)
        assert suite.errors == sum(any(isinstance(r, Error) for r in c.result) for c in cases)
        assert suite.skipped == sum(any(isinstance(r, Skipped) for r in c.result) for c in cases)

    if seen != expected:
        missing = expected - seen
        extra = seen - expected
        print(f"{junit_path}: JUnit disagrees with the report\n  missing: {dict(missing)}\n"
              f"  unexpected: {dict(extra)}", file=sys.stderr)
        return 1
    print(f"{junit_path}: {sum(totals.values())} test cases read by junitparser "
          f"({totals['passed']} passed, {totals['failure']} failures, {totals['error']} errors, "
          f"{totals['skipped']} skipped), as the report says")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
