import JSONDocument

/// Encodes users given as one value per attribute path, with a layout per presence pattern (records of one export
/// share a handful of patterns; the cache is bounded for the file where every row differs).
package struct PayloadEncoder: Sendable {
    package let paths: [AttributePath]
    private var layouts: [[UInt64]: PayloadLayout] = [:]
    private var lastKey: [UInt64] = []
    private var lastLayout: PayloadLayout?
    private var key: [UInt64]
    /// A layout of a 24-column user is 2–3 KB: this bounds the cache at a few MB when every row has its own pattern.
    static let maxLayouts = 1024

    package init(paths: [AttributePath]) {
        self.paths = paths
        key = [UInt64](repeating: 0, count: (paths.count + 63) / 64)
    }

    /// The `data` object's bytes; `values[i]` is the value of `paths[i]`, nil when the record has none.
    package mutating func encode(_ values: [JSON?]) -> [UInt8] {
        var writer = JSONWriter(capacity: 1024)
        encode(values, into: &writer)
        return writer.bytes
    }

    package mutating func encode(_ values: [JSON?], into writer: inout JSONWriter) {
        precondition(values.count == paths.count, "one value per path")
        for word in key.indices { key[word] = 0 }
        // By index, not by element: binding each value would copy (retain and release) it, for every cell.
        for index in values.indices where values[index] != nil { key[index >> 6] |= 1 << UInt64(index & 63) }
        if let lastLayout, key == lastKey {
            lastLayout.write(values, into: &writer)
            return
        }
        let layout =
            layouts[key]
            ?? {
                if layouts.count >= Self.maxLayouts { layouts.removeAll(keepingCapacity: true) }
                let made = PayloadLayout(paths: paths, present: values.map { $0 != nil })
                layouts[key] = made
                return made
            }()
        lastKey = key
        lastLayout = layout
        layout.write(values, into: &writer)
    }

    /// The same user as a `SCIMUser` (the slow path; for tests and callers that want the tree).
    package func user(_ values: [JSON?]) -> SCIMUser {
        var user = SCIMUser()
        for (path, value) in zip(paths, values) { if let value { user.set(path, value) } }
        return user
    }
}
