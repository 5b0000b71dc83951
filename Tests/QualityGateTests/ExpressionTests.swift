import Testing
@testable import QualityGate

// Qualified so this file stays unambiguous should it ever import Foundation, which declares
// its own `Expression` type on newer Apple platforms.
private typealias Expr = QualityGate.Expression

/// Parses and evaluates `text` against `metrics` (keyed by the selector's canonical text).
private func value(_ text: String, _ metrics: [String: Double] = [:]) throws -> Double {
    try Expr(parsing: text).evaluate { metrics[$0.description] }
}

/// The syntax error `text` produces, or nil when it parses.
private func syntaxError(_ text: String) -> ExpressionError? {
    do {
        _ = try Expr(parsing: text)
        return nil
    } catch {
        return error
    }
}

private func evaluationError(_ text: String, _ metrics: [String: Double] = [:]) throws -> ExpressionError? {
    let expression = try Expr(parsing: text)
    do {
        _ = try expression.evaluate { metrics[$0.description] }
        return nil
    } catch {
        return error
    }
}

@Suite("Expression")
struct ExpressionTests {
    // MARK: Arithmetic

    @Test("precedence and associativity", arguments: [
        ("10 - 4 - 3", 3.0),
        ("2 + 3 * 4", 14.0),
        ("-2 * 3", -6.0),
        ("8 / 4 / 2", 1.0),
        ("2 * 3 + 4", 10.0),
        ("100 / 10 * 2", 20.0),
        ("1 - 2 + 3", 2.0),
        ("-2 - -3", 1.0),
        ("+5 - +2", 3.0),
        ("--4", 4.0),
        ("-(2 + 3) * 2", -10.0),
    ])
    func arithmetic(text: String, expected: Double) throws {
        #expect(try value(text) == expected)
    }

    @Test func parenthesesOverridePrecedence() throws {
        #expect(try value("(2 + 3) * 4") == 20)
        #expect(try value("10 - (4 - 3)") == 9)
        #expect(try value("8 / (4 / 2)") == 4)
        #expect(try value("((((7))))") == 7)
        #expect(try value(" ( 1+2 )*( 3 - 1 ) ") == 6)
    }

    @Test func numberForms() throws {
        #expect(try value("12") == 12)
        #expect(try value("0.5") == 0.5)
        #expect(try value(".5") == 0.5)
        #expect(try value("1e3") == 1000)
        #expect(try value("2.5E-2") == 0.025)
        #expect(try value("1e+2") == 100)
    }

    @Test func unicodeOperatorsAreSynonyms() throws {
        #expect(try value("6 × 7") == 42)
        #expect(try value("84 ÷ 2") == 42)
        #expect(try value("50 − 8") == 42)
        #expect(try value("−8 + 50") == 42)
        #expect(try Expr(parsing: "a × b ÷ c − d") == Expr(parsing: "a * b / c - d"))
        #expect(try Expr(parsing: "a × b ÷ c − d").description == "a * b / c - d")
    }

    @Test func functions() throws {
        #expect(try value("min(3, 1, 2)") == 1)
        #expect(try value("max(3, 1, 2)") == 3)
        #expect(try value("min(7)") == 7)
        #expect(try value("abs(-4.5)") == 4.5)
        #expect(try value("abs(2 - 10) + max(1, min(5, 4))") == 12)
        #expect(try value("min (1, 2)") == 1)
    }

    @Test func functionNamesWithoutParenthesisAreMetrics() throws {
        #expect(try value("min + max", ["min": 2, "max": 5]) == 7)
        #expect(try Expr(parsing: "min") == .metric(MetricSelector(name: "min")))
    }

    // MARK: Metrics and labels

    @Test func metricLookup() throws {
        let metrics = ["tests.failed": 3.0, "tests.errors": 1, "tests.total": 200]
        #expect(try value("(tests.failed + tests.errors) / tests.total * 100", metrics) == 2)
        #expect(try value("coverage.lines.percent", ["coverage.lines.percent": 87.5]) == 87.5)
        #expect(try value("_x.y_2.z3", ["_x.y_2.z3": 1]) == 1)
    }

    @Test func labelSelectors() throws {
        let expression = try Expr(parsing: #"min(tests.pass_rate{suite="unit"}, tests.pass_rate{suite="e2e"})"#)
        let unit = MetricSelector(name: "tests.pass_rate", labels: ["suite": "unit"])
        let e2e = MetricSelector(name: "tests.pass_rate", labels: ["suite": "e2e"])
        #expect(expression == .call(.min, [.metric(unit), .metric(e2e)]))
        #expect(try expression.evaluate { [unit: 99.5, e2e: 80][$0] } == 80)

        let several = try Expr(parsing: #"tests.failed{suite="critical-path", os = "linux" , arch="arm64",}"#)
        #expect(several == .metric(MetricSelector(
            name: "tests.failed", labels: ["suite": "critical-path", "os": "linux", "arch": "arm64"])))
        #expect(several.description == #"tests.failed{arch="arm64",os="linux",suite="critical-path"}"#)
    }

    @Test func labelOrderDoesNotMatter() throws {
        let first = try Expr(parsing: #"m{a="1", b="2"}"#)
        let second = try Expr(parsing: #"m{b="2",a="1"}"#)
        #expect(first == second)
        #expect(first.description == second.description)
        #expect(first.description == #"m{a="1",b="2"}"#)
    }

    @Test func labelEscapes() throws {
        let expression = try Expr(parsing: #"m{path="C:\\dir", quote="say \"hi\""}"#)
        #expect(expression == .metric(MetricSelector(name: "m", labels: ["path": #"C:\dir"#, "quote": #"say "hi""#])))
        #expect(try Expr(parsing: expression.description) == expression)
    }

    @Test func emptyLabelSetIsTheOverallSeries() throws {
        #expect(try Expr(parsing: "tests.total{}") == Expr(parsing: "tests.total"))
        #expect(try Expr(parsing: "tests.total { }").description == "tests.total")
    }

    @Test func metricReferencesInFirstAppearanceOrderWithoutDuplicates() throws {
        let expression = try Expr(parsing: #"(b + a{k="v"}) / max(b, c, a{k="v"}, a) - 1"#)
        #expect(expression.metricReferences == [
            MetricSelector(name: "b"),
            MetricSelector(name: "a", labels: ["k": "v"]),
            MetricSelector(name: "c"),
            MetricSelector(name: "a"),
        ])
        #expect(try Expr(parsing: "1 + 2").metricReferences.isEmpty)
    }

    // MARK: Canonical text

    @Test("canonical description", arguments: [
        ("(tests.failed+tests.errors)/tests.total*100", "(tests.failed + tests.errors) / tests.total * 100"),
        ("((a * b)) + (c)", "a * b + c"),
        ("a - (b - c)", "a - (b - c)"),
        ("a + (b + c)", "a + (b + c)"),
        ("(a - b) - c", "a - b - c"),
        ("a / (b * c)", "a / (b * c)"),
        ("-(a + b)", "-(a + b)"),
        ("-(a * b)", "-(a * b)"),
        ("(-a) * b", "-a * b"),
        ("a - (-b)", "a - -b"),
        ("+a", "a"),
        ("100.0 * 0.50", "100 * 0.5"),
        ("1e3 + 1e-7 + 1e20", "1000 + 1e-07 + 1e+20"),
        ("min( a ,b,abs( c ))", "min(a, b, abs(c))"),
        (#"m{z="1",a="2"} ÷ 2"#, #"m{a="2",z="1"} / 2"#),
    ])
    func canonicalDescription(text: String, canonical: String) throws {
        let expression = try Expr(parsing: text)
        #expect(expression.description == canonical)
        #expect(try Expr(parsing: expression.description) == expression)
    }

    @Test func descriptionRoundTripsOnAssortedFormulas() throws {
        let formulas = [
            "(tests.failed + tests.errors) / tests.total * 100",
            #"min(tests.pass_rate{suite="unit"}, tests.pass_rate{suite="e2e"})"#,
            "-(-(a - b) * -(c / d)) - -(-e)",
            "a / b / (c / d) * (e - f - (g + h))",
            "max(1, 2 * (3 + x)) / abs(-y - 0.25)",
        ]
        for formula in formulas {
            let expression = try Expr(parsing: formula)
            let reparsed = try Expr(parsing: expression.description)
            #expect(reparsed == expression, "\(formula)")
            #expect(reparsed.description == expression.description)
        }
    }

    // MARK: Syntax errors

    @Test("syntax errors report message and column", arguments: [
        ("1 +", "unexpected end of expression", 4),
        ("(1 + 2", "expected ')' to close '(' opened at column 1, found end of expression", 7),
        ("1 * (2 + 3", "expected ')' to close '(' opened at column 5, found end of expression", 11),
        (#"tests.total{suite="unit""#, "expected '}' to close '{' opened at column 12, found end of expression", 25),
        ("tests.total{suite=unit}", "expected a double-quoted value for label 'suite', found 'unit'", 19),
        ("foo(1)", "unknown function 'foo' (known: abs, baseline, max, min)", 1),
        ("2 * mean(a, b)", "unknown function 'mean' (known: abs, baseline, max, min)", 5),
        ("1 2", "unexpected '2'", 3),
        (")", "unexpected ')'", 1),
        ("(1 + 2) * 3)", "unexpected ')'", 12),
        ("", "empty expression", 1),
        ("   ", "empty expression", 1),
        (#""""#, #"unexpected string """#, 1),
        ("tests..total", "expected a name after '.'", 7),
        ("tests.", "expected a name after '.'", 7),
        ("{}", "unexpected '{'", 1),
        (#"tests.total{suite="unit}"#, "unterminated string", 19),
        (#"m{a="1", a="2"}"#, "duplicate label 'a'", 10),
        (#"m{a.b="1"}"#, "expected a label name, found 'a.b'", 3),
        (#"m{a "1"}"#, "expected '=' after label name 'a', found string \"1\"", 5),
        (#"m{a="1" b="2"}"#, "expected ',' or '}' in label selector, found 'b'", 9),
        (#"m{a="x\n"}"#, #"invalid escape '\n' in string (only \" and \\ are allowed)"#, 7),
        ("min()", "min() needs at least one argument", 1),
        ("abs(1, 2)", "abs() takes exactly one argument, got 2", 1),
        ("max(1 2)", "expected ',' or ')' to close 'max(' opened at column 1, found '2'", 7),
        ("min(1,)", "unexpected ')'", 7),
        ("3 % 2", "unexpected character '%'", 3),
        ("50%", "unexpected character '%'", 3),
        ("1.", "expected a digit after '.'", 3),
        ("1e", "expected digits in the exponent of a number", 3),
        ("1e999", "number '1e999' is out of range", 1),
        ("× 2", "unexpected '×'", 1),
        ("ü + 1", "unexpected character 'ü'", 1),
        // Columns count Characters: the flag emoji is several scalars but one column.
        ("\"🇨🇭\" )", "unexpected string \"🇨🇭\"", 1),
        ("a + 🇨🇭", "unexpected character '🇨🇭'", 5),
        ("m{k=\"🇨🇭\"} + )", "unexpected ')'", 12),
    ])
    func syntaxErrors(text: String, message: String, column: Int) {
        #expect(syntaxError(text) == .syntax(message: message, column: column))
    }

    @Test func syntaxErrorDescriptionLeadsWithColumn() {
        let error = syntaxError("(a + b))")
        #expect(error?.description == "column 8: unexpected ')'")
    }

    // MARK: Evaluation errors

    @Test func missingMetric() throws {
        let error = try evaluationError(#"tests.failed{suite="unit"} + tests.total"#, ["tests.total": 1])
        let selector = MetricSelector(name: "tests.failed", labels: ["suite": "unit"])
        #expect(error == .missingMetric(selector))
        #expect(error?.description == #"missing metric 'tests.failed{suite="unit"}': no input produced this series"#)
        // A labelled series does not stand in for the overall one, nor the reverse.
        #expect(try evaluationError("tests.failed", [#"tests.failed{suite="unit"}"#: 1]) == .missingMetric(MetricSelector(name: "tests.failed")))
    }

    @Test func divisionByZeroNamesTheDivisor() throws {
        let error = try evaluationError("tests.failed / tests.total", ["tests.failed": 1, "tests.total": 0])
        #expect(error == .divisionByZero(divisor: "tests.total"))
        #expect(error?.description == "division by zero: 'tests.total' is 0")
        #expect(try evaluationError("1 / (a - b)", ["a": 2, "b": 2]) == .divisionByZero(divisor: "a - b"))
        #expect(try evaluationError("0 / 0") == .divisionByZero(divisor: "0"))
        #expect(try evaluationError("1 / -0") == .divisionByZero(divisor: "-0"))
    }

    @Test func nonFiniteValuesAreErrors() throws {
        #expect(try evaluationError("a + 1", ["a": .nan]) == .notFinite("a"))
        #expect(try evaluationError("min(a, 1)", ["a": .infinity]) == .notFinite("a"))
        let overflow = try evaluationError("1e300 * 1e300")
        #expect(overflow == .notFinite("1e+300 * 1e+300"))
        #expect(overflow?.description == "'1e+300 * 1e+300' is not a finite number")
    }

    @Test func malformedTreesBuiltInCodeThrowInsteadOfCrashing() throws {
        #expect(throws: ExpressionError.syntax(message: "max() needs at least one argument", column: 0)) {
            try Expr.call(.max, []).evaluate { _ in nil }
        }
        #expect(throws: ExpressionError.syntax(message: "abs() takes exactly one argument, got 2", column: 0)) {
            try Expr.call(.abs, [.number(1), .number(2)]).evaluate { _ in nil }
        }
        #expect(ExpressionError.syntax(message: "x", column: 0).description == "x")
    }

    // MARK: Limits

    @Test func deepNestingThrowsInsteadOfCrashing() {
        let tooDeep = String(repeating: "(", count: 10_000)
        #expect(syntaxError(tooDeep) == .syntax(message: "expression nested too deeply (more than 64 levels)", column: 65))
        #expect(syntaxError(String(repeating: "-", count: 10_000) + "1")?.description
            == "column 65: expression nested too deeply (more than 64 levels)")
        #expect(syntaxError(String(repeating: "abs(", count: 10_000)) != nil)
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let sixtyFour = String(repeating: "(", count: 64) + "1" + String(repeating: ")", count: 64)
        #expect(try value(sixtyFour) == 1)
        let sixtyFive = String(repeating: "(", count: 65) + "1" + String(repeating: ")", count: 65)
        #expect(syntaxError(sixtyFive) == .syntax(message: "expression nested too deeply (more than 64 levels)", column: 65))
    }

    @Test func longOperatorChainsAreBounded() throws {
        let ok = Array(repeating: "1", count: 200).joined(separator: " + ")
        #expect(try value(ok) == 200)
        let tooLong = Array(repeating: "1", count: 10_000).joined(separator: " + ")
        guard case let .syntax(message, column)? = syntaxError(tooLong) else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(message.hasPrefix("expression too long"))
        #expect(column == 4 * 256 - 1)
    }
}
