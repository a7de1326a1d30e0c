extension JSON {
    /// An integer; the text a writer gives it.
    package static func number(_ value: Int64) -> JSON { .number(String(value)) }

    /// A finite number: an integral value below 10^15 as an integer, anything else as Swift's shortest text that
    /// reads back the same (`1.5`, `1e+20`). Not finite: null, which is what JSON has for it.
    package static func number(_ value: Double) -> JSON {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number("\(value)")
    }

    /// The number as an integer, when its text is one that fits (as the canonical form spells integers).
    package var integerValue: Int64? {
        if case .number(let text) = self { return Int64(text) }
        return nil
    }

    /// The number's value (nil for what is not a number).
    package var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// The document in its canonical form: each object's members in key order (a repeated key keeps its first
    /// value), numbers spelled one way (an integral value that fits 64 bits as an integer, any other as the shortest
    /// text that reads back the same). For callers that list or compare members whatever order the text had them
    /// in, or write numbers back in one spelling.
    package var canonical: JSON {
        switch self {
        case .object(let members):
            var seen: Set<String> = []
            var kept: [JSONMember] = []
            kept.reserveCapacity(members.count)
            for member in members where seen.insert(member.key).inserted {
                kept.append(JSONMember(member.key, member.value.canonical))
            }
            kept.sort { $0.key < $1.key }
            return .object(kept)
        case .array(let items): return .array(items.map(\.canonical))
        case .number(let text): return .number(Self.canonicalNumber(text))
        case .null, .bool, .string: return self
        }
    }

    private static func canonicalNumber(_ text: String) -> String {
        let plainInteger = !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == 0x45 }
        if plainInteger, let integer = Int64(text) { return String(integer) }
        guard let value = Double(text), value.isFinite else { return text }
        if value == value.rounded(.towardZero), let integer = Int64(exactly: value) { return String(integer) }
        return "\(value)"
    }
}

/// An object's members as an ordered dictionary: objects in SCIM records hold a handful of keys, so a linear scan
/// beats hashing.
extension [JSONMember] {
    /// The value of member `key` (the last, when a key repeats). Setting replaces it where it is or appends it;
    /// setting nil removes it.
    package subscript(key: String) -> JSON? {
        get { last { $0.key == key }?.value }
        set {
            if let index = lastIndex(where: { $0.key == key }) {
                if let newValue { self[index].value = newValue } else { remove(at: index) }
            } else if let newValue {
                append(JSONMember(key, newValue))
            }
        }
    }

    package var keys: [String] { map(\.key) }

    /// Reorders members: those named in `order` first, in that order; the rest keep their relative order.
    /// Runs once per object of every layout, so it walks `order` instead of sorting (objects hold a handful of keys).
    package mutating func sort(by order: [String]) {
        guard count > 1 else { return }
        var sorted: [JSONMember] = []
        sorted.reserveCapacity(count)
        var taken = [Bool](repeating: false, count: count)
        for key in order {
            if let index = firstIndex(where: { $0.key == key }), !taken[index] {
                sorted.append(self[index])
                taken[index] = true
                if sorted.count == count { break }
            }
        }
        for (index, member) in enumerated() where !taken[index] { sorted.append(member) }
        self = sorted
    }
}
