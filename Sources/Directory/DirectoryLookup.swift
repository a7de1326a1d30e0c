/// The values a directory read looks up, by kind, each once ignoring case (the first spelling is kept). Mail values
/// are looked up as `mail` and as the proxy address `smtp:<mail>`; the reader decides how (docs/service.md, "The
/// filters a plan uses").
public struct DirectoryLookup: Sendable, Equatable {
    private var entries: [LookupKind: [String: String]] = [:]

    public init() {}

    public mutating func add(_ kind: LookupKind, _ value: String) {
        guard !value.isEmpty else { return }
        let key = value.lowercased()
        if entries[kind]?[key] == nil { entries[kind, default: [:]][key] = value }
    }

    /// The values of `kind`, sorted (so the same lookup always makes the same requests).
    public func values(_ kind: LookupKind) -> [String] {
        (entries[kind] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
    }

    public func count(_ kind: LookupKind) -> Int { entries[kind]?.count ?? 0 }
    public var isEmpty: Bool { entries.values.allSatisfy(\.isEmpty) }

    /// Whether `value` of `kind` is in it (ignoring case).
    public func contains(_ kind: LookupKind, _ value: String) -> Bool { entries[kind]?[value.lowercased()] != nil }

    /// This lookup without what `index` already covers.
    public func subtracting(_ index: DirectoryIndex) -> DirectoryLookup {
        var rest = DirectoryLookup()
        for (kind, values) in entries {
            for (_, value) in values where !index.isCovered(kind, value) { rest.add(kind, value) }
        }
        return rest
    }

    public mutating func formUnion(_ other: DirectoryLookup) {
        for (kind, values) in other.entries { for value in values.values { add(kind, value) } }
    }
}

/// What one record needs from the directory: the user its matching value finds, its manager's, and who holds each
/// value it may write to a unique property (one value, or the candidates of a unique-value allocation).
public struct DirectoryNeeds: Sendable, Equatable {
    public var matchingValue: String
    /// The manager reference: the manager's externalId, looked up as a matching value.
    public var manager: String?
    public var values: [DirectoryProperty: [String]]

    public init(matchingValue: String, manager: String? = nil, values: [DirectoryProperty: [String]] = [:]) {
        self.matchingValue = matchingValue
        self.manager = manager
        self.values = values
    }
}

/// The order a plan reads the directory in, so that it asks only what can matter (docs/service.md, "Reading the
/// directory"): first the users the records and their managers match, then who holds each value a record would
/// write that its own matched account does not hold already (on a nightly run, almost none), and last the proxy
/// addresses of the mail values no user holds as mail (one value per request, so only where needed).
public enum DirectoryReadOrder {
    /// Phase one: every matching value and manager reference.
    public static func matching(_ needs: [DirectoryNeeds]) -> DirectoryLookup {
        var lookup = DirectoryLookup()
        for need in needs {
            lookup.add(.matching, need.matchingValue)
            if let manager = need.manager { lookup.add(.matching, manager) }
        }
        return lookup
    }

    /// Phase two: the unique values not held by the record's own matched account (a value it holds is held by no
    /// other object) and not looked up yet.
    public static func values(_ needs: [DirectoryNeeds], index: DirectoryIndex) -> DirectoryLookup {
        var lookup = DirectoryLookup()
        for (property, value) in foreignValues(needs, index: index) { lookup.add(LookupKind(property), value) }
        return lookup.subtracting(index)
    }

    /// Phase three: the proxy address `smtp:<mail>` of each such mail value that no user holds as mail.
    public static func proxyAddresses(_ needs: [DirectoryNeeds], index: DirectoryIndex) -> DirectoryLookup {
        var lookup = DirectoryLookup()
        for (property, value) in foreignValues(needs, index: index)
        where property == .mail && index.holders(of: .mail, value).isEmpty {
            lookup.add(.proxyAddress, "smtp:" + value)
        }
        return lookup.subtracting(index)
    }

    /// Each value a record may write that its own matched account does not hold.
    private static func foreignValues(_ needs: [DirectoryNeeds], index: DirectoryIndex) -> [(DirectoryProperty, String)] {
        var found: [(DirectoryProperty, String)] = []
        for need in needs {
            let own = index.users(matching: need.matchingValue)
            for (property, values) in need.values.sorted(by: { $0.key < $1.key }) {
                for value in values where !value.isEmpty && !own.contains(where: { $0.holds(property, value) }) {
                    found.append((property, value))
                }
            }
        }
        return found
    }
}
