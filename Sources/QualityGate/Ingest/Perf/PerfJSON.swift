import Foundation

/// Small helpers for the JSON performance formats (all summaries: a few MB at most).
enum PerfJSON {
    /// Largest summary JSON read whole (a Lighthouse LHR is 1–5 MB).
    static let maxBytes = 256 * 1024 * 1024

    /// Parses the file as one JSON document.
    static func load(_ path: String, format: String) throws(InputError) -> Any {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(file: path, reason: error.localizedDescription)
        }
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw .empty(file: path)
        }
        guard data.count <= maxBytes else {
            throw .invalid(file: path, line: 0, column: 0, format: format, reason: "larger than \(maxBytes / 1_048_576) MB")
        }
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw .invalid(file: path, line: 0, column: 0, format: format, reason: "not valid JSON (\(error.localizedDescription))")
        }
    }

    static func object(_ path: String, format: String) throws(InputError) -> [String: Any] {
        guard let object = try load(path, format: format) as? [String: Any] else {
            throw .invalid(file: path, line: 0, column: 0, format: format, reason: "the top level is not a JSON object")
        }
        return object
    }

    /// A JSON number (not a boolean); numeric strings too ("12.5"), but not "-" or "N/A".
    static func number(_ value: Any?) -> Double? {
        guard let value else { return nil }
        if let number = value as? NSNumber {
            return isBoolean(number) ? nil : number.doubleValue
        }
        if let text = value as? String, let parsed = Double(text.trimmingBlanks), parsed.isFinite { return parsed }
        return nil
    }

    /// A JSON `true`/`false` only: Foundation bridges the numbers 0 and 1 to `Bool` too.
    static func bool(_ value: Any?) -> Bool? {
        guard let number = value as? NSNumber, isBoolean(number) else { return nil }
        return number.boolValue
    }

    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// `GET /x` → (GET, /x); anything else → (nil, text).
    static func splitMethod(_ text: String) -> (String?, String) {
        let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"]
        if let space = text.firstIndex(of: " ") {
            let head = text[..<space].uppercased()
            if methods.contains(head) {
                return (head, text[text.index(after: space)...].trimmingBlanks)
            }
        }
        return (nil, text)
    }
}
