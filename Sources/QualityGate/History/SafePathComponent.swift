/// Turns untrusted text (a branch name, a CI run id) into one file-name component that can
/// never leave the folder it is joined to.
///
/// Branch names come from CI variables and git, so they may hold `/`, `..`, NUL, absolute
/// paths or thousands of bytes. Only `[A-Za-z0-9._-]` is kept, a leading dot is replaced (no
/// `.`, `..` or hidden files), and the result is capped at 64 bytes. When anything was changed
/// (or the text was empty), `~` and 8 hex digits of a hash of the original are appended:
/// `~` is never kept from the input, so a rewritten name cannot collide with a name kept as
/// is, and two different branches that sanitise alike stay apart.
public enum SafePathComponent {
    /// Longest kept prefix of the text, in bytes (the suffix adds 9).
    public static let maxLength = 64

    public static func make(_ text: String) -> String {
        var kept: [UInt8] = []
        kept.reserveCapacity(min(text.utf8.count, maxLength))
        var changed = text.isEmpty
        for byte in text.utf8 {
            guard kept.count < maxLength else {
                changed = true
                break
            }
            let allowed = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E
            if allowed {
                kept.append(byte)
            } else {
                changed = true
                // One `_` for a run of replaced bytes (a multi-byte character, `/../`).
                if kept.last != 0x5F { kept.append(0x5F) }
            }
        }
        if kept.first == 0x2E {
            kept[0] = 0x5F
            changed = true
        }
        let base = String(decoding: kept, as: UTF8.self)
        guard changed else { return base }
        return base + "~" + hash(text)
    }

    /// 8 hex digits of a stable hash of the text's bytes.
    static func hash(_ text: String) -> String {
        var identity = CaseIdentity()
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { identity.add(UnsafeBufferPointer($0)) }
        identity.add(integer: bytes.count)
        let hex = String(identity.value >> 32, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
