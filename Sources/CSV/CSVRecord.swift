/// One physical record. `line` is the 1-based physical line on which the record STARTS (what an editor shows),
/// counting every line break (LF, CRLF, and line breaks inside quoted fields).
package struct CSVRecord: Sendable, Equatable {
    package let line: Int
    package let fields: [String]

    package init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
