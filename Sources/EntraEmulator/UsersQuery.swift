import EmulatorKit
import Foundation

/// A directory read Graph refuses: the status, Graph's code and message.
struct DirectoryQueryError: Error, Sendable, Equatable {
    var status = 400
    var code: String
    var message: String

    static func badRequest(_ message: String) -> DirectoryQueryError {
        DirectoryQueryError(code: "BadRequest", message: message)
    }

    /// Graph's answer to a clause on a property it cannot filter that way.
    static func unsupported(property: String) -> DirectoryQueryError {
        DirectoryQueryError(
            code: "Request_UnsupportedQuery",
            message: "Unsupported or invalid query filter clause specified for property '\(property)' of resource "
                + "'User'.")
    }
}

/// The query options of a directory read (docs/service.md, "Reading the directory"): `$filter`, `$select`, `$top`,
/// `$skiptoken`, `$count` and `$expand=manager`, with the `ConsistencyLevel` rule applied.
struct UsersQuery: Sendable {
    static let defaultTop = 100
    static let maximumTop = 999
    /// Values per `in` (and `or` branches) without advanced queries.
    static let maximumOrWidth = 15
    /// The longest `eq` value without advanced queries, and the longest URL with them.
    static let maximumValueLength = 120
    static let maximumAdvancedURLLength = 2048

    var filterText: String?
    var filter: UserFilter?
    var select: [String]?
    var top = UsersQuery.defaultTop
    var cursor = -1
    /// `$count=true` with `ConsistencyLevel: eventual`: `@odata.count` is returned.
    var counting = false
    var countText: String?
    var expandText: String?
    /// `$expand=manager`, with the manager's properties (nil: the default set).
    var expandManager: [String]??

    /// Graph's resource units for the request: 2 for the users collection, 1 for one user, `$select` −1, `$expand`
    /// +1, `$top` below 20 −1, never below 1.
    func cost(collection: Bool) -> Int {
        var cost = collection ? 2 : 1
        if select != nil { cost -= 1 }
        if expandManager != nil { cost += 1 }
        if collection, top < 20 { cost -= 1 }
        return max(1, cost)
    }

    /// `countSegment`: the request is `/users/$count`, which needs only the header to be an advanced query.
    static func parse(
        _ options: [String: String], consistencyLevel: String?, target: String, countSegment: Bool = false
    ) throws(DirectoryQueryError) -> UsersQuery {
        var query = UsersQuery()
        for name in options.keys where name.hasPrefix("$") {
            guard ["$filter", "$select", "$top", "$skiptoken", "$count", "$expand"].contains(name.lowercased())
            else {
                throw DirectoryQueryError(
                    code: "Request_UnsupportedQuery",
                    message: "entra-emulator does not implement the query option '\(name)' on users.")
            }
        }
        let option = { (name: String) in options.first { $0.key.lowercased() == name }?.value }
        if let count = option("$count") {
            guard ["true", "false"].contains(count.lowercased()) else {
                throw .badRequest("Invalid value '\(count)' for $count: use true or false.")
            }
            query.countText = count.lowercased()
        }
        // Advanced queries need both; `$count=true` without the header is ignored, as Graph ignores it.
        let advanced = consistencyLevel?.lowercased() == "eventual" && (countSegment || query.countText == "true")
        query.counting = advanced
        if let text = option("$filter"), !text.trimmingCharacters(in: .whitespaces).isEmpty {
            let filter = try UserFilter.parse(text)
            try check(filter, advanced: advanced, target: target)
            query.filter = filter
            query.filterText = text
        }
        if let text = option("$select") { query.select = try properties(text) }
        if let text = option("$top") {
            guard let top = Int(text), (1...maximumTop).contains(top) else {
                throw DirectoryQueryError(
                    code: "Request_UnsupportedQuery",
                    message: "Invalid page size specified: '\(text)'. Must be between 1 and 999 inclusive.")
            }
            query.top = top
        }
        if let token = option("$skiptoken") {
            guard let bytes = URLSafeBase64.decode(token), let text = String(bytes: bytes, encoding: .utf8),
                text.hasPrefix("user:"), let cursor = Int(text.dropFirst(5))
            else { throw .badRequest("Invalid $skiptoken; follow @odata.nextLink exactly as returned.") }
            query.cursor = cursor
        }
        if let text = option("$expand") {
            if advanced {
                throw DirectoryQueryError(
                    code: "Request_UnsupportedQuery", message: "$expand is not supported with advanced queries.")
            }
            query.expandManager = try manager(text)
            query.expandText = text
        }
        return query
    }

    /// The filter's limits, and the advanced query parameters it needs.
    private static func check(_ filter: UserFilter, advanced: Bool, target: String) throws(DirectoryQueryError) {
        if advanced {
            guard target.utf8.count <= maximumAdvancedURLLength else {
                throw DirectoryQueryError(
                    code: "Request_UnsupportedQuery",
                    message: "The request URL is longer than \(maximumAdvancedURLLength) characters.")
            }
            return
        }
        switch filter.advancedRequirement {
        case .operator(let name)?:
            throw DirectoryQueryError(
                code: "Request_UnsupportedQuery",
                message: "Operator '\(name)' is not supported because the required parameters might be missing. Try "
                    + "adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to "
                    + "https://aka.ms/graph-docs/advanced-queries for more information")
        case .property(let name)?:
            throw .unsupported(property: name)
        case nil:
            break
        }
        let width = filter.orWidth
        if width > maximumOrWidth {
            throw DirectoryQueryError(
                code: "Request_UnsupportedQuery",
                message: "Too many child clauses specified in search filter expression containing 'OR' operators: "
                    + "\(width). Max allowed: \(maximumOrWidth).")
        }
        if let long = filter.comparedValues.first(where: { $0.count > maximumValueLength }) {
            throw DirectoryQueryError(
                code: "Request_UnsupportedQuery",
                message: "The value '\(long.prefix(20))…' is longer than \(maximumValueLength) characters, the limit "
                    + "for a value to match without advanced queries.")
        }
    }

    /// A `$select` list in Graph's spelling.
    static func properties(_ text: String) throws(DirectoryQueryError) -> [String] {
        var names: [String] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let canonical = UserProperties.canonicalName(name) else {
                throw .badRequest("Could not find a property named '\(name)' on type 'microsoft.graph.user'.")
            }
            if !names.contains(canonical) { names.append(canonical) }
        }
        guard !names.isEmpty else { throw .badRequest("$select needs at least one property.") }
        return names
    }

    /// `manager`, `manager($select=id,employeeId)` or `manager($levels=1;$select=…)`: the manager's properties.
    private static func manager(_ text: String) throws(DirectoryQueryError) -> [String]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("manager") else {
            throw DirectoryQueryError(
                code: "Request_UnsupportedQuery", message: "entra-emulator can only $expand=manager on users.")
        }
        let rest = trimmed.dropFirst("manager".count).trimmingCharacters(in: .whitespaces)
        if rest.isEmpty { return nil }
        guard rest.hasPrefix("("), rest.hasSuffix(")") else { throw .badRequest("Invalid $expand '\(text)'.") }
        var select: [String]?
        for option in rest.dropFirst().dropLast().split(separator: ";") {
            let pair = option.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            switch (pair.first?.lowercased(), pair.count) {
            case ("$select", 2): select = try properties(pair[1])
            case ("$levels", 2) where pair[1] == "1": continue
            default:
                throw DirectoryQueryError(
                    code: "Request_UnsupportedQuery",
                    message: "entra-emulator supports $select (and $levels=1) inside $expand=manager, not '\(option)'.")
            }
        }
        return select
    }

    /// The query of `@odata.nextLink`: the same options and an opaque `$skiptoken`.
    func nextLinkQuery(cursor: Int) -> String {
        var parts: [String] = []
        if let filterText { parts.append("$filter=" + LogsQuery.encode(filterText)) }
        if let select { parts.append("$select=" + LogsQuery.encode(select.joined(separator: ","))) }
        if let expandText { parts.append("$expand=" + LogsQuery.encode(expandText)) }
        if let countText { parts.append("$count=" + countText) }
        parts.append("$top=\(top)")
        parts.append("$skiptoken=" + URLSafeBase64.encode(Array("user:\(cursor)".utf8)))
        return parts.joined(separator: "&")
    }
}
