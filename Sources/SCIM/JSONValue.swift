/// A JSON value whose objects keep their key order, so that the same record always serialises to the same bytes.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object(JSONObject)

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }
}

/// An insertion-ordered JSON object. Objects in SCIM records hold a handful of keys, so a linear scan beats hashing.
public struct JSONObject: Sendable, Equatable {
    public private(set) var entries: [(key: String, value: JSONValue)] = []

    public init() {}

    public init(_ entries: [(String, JSONValue)]) {
        for (key, value) in entries { self[key] = value }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    /// Reorders keys: those named in `order` first, in that order; the rest keep their relative order.
    public mutating func sort(by order: [String]) {
        guard entries.count > 1 else { return }
        let rank = { (key: String) -> Int in order.firstIndex(of: key) ?? order.count }
        entries = entries.enumerated()
            .sorted { lhs, rhs in
                let (l, r) = (rank(lhs.element.key), rank(rhs.element.key))
                return l != r ? l < r : lhs.offset < rhs.offset
            }
            .map(\.element)
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
