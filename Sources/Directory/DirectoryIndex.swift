/// What directory reads found, by every key a plan looks up: the matching value, the lower-cased userPrincipalName,
/// mail, mailNickname and each proxy address (a user appears under each of its keys). It holds only the users the
/// reads returned, with their selected attributes, and remembers which values were looked up, so that "no user holds
/// it" is told apart from "not asked".
package struct DirectoryIndex: Sendable {
    /// The target attribute the job matches records on (`employeeId` by default).
    package let matchingAttribute: String
    /// The target attributes read for each user (lower-cased); other targets have no known old value.
    package let attributes: Set<String>
    // Compact on purpose (a plan of 100,000 records holds up to 100,000 users): users in one array, each key naming
    // its first holder's position, further holders (rare: a duplicate) apart, and of the values looked up only those
    // nobody holds (a value somebody holds is known by its key).
    private var stored: [DirectoryUser] = []
    private var positions: [String: Int32] = [:]
    private var keys: [LookupKind: [String: Int32]] = [:]
    private var moreHolders: [LookupKind: [String: [Int32]]] = [:]
    private var unheld: [LookupKind: Set<String>] = [:]

    package init(matchingAttribute: String = "employeeId", attributes: [String] = []) {
        self.matchingAttribute = matchingAttribute
        self.attributes = Set(
            attributes.filter { DirectoryAttributes.source(ofTarget: $0) != nil }.map { $0.lowercased() }
                + [
                    "accountenabled", "userprincipalname", "mail", "mailnickname", "employeeid", "usertype",
                    matchingAttribute.lowercased(),
                ])
    }

    package var count: Int { stored.count }
    package var allUsers: [DirectoryUser] { stored.sorted { $0.id < $1.id } }

    package func user(id: String) -> DirectoryUser? { positions[Self.key(id)].map { stored[Int($0)] } }

    /// Adds a user, or replaces what an earlier read found of it.
    package mutating func add(_ user: DirectoryUser) {
        let id = Self.key(user.id)
        let position: Int32
        if let old = positions[id] {
            position = old
            unindex(stored[Int(old)], at: old)
            stored[Int(old)] = user
        } else {
            position = Int32(stored.count)
            positions[id] = position
            stored.append(user)
        }
        for (kind, value) in Self.keys(of: user) {
            if keys[kind]?[value] == nil {
                keys[kind, default: [:]][value] = position
            } else if keys[kind]?[value] != position {
                moreHolders[kind, default: [:]][value, default: []].append(position)
            }
        }
    }

    /// Records that `values` of `kind` were looked up: a value no user was found under is then known to be free.
    package mutating func cover(_ kind: LookupKind, _ values: some Sequence<String>) {
        for value in values {
            let key = Self.key(value)
            if keys[kind]?[key] == nil { unheld[kind, default: []].insert(key) }
        }
    }

    /// Records that a whole `lookup` was read.
    package mutating func cover(_ lookup: DirectoryLookup) {
        for kind in LookupKind.allCases { cover(kind, lookup.keys(kind)) }
    }

    package func isCovered(_ kind: LookupKind, _ value: String) -> Bool {
        let key = Self.key(value)
        return keys[kind]?[key] != nil || unheld[kind]?.contains(key) == true
    }

    /// The users whose `kind` key is `value` (ignoring case).
    package func users(_ kind: LookupKind, _ value: String) -> [DirectoryUser] {
        let key = Self.key(value)
        guard let first = keys[kind]?[key] else { return [] }
        return ([first] + (moreHolders[kind]?[key] ?? [])).map { stored[Int($0)] }
    }

    /// The users the job's matching finds for a record whose matching value is `value`.
    package func users(matching value: String) -> [DirectoryUser] { users(.matching, value) }

    /// The users holding `value` as `property`; a mail counts as held by a `smtp:` proxy address too, as the service
    /// counts it (docs/service.md, "The directory and the job").
    package func holders(of property: DirectoryProperty, _ value: String) -> [DirectoryUser] {
        var found = users(LookupKind(property), value)
        if property == .mail {
            for user in users(.proxyAddress, "smtp:" + value) where !found.contains(where: { $0.id == user.id }) {
                found.append(user)
            }
        }
        return found
    }

    /// Whether the reads tell who holds `value` of `property`: it was looked up (a mail both as mail and as a proxy
    /// address), or a holder was found (no second object can hold a unique value).
    package func knows(_ property: DirectoryProperty, _ value: String) -> Bool {
        if !holders(of: property, value).isEmpty { return true }
        switch property {
        case .mail: return isCovered(.mail, value) && isCovered(.proxyAddress, "smtp:" + value)
        default: return isCovered(LookupKind(property), value)
        }
    }

    /// Whether the reads tell which users have matching value `value`.
    package func knowsMatching(_ value: String) -> Bool { isCovered(.matching, value) }

    private mutating func unindex(_ user: DirectoryUser, at position: Int32) {
        for (kind, value) in Self.keys(of: user) {
            if keys[kind]?[value] == position {
                if var others = moreHolders[kind]?[value], !others.isEmpty {
                    keys[kind]?[value] = others.removeFirst()
                    moreHolders[kind]?[value] = others.isEmpty ? nil : others
                } else {
                    keys[kind]?[value] = nil
                }
            } else {
                moreHolders[kind]?[value]?.removeAll { $0 == position }
                if moreHolders[kind]?[value]?.isEmpty == true { moreHolders[kind]?[value] = nil }
            }
        }
    }

    private static func keys(of user: DirectoryUser) -> [(LookupKind, String)] {
        var keys: [(LookupKind, String)] = []
        if let value = user.matchingValue, !value.isEmpty { keys.append((.matching, key(value))) }
        if let value = user.userPrincipalName { keys.append((.userPrincipalName, key(value))) }
        if let value = user.mail { keys.append((.mail, key(value))) }
        if let value = user.mailNickname { keys.append((.mailNickname, key(value))) }
        var seen: Set<String> = []
        for address in user.proxyAddresses where seen.insert(key(address)).inserted {
            keys.append((.proxyAddress, key(address)))
        }
        return keys
    }

    /// A value as a key: lower-cased, sharing the value's own storage when it is lower-case already.
    static func key(_ value: String) -> String {
        let lower = value.lowercased()
        return lower == value ? value : lower
    }
}
