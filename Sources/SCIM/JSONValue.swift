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
    /// Runs once per object of every record, so it walks `order` instead of sorting (objects hold a handful of keys).
    public mutating func sort(by order: [String]) {
        guard entries.count > 1 else { return }
        var sorted: [(key: String, value: JSONValue)] = []
        sorted.reserveCapacity(entries.count)
        var taken = [Bool](repeating: false, count: entries.count)
        for key in order {
            if let index = entries.firstIndex(where: { $0.key == key }), !taken[index] {
                sorted.append(entries[index])
                taken[index] = true
                if sorted.count == entries.count { break }
            }
        }
        for (index, entry) in entries.enumerated() where !taken[index] { sorted.append(entry) }
        entries = sorted
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
