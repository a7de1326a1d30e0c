/// Writes RFC 4180 lines, e.g. to put rows that failed back into a CSV the user can fix and re-run.
package struct CSVWriter: Sendable {
    /// One record as a line ending in CRLF. A field is quoted (its quotes doubled) only when it contains the
    /// delimiter, a quote, CR or LF, so that `CSVReader` reads back exactly `fields`.
    package static func line(_ fields: [String], delimiter: UInt8) -> String {
        // A lone empty field would be an empty line, which readers skip; `""` keeps the record.
        if fields == [""] { return "\"\"\r\n" }
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(2) { $0 + $1.utf8.count + 1 })
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(delimiter) }
            let bytes = field.utf8
            let needsQuotes = bytes.contains { $0 == delimiter || $0 == quote || $0 == cr || $0 == lf }
            guard needsQuotes else {
                out.append(contentsOf: bytes)
                continue
            }
            out.append(quote)
            for byte in bytes {
                if byte == quote { out.append(quote) }
                out.append(byte)
            }
            out.append(quote)
        }
        out.append(cr)
        out.append(lf)
        return String(decoding: out, as: UTF8.self)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A
}
