/// A problem with one row (or with the file as a whole, line 1 being the header). Rows with an `.error` are excluded;
/// rows with only warnings are sent. Problems are values in the run report, never thrown.
package struct Problem: Sendable, Equatable, Codable {
    package enum Severity: String, Sendable, Codable { case error, warning }

    /// What kind of problem this is, e.g. `duplicateExternalId`: problems of one kind are counted and summarised
    /// together, and only the first few of a kind are kept (a million rows with one fault must not take a million
    /// messages of memory).
    package let kind: String
    package let line: Int
    package let externalId: String?
    /// The CSV column and/or SCIM attribute concerned, e.g. `Email (emails[type eq "work"].value)`.
    package let column: String?
    package let severity: Severity
    package let message: String
    /// The file the problem is in when it is not the input: the mapping file of a mapping problem.
    package let file: String?
    /// The closest match to what was written (a header's column, an attribute path), when there is one.
    package let suggestion: String?
    /// JSON records: where the value is (`$.Report_Entry[11].job.title`); `line` is then the record's position (from
    /// 1), not a line. nil for CSV.
    package let jsonPath: String?

    package init(
        line: Int, externalId: String?, column: String?, severity: Severity, message: String, kind: String? = nil,
        file: String? = nil, suggestion: String? = nil, jsonPath: String? = nil
    ) {
        // Without an explicit kind, problems of one severity in one column count as one kind.
        self.kind = kind ?? "\(severity.rawValue):\(column ?? "row")"
        self.line = line
        self.externalId = externalId
        self.column = column
        self.severity = severity
        self.message = message
        self.file = file
        self.suggestion = suggestion
        self.jsonPath = jsonPath
    }

    /// `FILE:LINE: error: MESSAGE [externalId X, column C]`, the shape compilers use, so editors can jump to it; for
    /// JSON records `FILE: record N (JSON PATH): error: …`, since a record is found by its position, not its line.
    package func formatted(file: String) -> String {
        var context: [String] = []
        if let externalId { context.append("externalId \"\(externalId)\"") }
        if let column { context.append("column \(column)") }
        let suffix = context.isEmpty ? "" : " (\(context.joined(separator: ", ")))"
        if let jsonPath { return "\(file): record \(line) (\(jsonPath)): \(severity.rawValue): \(message)\(suffix)" }
        return "\(file):\(line): \(severity.rawValue): \(message)\(suffix)"
    }
}
