/// Tokenizer and precedence-climbing parser behind `Expression(parsing:)`.
///
/// Hand-written so that every error carries a 1-based column in `Character`s and a message
/// naming what was expected, and so that depth is bounded: formulas come from user config.
/// The tokenizer is lazy (one token of lookahead), so the first problem reported is the
/// leftmost one.
struct ExpressionParser {
    /// Parentheses, function calls and unary signs may nest at most this deep.
    static let maxNesting = 64
    /// Operator chains (`a + b + ...`) may build a tree at most this tall, which bounds the
    /// recursion of evaluation, rendering, hashing and deallocation of the result.
    static let maxHeight = 256

    struct Token {
        enum Kind: Equatable {
            case number(Double)
            /// Dotted name, split into its parts.
            case name([String])
            /// A double-quoted string, unescaped.
            case string(String)
            case op(Expression.BinaryOperator)
            case leftParen, rightParen, leftBrace, rightBrace, comma, equals
            case end
        }

        var kind: Kind
        /// 1-based column of the token's first character.
        var column: Int
        /// The source text, for messages.
        var text: String
    }

    /// A parsed subtree with its height, tracked so the height cap needs no second pass.
    private struct Node {
        var expression: Expression
        var height: Int
    }

    private let characters: [Character]
    private var index = 0
    private var lookahead: Token?
    private var depth = 0

    init(_ text: String) {
        characters = Array(text)
    }

    // MARK: - Parser

    mutating func parse() throws(ExpressionError) -> Expression {
        guard characters.contains(where: { !$0.isWhitespace }) else {
            throw .syntax(message: "empty expression", column: 1)
        }
        let node = try parseBinary(minimumPrecedence: 1)
        let trailing = try next()
        guard trailing.kind == .end else { throw unexpected(trailing) }
        return node.expression
    }

    /// Precedence climbing: loops over operators at or above `minimumPrecedence` and
    /// recurses only for a tighter-binding right operand, which gives left associativity.
    private mutating func parseBinary(minimumPrecedence: Int) throws(ExpressionError) -> Node {
        var left = try parseUnary()
        while true {
            let token = try peek()
            guard case let .op(op) = token.kind, op.precedence >= minimumPrecedence else { break }
            _ = try next()
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            let height = Swift.max(left.height, right.height) + 1
            guard height <= Self.maxHeight else {
                throw .syntax(
                    message: "expression too long: more than \(Self.maxHeight) chained operations; split it into smaller KPIs",
                    column: token.column)
            }
            left = Node(expression: .binary(op, left.expression, right.expression), height: height)
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> Node {
        let token = try peek()
        guard case let .op(op) = token.kind, op == .add || op == .subtract else {
            return try parsePrimary()
        }
        _ = try next()
        try enterNesting(at: token)
        defer { depth -= 1 }
        let operand = try parseUnary()
        guard op == .subtract else { return operand }
        return Node(expression: .negate(operand.expression), height: operand.height + 1)
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Node {
        let token = try next()
        switch token.kind {
        case let .number(value):
            return Node(expression: .number(value), height: 1)
        case .leftParen:
            try enterNesting(at: token)
            defer { depth -= 1 }
            let inner = try parseBinary(minimumPrecedence: 1)
            let close = try next()
            guard close.kind == .rightParen else {
                throw expected("')' to close '(' opened at column \(token.column)", found: close)
            }
            return inner
        case let .name(parts):
            let name = parts.joined(separator: ".")
            let following = try peek()
            if following.kind == .leftParen {
                return try parseCall(name: name, at: token)
            }
            var labels: [String: String] = [:]
            if following.kind == .leftBrace {
                labels = try parseLabels()
            }
            return Node(expression: .metric(MetricSelector(name: name, labels: labels)), height: 1)
        default:
            throw unexpected(token)
        }
    }

    /// Parses `name(arg, ...)`; the name token has been consumed and `(` is next.
    private mutating func parseCall(name: String, at nameToken: Token) throws(ExpressionError) -> Node {
        guard let function = Expression.Function(rawValue: name) else {
            let known = Expression.Function.allCases.map(\.rawValue).sorted().joined(separator: ", ")
            throw .syntax(message: "unknown function '\(name)' (known: \(known))", column: nameToken.column)
        }
        try enterNesting(at: nameToken)
        defer { depth -= 1 }
        _ = try next()  // '('
        var arguments: [Expression] = []
        var height = 1
        if try peek().kind == .rightParen {
            _ = try next()
        } else {
            while true {
                let argument = try parseBinary(minimumPrecedence: 1)
                arguments.append(argument.expression)
                height = Swift.max(height, argument.height + 1)
                let separator = try next()
                if separator.kind == .comma { continue }
                if separator.kind == .rightParen { break }
                throw expected("',' or ')' to close '\(name)(' opened at column \(nameToken.column)", found: separator)
            }
        }
        switch function {
        case .abs where arguments.count != 1:
            throw .syntax(message: "abs() takes exactly one argument, got \(arguments.count)", column: nameToken.column)
        case .min where arguments.isEmpty, .max where arguments.isEmpty:
            throw .syntax(message: "\(name)() needs at least one argument", column: nameToken.column)
        case .baseline:
            guard arguments.count == 1, case .metric = arguments[0] else {
                throw .syntax(
                    message: "baseline() takes exactly one metric, e.g. baseline(coverage.lines.percent)",
                    column: nameToken.column)
            }
        default:
            break
        }
        guard height <= Self.maxHeight else {
            throw .syntax(
                message: "expression too long: more than \(Self.maxHeight) chained operations; split it into smaller KPIs",
                column: nameToken.column)
        }
        return Node(expression: .call(function, arguments), height: height)
    }

    /// Parses `{key="value", ...}`; `{` is next. A trailing comma is tolerated.
    private mutating func parseLabels() throws(ExpressionError) -> [String: String] {
        let open = try next()
        let unclosed = "'}' to close '{' opened at column \(open.column)"
        var labels: [String: String] = [:]
        if try peek().kind == .rightBrace {
            _ = try next()
            return labels
        }
        while true {
            let key = try next()
            guard case let .name(parts) = key.kind, parts.count == 1, let name = parts.first else {
                if key.kind == .end { throw expected(unclosed, found: key) }
                throw expected("a label name", found: key)
            }
            guard labels[name] == nil else {
                throw .syntax(message: "duplicate label '\(name)'", column: key.column)
            }
            let equals = try next()
            guard equals.kind == .equals else {
                throw expected("'=' after label name '\(name)'", found: equals)
            }
            let value = try next()
            guard case let .string(text) = value.kind else {
                throw expected("a double-quoted value for label '\(name)'", found: value)
            }
            labels[name] = text
            let separator = try next()
            switch separator.kind {
            case .rightBrace:
                return labels
            case .comma:
                if try peek().kind == .rightBrace {
                    _ = try next()
                    return labels
                }
            case .end:
                throw expected(unclosed, found: separator)
            default:
                throw expected("',' or '}' in label selector", found: separator)
            }
        }
    }

    private mutating func enterNesting(at token: Token) throws(ExpressionError) {
        guard depth < Self.maxNesting else {
            throw .syntax(message: "expression nested too deeply (more than \(Self.maxNesting) levels)", column: token.column)
        }
        depth += 1
    }

    private func unexpected(_ token: Token) -> ExpressionError {
        switch token.kind {
        case .end: return .syntax(message: "unexpected end of expression", column: token.column)
        case .string: return .syntax(message: "unexpected string \(token.text)", column: token.column)
        default: return .syntax(message: "unexpected '\(token.text)'", column: token.column)
        }
    }

    private func expected(_ what: String, found token: Token) -> ExpressionError {
        let found: String
        switch token.kind {
        case .end: found = "end of expression"
        case .string: found = "string \(token.text)"
        default: found = "'\(token.text)'"
        }
        return .syntax(message: "expected \(what), found \(found)", column: token.column)
    }

    // MARK: - Tokenizer

    private mutating func peek() throws(ExpressionError) -> Token {
        if let token = lookahead { return token }
        let token = try scan()
        lookahead = token
        return token
    }

    private mutating func next() throws(ExpressionError) -> Token {
        let token = try peek()
        lookahead = nil
        return token
    }

    private func character(at position: Int) -> Character? {
        position < characters.count ? characters[position] : nil
    }

    private static func isDigit(_ character: Character?) -> Bool {
        guard let value = character?.asciiValue else { return false }
        return value >= 48 && value <= 57
    }

    private static func isNameStart(_ character: Character?) -> Bool {
        guard let character, character.isASCII else { return false }
        return character.isLetter || character == "_"
    }

    private static func isNamePart(_ character: Character?) -> Bool {
        isNameStart(character) || isDigit(character)
    }

    private mutating func scan() throws(ExpressionError) -> Token {
        while let current = character(at: index), current.isWhitespace { index += 1 }
        let start = index
        let column = start + 1
        guard let current = character(at: index) else {
            return Token(kind: .end, column: column, text: "")
        }
        func single(_ kind: Token.Kind) -> Token {
            index += 1
            return Token(kind: kind, column: column, text: String(current))
        }
        switch current {
        case "+": return single(.op(.add))
        case "-", "\u{2212}": return single(.op(.subtract))
        case "*", "\u{00D7}": return single(.op(.multiply))
        case "/", "\u{00F7}": return single(.op(.divide))
        case "(": return single(.leftParen)
        case ")": return single(.rightParen)
        case "{": return single(.leftBrace)
        case "}": return single(.rightBrace)
        case ",": return single(.comma)
        case "=": return single(.equals)
        case "\"": return try scanString()
        default: break
        }
        if Self.isDigit(current) || (current == "." && Self.isDigit(character(at: index + 1))) {
            return try scanNumber()
        }
        if Self.isNameStart(current) {
            return try scanName()
        }
        throw .syntax(message: "unexpected character '\(current)'", column: column)
    }

    /// `12`, `0.5`, `.5`, `1e3`, `2.5E-4`.
    private mutating func scanNumber() throws(ExpressionError) -> Token {
        let start = index
        while Self.isDigit(character(at: index)) { index += 1 }
        if character(at: index) == "." {
            index += 1
            guard Self.isDigit(character(at: index)) else {
                throw .syntax(message: "expected a digit after '.'", column: index + 1)
            }
            while Self.isDigit(character(at: index)) { index += 1 }
        }
        if let marker = character(at: index), marker == "e" || marker == "E" {
            index += 1
            if let sign = character(at: index), sign == "+" || sign == "-" { index += 1 }
            guard Self.isDigit(character(at: index)) else {
                throw .syntax(message: "expected digits in the exponent of a number", column: index + 1)
            }
            while Self.isDigit(character(at: index)) { index += 1 }
        }
        let text = String(characters[start..<index])
        guard let value = Double(text.first == "." ? "0" + text : text), value.isFinite else {
            throw .syntax(message: "number '\(text)' is out of range", column: start + 1)
        }
        return Token(kind: .number(value), column: start + 1, text: text)
    }

    /// `tests`, `tests.pass_rate`, `coverage.lines.percent`: parts joined by single dots.
    private mutating func scanName() throws(ExpressionError) -> Token {
        let start = index
        var parts: [String] = []
        while true {
            let partStart = index
            while Self.isNamePart(character(at: index)) { index += 1 }
            parts.append(String(characters[partStart..<index]))
            guard character(at: index) == "." else { break }
            index += 1
            guard Self.isNamePart(character(at: index)) else {
                throw .syntax(message: "expected a name after '.'", column: index + 1)
            }
        }
        return Token(kind: .name(parts), column: start + 1, text: String(characters[start..<index]))
    }

    /// A double-quoted string; `\"` and `\\` are the only escapes.
    private mutating func scanString() throws(ExpressionError) -> Token {
        let start = index
        index += 1
        var value = ""
        while let current = character(at: index) {
            switch current {
            case "\"":
                index += 1
                return Token(kind: .string(value), column: start + 1, text: String(characters[start..<index]))
            case "\\":
                guard let escaped = character(at: index + 1) else { index += 1; continue }
                guard escaped == "\"" || escaped == "\\" else {
                    throw .syntax(message: "invalid escape '\\\(escaped)' in string (only \\\" and \\\\ are allowed)", column: index + 1)
                }
                value.append(escaped)
                index += 2
            default:
                value.append(current)
                index += 1
            }
        }
        throw .syntax(message: "unterminated string", column: start + 1)
    }
}
