/// One physical record. `line` is the 1-based physical line on which the record STARTS (what an editor shows),
/// counting every line break (LF, CRLF, and line breaks inside quoted fields).
public struct CSVRecord: Sendable, Equatable {
    public let line: Int
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
