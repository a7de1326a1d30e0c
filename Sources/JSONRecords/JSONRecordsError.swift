import CSV
import Foundation

/// Where in the text a problem is: 1-based line and column (the column counts characters, not bytes) and the byte
/// offset from the start of the file, BOM included.
package struct JSONLocation: Sendable, Equatable {
    package let line: Int
    package let column: Int
    package let byteOffset: Int

    package init(line: Int, column: Int, byteOffset: Int) {
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }
}

/// An array found in a document that had none at the records path: what a message lists so that the user can see
/// which path to give.
package struct FoundArray: Sendable, Equatable {
    /// Dotted, as a records path is written (`d.results`).
    package let path: String
    package let count: Int
    /// Whether its elements are objects (records look like that).
    package let holdsObjects: Bool

    package init(path: String, count: Int, holdsObjects: Bool) {
        self.path = path
        self.count = count
        self.holdsObjects = holdsObjects
    }

    package var description: String {
        "\(path) (\(count) \(holdsObjects ? (count == 1 ? "object" : "objects") : (count == 1 ? "value" : "values")))"
    }
}

/// Why JSON records could not be read. Each names the source (a file, or a page's URL), and where it applies the line
/// and column, the record (its 1-based position and the line it starts on) and the JSON path of the value.
package struct JSONRecordsError: Error, Sendable, Equatable, LocalizedError {
    package enum Problem: Sendable, Equatable {
        /// The file is missing, unreadable or a directory.
        case cannotOpen(reason: String)
        /// The operating system failed a read after the file was opened.
        case readFailed(reason: String)
        /// No JSON at all: 0 bytes, a BOM, or only whitespace.
        case empty
        /// A byte sequence that is not UTF-8.
        case invalidUTF8
        /// An odd trailing byte or an unpaired surrogate in a UTF-16 file.
        case invalidUTF16
        /// The text is not JSON here: what was expected and what was found.
        case syntax(String)
        /// A backslash escape JSON does not have, or a `\u` escape that is not a character.
        case invalidEscape(String)
        /// Number text that JSON does not allow (`00123`, `1.`, `.5`, `+1`).
        case invalidNumber(text: String, reason: String)
        /// A string or number longer than the field limit.
        case fieldTooLarge(limit: Int)
        /// A record whose text is longer than the record limit.
        case recordTooLarge(limit: Int)
        /// A record with more values than the field limit.
        case tooManyFields(limit: Int)
        /// Objects and arrays nested deeper than the limit.
        case tooDeep(limit: Int)
        /// A dotted path (keys joined) longer than the limit.
        case pathTooLong(limit: Int)
        /// The same key twice in one object (or a key with a dot that spells a nested path the record also has).
        case duplicateKey(path: String)
        /// A record that is not an object: what it is.
        case notAnObject(found: String)
        /// One object where a list of records was expected: no records path was given (`expected` nil), or none is
        /// at the path given. `found` lists the arrays seen near the top; `answer` is an `error` member's values.
        case recordsPathMissing(expected: String?, found: [FoundArray], answer: String?, oneObject: Bool)
        /// The records path holds something other than an array.
        case recordsPathNotArray(expected: String, found: String)
        /// A records path was given for a file whose top level is an array.
        case recordsPathForArray(expected: String)
        /// Text after the end of the JSON document; `nextObject` when it is another object (the file is NDJSON).
        case trailingContent(found: String, nextObject: Bool)
        /// Two objects on one line of NDJSON.
        case secondObjectOnLine
    }

    /// The file's path, or the page's URL (without secrets).
    package let source: String
    package let problem: Problem
    package let location: JSONLocation?
    /// 0-based index of the record the problem is in, and the line it starts on.
    package let recordIndex: Int?
    package let recordLine: Int?
    /// `$.Report_Entry[2].phones[0].number`: the value (or the key) the problem is at.
    package let jsonPath: String?

    package init(
        source: String, problem: Problem, location: JSONLocation? = nil, recordIndex: Int? = nil,
        recordLine: Int? = nil, jsonPath: String? = nil
    ) {
        self.source = source
        self.problem = problem
        self.location = location
        self.recordIndex = recordIndex
        self.recordLine = recordLine
        self.jsonPath = jsonPath
    }

    /// The physical line of the problem, when it is on one.
    package var line: Int? { location?.line }

    /// `file:line:column: record 3 (line 17), $.Report_Entry[2].job: problem`.
    package var errorDescription: String? {
        var text = source
        if let location { text += ":\(location.line):\(location.column)" }
        text += ": "
        if let recordIndex {
            text += "record \(recordIndex + 1)"
            if let recordLine { text += " (line \(recordLine))" }
            text += jsonPath.map { ", \($0)" } ?? ""
            text += ": "
        } else if let jsonPath {
            text += "\(jsonPath): "
        }
        return text + detail
    }

    /// The problem alone, without the source and position.
    package var detail: String {
        switch problem {
        case .cannotOpen(let reason): "cannot open the file (\(reason)); check the path and that it is readable"
        case .readFailed(let reason): "reading failed (\(reason)); check the disk or network share and run again"
        case .empty:
            "there is no JSON here: the file is empty (an empty list of records is written [])"
        case .invalidUTF8:
            "invalid UTF-8 at byte offset \(location?.byteOffset ?? 0); JSON must be UTF-8: export it again as UTF-8"
        case .invalidUTF16:
            "invalid UTF-16 at byte offset \(location?.byteOffset ?? 0) (an odd trailing byte or an unpaired "
                + "surrogate); export the file again"
        case .syntax(let message): "not valid JSON: \(message)"
        case .invalidEscape(let message): "not valid JSON: \(message)"
        case .invalidNumber(let text, let reason): "not valid JSON: the number \(text) \(reason)"
        case .fieldTooLarge(let limit):
            "a value longer than \(CSVLimits.size(limit)), the most a field may hold; no HR attribute is that long: "
                + "is this the right file?"
        case .recordTooLarge(let limit):
            "the record is longer than \(CSVLimits.size(limit)), the most a record may hold; no HR record is that "
                + "long: is this the right file?"
        case .tooManyFields(let limit):
            "the record has more than \(limit) values, the most a record may have: is this the right file?"
        case .tooDeep(let limit):
            "objects and arrays are nested more than \(limit) levels deep, the most a record may nest: is this the "
                + "right file?"
        case .pathTooLong(let limit):
            "a path of keys longer than \(CSVLimits.size(limit)), the most a field's path may be: is this the right "
                + "file?"
        case .duplicateKey(let path):
            "the key \(path) appears twice in one record; each key may appear once (which value would be meant?)"
        case .notAnObject(let found):
            "the record is \(found), not an object; every record must be a JSON object ({…})"
        case .recordsPathMissing(let expected, let found, let answer, let oneObject):
            Self.missingPath(expected: expected, found: found, answer: answer, oneObject: oneObject)
        case .recordsPathNotArray(let expected, let found):
            "the records path \(expected) holds \(found), not an array of records"
        case .recordsPathForArray(let expected):
            "the top level is already an array of records, so there is no records path \(expected) to follow: "
                + "give no records path"
        case .trailingContent(let found, let nextObject):
            "text after the end of the JSON document (\(found))"
                + (nextObject
                    ? "; it looks like one object per line (NDJSON): read it as NDJSON (--format ndjson) "
                        + "without a records path" : "")
        case .secondObjectOnLine:
            "a second object on the same line; NDJSON holds one object per line"
        }
    }

    private static func missingPath(expected: String?, found: [FoundArray], answer: String?, oneObject: Bool)
        -> String
    {
        var text: String
        if let answer {
            text = "the answer is an error, not records (\(answer))"
        } else if expected == "" {
            text = "the records were expected as an array at the top level, but the top level is an object"
        } else if let expected {
            text = "there is no array of records at the records path \(expected)"
        } else {
            text = "the file is one JSON object, not a list of records: give the records path (--records-path)"
        }
        if answer == nil {
            text +=
                found.isEmpty
                ? "; it holds no array near its top"
                : "; arrays found: " + found.map(\.description).joined(separator: ", ")
        }
        if expected == nil, oneObject, answer == nil {
            text += "; or, if the file is a single record, read it as NDJSON (--format ndjson)"
        }
        return text
    }
}
