import Foundation
import JSONDocument

/// The few top-level members of a SCIM user payload the brakes read (`active`, `userName`, `displayName`), found by
/// one scan of its bytes rather than a decode: every changed person's last payload in the state is read this way, on
/// every run.
struct PayloadFields: Equatable {
    var active: Bool?
    var userName: String?
    var displayName: String?

    init(active: Bool? = nil, userName: String? = nil, displayName: String? = nil) {
        self.active = active
        self.userName = userName
        self.displayName = displayName
    }

    /// Whatever of the three the payload has; a payload that is not a JSON object gives none.
    init(_ payload: [UInt8]) {
        self.init()
        payload.withUnsafeBufferPointer { scan($0) }
    }

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        var scanner = Scanner(bytes: bytes)
        guard scanner.take(UInt8(ascii: "{")) else { return }
        if scanner.take(UInt8(ascii: "}")) { return }
        while let key = scanner.stringRange(), scanner.take(UInt8(ascii: ":")) {
            let name = bytes[key]
            if name.elementsEqual("active".utf8) {
                active = scanner.bool()
            } else if name.elementsEqual("userName".utf8) {
                userName = scanner.string()
            } else if name.elementsEqual("displayName".utf8) {
                displayName = scanner.string()
            }
            guard scanner.skipValue(), scanner.take(UInt8(ascii: ",")) else { return }
        }
    }

    /// A cursor over JSON bytes; every method skips white space first and leaves the cursor unmoved on a mismatch.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        /// The value a `bool()` or `string()` call consumed, so `skipValue` does not skip the next one too.
        var consumed = false

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// The bytes between the quotes of a string (escapes left as they are).
        mutating func stringRange() -> Range<Int>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\\"): position += 2
                case UInt8(ascii: "\""):
                    position += 1
                    return start..<(position - 1)
                default: position += 1
                }
            }
            return nil
        }

        mutating func string() -> String? {
            skipSpace()
            guard let range = stringRange() else { return nil }
            consumed = true
            let raw = bytes[range]
            guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
            return (try? JSON.parse(bytes[(range.lowerBound - 1)...range.upperBound]))?.stringValue
        }

        mutating func bool() -> Bool? {
            skipSpace()
            for (word, value) in [("true", true), ("false", false)]
            where bytes[position...].starts(with: word.utf8) {
                position += word.utf8.count
                consumed = true
                return value
            }
            return nil
        }

        /// Skips one value (unless `string()` or `bool()` just read it): a string, an object or array with
        /// everything in it, or a literal.
        mutating func skipValue() -> Bool {
            defer { consumed = false }
            if consumed { return true }
            skipSpace()
            var depth = 0
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    guard stringRange() != nil else { return false }
                    if depth == 0 { return true }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return true }
                    depth -= 1
                    if depth == 0 {
                        position += 1
                        return true
                    }
                case UInt8(ascii: ","): if depth == 0 { return true }
                default: break
                }
                position += 1
            }
            return depth == 0
        }
    }
}
