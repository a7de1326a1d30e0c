import EmulatorKit
import Foundation

extension UserFilter {
    /// Parses a `$filter` on users; a clause Graph does not support gets Graph's `Request_UnsupportedQuery`, a
    /// malformed one `BadRequest` (docs/service.md, "Reading the directory").
    static func parse(_ text: String) throws(DirectoryQueryError) -> UserFilter {
        let tokens: [ODataToken]
        do {
            tokens = try ODataToken.tokenize(text)
        } catch {
            throw .badRequest(error.message)
        }
        var parser = UserFilterParser(tokens: tokens)
        let filter = try parser.parseOr()
        if let extra = parser.current { throw .badRequest("Invalid filter clause: unexpected '\(extra.text)'.") }
        return filter
    }
}

private struct UserFilterParser {
    let tokens: [ODataToken]
    var index = 0

    var current: ODataToken? { index < tokens.count ? tokens[index] : nil }

    mutating func keyword(_ word: String) -> Bool {
        guard let token = current, token.kind == .word, token.text.lowercased() == word else { return false }
        index += 1
        return true
    }

    mutating func expect(_ kind: ODataToken.Kind, _ text: String) throws(DirectoryQueryError) {
        guard let token = current, token.kind == kind else {
            throw .badRequest("Invalid filter clause: expected '\(text)'.")
        }
        index += 1
    }

    mutating func word() throws(DirectoryQueryError) -> String {
        guard let token = current, token.kind == .word else {
            throw .badRequest("Invalid filter clause: expected a property name.")
        }
        index += 1
        return token.text
    }

    mutating func string() throws(DirectoryQueryError) -> String {
        guard let token = current, token.kind == .string else {
            throw .badRequest("Invalid filter clause: expected a quoted string.")
        }
        index += 1
        return token.text
    }

    mutating func parseOr() throws(DirectoryQueryError) -> UserFilter {
        var parts = [try parseAnd()]
        while keyword("or") { parts.append(try parseAnd()) }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    mutating func parseAnd() throws(DirectoryQueryError) -> UserFilter {
        var parts = [try parseUnary()]
        while keyword("and") { parts.append(try parseUnary()) }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    mutating func parseUnary() throws(DirectoryQueryError) -> UserFilter {
        if keyword("not") { return .not(try parseUnary()) }
        guard let token = current else { throw .badRequest("Invalid filter clause: the expression ends too early.") }
        if token.kind == .open {
            index += 1
            let inner = try parseOr()
            try expect(.close, ")")
            return inner
        }
        let name = try word()
        let next = current?.kind
        if next == .open, let function = UserFilter.Function(rawValue: name.lowercased()) {
            index += 1
            let property = try self.property(try word(), support: \.startsWith)
            if function == .endsWith { _ = try self.property(property, support: \.endsWith) }
            try expect(.comma, ",")
            let text = try string()
            try expect(.close, ")")
            return .function(function, property: property, text)
        }
        if next == .open, let slash = name.lastIndex(of: "/") {
            guard name[name.index(after: slash)...].lowercased() == "any" else {
                throw .unsupported(property: String(name[..<slash]))
            }
            index += 1
            return try lambda(on: String(name[..<slash]))
        }
        let property = try self.property(name, support: \.eq)
        guard let op = current, op.kind == .word else {
            throw .badRequest("Invalid filter clause: expected eq, ne or in after '\(name)'.")
        }
        index += 1
        switch op.text.lowercased() {
        case "eq", "ne":
            let value = try literal(for: property)
            if value == .null, UserFilterSupport.of(property)?.null == nil { throw .unsupported(property: property) }
            return .equals(property: property, value, negated: op.text.lowercased() == "ne")
        case "in":
            try expect(.open, "(")
            var values = [try literal(for: property)]
            while current?.kind == .comma {
                index += 1
                values.append(try literal(for: property))
            }
            try expect(.close, ")")
            return .isIn(property: property, values)
        case "ge", "le", "gt", "lt":
            throw DirectoryQueryError(
                code: "Request_UnsupportedQuery",
                message: "entra-emulator does not implement '\(op.text)' on users; use eq, ne, in, startsWith or "
                    + "endsWith.")
        default:
            throw .badRequest("Invalid filter clause: expected eq, ne or in after '\(name)', found '\(op.text)'.")
        }
    }

    /// `collection/any(p: p eq 'x')` or `collection/any(p: startsWith(p, 'x'))`.
    mutating func lambda(on name: String) throws(DirectoryQueryError) -> UserFilter {
        let property = try self.property(name, support: \.eq, collection: true)
        let head = try word()
        guard let colon = head.firstIndex(of: ":") else { throw .badRequest("Invalid filter clause: expected 'p:'.") }
        let variable = String(head[..<colon])
        var rest = String(head[head.index(after: colon)...])
        if rest.isEmpty { rest = try word() }
        let result: UserFilter
        if let function = UserFilter.Function(rawValue: rest.lowercased()) {
            if function == .endsWith { _ = try self.property(property, support: \.endsWith, collection: true) }
            try expect(.open, "(")
            guard try word() == variable else { throw .badRequest("Invalid filter clause: expected '\(variable)'.") }
            try expect(.comma, ",")
            result = .any(property: property, .function(function, try string()))
            try expect(.close, ")")
        } else {
            guard rest == variable, keyword("eq") else {
                throw .badRequest("Invalid filter clause: expected '\(variable) eq' inside any().")
            }
            result = .any(property: property, .eq(try string()))
        }
        try expect(.close, ")")
        return result
    }

    /// Graph's spelling of `name`, if the emulator can filter on it with the operator `support` names.
    func property(
        _ name: String, support: KeyPath<UserFilterSupport, UserFilterSupport.Level?>, collection: Bool = false
    ) throws(DirectoryQueryError) -> String {
        guard let canonical = UserProperties.canonicalName(name), let known = UserFilterSupport.of(canonical),
            known[keyPath: support] != nil, known.collection == collection
        else { throw .unsupported(property: name) }
        return canonical
    }

    mutating func literal(for property: String) throws(DirectoryQueryError) -> UserFilter.Value {
        guard let token = current else { throw .badRequest("Invalid filter clause: expected a value.") }
        index += 1
        let isBoolean = property == "accountEnabled"
        switch (token.kind, token.text.lowercased()) {
        case (.word, "null"): return .null
        case (.word, "true") where isBoolean: return .bool(true)
        case (.word, "false") where isBoolean: return .bool(false)
        case (.string, _) where !isBoolean: return .string(token.text)
        default:
            throw .badRequest(
                "Invalid filter clause: '\(token.text)' is not a valid value for '\(property)'"
                    + (isBoolean ? "; use true or false." : "; quote strings with '."))
        }
    }
}
