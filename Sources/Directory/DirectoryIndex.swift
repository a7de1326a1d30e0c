/// What directory reads found, by every key a plan looks up: the matching value, the lower-cased userPrincipalName,
/// mail, mailNickname and each proxy address (a user appears under each of its keys). It holds only the users the
/// reads returned, with their selected attributes, and remembers which values were looked up, so that "no user holds
/// it" is told apart from "not asked".
public struct DirectoryIndex: Sendable {
    /// The target attribute the job matches records on (`employeeId` by default).
    public let matchingAttribute: String
    /// The target attributes read for each user (lower-cased); other targets have no known old value.
    public let attributes: Set<String>
    private var users: [String: DirectoryUser] = [:]
    private var keys: [LookupKind: [String: [String]]] = [:]
    private var covered: [LookupKind: Set<String>] = [:]

    public init(matchingAttribute: String = "employeeId", attributes: [String] = []) {
        self.matchingAttribute = matchingAttribute
        self.attributes = Set(
            attributes.filter { DirectoryAttributes.source(ofTarget: $0) != nil }.map { $0.lowercased() }
                + ["accountenabled", "userprincipalname", "mail", "mailnickname", "employeeid", "usertype",
                    matchingAttribute.lowercased()])
    }

    public var count: Int { users.count }
    public var allUsers: [DirectoryUser] { users.values.sorted { $0.id < $1.id } }

    public func user(id: String) -> DirectoryUser? { users[id.lowercased()] }

    /// Adds a user, or replaces what an earlier read found of it.
    public mutating func add(_ user: DirectoryUser) {
        let id = user.id.lowercased()
        if let old = users[id] { unindex(old) }
        users[id] = user
        for (kind, value) in Self.keys(of: user) { keys[kind, default: [:]][value, default: []].append(id) }
    }

    /// Records that `values` of `kind` were looked up: a value no user was found under is then known to be free.
    public mutating func cover(_ kind: LookupKind, _ values: some Sequence<String>) {
        covered[kind, default: []].formUnion(values.lazy.map { $0.lowercased() })
    }

    /// Records that a whole `lookup` was read.
    public mutating func cover(_ lookup: DirectoryLookup) {
        for kind in LookupKind.allCases { cover(kind, lookup.values(kind)) }
    }

    public func isCovered(_ kind: LookupKind, _ value: String) -> Bool {
        covered[kind]?.contains(value.lowercased()) ?? false
    }

    /// The users whose `kind` key is `value` (ignoring case).
    public func users(_ kind: LookupKind, _ value: String) -> [DirectoryUser] {
        (keys[kind]?[value.lowercased()] ?? []).compactMap { users[$0] }
    }

    /// The users the job's matching finds for a record whose matching value is `value`.
    public func users(matching value: String) -> [DirectoryUser] { users(.matching, value) }

    /// The users holding `value` as `property`; a mail counts as held by a `smtp:` proxy address too, as the service
    /// counts it (docs/service.md, "The directory and the job").
    public func holders(of property: DirectoryProperty, _ value: String) -> [DirectoryUser] {
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
    public func knows(_ property: DirectoryProperty, _ value: String) -> Bool {
        if !holders(of: property, value).isEmpty { return true }
        switch property {
        case .mail: return isCovered(.mail, value) && isCovered(.proxyAddress, "smtp:" + value)
        default: return isCovered(LookupKind(property), value)
        }
    }

    /// Whether the reads tell which users have matching value `value`.
    public func knowsMatching(_ value: String) -> Bool { isCovered(.matching, value) }

    private mutating func unindex(_ user: DirectoryUser) {
        let id = user.id.lowercased()
        for (kind, value) in Self.keys(of: user) {
            keys[kind]?[value]?.removeAll { $0 == id }
            if keys[kind]?[value]?.isEmpty == true { keys[kind]?[value] = nil }
        }
    }

    private static func keys(of user: DirectoryUser) -> [(LookupKind, String)] {
        var keys: [(LookupKind, String)] = []
        if let value = user.matchingValue, !value.isEmpty { keys.append((.matching, value.lowercased())) }
        if let value = user.userPrincipalName { keys.append((.userPrincipalName, value.lowercased())) }
        if let value = user.mail { keys.append((.mail, value.lowercased())) }
        if let value = user.mailNickname { keys.append((.mailNickname, value.lowercased())) }
        for address in Set(user.proxyAddresses.map { $0.lowercased() }) { keys.append((.proxyAddress, address)) }
        return keys
    }
}
