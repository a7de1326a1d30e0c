/// The values a directory read looks up, by kind, each once ignoring case (the first spelling is kept). Mail values
/// are looked up as `mail` and as the proxy address `smtp:<mail>`; the reader decides how (docs/service.md, "The
/// filters a plan uses").
package struct DirectoryLookup: Sendable, Equatable {
    /// Lower-cased values, and the spelling of those that were not lower-case.
    private var entries: [LookupKind: Set<String>] = [:]
    private var spellings: [LookupKind: [String: String]] = [:]

    package init() {}

    package mutating func add(_ kind: LookupKind, _ value: String) {
        guard !value.isEmpty else { return }
        let key = DirectoryIndex.key(value)
        guard entries[kind, default: []].insert(key).inserted else { return }
        if key != value { spellings[kind, default: [:]][key] = value }
    }

    /// The values of `kind` as first spelled, in the order of their lower-cased form (so the same lookup always
    /// makes the same requests).
    package func values(_ kind: LookupKind) -> [String] {
        keys(kind).sorted().map { spellings[kind]?[$0] ?? $0 }
    }

    /// The lower-cased values of `kind`.
    func keys(_ kind: LookupKind) -> Set<String> { entries[kind] ?? [] }

    package func count(_ kind: LookupKind) -> Int { entries[kind]?.count ?? 0 }
    package var isEmpty: Bool { entries.values.allSatisfy(\.isEmpty) }

    /// Whether `value` of `kind` is in it (ignoring case).
    package func contains(_ kind: LookupKind, _ value: String) -> Bool {
        entries[kind]?.contains(DirectoryIndex.key(value)) ?? false
    }

    /// This lookup without what `index` already covers.
    package func subtracting(_ index: DirectoryIndex) -> DirectoryLookup {
        var rest = DirectoryLookup()
        for (kind, keys) in entries {
            for key in keys where !index.isCovered(kind, key) { rest.add(kind, spellings[kind]?[key] ?? key) }
        }
        return rest
    }

    package mutating func formUnion(_ other: DirectoryLookup) {
        for (kind, keys) in other.entries {
            for key in keys { add(kind, other.spellings[kind]?[key] ?? key) }
        }
    }
}

/// What one record needs from the directory: the user its matching value finds, its manager's, and who holds each
/// value it may write to a unique property (one value, or the candidates of a unique-value allocation).
package struct DirectoryNeeds: Sendable, Equatable {
    package var matchingValue: String
    /// The manager reference: the manager's externalId, looked up as a matching value.
    package var manager: String?
    /// Each value with its property (one flat list: a plan holds one of these per record).
    package var values: [(property: DirectoryProperty, value: String)]

    package init(matchingValue: String, manager: String? = nil, values: [(DirectoryProperty, String)]) {
        self.matchingValue = matchingValue
        self.manager = manager
        self.values = values.map { (property: $0.0, value: $0.1) }
    }

    package init(matchingValue: String, manager: String? = nil, values: [DirectoryProperty: [String]] = [:]) {
        self.init(
            matchingValue: matchingValue, manager: manager,
            values: values.sorted { $0.key < $1.key }.flatMap { property, list in list.map { (property, $0) } })
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.matchingValue == rhs.matchingValue && lhs.manager == rhs.manager
            && lhs.values.map(\.property) == rhs.values.map(\.property)
            && lhs.values.map(\.value) == rhs.values.map(\.value)
    }
}

/// The order a plan reads the directory in, so that it asks only what can matter (docs/service.md, "Reading the
/// directory"): first the users the records and their managers match, then who holds each value a record would
/// write that its own matched account does not hold already (on a nightly run, almost none), and last the proxy
/// addresses of the mail values no user holds as mail (one value per request, so only where needed).
package enum DirectoryReadOrder {
    /// Phase one: every matching value and manager reference.
    package static func matching(_ needs: [DirectoryNeeds]) -> DirectoryLookup {
        var lookup = DirectoryLookup()
        for need in needs {
            lookup.add(.matching, need.matchingValue)
            if let manager = need.manager { lookup.add(.matching, manager) }
        }
        return lookup
    }

    /// Phase two: the unique values not held by the record's own matched account (a value it holds is held by no
    /// other object) and not looked up yet.
    package static func values(_ needs: [DirectoryNeeds], index: DirectoryIndex) -> DirectoryLookup {
        var lookup = DirectoryLookup()
        for (property, value) in foreignValues(needs, index: index) { lookup.add(LookupKind(property), value) }
        return lookup.subtracting(index)
    }

    /// Phase three: the proxy address `smtp:<mail>` of each such mail value that no user holds as mail.
    package static func proxyAddresses(_ needs: [DirectoryNeeds], index: DirectoryIndex) -> DirectoryLookup {
        var lookup = DirectoryLookup()
        for (property, value) in foreignValues(needs, index: index)
        where property == .mail && index.holders(of: .mail, value).isEmpty {
            lookup.add(.proxyAddress, "smtp:" + value)
        }
        return lookup.subtracting(index)
    }

    /// Each value a record may write that its own matched account does not hold.
    private static func foreignValues(_ needs: [DirectoryNeeds], index: DirectoryIndex) -> [(DirectoryProperty, String)]
    {
        var found: [(DirectoryProperty, String)] = []
        for need in needs {
            let own = index.users(matching: need.matchingValue)
            for (property, value) in need.values
            where !value.isEmpty && !own.contains(where: { $0.holds(property, value) }) {
                found.append((property, value))
            }
        }
        return found
    }
}
