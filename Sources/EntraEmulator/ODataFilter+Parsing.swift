import Foundation

extension ODataFilter {
    /// Parses a `$filter` expression; unknown properties are refused with a message naming them.
    static func parse(_ text: String) throws(ODataFilterError) -> ODataFilter {
        var parser = ODataFilterParser(tokens: try ODataToken.tokenize(text))
        let filter = try parser.parseOr()
        guard parser.index == parser.tokens.count else {
            throw ODataFilterError(message: "Invalid filter clause: unexpected '\(parser.tokens[parser.index].text)'.")
        }
        return filter
    }
}

private struct ODataFilterParser {
    typealias Token = ODataToken

    let tokens: [Token]
    var index = 0

    var current: Token? { index < tokens.count ? tokens[index] : nil }

    mutating func keyword(_ word: String) -> Bool {
        guard let token = current, token.kind == .word, token.text.lowercased() == word else { return false }
        index += 1
        return true
    }

    mutating func parseOr() throws(ODataFilterError) -> ODataFilter {
        var left = try parseAnd()
        while keyword("or") { left = .or(left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws(ODataFilterError) -> ODataFilter {
        var left = try parseUnary()
        while keyword("and") { left = .and(left, try parseUnary()) }
        return left
    }

    mutating func parseUnary() throws(ODataFilterError) -> ODataFilter {
        if keyword("not") { return .not(try parseUnary()) }
        guard let token = current else {
            throw ODataFilterError(message: "Invalid filter clause: the expression ends too early.")
        }
        if token.kind == .open {
            index += 1
            let inner = try parseOr()
            try expect(.close, ")")
            return inner
        }
        guard token.kind == .word else {
            throw ODataFilterError(message: "Invalid filter clause: unexpected '\(token.text)'.")
        }
        index += 1
        if let function = ODataFilter.Function(rawValue: token.text.lowercased()), current?.kind == .open {
            index += 1
            let property = try parseProperty()
            try expect(.comma, ",")
            guard let literal = current, literal.kind == .string else {
                throw ODataFilterError(message: "Invalid filter clause: \(function.rawValue) needs a quoted string.")
            }
            index += 1
            try expect(.close, ")")
            return .function(function, property: property, literal.text)
        }
        index -= 1
        let property = try parseProperty()
        guard let opToken = current, opToken.kind == .word,
            let op = ODataFilter.Operator(rawValue: opToken.text.lowercased())
        else {
            throw ODataFilterError(
                message: "Invalid filter clause: expected eq, ne, gt, ge, lt or le after '\(property)'.")
        }
        index += 1
        return .comparison(property: property, op, try parseLiteral())
    }

    mutating func parseProperty() throws(ODataFilterError) -> String {
        guard let token = current, token.kind == .word else {
            throw ODataFilterError(message: "Invalid filter clause: expected a property name.")
        }
        index += 1
        let property = token.text.lowercased()
        guard Self.knownProperties.contains(property) else {
            throw ODataFilterError(
                message: "Invalid filter clause: the property '\(token.text)' is not supported for filtering.")
        }
        return property
    }

    mutating func parseLiteral() throws(ODataFilterError) -> ODataFilter.Operand {
        guard let token = current else { throw ODataFilterError(message: "Invalid filter clause: expected a value.") }
        index += 1
        if token.kind == .string { return .string(token.text) }
        guard token.kind == .word else {
            throw ODataFilterError(message: "Invalid filter clause: unexpected '\(token.text)'.")
        }
        switch token.text.lowercased() {
        case "null": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if let date = Timestamp.parseISO8601(token.text) { return .dateTime(date) }
        if let number = Double(token.text) { return .number(number) }
        throw ODataFilterError(
            message: "Invalid filter clause: '\(token.text)' is not a valid value; quote strings with '.")
    }

    mutating func expect(_ kind: Token.Kind, _ text: String) throws(ODataFilterError) {
        guard let token = current, token.kind == kind else {
            throw ODataFilterError(message: "Invalid filter clause: expected '\(text)'.")
        }
        index += 1
    }

    /// Every property `ProvisioningLogRow.filterValue` answers.
    static let knownProperties: Set<String> = [
        "id", "jobid", "cycleid", "changeid", "tenantid", "activitydatetime", "durationinmilliseconds",
        "provisioningaction", "action", "provisioningstatusinfo/status", "statusinfo/status", "sourceidentity/id",
        "sourceidentity/displayname", "sourceidentity/identitytype", "targetidentity/identitytype", "targetidentity/id",
        "targetidentity/displayname", "serviceprincipal/id", "serviceprincipal/name", "serviceprincipal/displayname",
        "sourcesystem/displayname", "targetsystem/displayname", "initiatedby/displayname",
    ]
}
