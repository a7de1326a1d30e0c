/// One JSON value flattened into fields: objects and arrays walked with an explicit stack (no recursion, so a deep
/// document cannot exhaust the call stack; `maxDepth` bounds it), every scalar appended with its dotted path.
extension ReaderCore {
    struct Frame {
        var node: Int32
        var isArray: Bool
        var count: Int32
        /// The member or element matched last (the guess for the next one).
        var last: Int32
        /// Whether its first element is an object (for the arrays a missing records path lists).
        var holdsObjects: Bool
    }

    private enum Step {
        case value, afterValue, firstMember, key, firstElement
    }

    /// What one flattened value produced.
    struct Flattened {
        var fields: [JSONField] = []
        var text: [UInt8]?
        var exactPaths: [String: String] = [:]
        var dottedKeys = false
    }

    /// Parses the value at the next significant byte below `root` into `out` (store), or only checks its syntax
    /// (not store: a value the reader skips, of any size). `start` is the offset the record's size counts from.
    mutating func parseValue(root: Int32, into out: inout Flattened, serial: UInt32, store: Bool, start: Int) throws {
        let fieldLimit = store ? options.limits.maxFieldBytes : Int.max
        let keyLimit = store ? options.maxPathBytes : Int.max
        let maxRecord = options.limits.maxRecordBytes
        let keep = out.text != nil
        var depth = 0
        var node = root
        var step = Step.value
        while true {
            switch step {
            case .value:
                guard let byte = try peek() else {
                    throw syntax("expected a value, found the end of the text", at: here)
                }
                markToken()
                if store {
                    record.node = node
                    if base + position - start > maxRecord {
                        throw failure(.recordTooLarge(limit: maxRecord), at: mark)
                    }
                    if collecting, depth > 0, frames[depth - 1].isArray, frames[depth - 1].count == 1 {
                        frames[depth - 1].holdsObjects = byte == 0x7B
                    }
                }
                switch byte {
                case 0x7B, 0x5B:
                    position += 1
                    guard depth < options.maxDepth else { throw failure(.tooDeep(limit: options.maxDepth), at: mark) }
                    frames[depth] = Frame(node: node, isArray: byte == 0x5B, count: 0, last: -1, holdsObjects: false)
                    depth += 1
                    if keep { out.text!.append(byte) }
                    step = byte == 0x7B ? .firstMember : .firstElement
                    continue
                case 0x22:
                    try scanString(store: store, limit: fieldLimit)
                    if store { try emit(node, .string(tokenString), into: &out) }
                    if keep { appendEscapedToken(to: &out.text!) }
                case 0x2D, 0x30...0x39:
                    try scanNumber()
                    if store { try emit(node, .number(tokenString), into: &out) }
                    if keep { out.text!.append(contentsOf: token) }
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    let value = try scanLiteral()
                    if store { try emit(node, value, into: &out) }
                    if keep { out.text!.append(contentsOf: Self.literalText(value)) }
                default:
                    throw syntax(
                        "expected a value (an object, array, string, number, true, false or null), found "
                            + describe(byte), at: mark)
                }
                step = .afterValue

            case .firstMember, .firstElement:
                let closing: UInt8 = step == .firstMember ? 0x7D : 0x5D
                if try peek() == closing {
                    position += 1
                    try close(&depth, empty: true, into: &out, store: store)
                    step = .afterValue
                } else if step == .firstMember {
                    step = .key
                } else {
                    frames[depth - 1].count = 1
                    if store { node = try element(of: depth - 1) }
                    step = .value
                }

            case .key:
                let byte = try peek()
                markToken()
                guard byte == 0x22 else {
                    let trailing = byte == 0x7D && frames[depth - 1].count > 0
                    throw syntax(
                        trailing
                            ? "a comma before '}' (JSON allows no comma after the last member)"
                            : "expected a key (a string in double quotes), found \(describe(byte))", at: mark)
                }
                let keyMark = mark
                try scanString(store: store, limit: keyLimit)
                frames[depth - 1].count += 1
                if store { node = try member(of: depth - 1, serial: serial, keyMark: keyMark, into: &out) }
                if keep {
                    appendEscapedToken(to: &out.text!)
                    out.text!.append(0x3A)
                }
                let colon = try peek()
                guard colon == 0x3A else {
                    throw syntax("expected ':' after the key, found \(describe(colon))", at: here)
                }
                position += 1
                step = .value

            case .afterValue:
                if store, base + position - start > maxRecord {
                    throw failure(.recordTooLarge(limit: maxRecord), at: mark)
                }
                if depth == 0 { return }
                let byte = try peek()
                let frame = frames[depth - 1]
                if byte == 0x2C {
                    position += 1
                    if keep { out.text!.append(0x2C) }
                    if frame.isArray {
                        if try peek() == 0x5D {
                            throw syntax("a comma before ']' (JSON allows no comma after the last element)", at: here)
                        }
                        frames[depth - 1].count += 1
                        if store { node = try element(of: depth - 1) }
                        step = .value
                    } else {
                        step = .key
                    }
                } else if byte == (frame.isArray ? 0x5D : 0x7D) {
                    position += 1
                    try close(&depth, empty: false, into: &out, store: store)
                } else {
                    let what = frame.isArray ? "',' or ']' after an array element" : "',' or '}' after a member"
                    throw syntax("expected \(what), found \(describe(byte))", at: here)
                }
            }
        }
    }

    /// Ends the innermost object or array: an empty one is a field of its own; a collected array is remembered.
    private mutating func close(_ depth: inout Int, empty: Bool, into out: inout Flattened, store: Bool) throws {
        let frame = frames[depth - 1]
        depth -= 1
        if out.text != nil { out.text!.append(frame.isArray ? 0x5D : 0x7D) }
        guard store else { return }
        if empty, frame.node != 0 {
            record.node = frame.node
            try emit(frame.node, frame.isArray ? .emptyArray : .emptyObject, into: &out)
        }
        if collecting, frame.isArray, table.depth(of: frame.node) <= 3, found.count < 20 {
            found.append(
                FoundArray(
                    path: table.paths[Int(frame.node)], count: Int(frame.count), holdsObjects: frame.holdsObjects))
        }
    }

    /// The node of the next element of the array at `level` (its `count` already counts it).
    private mutating func element(of level: Int) throws -> Int32 {
        let frame = frames[level]
        guard
            let node = table.element(
                of: frame.node, previous: frame.last, index: frame.count - 1, limit: options.maxPathBytes)
        else { throw failure(.pathTooLong(limit: options.maxPathBytes), at: mark) }
        frames[level].last = node
        return node
    }

    /// The node of the member whose key is in `token`, in the object at `level`; a key seen before in this record
    /// is an error.
    private mutating func member(of level: Int, serial: UInt32, keyMark: Mark, into out: inout Flattened) throws
        -> Int32
    {
        let frame = frames[level]
        guard
            let node = table.member(
                of: frame.node, previous: frame.last,
                key: token, limit: options.maxPathBytes)
        else { throw failure(.pathTooLong(limit: options.maxPathBytes), at: keyMark) }
        frames[level].last = node
        record.node = node
        if table.seen[Int(node)] == serial {
            throw failure(.duplicateKey(path: table.paths[Int(node)]), at: keyMark)
        }
        table.seen[Int(node)] = serial
        if table.special[Int(node)], table.hasDottedKey(node) { out.dottedKeys = true }
        return node
    }

    @inline(__always)
    private mutating func emit(_ node: Int32, _ value: JSONValue, into out: inout Flattened) throws {
        guard out.fields.count < options.limits.maxFields else {
            throw failure(.tooManyFields(limit: options.limits.maxFields), at: mark)
        }
        let path = table.paths[Int(node)]
        out.fields.append(JSONField(path: path, value: value))
        if table.special[Int(node)] { out.exactPaths[path] = table.jsonPath(of: node, base: record.jsonPath) }
    }

    private static func literalText(_ value: JSONValue) -> [UInt8] {
        switch value {
        case .bool(true): Array("true".utf8)
        case .bool(false): Array("false".utf8)
        default: Array("null".utf8)
        }
    }

    /// The string in `token` as a JSON string: quotes, backslashes and control characters escaped, nothing else.
    func appendEscapedToken(to text: inout [UInt8]) {
        text.append(0x22)
        let bytes = token
        for byte in bytes {
            switch byte {
            case 0x22: text += [0x5C, 0x22]
            case 0x5C: text += [0x5C, 0x5C]
            case 0x0A: text += [0x5C, UInt8(ascii: "n")]
            case 0x0D: text += [0x5C, UInt8(ascii: "r")]
            case 0x09: text += [0x5C, UInt8(ascii: "t")]
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                text += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: text.append(byte)
            }
        }
        text.append(0x22)
    }
}
