import EmulatorKit
import Foundation

/// The emulated tenant's users: one store for what `GET /users` reads and what the provisioning job matches and
/// writes, so that a conflict a client predicts from the directory is the conflict the logs report
/// (docs/service.md, "Reading the directory"). Every look-up a client makes per record is a dictionary look-up.
struct Directory: Sendable {
    /// How a record's externalId finds its user.
    enum Match: Sendable, Equatable {
        case none
        case one(DirectoryUser)
        /// More than one user has the employeeId (`DuplicateTargetEntries`).
        case many([String])
    }

    private(set) var users: [String: DirectoryUser] = [:]
    /// Creation order of each object id: what `/users` lists and pages by.
    private(set) var sequence: [String: Int] = [:]
    private var order: [String] = []
    private var removed = 0
    private var nextSequence = 0
    private(set) var byEmployeeID = DirectoryIndex()
    private(set) var byUserPrincipalName = DirectoryIndex()
    private(set) var byMail = DirectoryIndex()
    private(set) var byMailNickname = DirectoryIndex()
    /// Whole addresses with their prefix, e.g. `smtp:ann@contoso.com`.
    private(set) var byProxyAddress = DirectoryIndex()
    /// The job's own record of what it provisioned: externalId (lower-cased) → object id. A manager reference
    /// resolves only to a user the job has processed (docs/service.md, "How the service treats records").
    private(set) var joined: [String: String] = [:]

    init(seed: [DirectoryUser] = []) {
        for user in seed { insert(user) }
    }

    var count: Int { users.count }

    func user(id: String) -> DirectoryUser? { users[id.lowercased()] ?? users[id] }

    /// By object id, or by userPrincipalName (`GET /users/{id | userPrincipalName}`).
    func user(idOrUserPrincipalName key: String) -> DirectoryUser? {
        if let user = user(id: key) { return user }
        return byUserPrincipalName.ids(key).first.flatMap { users[$0] }
    }

    /// Every user in creation order.
    var inOrder: [DirectoryUser] { order.compactMap { users[$0] } }

    /// The user record `externalID` is matched to: the one the job provisioned for it, else by employeeId.
    func match(externalID: String) -> Match {
        if let id = joined[externalID.lowercased()], let user = users[id] { return .one(user) }
        let ids = byEmployeeID.ids(externalID)
        switch ids.count {
        case 0: return .none
        case 1: return users[ids[0]].map(Match.one) ?? .none
        default: return .many(ids)
        }
    }

    /// The object id a manager reference (the manager's externalId) resolves to, if the job has processed it.
    func processedUser(externalID: String) -> DirectoryUser? {
        joined[externalID.lowercased()].flatMap { users[$0] }
    }

    /// Other users that already hold `value` in the property a record writes: a userPrincipalName, a mail address
    /// (as `mail` or as a proxy address) or a mailNickname.
    func holders(of property: String, value: String, except id: String?) -> [String] {
        let ids: [String]
        switch property {
        case "userPrincipalName": ids = byUserPrincipalName.ids(value)
        case "mail": ids = byMail.ids(value) + byProxyAddress.ids("smtp:" + value)
        case "mailNickname": ids = byMailNickname.ids(value)
        default: ids = []
        }
        var seen: Set<String> = []
        return ids.filter { $0 != id && seen.insert($0).inserted }
    }

    /// The users whose indexed `property` (Graph's spelling) equals `value` ignoring case; nil when it is not indexed.
    func ids(property: String, equalTo value: String) -> [String]? {
        switch property {
        case "id": return user(id: value).map { [$0.id] } ?? []
        case "employeeId": return byEmployeeID.ids(value)
        case "userPrincipalName": return byUserPrincipalName.ids(value)
        case "mail": return byMail.ids(value)
        case "mailNickname": return byMailNickname.ids(value)
        case "proxyAddresses": return byProxyAddress.ids(value)
        default: return nil
        }
    }

    /// The users whose indexed `property` starts with `prefix` ignoring case; nil when it is not indexed.
    mutating func ids(property: String, prefix: String) -> [String]? {
        switch property {
        case "employeeId": return byEmployeeID.ids(withPrefix: prefix)
        case "userPrincipalName": return byUserPrincipalName.ids(withPrefix: prefix)
        case "mail": return byMail.ids(withPrefix: prefix)
        case "mailNickname": return byMailNickname.ids(withPrefix: prefix)
        case "proxyAddresses": return byProxyAddress.ids(withPrefix: prefix)
        default: return nil
        }
    }

    /// At most `limit` users `filter` matches, in creation order, created after number `cursor`.
    mutating func users(matching filter: UserFilter?, after cursor: Int, limit: Int) -> [DirectoryUser] {
        if let filter, let ids = filter.candidates(in: &self) {
            var seen: Set<String> = []
            let found = ids.filter { seen.insert($0).inserted }
                .compactMap { id -> (Int, DirectoryUser)? in
                    guard let user = users[id], let number = sequence[id], number > cursor, filter.matches(user)
                    else { return nil }
                    return (number, user)
                }
            return found.sorted { $0.0 < $1.0 }.prefix(limit).map(\.1)
        }
        var found: [DirectoryUser] = []
        for id in order where found.count < limit {
            guard let user = users[id], let number = sequence[id], number > cursor, filter?.matches(user) ?? true
            else { continue }
            found.append(user)
        }
        return found
    }

    /// How many users `filter` matches (`@odata.count`).
    mutating func count(matching filter: UserFilter?) -> Int {
        guard let filter else { return users.count }
        return users(matching: filter, after: -1, limit: .max).count
    }

    // MARK: Writing

    mutating func insert(_ user: DirectoryUser) {
        let id = user.id
        users[id] = user
        sequence[id] = nextSequence
        nextSequence += 1
        order.append(id)
        index(user)
    }

    /// Changes one user and keeps the indices true.
    mutating func update(id: String, _ change: (inout DirectoryUser) -> Void) {
        guard var user = users[id] else { return }
        unindex(user)
        change(&user)
        users[id] = user
        index(user)
    }

    mutating func remove(id: String) {
        guard let user = users.removeValue(forKey: id) else { return }
        unindex(user)
        sequence[id] = nil
        joined = joined.filter { $0.value != id }
        removed += 1
        if removed > 1024, removed * 2 > order.count {
            order.removeAll { users[$0] == nil }
            removed = 0
        }
    }

    /// Records that the job provisioned `externalID` as object `id`.
    mutating func join(externalID: String, to id: String) { joined[externalID.lowercased()] = id }

    private mutating func index(_ user: DirectoryUser) {
        let id = user.id
        if let value = user.employeeID { byEmployeeID.insert(value, id) }
        if let value = user.userPrincipalName { byUserPrincipalName.insert(value, id) }
        if let value = user.mail { byMail.insert(value, id) }
        if let value = user.mailNickname { byMailNickname.insert(value, id) }
        for address in user.proxyAddresses { byProxyAddress.insert(address, id) }
    }

    private mutating func unindex(_ user: DirectoryUser) {
        let id = user.id
        if let value = user.employeeID { byEmployeeID.remove(value, id) }
        if let value = user.userPrincipalName { byUserPrincipalName.remove(value, id) }
        if let value = user.mail { byMail.remove(value, id) }
        if let value = user.mailNickname { byMailNickname.remove(value, id) }
        for address in user.proxyAddresses { byProxyAddress.remove(address, id) }
    }
}

/// Lower-cased value → the object ids holding it (directory strings compare ignoring case), with the keys kept
/// sorted on demand for `startsWith`.
struct DirectoryIndex: Sendable {
    private var ids: [String: [String]] = [:]
    private var sortedKeys: [String]?

    func ids(_ value: String) -> [String] { ids[value.lowercased()] ?? [] }

    mutating func insert(_ value: String, _ id: String) {
        let key = value.lowercased()
        if ids[key] == nil { sortedKeys = nil }
        ids[key, default: []].append(id)
    }

    mutating func remove(_ value: String, _ id: String) {
        let key = value.lowercased()
        guard var list = ids[key] else { return }
        list.removeAll { $0 == id }
        if list.isEmpty {
            ids[key] = nil
            sortedKeys = nil
        } else {
            ids[key] = list
        }
    }

    /// The ids of every value starting with `prefix` (ignoring case): a binary search in the sorted keys, which are
    /// sorted again only after a value was added or removed.
    mutating func ids(withPrefix prefix: String) -> [String] {
        let keys = sortedKeys ?? ids.keys.sorted()
        sortedKeys = keys
        let needle = prefix.lowercased()
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < needle { low = middle + 1 } else { high = middle }
        }
        var result: [String] = []
        while low < keys.count, keys[low].hasPrefix(needle) {
            result += ids[keys[low]] ?? []
            low += 1
        }
        return result
    }
}
