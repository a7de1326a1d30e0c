/// The object around the records (`{"d": {"results": [...], "__next": "…"}}`): walked member by member without
/// keeping it, entering only the objects on the way to the records path or to a meta path (and, to list them when
/// the records are not found, those near the top); every other value is checked and skipped whatever its size.
extension ReaderCore {
    struct EnvelopeFrame {
        /// Dotted, as records and meta paths are written.
        var path: String
        var jsonPath: String
        var count: Int
    }

    enum EnvelopeStep {
        case start, firstMember, key, afterValue
    }

    /// How deep the arrays listed for a missing records path may be.
    static let listedDepth = 3

    /// Walks on until the records array at `recordsPath` opens (true; its `[` consumed) or the document ends (false;
    /// then nothing but whitespace may follow). A nil `recordsPath` walks the whole document (to list its arrays).
    mutating func walkEnvelope(recordsPath: String?) throws -> Bool {
        while true {
            switch envelopeStep {
            case .start:
                markToken()
                position += 1  // the `{` the caller saw
                envelope = [EnvelopeFrame(path: "", jsonPath: "$", count: 0)]
                envelopeStep = .firstMember
            case .firstMember:
                if try peek() == 0x7D {
                    position += 1
                    closeEnvelopeObject()
                } else {
                    envelopeStep = .key
                }
            case .key:
                if try walkMember(recordsPath: recordsPath) { return true }
            case .afterValue:
                guard !envelope.isEmpty else { return false }
                let byte = try peek()
                if byte == 0x2C {
                    position += 1
                    envelopeStep = .key
                } else if byte == 0x7D {
                    position += 1
                    closeEnvelopeObject()
                } else {
                    throw syntax("expected ',' or '}' after a member, found \(describe(byte))", at: here)
                }
            }
        }
    }

    private mutating func closeEnvelopeObject() {
        envelope.removeLast()
        envelopePath = envelope.last?.jsonPath ?? "$"
        envelopeStep = .afterValue
    }

    /// One member: its key, then its value entered, kept, skipped, or found to be the records (true).
    private mutating func walkMember(recordsPath: String?) throws -> Bool {
        let byte = try peek()
        markToken()
        guard byte == 0x22 else {
            let trailing = byte == 0x7D && envelope[envelope.count - 1].count > 0
            throw syntax(
                trailing
                    ? "a comma before '}' (JSON allows no comma after the last member)"
                    : "expected a key (a string in double quotes), found \(describe(byte))", at: mark)
        }
        try scanString(store: true, limit: options.maxPathBytes)
        let name = tokenString
        let parent = envelope[envelope.count - 1]
        envelope[envelope.count - 1].count += 1
        let path = parent.path.isEmpty ? name : parent.path + "." + name
        let jsonPath = parent.jsonPath + JSONPathText.member(name)
        envelopePath = jsonPath
        let colon = try peek()
        guard colon == 0x3A else { throw syntax("expected ':' after the key, found \(describe(colon))", at: here) }
        position += 1
        guard let value = try peek() else { throw syntax("expected a value, found the end of the text", at: here) }
        markToken()
        envelopeStep = .afterValue
        let depth = envelope.count
        if path == recordsPath {
            guard value == 0x5B else {
                throw failure(.recordsPathNotArray(expected: path, found: Self.kind(of: value)), at: mark)
            }
            position += 1
            recordsJSONPath = jsonPath
            return true
        }
        if depth == 1, name == "error" || name == "errors" {
            answer = try readAnswer(name)
            envelopePath = parent.jsonPath
            return false
        }
        let prefix = path + "."
        if value == 0x7B,
            recordsPath?.hasPrefix(prefix) == true || options.metaPaths.contains(where: { $0.hasPrefix(prefix) })
                || depth < Self.listedDepth
        {
            position += 1
            envelope.append(EnvelopeFrame(path: path, jsonPath: jsonPath, count: 0))
            envelopeStep = .firstMember
            return false
        }
        if options.metaPaths.contains(path), value != 0x7B, value != 0x5B {
            meta[path] = try scalar(value)
        } else if value == 0x5B {
            try skipArray(path: path, depth: depth)
        } else {
            var ignored = Flattened()
            try parseValue(root: 0, into: &ignored, serial: 0, store: false, start: offset)
        }
        envelopePath = parent.jsonPath
        return false
    }

    /// A string, number or literal value (a next link, a cursor, a total).
    private mutating func scalar(_ first: UInt8) throws -> JSONValue {
        switch first {
        case 0x22:
            try scanString(store: true, limit: options.limits.maxFieldBytes)
            return .string(tokenString)
        case 0x2D, 0x30...0x39:
            try scanNumber()
            return .number(tokenString)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return try scanLiteral()
        default:
            throw syntax("expected a value, found \(describe(first))", at: mark)
        }
    }

    /// Skips an array that is not the records, counting its elements for the list of arrays found.
    private mutating func skipArray(path: String, depth: Int) throws {
        position += 1
        var count = 0
        var holdsObjects = false
        if try peek() == 0x5D {
            position += 1
        } else {
            while true {
                if count == 0 { holdsObjects = try peek() == 0x7B }
                var ignored = Flattened()
                try parseValue(root: 0, into: &ignored, serial: 0, store: false, start: offset)
                count += 1
                let byte = try peek()
                if byte == 0x2C {
                    position += 1
                    if try peek() == 0x5D {
                        throw syntax("a comma before ']' (JSON allows no comma after the last element)", at: here)
                    }
                    continue
                }
                guard byte == 0x5D else {
                    throw syntax("expected ',' or ']' after an array element, found \(describe(byte))", at: here)
                }
                position += 1
                break
            }
        }
        if depth <= Self.listedDepth, found.count < 20 {
            found.append(FoundArray(path: path, count: count, holdsObjects: holdsObjects))
        }
    }

    /// A top-level `error` member's values, as `error.code: X; error.message: Y` (at most 300 characters).
    private mutating func readAnswer(_ name: String) throws -> String {
        var out = Flattened()
        // A table of its own: its keys are not the records' (and `error` and `errors` may both hold `code`).
        let records = table
        table = PathTable()
        defer { table = records }
        try parseValue(root: 0, into: &out, serial: 1, store: true, start: offset)
        let text = out.fields.map { field in
            let path = field.path.isEmpty ? name : "\(name).\(field.path)"
            return "\(path): \(field.value.text ?? field.value.kind)"
        }.joined(separator: "; ")
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    /// "an object", "a string", …: what a value starting with `byte` is.
    static func kind(of byte: UInt8?) -> String {
        guard let byte else { return "nothing (the end of the text)" }
        switch byte {
        case 0x7B: return "an object"
        case 0x5B: return "an array"
        case 0x22: return "a string"
        case 0x2D, 0x30...0x39: return "a number"
        case UInt8(ascii: "t"): return "true"
        case UInt8(ascii: "f"): return "false"
        case UInt8(ascii: "n"): return "null"
        default: return "something that is not JSON"
        }
    }
}
