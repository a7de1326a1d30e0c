import Foundation

/// Telling the layout (an array of records, an envelope with a records path, NDJSON) from the first bytes and, for
/// `{`, from what follows the first object.
extension JSONRecordReader {
    func detect(
        _ core: inout ReaderCore, options: JSONReaderOptions, reopen: () throws(JSONRecordsError) -> JSONInput
    ) throws {
        let path = options.recordsPath
        guard let first = try core.peek() else {
            guard options.format == .ndjson else { throw JSONRecordsError(source: source, problem: .empty) }
            layout = .ndjson
            return
        }
        core.markToken()
        switch first {
        case 0x5B:
            if options.format == .ndjson {
                throw core.syntax(
                    "expected an object ({) on the line, found '['; NDJSON holds one object per line", at: core.mark)
            }
            if let path, !path.isEmpty { throw core.failure(.recordsPathForArray(expected: path), at: core.mark) }
            core.position += 1
            layout = .array
            phase = .records(first: true)
        case 0x7B where options.format == .ndjson:
            layout = .ndjson
            phase = .ndjson
        case 0x7B where path != nil || options.format == .json:
            let path = path ?? ""
            layout = .object(recordsPath: path)
            if path.isEmpty {
                // Forced JSON without a path, or "" (a top-level array) for an object: walk it to list its arrays.
                _ = try core.walkEnvelope(recordsPath: nil)
                throw missing(&core, expected: options.recordsPath == nil ? nil : "", oneObject: false)
            }
            guard try core.walkEnvelope(recordsPath: path) else {
                throw missing(&core, expected: path, oneObject: false)
            }
            phase = .records(first: true)
        case 0x7B:
            try detectObjectOrLines(&core, options: options, reopen: reopen)
        default:
            throw core.syntax(
                "expected '[' (an array of records) or '{' (an object, or the first of one per line) at the start, "
                    + "found \(core.describe(first))", at: core.mark)
        }
    }

    /// `{` with no records path: the first object is read as a record. Another object on a later line makes the
    /// text NDJSON; the end of the text makes it one object whose records path is missing.
    func detectObjectOrLines(
        _ core: inout ReaderCore, options: JSONReaderOptions, reopen: () throws(JSONRecordsError) -> JSONInput
    ) throws {
        core.collecting = true
        let first: JSONRecord
        do {
            first = try readRecord(&core, jsonPath: "$")
        } catch let error as JSONRecordsError {
            switch error.problem {
            case .recordTooLarge, .tooManyFields:
                // Too large for a record: most likely one object around the records. Walk it again from the start
                // to list its arrays, unless it is followed by another object (then it was a huge first line).
                var again = ReaderCore(input: try reopen(), source: source, options: options)
                defer { again.deallocate() }
                _ = try again.peek()
                do {
                    _ = try again.walkEnvelope(recordsPath: nil)
                    if try again.peek() == 0x7B { throw error }
                } catch let inner as JSONRecordsError {
                    if case .trailingContent(_, true) = inner.problem { throw error }
                    throw inner
                }
                throw missing(&again, expected: nil, oneObject: true)
            default:
                throw error
            }
        }
        core.collecting = false
        let endLine = core.line
        let after = try core.peek()
        core.markToken()
        switch after {
        case nil:
            layout = .object(recordsPath: "")
            throw missing(&core, expected: nil, oneObject: true)
        case 0x7B?:
            layout = .ndjson
            phase = .ndjson
            previousEndLine = endLine
            pending = first
            core.found = []
        default:
            throw core.failure(.trailingContent(found: core.describe(after), nextObject: false), at: core.mark)
        }
    }

    /// The error for a document that ended without records at `expected`, listing what it held.
    func missing(_ core: inout ReaderCore, expected: String?, oneObject: Bool) -> JSONRecordsError {
        JSONRecordsError(
            source: source,
            problem: .recordsPathMissing(
                expected: expected, found: core.found, answer: core.answer, oneObject: oneObject))
    }
}
