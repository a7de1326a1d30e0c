/// The text encodings an HR export may arrive in; everything is decoded to UTF-8 before parsing.
package enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case windows1252 = "windows-1252"
    case latin1 = "latin1"

    /// Accepts the raw values plus common aliases ("utf8", "utf16le", "cp1252", "iso-8859-1", "latin-1"), any case.
    package init?(name: String) {
        let key = name.trimmingSpaces().lowercased()
        if let exact = TextEncoding(rawValue: key) {
            self = exact
            return
        }
        switch key {
        case "utf8": self = .utf8
        case "utf16le", "utf-16-le": self = .utf16le
        case "utf16be", "utf-16-be": self = .utf16be
        case "cp1252", "windows1252", "win1252": self = .windows1252
        case "latin-1", "iso-8859-1", "iso8859-1", "iso-latin-1": self = .latin1
        default: return nil
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (no Foundation `CharacterSet` needed).
    func trimmingSpaces() -> String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return self }
        return String(self[first...last])
    }
}
