import Foundation

/// Media type names as HTTP and OpenAPI write them, compared the way servers mean them.
enum MediaTypes {
    /// `Application/JSON; charset=utf-8` → `application/json`.
    static func essence(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 == 0x3B || $0 == 0x20 || ($0 >= 65 && $0 <= 90) }) { return text }
        let bare = text.split(separator: ";", maxSplits: 1).first.map(String.init) ?? text
        return bare.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// JSON bodies: `application/json`, `text/json`, and every `+json` structured suffix
    /// (`application/problem+json`, `application/vnd.github.v3+json`).
    static func isJSON(_ name: String) -> Bool {
        let essence = essence(name)
        guard let slash = essence.firstIndex(of: "/") else { return false }
        let subtype = essence[essence.index(after: slash)...]
        return subtype == "json" || subtype.hasSuffix("+json") || subtype == "x-json"
    }

    /// The documented media type that describes a body sent as `contentType`: the exact
    /// essence, then a `type/*` range, then `*/*`. Without a content type, the only
    /// documented one, else the first JSON one.
    static func best(for contentType: String?, among content: [APIMediaType]) -> APIMediaType? {
        guard let contentType, !contentType.isEmpty else {
            return content.count == 1 ? content[0] : content.first { isJSON($0.name) }
        }
        let wanted = essence(contentType)
        if let exact = content.first(where: { essence($0.name) == wanted }) { return exact }
        if let slash = wanted.firstIndex(of: "/") {
            let range = wanted[..<slash] + "/*"
            if let match = content.first(where: { essence($0.name) == range }) { return match }
        }
        return content.first { essence($0.name) == "*/*" }
    }
}
