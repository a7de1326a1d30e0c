/// How a CSV file is laid out: its field delimiter and its text encoding.
package struct CSVDialect: Sendable {
    /// The field separator: one of `,` `;` `|` or tab. A quote, CR or LF cannot be a delimiter.
    package var delimiter: UInt8
    /// nil = detect: a UTF-8 BOM is skipped, a UTF-16 LE/BE BOM selects UTF-16; otherwise UTF-8.
    /// When set explicitly, a matching BOM is still skipped.
    package var encoding: TextEncoding?

    package init(delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding? = nil) {
        self.delimiter = delimiter
        self.encoding = encoding
    }

    /// Parses the `--delimiter` flag: ",", ";", "|", "tab" (also "\t"); nil for anything else.
    ///
    /// "\t" is accepted both as a real tab character and as the two characters backslash-t, because that is what a
    /// shell passes for `--delimiter '\t'`.
    package static func delimiter(named name: String) -> UInt8? {
        switch name {
        case ",": UInt8(ascii: ",")
        case ";": UInt8(ascii: ";")
        case "|": UInt8(ascii: "|")
        case "\t", "\\t": UInt8(ascii: "\t")
        default: name.lowercased() == "tab" ? UInt8(ascii: "\t") : nil
        }
    }
}
