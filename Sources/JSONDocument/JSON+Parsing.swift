import Foundation

extension JSON {
    /// Containers nested deeper than this are refused rather than risking the stack.
    static let maximumDepth = 64

    /// Parses a complete JSON text (RFC 8259); never traps on malformed input. A UTF-8 byte order mark is skipped.
    package static func parse<Bytes: Collection>(
        _ bytes: Bytes
    ) throws(JSONParseError) -> JSON where Bytes.Element == UInt8 {
        try parse(bytes, visitingKeys: nil)
    }

    /// Parses a complete JSON text and tells `keyLine` where each member's key is: the keys of the members around it
    /// (an array adds `[]`; empty at the top level), the key, and its 1-based line. For messages about a file people
    /// edit, which point to the line of what they are about.
    package static func parse<Bytes: Collection>(
        _ bytes: Bytes, keyLine: (_ path: [String], _ key: String, _ line: Int) -> Void
    ) throws(JSONParseError) -> JSON where Bytes.Element == UInt8 {
        try withoutActuallyEscaping(keyLine) { (visit) throws(JSONParseError) -> JSON in
            try parse(bytes, visitingKeys: visit)
        }
    }

    private static func parse<Bytes: Collection>(
        _ bytes: Bytes, visitingKeys keyLine: ((_ path: [String], _ key: String, _ line: Int) -> Void)?
    ) throws(JSONParseError) -> JSON where Bytes.Element == UInt8 {
        let array = Array(bytes)
        // Parsing over a raw buffer avoids an array retain/release per byte read.
        return try array.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSON in
            var parser = JSONParser(bytes: buffer, keyLine: keyLine)
            return try parser.parseDocument()
        }
    }
}
