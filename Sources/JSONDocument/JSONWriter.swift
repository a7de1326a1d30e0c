import Foundation

/// Writes JSON as compact UTF-8: a `JSON` value, or a payload assembled piece by piece from literal bytes and
/// strings (the SCIM requests, spooled records, the state file). The one string escaper of the client and the
/// emulators. Hand-written because `JSONEncoder` manages only ~60k users/s on Linux (measured on this toolchain) and
/// the dry-run target is 100k records/s end to end.
package struct JSONWriter {
    // Inlinable where it is small: the payload encoder calls it for every value of every record.
    @usableFromInline var storage: [UInt8] = []

    /// What was written.
    @inlinable package var bytes: [UInt8] { storage }

    package init(capacity: Int = 1024) { storage.reserveCapacity(capacity) }

    /// Empties the writer but keeps its storage, for a writer reused record after record.
    @inlinable package mutating func removeAll() { storage.removeAll(keepingCapacity: true) }

    package static func encode(_ value: JSON) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    @inlinable package mutating func write(_ value: JSON) {
        switch value {
        case .string(let string): writeString(string)
        case .number(let text): writeRaw(text)
        case .bool(let flag): writeRaw(flag ? "true" : "false")
        case .null: writeRaw("null")
        case .array, .object: writeContainer(value)
        }
    }

    @usableFromInline mutating func writeContainer(_ value: JSON) {
        switch value {
        case .array(let items):
            storage.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { storage.append(UInt8(ascii: ",")) }
                write(item)
            }
            storage.append(UInt8(ascii: "]"))
        case .object(let members):
            storage.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { storage.append(UInt8(ascii: ",")) }
                writeString(member.key)
                storage.append(UInt8(ascii: ":"))
                write(member.value)
            }
            storage.append(UInt8(ascii: "}"))
        default: write(value)
        }
    }

    /// Appends bytes that are already valid JSON (e.g. a spooled record).
    @inlinable package mutating func writeRaw(_ text: String) { storage.append(contentsOf: text.utf8) }
    @inlinable package mutating func writeRaw(bytes raw: [UInt8]) { storage.append(contentsOf: raw) }
    @inlinable package mutating func writeRaw(bytes raw: ArraySlice<UInt8>) { storage.append(contentsOf: raw) }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string: quotes, backslashes, control characters and DEL escaped, everything else as it is.
    package mutating func writeString(_ string: String) {
        storage.append(UInt8(ascii: "\""))
        // One pass over the contiguous UTF-8: runs that need no escape (almost all HR text) are copied in bulk.
        var copy = string
        copy.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F else {
                    continue
                }
                if runStart < index {
                    storage.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
                appendEscaped(byte)
                runStart = index + 1
            }
            if runStart < utf8.count { storage.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        storage.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            storage.append(UInt8(ascii: "\\"))
            storage.append(byte)
        case 0x0A:
            storage.append(UInt8(ascii: "\\"))
            storage.append(UInt8(ascii: "n"))
        case 0x0D:
            storage.append(UInt8(ascii: "\\"))
            storage.append(UInt8(ascii: "r"))
        case 0x09:
            storage.append(UInt8(ascii: "\\"))
            storage.append(UInt8(ascii: "t"))
        default:
            storage.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            storage.append(Self.hexDigits[Int(byte >> 4)])
            storage.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }
}

extension JSON {
    /// Compact UTF-8 JSON text.
    package var serialized: Data {
        var writer = JSONWriter(capacity: 256)
        writer.write(self)
        return Data(writer.bytes)
    }

    /// Two-space indented JSON for files people edit (mapping suggestions), members in the object's order.
    package func pretty(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { inner + $0.pretty(indent: indent + 1) }.joined(separator: ",\n") + "\n\(pad)]"
        case .object(let members) where !members.isEmpty:
            return "{\n"
                + members.map { member in
                    inner + String(decoding: JSONWriter.encode(.string(member.key)), as: UTF8.self) + ": "
                        + member.value.pretty(indent: indent + 1)
                }.joined(separator: ",\n") + "\n\(pad)}"
        default:
            return String(decoding: JSONWriter.encode(self), as: UTF8.self)
        }
    }
}
