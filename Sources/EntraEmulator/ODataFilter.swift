import Foundation

/// The `$filter` subset the provisioning logs need (docs/service.md, "Provisioning logs"): comparisons joined by
/// `and`/`or`, `not`, parentheses, and `contains`/`startswith`/`endswith`. Property names ignore case.
indirect enum ODataFilter: Sendable, Equatable {
    enum Operator: String, Sendable, CaseIterable { case eq, ne, gt, ge, lt, le }
    enum Function: String, Sendable, CaseIterable { case contains, startswith, endswith }

    /// A literal on the right-hand side, or a row's value on the left.
    enum Operand: Sendable, Equatable {
        case string(String)
        case dateTime(Double)
        case number(Double)
        case bool(Bool)
        case null
    }

    case and(ODataFilter, ODataFilter)
    case or(ODataFilter, ODataFilter)
    case not(ODataFilter)
    /// `property` is lower-cased.
    case comparison(property: String, Operator, Operand)
    case function(Function, property: String, String)

    func matches(_ row: ProvisioningLogRow) -> Bool {
        switch self {
        case .and(let left, let right): return left.matches(row) && right.matches(row)
        case .or(let left, let right): return left.matches(row) || right.matches(row)
        case .not(let inner): return !inner.matches(row)
        case .function(let function, let property, let needle):
            guard case .string(let text)? = row.filterValue(property) else { return false }
            let ignoreCase = ProvisioningLogRow.caseInsensitiveProperties.contains(property)
            let haystack = ignoreCase ? text.lowercased() : text
            let pattern = ignoreCase ? needle.lowercased() : needle
            switch function {
            case .contains: return pattern.isEmpty || haystack.contains(pattern)
            case .startswith: return haystack.hasPrefix(pattern)
            case .endswith: return haystack.hasSuffix(pattern)
            }
        case .comparison(let property, let op, let literal):
            guard let value = row.filterValue(property) else { return false }
            return Self.compare(
                value, op, literal, ignoreCase: ProvisioningLogRow.caseInsensitiveProperties.contains(property))
        }
    }

    /// Compares a row value with a literal; mismatched kinds never match (except a quoted date on a date).
    static func compare(_ value: Operand, _ op: Operator, _ literal: Operand, ignoreCase: Bool) -> Bool {
        let order: ComparisonResult
        switch (value, literal) {
        case (.string(let a), .string(let b)):
            order = ignoreCase ? a.lowercased().compare(b.lowercased()) : a.compare(b)
        case (.dateTime(let a), .dateTime(let b)):
            // Rows render whole seconds, so compare at that precision: `ge <rendered time>` includes the row.
            order = Self.order(a, b.rounded(.down))
        case (.dateTime(let a), .string(let text)):
            guard let b = Timestamp.parseISO8601(text) else { return op == .ne }
            order = Self.order(a, b.rounded(.down))
        case (.number(let a), .number(let b)):
            order = Self.order(a, b)
        case (_, .null):
            return op == .ne
        default:
            return op == .ne
        }
        switch op {
        case .eq: return order == .orderedSame
        case .ne: return order != .orderedSame
        case .gt: return order == .orderedDescending
        case .ge: return order != .orderedAscending
        case .lt: return order == .orderedAscending
        case .le: return order != .orderedDescending
        }
    }

    private static func order(_ a: Double, _ b: Double) -> ComparisonResult {
        a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
    }
}

/// Why a `$filter` was refused; becomes a Graph 400.
struct ODataFilterError: Error, Sendable, Equatable {
    var message: String
}
