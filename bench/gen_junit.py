#!/usr/bin/env python3
"""Deterministic JUnit XML generator for qgate's benchmark (Python 3 stdlib only).

    python3 bench/gen_junit.py OUT.xml [--size-mb N] [--seed S]

Writes OUT.xml (streamed, one joined chunk per suite; ASCII only) and the
sidecar OUT.expected.json with the generator's own counts. MB = 1,000,000
bytes; the file stops after the first suite that reaches the requested size.

Shape (like real Maven Surefire / Gradle / pytest reports):
  <testsuites name tests failures errors skipped time>   (totals, exact)
    <testsuite name tests failures errors skipped time timestamp hostname>
      <properties><property name value/> x3-5</properties>
      500 x <testcase name classname time file line>, per case:
        ~4 %   <failure message="..&lt;..&gt;..&amp;.." type>8-line stack trace</failure>
        ~1 %   <error message type><![CDATA[..]]></error><system-err><![CDATA[..]]></system-err>
        ~3 %   <skipped/> (half with a message)
        ~0.5 % passing case holding a Surefire <flakyFailure><stackTrace>..</stackTrace></flakyFailure>
        ~4 %   <system-out><![CDATA[..]]></system-out> (any outcome)
        ~0.2 % rerun duplicate: the case fails (<failure>), and is immediately
               followed by the same name+classname passing (one extra element)
All counts in the sidecar are element counts: a rerun pair is 2 testcases,
1 failure. time is generated in whole milliseconds, so the sums are exact.
"""
import argparse
import json
import os
import random
import sys
import time as _time

GENERATOR_VERSION = 1
CASES_PER_SUITE = 500

P_FAILURE = 0.04
P_ERROR = 0.01
P_SKIPPED = 0.03
P_RERUN = 0.002      # fail-then-pass duplicate
P_FLAKY = 0.005      # <flakyFailure> inside a passing case
P_SYSOUT = 0.04

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu "
         "order invoice payment user account session cache queue retry token "
         "parse render export import sync merge split batch stream index").split()
MODULES = ("core api billing auth storage search ingest report gateway "
           "scheduler notify ledger catalog inventory shipping").split()
EXCEPTIONS = ("java.lang.IllegalStateException java.lang.NullPointerException "
              "java.io.IOException java.util.concurrent.TimeoutException "
              "org.opentest4j.AssertionFailedError").split()


def camel(rng, n):
    return "".join(rng.choice(WORDS).capitalize() for _ in range(n))


def ms_str(ms):
    return "%d.%03d" % divmod(ms, 1000)


def stack_trace(rng, cls, method, file_base, line):
    # 8 lines; `<init>` checks entity decoding in text content.
    pkg = cls.rsplit(".", 1)[0]
    lines = [
        "%s: expected &lt;%d&gt; but was &lt;%d&gt;" % (rng.choice(EXCEPTIONS), rng.randrange(1000), rng.randrange(1000)),
        "\tat %s.%s(%s:%d)" % (cls, method, file_base, line),
        "\tat %s.support.Helpers.&lt;init&gt;(Helpers.java:%d)" % (pkg, rng.randrange(10, 400)),
        "\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)",
        "\tat org.junit.jupiter.api.AssertEquals.assertEquals(AssertEquals.java:%d)" % rng.randrange(100, 200),
        "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
        "\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)",
        "\tat org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:%d)" % rng.randrange(700, 800),
    ]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=float, default=512)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()

    target = int(a.size_mb * 1_000_000)
    rng = random.Random(a.seed)
    r = rng.random
    t0 = _time.monotonic()

    tot = dict(suites=0, testcases=0, failures=0, errors=0, skipped=0, flaky=0,
               rerun_pairs=0, system_out=0, system_err=0, properties=0, time_ms=0)

    # Fixed-width root start tag: rewritten in place at the end with the real
    # totals, padded with spaces before '>' (legal XML whitespace).
    HEADER_WIDTH = 240
    decl = '<?xml version="1.0" encoding="UTF-8"?>\n'
    tmp = a.out + ".tmp"
    f = open(tmp, "w", encoding="ascii", newline="\n", buffering=4 << 20)
    f.write(decl + " " * HEADER_WIDTH + "\n")
    written = len(decl) + HEADER_WIDTH + 1

    while written < target:
        s = tot["suites"]
        mod = MODULES[s % len(MODULES)]
        cls = "com.acme.%s.%s%dTest" % (mod, camel(rng, 2), s)
        file_base = cls.rsplit(".", 1)[1] + ".java"
        file_path = "src/test/java/" + cls.replace(".", "/") + ".java"
        parts = []
        ap_ = parts.append
        st = dict(tests=0, failures=0, errors=0, skipped=0, time_ms=0)
        line = 20
        for c in range(CASES_PER_SUITE):
            method = "test%s_%d" % (rng.choice(WORDS).capitalize(), c)
            line += rng.randrange(4, 40)
            ms = int(rng.expovariate(1 / 40.0)) if r() < 0.97 else rng.randrange(1000, 30000)
            x = r()
            head = '<testcase name="%s" classname="%s" time="%s" file="%s" line="%d"' % (
                method, cls, ms_str(ms), file_path, line)
            sysout = r() < P_SYSOUT
            if x < P_RERUN:
                # failing attempt, then the same case passing right after
                ms2 = int(rng.expovariate(1 / 40.0))
                ap_('  %s>\n    <failure message="flaky: expected &lt;true&gt; but was &lt;false&gt; &amp; retried" '
                    'type="org.opentest4j.AssertionFailedError">%s</failure>\n  </testcase>\n' % (
                        head, stack_trace(rng, cls, method, file_base, line)))
                ap_('  <testcase name="%s" classname="%s" time="%s" file="%s" line="%d"/>\n' % (
                    method, cls, ms_str(ms2), file_path, line))
                st["tests"] += 2; st["failures"] += 1; st["time_ms"] += ms + ms2
                tot["rerun_pairs"] += 1
                continue
            st["tests"] += 1
            st["time_ms"] += ms
            body = []
            if x < P_RERUN + P_FAILURE:
                st["failures"] += 1
                body.append('    <failure message="expected &lt;%d&gt; but was &lt;%d&gt; &amp; %s" type="%s">%s</failure>\n' % (
                    rng.randrange(1000), rng.randrange(1000), rng.choice(WORDS), rng.choice(EXCEPTIONS),
                    stack_trace(rng, cls, method, file_base, line)))
            elif x < P_RERUN + P_FAILURE + P_ERROR:
                st["errors"] += 1
                tot["system_err"] += 1
                exc = rng.choice(EXCEPTIONS)
                body.append('    <error message="%s in %s" type="%s"><![CDATA[%s: <boom> & "quoted"\n%s]]></error>\n'
                            '    <system-err><![CDATA[WARN %s <stderr> & more\nERROR retry %d failed]]></system-err>\n' % (
                                exc.rsplit(".", 1)[1], method, exc, exc,
                                stack_trace(rng, cls, method, file_base, line).replace("&lt;", "<").replace("&gt;", ">"),
                                method, rng.randrange(5)))
            elif x < P_RERUN + P_FAILURE + P_ERROR + P_SKIPPED:
                st["skipped"] += 1
                body.append('    <skipped message="disabled: %s &amp; not ready"/>\n' % rng.choice(WORDS)
                            if r() < 0.5 else '    <skipped/>\n')
            elif x < P_RERUN + P_FAILURE + P_ERROR + P_SKIPPED + P_FLAKY:
                tot["flaky"] += 1
                body.append('    <flakyFailure message="timeout after %dms &amp; retry" type="java.util.concurrent.TimeoutException">'
                            '<stackTrace>%s</stackTrace></flakyFailure>\n' % (
                                rng.randrange(100, 5000), stack_trace(rng, cls, method, file_base, line)))
            if sysout:
                tot["system_out"] += 1
                body.append('    <system-out><![CDATA[[INFO] %s <start> & setup\n[DEBUG] %s took %dms\n[INFO] done]]></system-out>\n' % (
                    method, camel(rng, 3), ms))
            if body:
                ap_('  %s>\n%s  </testcase>\n' % (head, "".join(body)))
            else:
                ap_('  %s/>\n' % head)

        nprops = 3 + (s % 3)
        props = "".join('      <property name="%s" value="%s"/>\n' % (k, v) for k, v in (
            ("java.version", "21.0.%d" % (s % 5)), ("os.name", "Linux"), ("ci.job", "build-%d" % (s % 97)),
            ("surefire.rerunFailingTestsCount", "1"), ("user.dir", "/home/ci/work &amp; co"))[:nprops])
        tot["properties"] += nprops
        chunk = ('<testsuite name="%s" tests="%d" failures="%d" errors="%d" skipped="%d" time="%s" '
                 'timestamp="2025-01-%02dT%02d:%02d:%02d" hostname="ci-runner-%d">\n'
                 '    <properties>\n%s    </properties>\n%s</testsuite>\n') % (
            cls, st["tests"], st["failures"], st["errors"], st["skipped"], ms_str(st["time_ms"]),
            1 + s % 28, s % 24, s % 60, (s * 7) % 60, s % 8, props, "".join(parts))
        f.write(chunk)
        written += len(chunk)
        tot["suites"] += 1
        for k in ("failures", "errors", "skipped", "time_ms"):
            tot[k] += st[k]
        tot["testcases"] += st["tests"]

    tail = "</testsuites>\n"
    f.write(tail)
    written += len(tail)
    f.flush()
    root = '<testsuites name="qgate-bench seed=%d" tests="%d" failures="%d" errors="%d" skipped="%d" time="%s"' % (
        a.seed, tot["testcases"], tot["failures"], tot["errors"], tot["skipped"], ms_str(tot["time_ms"]))
    assert len(root) < HEADER_WIDTH
    f.seek(len(decl))
    f.write(root + " " * (HEADER_WIDTH - len(root) - 1) + ">")
    f.close()
    size = os.path.getsize(tmp)
    assert size == written, (size, written)

    expected = {
        "generator": "bench/gen_junit.py",
        "generator_version": GENERATOR_VERSION,
        "seed": a.seed,
        "size_mb_requested": a.size_mb,
        "bytes": size,
        "suites": tot["suites"],
        "testcases": tot["testcases"],            # <testcase> elements (rerun pairs count 2)
        "unique_testcases": tot["testcases"] - tot["rerun_pairs"],
        "failures": tot["failures"],              # <failure> elements (incl. the failing half of rerun pairs)
        "errors": tot["errors"],
        "skipped": tot["skipped"],
        "passed": tot["testcases"] - tot["failures"] - tot["errors"] - tot["skipped"],
        "flaky": tot["flaky"],                    # <flakyFailure> elements (inside passing cases)
        "rerun_pairs": tot["rerun_pairs"],        # fail-then-pass duplicates
        "system_out": tot["system_out"],
        "system_err": tot["system_err"],
        "properties": tot["properties"],
        "time_ms": tot["time_ms"],
        "time": ms_str(tot["time_ms"]),          # exact sum of testcase time="" (seconds)
        "generate_seconds": round(_time.monotonic() - t0, 2),
    }
    # Sidecar first, then the XML: a file only exists next to its counts.
    sidecar = a.out[:-4] + ".expected.json" if a.out.endswith(".xml") else a.out + ".expected.json"
    with open(sidecar, "w") as j:
        json.dump(expected, j, indent=2)
        j.write("\n")
    os.replace(tmp, a.out)
    json.dump(expected, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
