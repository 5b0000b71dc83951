#!/usr/bin/env python3
"""Checks qgate's JSON Schemas against the real tool.

Run from the repository root:

    python3 schemas/validate.py [--qgate .build/debug/qgate] [--inspect-dir DIR]

It checks that each schema is a valid draft 2020-12 schema with a description on every property;
that the demo config (and every config under fixtures/) validates; that deliberately wrong configs
are rejected by the schema and by qgate alike, and that unusual but legal spellings are accepted by
both; and that the JSON printed by `qgate check` and `qgate inspect` validates, for the demo, for
every fixture, and for broken inputs (empty, truncated, malformed, not a report, no match) written
to a temporary folder. Coverage: one report per coverage format (from the shared conformance corpus
when present, plus files written to the temporary folder) is inspected and must be read as that
format; a config with coverage flags, groups, rewrites, exclude and patch coverage from a diff
file gives a measured verdict, a NEUTRAL one (`--diff` touching only non-coverable lines), and
error verdicts for an unreadable diff and wrongly named formats; wrong `coverage:` sections are
rejected by both. History: `check --record` (demo config, a temporary store) must leave the
verdict and exit code unchanged and write records that validate against history-record.schema.json
(also as NDJSON export); a re-dated copy pruned by `history prune` must give a roll-up that validates
against history-rollup.schema.json, inside the store even for a hostile branch name; tampered records
are rejected. `qgate report --format json` over that store must match report.schema.json. One line per check, then `N passed, M failed`; the exit status is 1 on any failure.

Needs the `jsonschema` (4.18 or later, for `referencing`) and `PyYAML` packages.
"""

from __future__ import annotations

import argparse
import copy
import errno
import glob
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

try:
    import yaml
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
except ImportError as error:  # pragma: no cover - environment problem
    sys.exit(f"validate.py needs jsonschema>=4.18 and PyYAML ({error}); try: pip install jsonschema pyyaml")

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
SCHEMA_FILES = {
    "config": HERE / "qgate-config.schema.json",
    "verdict": HERE / "verdict.schema.json",
    "inspect": HERE / "inspect.schema.json",
    "spec-diff": HERE / "spec-diff.schema.json",
    "perf-budget": HERE / "perf-budget.schema.json",
    "perf-samples": HERE / "perf-samples.schema.json",
    "history-record": HERE / "history-record.schema.json",
    "history-rollup": HERE / "history-rollup.schema.json",
    "report": HERE / "report.schema.json",
}
DEMO_CONFIG = ROOT / "fixtures" / "demo" / "qgate.yml"
# One performance result per format qgate reads, from /work/shared/conformance/perf.
PERF_CORPUS = [
    ("k6-summary", "ICTU-quality-time/k6_handlesummary.json"),
    ("k6-csv", "Blazemeter-taurus/k6_out_csv.csv"),
    ("jmeter-jtl-csv", "ICTU-quality-time/jmeter_jtl.csv"),
    ("jmeter-jtl-xml", "Blazemeter-taurus/jmeter_trace_xml.jtl"),
    ("jmeter-statistics", "ICTU-quality-time/jmeter_dashboard_statistics.json"),
    ("locust-stats", "Bortlesboat-bitcoin-api/locust_results_stats.csv"),
    ("gatling-stats", "ICTU-quality-time/gatling_stats.json"),
    ("vegeta-report", "tsenart-vegeta/report-mixed.json"),
    ("vegeta-results", "tsenart-vegeta/results.json"),
    ("autocannon", "mcollina-autocannon/example-result.json"),
    ("lighthouse", "GoogleChrome-lighthouse-ci/lh-12-0-0-coursehero-a.json"),
    ("google-benchmark", "google-benchmark/test3_run0.json"),
    ("pytest-benchmark", "benchmark-action-github-action-benchmark/pytest_output.json"),
]
SHARED_EMPTY = pathlib.Path(
    "/work/shared/conformance/junit/EnricoMi-publish-unit-test-result-action/python/test/files/xml/empty.xml")
CONFIG_USAGE_ERROR = 2


class CheckFailed(Exception):
    pass


class Runner:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, function) -> None:
        try:
            function()
        except CheckFailed as error:
            self.failed += 1
            print(f"FAIL  {name}: {error}")
        except Exception as error:  # a bug here must still count as a failure, not a crash
            self.failed += 1
            print(f"FAIL  {name}: {type(error).__name__}: {error}")
        else:
            self.passed += 1
            print(f"ok    {name}")


# ---------------------------------------------------------------------------------------------
# Schemas


def load_schemas() -> tuple[dict[str, dict], Registry]:
    schemas = {key: json.loads(path.read_text(encoding="utf-8")) for key, path in SCHEMA_FILES.items()}
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
        for schema in schemas.values()
        if "$id" in schema
    )
    return schemas, registry


def validator(schemas, registry, key) -> Draft202012Validator:
    return Draft202012Validator(schemas[key], registry=registry)


def errors_of(validator: Draft202012Validator, instance) -> list[str]:
    found = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    messages = []
    for error in found[:5]:
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        messages.append(f"{where}: {error.message[:200]}")
    if len(found) > 5:
        messages.append(f"... {len(found) - 5} more")
    return messages


def expect_valid(validator, instance, what: str) -> None:
    messages = errors_of(validator, instance)
    if messages:
        raise CheckFailed(f"{what} does not validate: " + "; ".join(messages))


MAP_KEYWORDS = ("properties", "patternProperties", "$defs", "dependentSchemas")
SCHEMA_KEYWORDS = ("items", "additionalProperties", "propertyNames", "contains", "if", "then", "else", "not",
                   "unevaluatedItems", "unevaluatedProperties")
LIST_KEYWORDS = ("allOf", "anyOf", "oneOf", "prefixItems")
CONSTRAINT_KEYWORDS = {"if", "then", "else", "not", "allOf", "anyOf", "oneOf"}


def undescribed_properties(schema, path=("#",)) -> list[str]:
    """Paths of declared properties that lack their own `description`.

    Walks subschemas keyword by keyword. A `properties` map inside if/then/else/not/allOf/anyOf/
    oneOf only restates constraints on properties declared (and described) elsewhere, so it is
    not counted.
    """
    if not isinstance(schema, dict):
        return []
    missing = []
    if not CONSTRAINT_KEYWORDS.intersection(path):
        for name, sub in (schema.get("properties") or {}).items():
            if not (isinstance(sub, dict) and sub.get("description")):
                missing.append("/".join((*path, "properties", name)))
    for keyword in MAP_KEYWORDS:
        for name, sub in (schema.get(keyword) or {}).items():
            missing += undescribed_properties(sub, (*path, keyword, name))
    for keyword in SCHEMA_KEYWORDS:
        if isinstance(schema.get(keyword), dict):
            missing += undescribed_properties(schema[keyword], (*path, keyword))
    for keyword in LIST_KEYWORDS:
        for index, sub in enumerate(schema.get(keyword) or []):
            missing += undescribed_properties(sub, (*path, keyword, str(index)))
    return missing


def refs_of(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        for value in node.values():
            found += refs_of(value)
        return found
    if isinstance(node, list):
        return [ref for value in node for ref in refs_of(value)]
    return []


# ---------------------------------------------------------------------------------------------
# Running qgate


def run_qgate(qgate: str, arguments: list[str], cwd: pathlib.Path = ROOT) -> subprocess.CompletedProcess:
    """Runs qgate, waiting out a rebuild of the binary (missing file, text file busy, exec format)."""
    last_error = None
    for attempt in range(20):
        try:
            result = subprocess.run(
                [qgate, *arguments], cwd=cwd, capture_output=True, text=True, timeout=300)
        except OSError as error:
            if error.errno in (errno.ENOENT, errno.ETXTBSY, errno.ENOEXEC, errno.EACCES):
                last_error = error
                time.sleep(3)
                continue
            raise
        if result.returncode < 0:  # killed mid-rebuild, e.g. SIGBUS on a binary being rewritten
            last_error = f"killed by signal {-result.returncode}"
            time.sleep(3)
            continue
        return result
    raise CheckFailed(f"cannot run {qgate}: {last_error}")


def run_json(qgate: str, arguments: list[str], cwd: pathlib.Path = ROOT) -> tuple[dict, int]:
    result = run_qgate(qgate, arguments, cwd)
    try:
        document = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise CheckFailed(
            f"`qgate {' '.join(arguments)}` exited {result.returncode} without JSON on stdout; "
            f"stderr: {result.stderr.strip()[:300]}")
    return document, result.returncode


def check_verdict(qgate, verdict_validator, config: pathlib.Path, expect_status=None, extra=()) -> dict:
    document, code = run_json(qgate, ["check", "--config", str(config), "--format", "json", *extra])
    expect_valid(verdict_validator, document, "the verdict")
    if document.get("exit_code") != code:
        raise CheckFailed(f"exit code {code} but the verdict says {document.get('exit_code')}")
    if expect_status and document.get("status") not in expect_status:
        raise CheckFailed(f"status is {document.get('status')!r}, expected one of {expect_status}")
    return document


def check_inspect(qgate, inspect_validator, paths: list[str], expect_codes=None, expect_problem_codes=(),
                  extra=()) -> dict:
    document, code = run_json(qgate, ["inspect", "--format", "json", *extra, *paths])
    expect_valid(inspect_validator, document, "the inspect report")
    wanted = 3 if document.get("problems") else 0
    if code != wanted:
        raise CheckFailed(f"exit code {code}, expected {wanted} for {len(document.get('problems', []))} problem(s)")
    if expect_codes is not None and code not in expect_codes:
        raise CheckFailed(f"exit code {code}, expected {expect_codes}")
    codes = {problem.get("code") for problem in document.get("problems", [])}
    for wanted_code in expect_problem_codes:
        if wanted_code not in codes:
            raise CheckFailed(f"expected a problem {wanted_code!r}, got {sorted(codes)}")
    return document


# ---------------------------------------------------------------------------------------------
# Config variants


def demo_config() -> dict:
    with open(DEMO_CONFIG, encoding="utf-8") as file:
        return yaml.safe_load(file)


def absolute_inputs(config: dict) -> dict:
    """Points the demo inputs at absolute paths so a copy in a temp folder reads the same files."""
    config = copy.deepcopy(config)
    base = DEMO_CONFIG.parent
    for index, entry in enumerate(config.get("inputs", [])):
        if isinstance(entry, dict) and "path" in entry:
            entry["path"] = str(base / entry["path"])
        elif isinstance(entry, str):
            config["inputs"][index] = str(base / entry)
    openapi = config.get("openapi")
    if isinstance(openapi, dict):
        for key in ("spec", "base"):
            if isinstance(openapi.get(key), str) and not openapi[key].startswith("git:"):
                openapi[key] = str(base / openapi[key])
    return config


def kpi(config: dict, kpi_id: str) -> dict:
    return next(item for item in config["kpis"] if item.get("id") == kpi_id)


def mutate(change):
    def build():
        config = absolute_inputs(demo_config())
        change(config)
        return config
    return build


def _set(mapping, key, value):
    mapping[key] = value


def _drop(mapping, key):
    mapping.pop(key, None)


INVALID_CONFIGS = [
    ("unknown top-level key", mutate(lambda c: _set(c, "failon", "high"))),
    ("unknown KPI key", mutate(lambda c: _set(kpi(c, "unit-pass-rate"), "treshold", "> 99"))),
    ("unknown input key", mutate(lambda c: _set(c["inputs"][0], "glob", "x/*.xml"))),
    ("bad threshold: no operator", mutate(lambda c: _set(kpi(c, "unit-pass-rate"), "target", "99"))),
    ("bad threshold: trailing word", mutate(lambda c: _set(kpi(c, "unit-pass-rate"), "target", "> 99 percent"))),
    ("bad threshold: unknown operator", mutate(lambda c: _set(kpi(c, "flaky-tests"), "target", "!= 3"))),
    ("bad threshold: a YAML number", mutate(lambda c: _set(kpi(c, "flaky-tests"), "target", 3))),
    ("missing target", mutate(lambda c: _drop(kpi(c, "flaky-tests"), "target"))),
    ("both metric and formula", mutate(lambda c: _set(kpi(c, "unit-pass-rate"), "formula", "tests.passed / tests.total * 100"))),
    ("neither metric nor formula", mutate(lambda c: _drop(kpi(c, "flaky-tests"), "metric"))),
    ("missing id", mutate(lambda c: _drop(kpi(c, "flaky-tests"), "id"))),
    ("bad id", mutate(lambda c: _set(kpi(c, "flaky-tests"), "id", "flaky tests"))),
    ("bad severity", mutate(lambda c: _set(kpi(c, "flaky-tests"), "severity", "urgent"))),
    ("bad fail_on", mutate(lambda c: _set(c, "fail_on", "blocker"))),
    ("bad input_problems", mutate(lambda c: _set(c, "input_problems", "ignore"))),
    ("bad time_unit", mutate(lambda c: _set(c["inputs"][0], "time_unit", "seconds"))),
    ("bad format", mutate(lambda c: _set(c["inputs"][0], "format", "xunit"))),
    ("bad required", mutate(lambda c: _set(c["inputs"][0], "required", "maybe"))),
    ("input without path", mutate(lambda c: _drop(c["inputs"][0], "path"))),
    ("bad label name", mutate(lambda c: _set(c["inputs"][0], "labels", {"1suite": "unit"}))),
    ("single-quoted label in selector", mutate(lambda c: _set(kpi(c, "unit-pass-rate"), "metric", "tests.pass_rate{suite='unit'}"))),
    ("unknown character in formula", mutate(lambda c: _set(kpi(c, "critical-path-failures"), "formula", "tests.failed % 2"))),
    ("warning pointing the other way", mutate(lambda c: _set(kpi(c, "unit-pass-rate"), "warning", "<= 99.5"))),
    ("critical pointing the other way", mutate(lambda c: _set(kpi(c, "e2e-pass-rate"), "critical", "< 90"))),
    ("tier on an == target", mutate(lambda c: _set(kpi(c, "critical-path-failures"), "warning", "== 0"))),
    ("version 2", mutate(lambda c: _set(c, "version", 2))),
    ("missing inputs (and no openapi section)", mutate(lambda c: (_drop(c, "inputs"), _drop(c, "openapi")))),
    ("missing kpis (and no performance section)", mutate(lambda c: (_drop(c, "kpis"), _drop(c, "performance")))),
    ("kpis not a list", mutate(lambda c: _set(c, "kpis", {"id": "x"}))),
    ("unknown history key", mutate(lambda c: _set(c, "history", {"pth": ".qgate/history"}))),
    ("empty history path", mutate(lambda c: _set(c, "history", {"path": ""}))),
    ("unknown baseline mode", mutate(lambda c: _set(c, "history", {"baseline": "sometimes"}))),
    ("regressions without metrics", mutate(lambda c: _set(c, "history", {"regressions": {"window": 20}}))),
    ("regressions with a bad direction", mutate(lambda c: _set(c, "history", {"regressions": {"metrics": ["tests.duration_seconds"], "better": "up"}}))),
    ("quarantine without owner", mutate(lambda c: _set(c, "quarantine", [{"test": "A::b", "reason": "r", "expires": "2026-12-31"}]))),
    ("quarantine with a bad date", mutate(lambda c: _set(c, "quarantine", [{"test": "A::b", "owner": "o", "reason": "r", "expires": "soon"}]))),
]


def _legal(config):
    config["version"] = "1"
    config["fail_on"] = "HIGH"
    config["input_problems"] = "Warn"
    config["inputs"][0] = config["inputs"][0]["path"]  # plain-string shorthand
    config["inputs"][1].update({"format": "JUnit", "time_unit": "MS", "required": "yes"})
    config["inputs"][2]["required"] = False
    config["inputs"][3]["labels"] = {"suite": "critical-path", "_shard": 1}
    unit = kpi(config, "unit-pass-rate")
    unit.update({"target": "≥ 99%", "warning": ">=99.5 %", "unit": "%", "description": "pass rate of unit tests"})
    kpi(config, "critical-path-failures")["target"] = "=0"
    kpi(config, "flaky-tests").update({"target": "≤ 3", "critical": "<= 10", "severity": "Medium"})
    config["kpis"].append({
        "id": "suite.ratio_2",
        "formula": 'max(tests.skipped{suite="e2e"}, 0) × 100 ÷ (tests.total − -1) + abs(-.5e-1)',
        "target": "< 0x10",
    })


def _budget(**change):
    budget = {"endpoint": "GET /api/v1/app/tasks", "statistic": "p95", "critical": "< 300 ms"}
    budget.update(change)
    return {"version": 1, "budgets": [{key: value for key, value in budget.items() if value is not None}]}


INVALID_BUDGETS = [
    ("no budgets list", {"version": 1}),
    ("unknown budget member", _budget(critcal="< 300 ms")),
    ("two selectors", _budget(metric="cache.hit_rate")),
    ("no selector", _budget(endpoint=None)),
    ("no line", _budget(critical=None)),
    ("unknown statistic", _budget(statistic="p95th")),
    ("unknown unit in a line", _budget(critical="< 300 mss")),
    ("route without a slash", _budget(endpoint="GET api/tasks")),
    ("route with a query string", _budget(endpoint="GET /api/tasks?page=1")),
    ("bad direction", _budget(direction="up")),
    ("waiver without reason", {"budgets": [], "waivers": [{"budget": "x", "expires": "2026-12-31"}]}),
    ("waiver with a bad date", {"budgets": [], "waivers": [{"budget": "x", "reason": "r", "expires": "next week"}]}),
]


LEGAL_CONFIGS = [("unusual but legal spellings", mutate(_legal))]
LEGAL_CONFIGS = [("unusual but legal spellings", mutate(_legal)),
                 ("a history section", mutate(lambda c: _set(c, "history", {"path": "ci/history"}))),
                 ("history comparisons and a quarantine list", mutate(lambda c: (
                     _set(c, "history", {"path": "ci/history", "baseline": "auto", "flaky": {"window": 30, "max_flip_rate": "20%", "min_flips": 2},
                                         "regressions": {"metrics": ["tests.duration_seconds", 'tests.duration_seconds{suite="unit"}'],
                                                         "window": 20, "min_samples": 5, "min_effect": "10%", "min_absolute": 0.5,
                                                         "z": 3.5, "alpha": 0.01, "better": "lower"}}),
                     _set(c, "quarantine", [{"test": "Cart::*", "owner": "alice", "reason": "flaky, #12", "expires": "2099-12-31"},
                                            {"test": "Old::gone", "owner": "bob", "reason": "r", "expires": "2000-01-01"}]),
                     c["kpis"].append({"id": "count-drop", "formula": "(tests.total - baseline(tests.total)) / baseline(tests.total) * 100",
                                       "target": ">= -5"}),
                     c["kpis"].append({"id": "new-failures", "metric": "tests.new_failures", "target": "== 0"}))))]


def _openapi(change):
    """The demo config with its `openapi:` section changed."""
    def apply(config):
        change(config["openapi"])
    return mutate(apply)


OPENAPI_INVALID_CONFIGS = [
    ("openapi without spec", _openapi(lambda o: o.pop("spec")), "openapi.spec"),
    ("unknown openapi key, with did-you-mean", _openapi(lambda o: o.update(sever_prefix="/api")), "did you mean 'server_prefix'?"),
    ("unknown rule id in openapi.rules", _openapi(lambda o: o.update(rules={"no-such-rule": "err"})), "unknown rule ID"),
    ("bad level in openapi.rules", _openapi(lambda o: o.update(rules={"api-removed-without-deprecation": "fatal"})), "expected err, warn, info or none"),
    ("waiver without reason", _openapi(lambda o: o["waivers"][0].pop("reason")), "reason"),
    ("waiver with a bad date", _openapi(lambda o: o["waivers"][0].update(expires="next year")), "yyyy-MM-dd"),
    ("bad stability_level", _openapi(lambda o: o.update(stability_level="gamma")), "draft, alpha, beta, stable"),
]


def _coverage(section: dict, input_change=None):
    """A demo config with a `coverage:` section (and optionally a changed first input)."""
    def change(config):
        config["coverage"] = section
        if input_change:
            input_change(config["inputs"][0])
    return mutate(change)


GOOD_COVERAGE = {"root": ".", "path_rewrites": ["/ci/build/::"], "groups": {"app": "src/app/**"},
                 "exclude": ["vendor/**"], "patch": {"partial_lines": "uncovered", "max_listed_files": 5}}


def _with(**changes) -> dict:
    section = copy.deepcopy(GOOD_COVERAGE)
    for key, value in changes.items():
        if key.startswith("patch_"):
            section["patch"][key[len("patch_"):]] = value
        else:
            section[key] = value
    return section


# (label, config, a text qgate's message must contain or None)
COVERAGE_INVALID_CONFIGS = [
    ("unknown coverage key, with did-you-mean", _coverage(_with(path_rewrite=["a::b"])), "did you mean 'path_rewrites'?"),
    ("unknown coverage.patch key", _coverage(_with(patch_partial="covered")), "coverage.patch.partial"),
    ("rewrite rule without ::", _coverage(_with(path_rewrites=["/ci/build/=>"])), "not a rewrite rule"),
    ("rewrite rule with an empty before", _coverage(_with(path_rewrites=["::src/"])), "not a rewrite rule"),
    ("rewrite rules not a list", _coverage(_with(path_rewrites="/ci::")), "expected a list"),
    ("bad partial_lines", _coverage(_with(patch_partial_lines="partial")), "expected covered or uncovered"),
    ("negative max_listed_files", _coverage(_with(patch_max_listed_files=-1)), "expected a whole number"),
    ("groups as a list", _coverage(_with(groups=["src/**"])), "expected a mapping of group names"),
    ("coverage not a mapping", _coverage("yes"), "expected a mapping"),
    ("unknown format, with did-you-mean", mutate(lambda c: _set(c["inputs"][0], "format", "cobertur")),
     "did you mean 'cobertura'?"),
    ("format named like a file", mutate(lambda c: _set(c["inputs"][0], "format", "lcov.info")), "not a format qgate reads"),
    ("empty flag", mutate(lambda c: _set(c["inputs"][0], "flag", "")), "a flag needs a name"),
]


def _legal_coverage(config):
    config["inputs"][0]["flag"] = "unit"
    config["inputs"][1]["format"] = "JUnit"
    config["inputs"].append({"path": "nothing/*.info", "format": "LCOV", "flag": 7, "required": False})
    config["inputs"].append({"path": "nothing/*.json", "format": "Istanbul-Summary", "required": "no"})
    config["coverage"] = {
        "root": ".",
        "path_rewrites": ["/home/runner/work/app/app/::", "build/src::src", "a::b::c"],
        "groups": {"ingest": "Sources/**/Ingest/**", "two words": ["a/**", "b/*.swift"], "none": []},
        "exclude": [],
        "patch": {"partial_lines": "Covered", "max_listed_files": "0"},
    }
    config["kpis"].append({"id": "cov", "metric": 'coverage.lines.percent{flag="unit"}', "target": ">= 0",
                           "severity": "low"})


LEGAL_CONFIGS.append(("coverage section and coverage inputs", mutate(_legal_coverage)))


def write_config(folder: pathlib.Path, name: str, config: dict) -> pathlib.Path:
    path = folder / name
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def check_rejected(qgate, config_validator, folder, label, build, expect_message=None) -> None:
    config = build()
    if not list(config_validator.iter_errors(config)):
        raise CheckFailed("the schema accepts it")
    path = write_config(folder, f"invalid-{abs(hash(label))}.yml", config)
    result = run_qgate(qgate, ["check", "--config", str(path), "--format", "json"])
    if result.returncode != CONFIG_USAGE_ERROR:
        raise CheckFailed(f"the schema rejects it but qgate exits {result.returncode} (expected a config error, 2)")
    if expect_message and expect_message not in result.stderr:
        raise CheckFailed(f"qgate's message lacks {expect_message!r}: {result.stderr.strip()[:300]}")


def check_accepted(qgate, config_validator, verdict_validator, folder, label, build) -> None:
    config = build()
    expect_valid(config_validator, config, "the config")
    path = write_config(folder, f"legal-{abs(hash(label))}.yml", config)
    result = run_qgate(qgate, ["check", "--config", str(path), "--format", "json"])
    if result.returncode == CONFIG_USAGE_ERROR:
        raise CheckFailed(f"the schema accepts it but qgate refuses it: {result.stderr.strip()[:300]}")
    expect_valid(verdict_validator, json.loads(result.stdout), "its verdict")


# ---------------------------------------------------------------------------------------------
# Broken inputs


def make_broken_inputs(folder: pathlib.Path) -> dict[str, pathlib.Path]:
    sample = sorted((ROOT / "fixtures" / "demo" / "results").glob("*/*.xml"))[0].read_bytes()
    files = {
        "an empty": (b"", "empty.xml"),
        "a whitespace-only": (b"  \n\t\n", "blank.xml"),
        "a truncated": (sample[: len(sample) // 2], "truncated.xml"),
        "a malformed": (b"<testsuite name='x'><testcase name='a'></testsuite>\n", "malformed.xml"),
        "a not-a-test-report": (b"<?xml version='1.0'?><html><body/></html>\n", "page.xml"),
        "a summary-only": (b"<testsuite name='s' tests='3' failures='1' errors='0' skipped='0' time='1.5'/>\n", "summary.xml"),
        "a test-less": (b"<testsuites/>\n", "none.xml"),
        "an odd (bad times, retries, properties)": (
            b"<testsuites><testsuite name='s' tests='4' failures='0'>"
            b"<testcase name='a' time='-1'/><testcase name='b' time='n/a'/>"
            b"<testcase name='c' time='100000'><failure message='m' type='T'>trace</failure></testcase>"
            b"<testcase name='c' time='1'/>"
            b"<testcase classname='k' name='d'><error message='boom'/></testcase>"
            b"<testcase name='e'><properties><property name='p' value='v'/></properties><skipped/></testcase>"
            b"</testsuite></testsuites>\n",
            "odd.xml",
        ),
    }
    paths = {}
    for key, (content, name) in files.items():
        path = folder / name
        path.write_bytes(content)
        paths[key] = path
    return paths


def error_config(policy: str) -> dict:
    return {
        "version": 1,
        "fail_on": "medium",
        "input_problems": policy,
        "inputs": [
            {"path": "empty.xml", "labels": {"suite": "broken"}},
            {"path": "truncated.xml", "labels": {"suite": "broken"}},
            {"path": "odd.xml", "labels": {"suite": "odd"}},
            {"path": "summary.xml", "labels": {"suite": "summary"}},
            {"path": "nothing/*.xml", "labels": {"suite": "missing"}},
            {"path": "optional/*.xml", "required": False},
        ],
        "kpis": [
            {"id": "broken-pass-rate", "metric": 'tests.pass_rate{suite="broken"}', "target": ">= 99"},
            {"id": "missing-series", "metric": 'tests.total{suite="nope"}', "target": "> 0", "severity": "low"},
            {"id": "div-zero", "formula": 'tests.failed / tests.total{suite="broken"}', "target": "< 1"},
            {"id": "odd-failures", "formula": 'tests.failed{suite="odd"} + tests.errors{suite="odd"}',
             "target": "<= 0", "critical": "<= 1", "severity": "low", "unit": "tests"},
            {"id": "summary-rate", "metric": 'tests.pass_rate{suite="summary"}', "target": "> 50",
             "warning": "> 90", "severity": "critical"},
        ],
    }


# ---------------------------------------------------------------------------------------------
# Coverage

CORPUS = pathlib.Path("/work/shared/conformance/coverage")
# (format qgate must detect, file); files that are missing are skipped.
COVERAGE_CORPUS = [
    ("coverage-py", CORPUS / "generated-local/coveragepy/coverage.json"),
    ("cobertura", CORPUS / "generated-local/coveragepy/coverage.xml"),
    ("lcov", CORPUS / "generated-local/coveragepy/coverage.lcov"),
    ("llvm-cov", CORPUS / "generated-local/swift-llvm-cov/Demo.export-filtered.json"),
    ("go-coverprofile", CORPUS / "generated-local/go-coverprofile/count.out"),
    ("jacoco", CORPUS / "danielpalme-ReportGenerator/src/Testprojects/Java/Reports/JaCoCo0.8.3.xml"),
    ("clover", CORPUS / "danielpalme-ReportGenerator/src/Testprojects/Java/Reports/Clover_OpenClover4.3.1.xml"),
    ("istanbul", CORPUS / "istanbuljs-istanbuljs/packages/istanbul-reports/test/fixtures/github-322.json"),
    ("gcovr", CORPUS / "gcovr-gcovr/tests/several-functions-on-same-line/reference/gcc-14/coverage.json"),
]

BACKEND_LCOV = """TN:
SF:/ci/build/src/app/core.py
FN:1,main
FNDA:1,main
FNF:1
FNH:1
DA:1,1
DA:2,1
DA:4,0
DA:5,3
DA:6,0
BRDA:5,0,0,1
BRDA:5,0,1,0
BRF:2
BRH:1
LF:5
LH:3
end_of_record
TN:
SF:/ci/build/src/app/util.py
DA:1,1
DA:2,0
DA:3,0
LF:3
LH:1
end_of_record
"""
FRONTEND_LCOV = """SF:src/web/page.js
DA:1,1
DA:2,1
DA:3,0
LF:3
LH:2
end_of_record
SF:vendor/lib.js
DA:1,0
LF:1
LH:0
end_of_record
"""
# core.py: new lines 2-4 (2 covered, 3 not coverable, 4 uncovered) and 13-14 (not coverable);
# util.py: lines 1-3 (1 covered); docs/new.md has no coverage data. Patch: 2 of 5 covered.
CHANGE_DIFF = """diff --git a/src/app/core.py b/src/app/core.py
--- a/src/app/core.py
+++ b/src/app/core.py
@@ -1,2 +1,5 @@
 import os
+x = 1
+# comment
+y = 2
 def main():
@@ -10,0 +13,2 @@
+z = 3
+w = 4
diff --git a/src/app/util.py b/src/app/util.py
--- a/src/app/util.py
+++ b/src/app/util.py
@@ -0,0 +1,3 @@
+a
+b
+c
diff --git a/docs/new.md b/docs/new.md
new file mode 100644
--- /dev/null
+++ b/docs/new.md
@@ -0,0 +1 @@
+hello
"""
# Only a line the coverage data does not call coverable: patch coverage is neutral.
NEUTRAL_DIFF = """diff --git a/src/app/core.py b/src/app/core.py
--- a/src/app/core.py
+++ b/src/app/core.py
@@ -2,0 +3 @@
+# only a comment
"""
ISTANBUL_SUMMARY = json.dumps({
    key: {kind: {"total": 4, "covered": 3, "skipped": 0, "pct": 75} for kind in ("lines", "statements", "functions", "branches")}
    for key in ("total", "src/web/summary.js")})


def make_coverage_inputs(folder: pathlib.Path) -> pathlib.Path:
    """Writes coverage reports, diffs and configs into `folder/coverage`; returns that folder."""
    base = folder / "coverage"
    base.mkdir()
    for name, text in (("backend.lcov", BACKEND_LCOV), ("frontend.info", FRONTEND_LCOV), ("change.diff", CHANGE_DIFF),
                       ("neutral.diff", NEUTRAL_DIFF), ("coverage-summary.json", ISTANBUL_SUMMARY),
                       ("other.json", '{"a": 1}\n')):
        (base / name).write_text(text, encoding="utf-8")
    unit = sorted((ROOT / "fixtures" / "demo" / "results" / "unit").glob("*.xml"))
    config = {
        "version": 1,
        "fail_on": "medium",
        "inputs": [
            {"path": "backend.lcov", "flag": "backend"},
            {"path": "frontend.info", "flag": "frontend", "format": "lcov"},
            {"path": "coverage-summary.json", "flag": "frontend"},
            *([{"path": str(unit[0]), "labels": {"suite": "unit"}}] if unit else []),
        ],
        "coverage": {
            "root": ".",
            "path_rewrites": ["/ci/build/::"],
            "groups": {"app": "src/app/**", "web": ["src/web/**", "web/**"]},
            "exclude": ["vendor/**"],
            "patch": {"diff": "change.diff", "partial_lines": "uncovered", "max_listed_files": 1},
        },
        "kpis": [
            {"id": "lines", "metric": "coverage.lines.percent", "target": ">= 50"},
            {"id": "backend-lines", "metric": 'coverage.lines.percent{flag="backend"}', "target": ">= 40",
             "warning": ">= 90", "severity": "low"},
            {"id": "app-branches", "metric": 'coverage.branches.percent{group="app"}', "target": ">= 50"},
            {"id": "patch", "metric": "coverage.patch.percent", "target": ">= 80", "severity": "medium"},
        ],
    }
    write_config(base, "qgate.yml", config)
    neutral = copy.deepcopy(config)
    neutral["kpis"] = [kpi for kpi in neutral["kpis"] if kpi["id"] in ("lines", "patch")]
    # Without the summary-only report, which is warned about: a NEUTRAL KPI alone must let the gate pass.
    neutral["inputs"] = [entry for entry in neutral["inputs"] if entry["path"] != "coverage-summary.json"]
    write_config(base, "neutral.yml", neutral)
    wrong = {"version": 1, "inputs": [{"path": "coverage-summary.json", "format": "lcov"}, "other.json"],
             "kpis": [{"id": "lines", "metric": "coverage.lines.percent", "target": ">= 0"}]}
    write_config(base, "wrong-format.yml", wrong)
    return base


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def result_of(document: dict, kpi_id: str) -> dict:
    return next(result for result in document["results"] if result["id"] == kpi_id)


def check_coverage_verdict(qgate, config_validator, verdict_validator, base: pathlib.Path) -> None:
    with open(base / "qgate.yml", encoding="utf-8") as file:
        expect_valid(config_validator, yaml.safe_load(file), "the coverage config")
    document = check_verdict(qgate, verdict_validator, base / "qgate.yml", expect_status=["fail"])
    coverage = document.get("coverage") or {}
    labels = [series["labels"] for series in coverage.get("series", [])]
    for wanted in ({}, {"flag": "backend"}, {"flag": "frontend"}, {"group": "app"}, {"group": "web"}):
        expect(wanted in labels, f"no coverage series {wanted}: {labels}")
    expect(coverage.get("excluded_files") == 1, f"excluded_files is {coverage.get('excluded_files')}, expected 1")
    patch = coverage.get("patch") or {}
    expect(patch.get("status") == "measured" and patch.get("totals") == {"covered": 2, "total": 5},
           f"patch is {patch.get('status')} {patch.get('totals')}, expected measured 2/5")
    expect(len(patch.get("files", [])) == 1 and patch.get("omitted_files") == 1,
           "max_listed_files: 1 should list one file and omit one")
    expect(patch.get("files_without_coverage") == ["docs/new.md"], f"files_without_coverage: {patch.get('files_without_coverage')}")
    statuses = {result["id"]: result["status"] for result in document["results"]}
    expect(statuses == {"lines": "ON_TRACK", "backend-lines": "AT_RISK", "app-branches": "ON_TRACK", "patch": "OFF_TRACK"},
           f"KPI statuses {statuses}")
    expect(document["tests"].get("reports") == len([i for i in document["inputs"] if i["labels"].get("suite")]),
           f"tests.reports is {document['tests'].get('reports')}")


def check_neutral_verdict(qgate, verdict_validator, base: pathlib.Path) -> None:
    document = check_verdict(qgate, verdict_validator, base / "neutral.yml", expect_status=["pass"],
                             extra=["--diff", str(base / "neutral.diff")])
    patch = document.get("coverage", {}).get("patch") or {}
    expect(patch.get("status") == "neutral" and "percent" not in patch, f"patch is {patch}")
    result = result_of(document, "patch")
    expect(result["status"] == "NEUTRAL" and not result["blocking"], f"the patch KPI is {result['status']}")


def check_unreadable_diff(qgate, verdict_validator, base: pathlib.Path) -> None:
    document = check_verdict(qgate, verdict_validator, base / "qgate.yml", expect_status=["error"],
                             extra=["--diff", str(base / "missing.diff")])
    codes = [problem["code"] for problem in document["problems"]]
    expect("diff.unreadable" in codes, f"problems {codes}, expected diff.unreadable")
    expect("patch" not in document.get("coverage", {}), "a patch figure without a diff")
    expect(result_of(document, "patch")["status"] == "OFF_TRACK", "the patch KPI should be OFF_TRACK")


def check_wrong_format_verdict(qgate, verdict_validator, base: pathlib.Path) -> None:
    document = check_verdict(qgate, verdict_validator, base / "wrong-format.yml", expect_status=["error"])
    codes = sorted(problem["code"] for problem in document["problems"])
    expect(codes == ["input.invalid", "input.unknown-format"], f"problems {codes}")


# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# History store


def record_files(store: pathlib.Path) -> list[pathlib.Path]:
    return sorted(path for path in (store / "runs").glob("*/*.json") if not path.name.startswith("."))


def check_history(qgate, record_validator, rollup_validator, verdict_validator, folder: pathlib.Path) -> dict:
    """Records the demo twice into a fresh store and checks what the binary wrote.

    Returns the first record for the tampering checks.
    """
    store = folder / "history"
    config = str(DEMO_CONFIG)
    plain, plain_code = run_json(qgate, ["check", "--config", config, "--format", "json"])
    recorded, code = run_json(qgate, ["check", "--config", config, "--format", "json", "--record",
                                      "--history", str(store), "--branch", "main", "--run-id", "validate"])
    if code != plain_code or recorded != plain:
        raise CheckFailed(f"--record changed the verdict or its exit code ({plain_code} → {code})")
    expect_valid(verdict_validator, recorded, "the verdict of check --record")
    result = run_qgate(qgate, ["check", "--config", config, "--record", "--history", str(store), "--branch", "feature/x"])
    if result.returncode != plain_code:
        raise CheckFailed(f"second --record exited {result.returncode}: {result.stderr.strip()[:300]}")
    files = record_files(store)
    if len(files) != 2:
        raise CheckFailed(f"expected 2 records, found {[str(path) for path in files]}")
    records = []
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        expect_valid(record_validator, record, str(path.relative_to(store)))
        expect(path.name == record["id"] + ".json", f"{path.name} is not named after its id {record['id']}")
        expect(record["verdict"]["status"] == plain["status"], "the record's status differs from the verdict's")
        expect(len(record["metrics"]) == len(plain["metrics"]), "the record does not keep every metric")
        records.append(record)
    export = run_qgate(qgate, ["history", "export", "--history", str(store), "--format", "ndjson"])
    lines = export.stdout.splitlines()
    expect(export.returncode == 0 and len(lines) == 2, f"ndjson export: exit {export.returncode}, {len(lines)} lines")
    for line in lines:
        expect_valid(record_validator, json.loads(line), "an exported NDJSON record")
    return records[0]


def check_rollup(qgate, rollup_validator, folder: pathlib.Path, record: dict) -> None:
    """Plants a re-dated copy of a real record, prunes it, and validates the roll-up file."""
    store = folder / "history-rollup"
    identifier = "20250301T080000.000Z-00000000000000aa"
    planted = dict(record, id=identifier, recorded_at="2025-03-01T08:00:00.000Z", branch="../../etc")
    path = store / "runs" / "2025-03" / f"{identifier}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(planted), encoding="utf-8")
    result = run_qgate(qgate, ["history", "prune", "--history", str(store), "--keep-days", "30", "--json"])
    expect(result.returncode == 0, f"prune exited {result.returncode}: {result.stderr.strip()[:300]}")
    report = json.loads(result.stdout)
    expect(report["pruned_runs"] == 1 and len(report["rollup_files"]) == 1, f"prune report: {report}")
    rollup_path = (store / report["rollup_files"][0]).resolve()
    expect(str(rollup_path).startswith(str((store / "rollups").resolve()) + os.sep), f"roll-up outside the store: {rollup_path}")
    expect_valid(rollup_validator, json.loads(rollup_path.read_text(encoding="utf-8")), report["rollup_files"][0])
    expect(not path.exists(), "the pruned record is still there")


def check_review_findings(qgate, report_validator, folder: pathlib.Path, record: dict) -> None:
    """Plants 30 hourly re-dated copies of a real record on main: the p95 of one endpoint 40 %
    slower from run 20 on, one test failing every other run. The review must list that
    regression with its commits and that test as flaky (flip rate), and match the schema."""
    store = folder / "history-review"
    now = time.time()
    for index in range(30):
        moment = now - (30 - index) * 3600
        stamp = time.gmtime(moment)
        identifier = time.strftime("%Y%m%dT%H%M%S", stamp) + f".000Z-{index:016x}"
        planted = copy.deepcopy(record)
        planted.update(id=identifier, recorded_at=time.strftime("%Y-%m-%dT%H:%M:%S", stamp) + ".000Z", branch="main",
                       commit=f"{index:02d}" + "c" * 38)
        planted["metrics"] = [metric for metric in planted["metrics"] if metric["name"] != "latency.p95_ms"] + [
            {"name": "latency.p95_ms", "labels": {"endpoint": "GET /tasks"},
             "value": (140.0 if index >= 20 else 100.0) + (index * 7 % 5)}]
        planted["tests"]["failing"] = ["Flaky::sometimes"] if index % 2 else []
        path = store / "runs" / f"{identifier[:4]}-{identifier[4:6]}"
        path.mkdir(parents=True, exist_ok=True)
        (path / f"{identifier}.json").write_text(json.dumps(planted), encoding="utf-8")
    document, code = run_json(qgate, ["report", "--history", str(store), "--since", "2d", "--format", "json"])
    expect(code == 0, f"report exited {code}")
    expect_valid(report_validator, document, "qgate report --format json with a regression and a flaky test")
    items = document["regressions"]["items"]
    expect([item["series"] for item in items] == ['latency.p95_ms{endpoint="GET /tasks"}'], f"regressions: {items}")
    expect(items[0]["from_commit"].startswith("19") and items[0]["to_commit"].startswith("20"), f"commit range: {items[0]}")
    flaky = {test["id"]: test for test in document["flaky_tests"]}
    expect("flip-rate" in flaky.get("Flaky::sometimes", {}).get("evidence", []), f"flaky tests: {document['flaky_tests']}")
    expect((store / "digest").is_dir(), "the report did not write the digest of the records it read")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--qgate", default=".build/debug/qgate", help="the qgate binary (default: %(default)s)")
    parser.add_argument("--inspect-dir", action="append", default=[],
                        help="also inspect every *.xml under DIR, one file at a time (repeatable)")
    options = parser.parse_args()
    qgate = options.qgate
    if not os.path.isabs(qgate) and not os.path.exists(qgate) and (ROOT / qgate).exists():
        qgate = str(ROOT / qgate)
    qgate = os.path.abspath(qgate)

    runner = Runner()
    schemas, registry = load_schemas()

    # The schemas themselves.
    for key, path in SCHEMA_FILES.items():
        def meta(schema=schemas[key], path=path):
            try:
                Draft202012Validator.check_schema(schema)
            except SchemaError as error:
                raise CheckFailed(error.message)
            expected_id = f"https://qgate.dev/schemas/{path.name}"
            if schema.get("$id") != expected_id:
                raise CheckFailed(f"$id is {schema.get('$id')!r}, expected {expected_id!r}")
            if not schema.get("title") or not schema.get("description"):
                raise CheckFailed("missing title or description")
            missing = undescribed_properties(schema)
            if missing:
                raise CheckFailed("properties without a description: " + ", ".join(missing[:8]))
            resolver = registry.resolver(base_uri=schema["$id"])
            for ref in refs_of(schema):
                try:
                    resolver.lookup(ref)
                except Exception as error:
                    raise CheckFailed(f"$ref {ref!r} does not resolve: {error}")
        runner.check(f"schema {path.name} is valid draft 2020-12, described, refs resolve", meta)

    config_validator = validator(schemas, registry, "config")
    spec_diff_validator = validator(schemas, registry, "spec-diff")
    verdict_validator = validator(schemas, registry, "verdict")
    inspect_validator = validator(schemas, registry, "inspect")
    record_validator = validator(schemas, registry, "history-record")
    rollup_validator = validator(schemas, registry, "history-rollup")

    # Configs in the repository.
    fixture_configs = sorted(
        {pathlib.Path(p) for pattern in ("**/qgate.yml", "**/qgate.yaml", "**/qgate.json", "**/*.qgate.yml")
         for p in glob.glob(str(ROOT / "fixtures" / pattern), recursive=True)})
    if DEMO_CONFIG not in fixture_configs:
        fixture_configs.insert(0, DEMO_CONFIG)
    for config_path in fixture_configs:
        relative = config_path.relative_to(ROOT)

        def config_valid(config_path=config_path):
            with open(config_path, encoding="utf-8") as file:
                expect_valid(config_validator, yaml.safe_load(file), str(config_path.relative_to(ROOT)))
        runner.check(f"config {relative} matches qgate-config.schema.json", config_valid)
        runner.check(
            f"verdict of {relative} matches verdict.schema.json",
            lambda config_path=config_path: check_verdict(qgate, verdict_validator, config_path))

    # diff-spec: the demo pair, both directions, and real spec pairs from the shared corpus.
    api = ROOT / "fixtures" / "demo" / "api"
    pairs = [(api / "openapi.base.yaml", api / "openapi.yaml"), (api / "openapi.yaml", api / "openapi.base.yaml")]
    big = pathlib.Path("/work/shared/conformance/openapi/big")
    for base, revision in (("adyen-openapi/json/CheckoutService-v70.json", "adyen-openapi/yaml/CheckoutService-v71.yaml"),
                           ("github-rest-api-description/api.github.com.2020-07-30.json",
                            "github-rest-api-description/api.github.com.2022-06-11.json")):
        if (big / base).exists():
            pairs.append((big / base, big / revision))
    for base, revision in pairs:
        def spec_diff(base=base, revision=revision):
            document, status = run_json(qgate, ["diff-spec", str(base), str(revision), "--format", "json"])
            expect_valid(spec_diff_validator, document, f"diff-spec {base.name} {revision.name}")
            errors = document["counts"]["ERR"]
            if (status == 1) != (errors > 0):
                raise CheckFailed(f"exit code {status} with {errors} breaking changes")
        runner.check(f"diff-spec {base.name} → {revision.name} matches spec-diff.schema.json", spec_diff)

    # Performance budgets: the examples validate; wrong budgets are refused (qgate's loader is
    # checked on the same files by BudgetLoaderTests).
    budget_validator = validator(schemas, registry, "perf-budget")
    for path in sorted((ROOT / "budgets").glob("*.json")):
        def budget_valid(path=path):
            expect_valid(budget_validator, json.loads(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)))
        runner.check(f"budgets {path.relative_to(ROOT)} matches perf-budget.schema.json", budget_valid)
    for label, document in INVALID_BUDGETS:
        def budget_rejected(document=document):
            if not errors_of(budget_validator, document):
                raise CheckFailed("the schema accepts it")
        runner.check(f"perf-budget schema rejects: {label}", budget_rejected)

    # Tampered outputs: the output schemas must not be vacuous.
    def tampered(key, arguments, label, change):
        def run():
            document, _ = run_json(qgate, arguments)
            change(document)
            target = verdict_validator if key == "verdict" else inspect_validator
            if not list(target.iter_errors(document)):
                raise CheckFailed("the schema accepts it")
        runner.check(f"{key} schema rejects: {label}", run)

    demo_check = ["check", "--config", str(DEMO_CONFIG), "--format", "json"]
    demo_inspect = ["inspect", "--format", "json", str(ROOT / "fixtures" / "demo" / "results" / "*" / "*.xml")]

    def drop_value(document):
        del document["results"][0]["value"]

    def error_with_counts(document):
        document["inputs"][0]["reports"][0]["error"] = {
            "severity": "error", "code": "input.empty", "message": "the file is empty"}

    tampered("verdict", demo_check, "an unknown key", lambda d: d.update(extra=True))
    tampered("verdict", demo_check, "a wrong schema tag", lambda d: d.update(schema="qgate.verdict/2"))
    tampered("verdict", demo_check, "exit_code not matching status", lambda d: d.update(exit_code=1))
    tampered("verdict", demo_check, "a camelCase key", lambda d: d["tests"].update(durationSeconds=d["tests"].pop("duration_seconds")))
    tampered("verdict", demo_check, "a null optional field", lambda d: d["results"][0].update(unit=None))
    tampered("verdict", demo_check, "a margin without a value", drop_value)
    tampered("verdict", demo_check, "a non-canonical threshold", lambda d: d["results"][0].update(target="≥ 99"))
    tampered("verdict", demo_check, "a read report with an error", error_with_counts)
    tampered("inspect", demo_inspect, "a missing schema tag", lambda d: d.pop("schema"))
    def unknown_outcome(document):
        tests = [test for file in document["files"] for test in file["failing"] + file["flaky"]]
        if not tests:
            raise CheckFailed("the demo results list no failing or flaky test to tamper with")
        tests[0]["outcome"] = "retried"

    tampered("inspect", demo_inspect, "an unknown test outcome", unknown_outcome)

    with tempfile.TemporaryDirectory(prefix="qgate-schemas-") as temp:
        folder = pathlib.Path(temp)

        # Wrong configs: the schema and qgate must both refuse them.
        for label, build in INVALID_CONFIGS:
            runner.check(
                f"config schema rejects: {label}",
                lambda label=label, build=build: check_rejected(qgate, config_validator, folder, label, build))
        for label, build, message in COVERAGE_INVALID_CONFIGS:
            runner.check(
                f"config schema rejects: {label}",
                lambda label=label, build=build, message=message: check_rejected(
                    qgate, config_validator, folder, label, build, expect_message=message))
        for label, build, message in OPENAPI_INVALID_CONFIGS:
            runner.check(
                f"config schema rejects: {label}",
                lambda label=label, build=build, message=message: check_rejected(
                    qgate, config_validator, folder, label, build, expect_message=message))
        for label, build in LEGAL_CONFIGS:
            runner.check(
                f"config schema accepts: {label}",
                lambda label=label, build=build: check_accepted(
                    qgate, config_validator, verdict_validator, folder, label, build))

        # The history store: records and roll-ups written by the binary, and tampered copies.
        history_record = {}

        def history():
            history_record.update(check_history(qgate, record_validator, rollup_validator, verdict_validator, folder))
        runner.check("check --record writes records that match history-record.schema.json (and NDJSON export)", history)
        report_validator = validator(schemas, registry, "report")

        def report():
            for arguments in (["--since", "1d"], ["--since", "1d", "--branch", "main"],
                              ["--since", "2020-01-01", "--until", "2020-01-02"]):
                document, code = run_json(qgate, ["report", "--history", str(folder / "history"), "--format", "json"]
                                          + arguments)
                expect(code == 0, f"report {arguments} exited {code}")
                expect_valid(report_validator, document, f"qgate report --format json {' '.join(arguments)}")
            expect(document["runs"]["total"] == 0, "a window before the runs is not empty")
        runner.check("qgate report --format json over the recorded store matches report.schema.json", report)
        if history_record:
            runner.check("history prune writes roll-ups that match history-rollup.schema.json",
                         lambda: check_rollup(qgate, rollup_validator, folder, history_record))
            runner.check("qgate report lists a planted regression (with its commits) and a flipping test, matching report.schema.json",
                         lambda: check_review_findings(qgate, report_validator, folder, history_record))
            for label, change in (
                    ("an unknown key", lambda r: r.update(extra=1)),
                    ("a wrong schema tag", lambda r: r.update(schema="qgate.history-record/3")),
                    ("an id that is a path", lambda r: r.update(id="../../etc/passwd")),
                    ("an unknown verdict status", lambda r: r["verdict"].update(status="ok")),
                    ("a null commit", lambda r: r.update(commit=None)),
                    ("a test id set with an unknown member", lambda r: r["tests"].update(ids={"encoding": "x", "count": 1, "hashes": "", "names": []})),
                    ("a metric without labels", lambda r: r["metrics"][0].pop("labels")),
                    ("a time without milliseconds", lambda r: r.update(recorded_at="2026-11-22T01:02:03Z"))):
                def tampered_record(change=change):
                    document = copy.deepcopy(history_record)
                    change(document)
                    if not list(record_validator.iter_errors(document)):
                        raise CheckFailed("the schema accepts it")
                runner.check(f"history-record schema rejects: {label}", tampered_record)

        # Verdicts with input problems, missing data and escalations.
        broken = make_broken_inputs(folder)
        for policy, statuses in (("fail", ["error"]), ("warn", ["fail"])):
            config = error_config(policy)

            def error_verdict(config=config, statuses=statuses, policy=policy):
                expect_valid(config_validator, config, "the generated config")
                path = write_config(folder, f"errors-{policy}.yml", config)
                check_verdict(qgate, verdict_validator, path, expect_status=statuses)
            runner.check(f"verdict with broken inputs, input_problems: {policy}, matches verdict.schema.json", error_verdict)

        # Coverage: flags, groups, rewrites, exclude, patch coverage from a diff file.
        coverage_base = make_coverage_inputs(folder)
        runner.check("verdict with coverage flags, groups and measured patch coverage matches verdict.schema.json",
                     lambda: check_coverage_verdict(qgate, config_validator, verdict_validator, coverage_base))
        runner.check("verdict with neutral patch coverage (--diff) matches verdict.schema.json, KPI NEUTRAL",
                     lambda: check_neutral_verdict(qgate, verdict_validator, coverage_base))
        runner.check("verdict with an unreadable --diff matches verdict.schema.json",
                     lambda: check_unreadable_diff(qgate, verdict_validator, coverage_base))
        runner.check("verdict with wrongly named and unknown formats matches verdict.schema.json",
                     lambda: check_wrong_format_verdict(qgate, verdict_validator, coverage_base))

        coverage_check = ["check", "--config", str(coverage_base / "qgate.yml"), "--format", "json"]
        coverage_inspect = ["inspect", "--format", "json", str(coverage_base / "backend.lcov"),
                            *[str(path) for _, path in COVERAGE_CORPUS[:2] if path.exists()]]

        def test_counts_on_coverage(document):
            document["inputs"][0]["reports"][0]["counts"] = document["tests"]["counts"]

        def matched_unmatched(document):
            unmatched = document["coverage"]["unmatched"]
            if not unmatched:
                raise CheckFailed("inspect lists no unmatched path to tamper with")
            unmatched[0].update(repository_path="src/a.py", method="suffix")

        tampered("verdict", coverage_check, "a neutral patch with a percent",
                 lambda d: d["coverage"]["patch"].update(status="neutral"))
        tampered("verdict", coverage_check, "a NEUTRAL KPI with a value", lambda d: result_of(d, "lines").update(status="NEUTRAL"))
        tampered("verdict", coverage_check, "test counts on a coverage report", test_counts_on_coverage)
        tampered("verdict", coverage_check, "coverage totals without regions",
                 lambda d: d["coverage"]["series"][0]["totals"].pop("regions"))
        tampered("inspect", coverage_inspect, "an unknown coverage format",
                 lambda d: d["files"][0]["report"].update(format="lcov2"))
        tampered("inspect", coverage_inspect, "an unmatched path with a repository path", matched_unmatched)

        # Inspect reports.
        demo_results = sorted(glob.glob(str(ROOT / "fixtures" / "demo" / "results" / "*" / "*.xml")))
        runner.check(
            "inspect of the demo results matches inspect.schema.json",
            lambda: check_inspect(qgate, inspect_validator, demo_results, expect_codes=[0]))
        fixture_xml = sorted(glob.glob(str(ROOT / "fixtures" / "**" / "*.xml"), recursive=True))
        other_xml = [path for path in fixture_xml if path not in demo_results]
        if other_xml:
            runner.check(
                f"inspect of {len(other_xml)} other fixtures/ file(s) matches inspect.schema.json",
                lambda: check_inspect(qgate, inspect_validator, other_xml))
        runner.check(
            "inspect of a glob argument matches inspect.schema.json",
            lambda: check_inspect(qgate, inspect_validator, [str(ROOT / "fixtures" / "demo" / "results" / "*" / "*.xml")],
                                  expect_codes=[0]))
        expected_codes = {
            "an empty": "input.empty", "a whitespace-only": "input.empty", "a truncated": "input.truncated",
            "a malformed": "input.malformed", "a not-a-test-report": "input.not-a-test-report",
        }
        for key, path in broken.items():
            codes = [expected_codes[key]] if key in expected_codes else []
            runner.check(
                f"inspect of {key} file matches inspect.schema.json",
                lambda path=path, codes=codes: check_inspect(
                    qgate, inspect_validator, [str(path)], expect_codes=[3] if codes else [0],
                    expect_problem_codes=codes))
        runner.check(
            "inspect of an argument matching nothing matches inspect.schema.json",
            lambda: check_inspect(qgate, inspect_validator, [str(folder / "nothing" / "*.xml")],
                                  expect_codes=[3], expect_problem_codes=["input.no-match"]))
        runner.check(
            "inspect of good and broken files together matches inspect.schema.json",
            lambda: check_inspect(qgate, inspect_validator, demo_results + [str(p) for p in broken.values()],
                                  expect_codes=[3]))
        if SHARED_EMPTY.exists():
            runner.check(
                "inspect of the shared conformance empty.xml matches inspect.schema.json",
                lambda: check_inspect(qgate, inspect_validator, [str(SHARED_EMPTY)], expect_codes=[3],
                                      expect_problem_codes=["input.empty"]))

        # Coverage reports, one per format, then all together (mapped to this repository).
        corpus = [(name, path) for name, path in COVERAGE_CORPUS if path.exists()]
        corpus.append(("istanbul-summary", coverage_base / "coverage-summary.json"))
        corpus.append(("lcov", coverage_base / "backend.lcov"))
        for name, path in corpus:
            def inspect_coverage(name=name, path=path):
                document = check_inspect(qgate, inspect_validator, [str(path)], expect_codes=[0])
                report = document["files"][0]["report"]
                expect(report["format"] == name, f"read as {report['format']!r}, expected {name!r}")
                expect("coverage" in document, "no coverage summary")
                expect(any(metric["name"] == "coverage.files" for metric in document["metrics"]), "no coverage.files metric")
            runner.check(f"inspect of a {name} coverage report ({path.name}) matches inspect.schema.json", inspect_coverage)
        runner.check(
            f"inspect of {len(corpus)} coverage reports and the demo results together matches inspect.schema.json",
            lambda: check_inspect(qgate, inspect_validator, [str(path) for _, path in corpus] + demo_results,
                                  expect_codes=[0]))
        runner.check(
            "inspect of a file forced to the wrong format (--input-format lcov) matches inspect.schema.json",
            lambda: check_inspect(qgate, inspect_validator, [str(coverage_base / "coverage-summary.json")],
                                  expect_codes=[3], expect_problem_codes=["input.invalid"], extra=["--input-format", "lcov"]))
        runner.check(
            "inspect of a JSON file in no known format matches inspect.schema.json",
            lambda: check_inspect(qgate, inspect_validator, [str(coverage_base / "other.json")],
                                  expect_codes=[3], expect_problem_codes=["input.unknown-format"]))

        # Performance results, one per format qgate reads (shared corpus when present, plus samples
        # written here): each is read as that format and the inspect JSON matches the schema.
        perf_base = pathlib.Path("/work/shared/conformance/perf")
        samples_csv = folder / "samples.csv"
        samples_csv.write_text("method,endpoint,latency,unit,status\nGET,/a,12,ms,200\nGET,/a,0.5,s,503\n", encoding="utf-8")
        samples_ndjson = folder / "samples.ndjson"
        samples_ndjson.write_text('{"endpoint": "/a", "method": "GET", "latency_ms": 12, "status": 200}\n', encoding="utf-8")
        perf_corpus = [(name, perf_base / relative) for name, relative in PERF_CORPUS if (perf_base / relative).exists()]
        perf_corpus += [("samples-csv", samples_csv), ("samples-ndjson", samples_ndjson)]
        for name, path in perf_corpus:
            def inspect_perf(name=name, path=path):
                document = check_inspect(qgate, inspect_validator, [str(path)], expect_codes=[0])
                report = document["files"][0]["report"]
                expect(report["format"] == name, f"read as {report['format']!r}, expected {name!r}")
                expect(report["performance"]["series"], "no series")
            runner.check(f"inspect of a {name} performance result ({path.name}) matches inspect.schema.json", inspect_perf)
        samples_validator = validator(schemas, registry, "perf-samples")

        def samples_schema():
            record = json.loads(samples_ndjson.read_text(encoding="utf-8").splitlines()[0])
            expect_valid(samples_validator, record, "samples.ndjson line 1")
            for wrong in ({"endpoint": "/a", "latency": 3}, {"latency_ms": 3}, {"endpoint": "/a", "latency": 3, "unit": "ticks"}):
                if not list(samples_validator.iter_errors(wrong)):
                    raise CheckFailed(f"the schema accepts {wrong}")
        runner.check("perf-samples.schema.json accepts the samples qgate reads and rejects unit-less ones", samples_schema)
        bad_jtl = folder / "bad.jtl"
        bad_jtl.write_text("timeStamp,elapsed,label\n1,10,/a\n2,x,/a\n", encoding="utf-8")
        runner.check(
            "inspect of a JTL with too many malformed rows matches inspect.schema.json (exit 3)",
            lambda: check_inspect(qgate, inspect_validator, [str(bad_jtl)], expect_codes=[3], expect_problem_codes=["input.invalid"]))

        # Optional corpora, one file per run so a failure names its file.
        for directory in options.inspect_dir:
            files = sorted(glob.glob(os.path.join(directory, "**", "*.xml"), recursive=True))

            def corpus(files=files):
                bad = []
                for path in files:
                    try:
                        check_inspect(qgate, inspect_validator, [path])
                    except CheckFailed as error:
                        bad.append(f"{path}: {error}")
                if bad:
                    raise CheckFailed(f"{len(bad)} of {len(files)} files: " + " | ".join(bad[:3]))
            runner.check(f"inspect of {len(files)} file(s) under {directory} matches inspect.schema.json", corpus)

    print(f"{runner.passed} passed, {runner.failed} failed")
    return 1 if runner.failed else 0


if __name__ == "__main__":
    sys.exit(main())
