/// The directory as the job leaves it after each record of a file, without copying the index: what earlier records
/// write or free is kept beside it. The job processes records in the order they are sent, so a value one record
/// writes is taken for every later one, and a userPrincipalName or mailNickname an update replaces is free again
/// (a replaced mail stays as a secondary proxy address, so it stays taken), as the service does (docs/service.md,
/// "The directory and the job").
struct SimulatedDirectory {
    enum Holder: Equatable {
        /// A user of the directory, holding the value from before or given it by a record of the file.
        case user(DirectoryUser, writtenBy: String?)
        /// The account a record of the file creates.
        case record(String)
    }

    /// What a record of the file wrote, kept light: the user by id.
    private enum Written {
        case user(id: String, record: String)
        case record(String)
    }

    let index: DirectoryIndex
    private var written: [DirectoryProperty: [String: [Written]]] = [:]
    /// Values users no longer hold: property → lower-cased value → lower-cased user ids.
    private var freed: [DirectoryProperty: [String: Set<String>]] = [:]
    /// The record of the file matched to each user (lower-cased id → externalId of the first such record).
    let recordOfUser: [String: String]

    init(index: DirectoryIndex, records: [PlannedRecord]) {
        self.index = index
        var matched: [String: String] = [:]
        for record in records {
            let users = index.users(matching: record.matchingValue(index.matchingAttribute))
            if users.count == 1, matched[users[0].id.lowercased()] == nil {
                matched[users[0].id.lowercased()] = record.externalId
            }
        }
        recordOfUser = matched
    }

    /// Who holds `value` of `property` now, other than user `user` and record `record` themselves.
    func holders(of property: DirectoryProperty, _ value: String, exceptUser user: String?, exceptRecord record: String)
        -> [Holder]
    {
        let key = value.lowercased()
        let own = user?.lowercased()
        var found: [Holder] = []
        var seen: Set<String> = []
        for holder in index.holders(of: property, value) {
            let id = holder.id.lowercased()
            guard id != own, freed[property]?[key]?.contains(id) != true, seen.insert(id).inserted else { continue }
            found.append(.user(holder, writtenBy: nil))
        }
        for holder in written[property]?[key] ?? [] {
            switch holder {
            case .user(let id, let writer):
                guard id != own, seen.insert(id).inserted, let other = index.user(id: id) else { continue }
                found.append(.user(other, writtenBy: writer))
            case .record(let other):
                guard other.caseInsensitiveCompare(record) != .orderedSame, seen.insert("record:" + other).inserted
                else { continue }
                found.append(.record(other))
            }
        }
        return found
    }

    /// Record `record` created an account with `values`.
    mutating func create(record: String, values: [(DirectoryProperty, String)]) {
        for (property, value) in values {
            written[property, default: [:]][value.lowercased(), default: []].append(.record(record))
        }
    }

    /// Record `record` updated `user` with `values`. A value the user holds already changes nothing (most of a
    /// nightly run), so nothing is kept for it.
    mutating func update(_ user: DirectoryUser, record: String, values: [(DirectoryProperty, String)]) {
        let id = user.id.lowercased()
        for (property, value) in values {
            let key = value.lowercased()
            if user.holds(property, value) {
                freed[property]?[key]?.remove(id)
                continue
            }
            if property != .mail, let old = user.value(of: property) {
                freed[property, default: [:]][old.lowercased(), default: []].insert(id)
            }
            written[property, default: [:]][key, default: []].append(.user(id: id, record: record))
        }
    }
}
