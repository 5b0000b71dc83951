#!/usr/bin/env python3
"""Peer reference: read a JUnit XML file the way a junitparser user does.

    python3 bench/py_junitparser.py FILE

JUnitXml.fromfile(path), iterate every suite and every case, count results by
type, sum case time, print the counts as one JSON line. junitparser parses with
lxml when it is importable, else with the stdlib ElementTree; "backend" says which.
(junitparser does not know Surefire's <flakyFailure>, so it is not counted.)
"""
import json
import sys

import junitparser
from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite
from junitparser import junitparser as _jp


def main():
    path = sys.argv[1]
    xml = JUnitXml.fromfile(path)
    suites = [xml] if isinstance(xml, TestSuite) else xml  # a lone <testsuite> root
    c = dict(suites=0, testcases=0, failures=0, errors=0, skipped=0, passed=0)
    total_time = 0.0
    for suite in suites:
        c["suites"] += 1
        for case in suite:
            c["testcases"] += 1
            total_time += case.time
            results = case.result
            if not results:
                c["passed"] += 1
            for r in results:
                if isinstance(r, Failure):
                    c["failures"] += 1
                elif isinstance(r, Error):
                    c["errors"] += 1
                elif isinstance(r, Skipped):
                    c["skipped"] += 1
    c["time"] = "%.3f" % total_time
    c["backend"] = _jp.etree.__name__
    c["junitparser"] = getattr(junitparser, "version", "?")
    print(json.dumps(c))


if __name__ == "__main__":
    main()
