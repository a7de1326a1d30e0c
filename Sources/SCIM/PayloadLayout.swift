import JSONDocument

/// The bytes of a user's `data` object for one set of present attributes: literal JSON (braces, keys, the `schemas`
/// list, entry types) with holes where the values go.
///
/// Where keys go depends only on which attributes a record has, never on their values, so a layout is derived once
/// per presence pattern by running `SCIMUser` itself on placeholders, and then serves every record with that pattern.
/// The output is byte-identical to `JSONWriter.encode(.object(user.dataObject()))` without building and ordering
/// that tree per record (the dry run's largest cost, docs/benchmarks.md).
package struct PayloadLayout: Sendable {
    enum Step: Sendable {
        case literal([UInt8])
        /// The value of the path at this index of the encoder's `paths`.
        case value(Int)
    }

    let steps: [Step]

    /// `present[i]` says whether `paths[i]` has a value; paths are set in order, so a later path wins a shared place.
    init(paths: [AttributePath], present: [Bool]) {
        var user = SCIMUser()
        for (index, path) in paths.enumerated() where present[index] { user.set(path, Self.placeholder(index)) }
        var builder = Builder()
        builder.add(.object(user.dataObject()))
        builder.flush()
        steps = builder.steps
    }

    /// Appends the object for `values` (nil: absent), which must have this layout's presence pattern.
    func write(_ values: [JSON?], into writer: inout JSONWriter) {
        for step in steps {
            switch step {
            case .literal(let bytes): writer.writeRaw(bytes: bytes)
            case .value(let index): writer.write(values[index]!)
            }
        }
    }

    /// The tree is built from placeholders alone, and its own literals are strings: a number in it can only be a
    /// placeholder, whatever the data.
    private static func placeholder(_ index: Int) -> JSON { .number(index) }

    private struct Builder {
        var steps: [Step] = []
        var pending = JSONWriter(capacity: 256)

        mutating func add(_ value: JSON) {
            switch value {
            case .number(let index):
                flush()
                steps.append(.value(Int(index)!))
            case .array(let items):
                pending.writeRaw("[")
                for (index, item) in items.enumerated() {
                    if index > 0 { pending.writeRaw(",") }
                    add(item)
                }
                pending.writeRaw("]")
            case .object(let members):
                pending.writeRaw("{")
                for (index, member) in members.enumerated() {
                    if index > 0 { pending.writeRaw(",") }
                    pending.writeString(member.key)
                    pending.writeRaw(":")
                    add(member.value)
                }
                pending.writeRaw("}")
            case .string, .bool, .null:
                pending.write(value)
            }
        }

        mutating func flush() {
            guard !pending.bytes.isEmpty else { return }
            steps.append(.literal(pending.bytes))
            pending = JSONWriter(capacity: 256)
        }
    }
}
