import EmulatorKit
import Foundation
import JSONDocument

/// The `$filter` subset of `GET /users` (docs/service.md, "Reading the directory"): `eq`, `ne`, `in`, `startsWith`,
/// `endsWith`, `and`, `or`, `not`, parentheses and `proxyAddresses/any(p:p eq …)`. Strings compare ignoring case, as
/// directory properties do. Look-ups by employeeId, userPrincipalName, mail, mailNickname, id and proxy address use the
/// directory's indices; anything else scans.
indirect enum UserFilter: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case string(String)
        case bool(Bool)
        case null
    }

    enum Function: String, Sendable, CaseIterable {
        case startsWith = "startswith"
        case endsWith = "endswith"
    }

    /// The condition inside `collection/any(p: …)`.
    enum Lambda: Sendable, Equatable {
        case eq(String)
        case function(Function, String)
    }

    case and([UserFilter])
    case or([UserFilter])
    case not(UserFilter)
    /// `property` is Graph's spelling; `negated` is `ne`.
    case equals(property: String, Value, negated: Bool)
    case isIn(property: String, [Value])
    case function(Function, property: String, String)
    case any(property: String, Lambda)

    // MARK: Evaluation

    func matches(_ user: DirectoryUser) -> Bool {
        switch self {
        case .and(let parts): return parts.allSatisfy { $0.matches(user) }
        case .or(let parts): return parts.contains { $0.matches(user) }
        case .not(let inner): return !inner.matches(user)
        case .equals(let property, let value, let negated):
            return Self.equal(user.json(property), value) != negated
        case .isIn(let property, let values):
            let actual = user.json(property)
            return values.contains { Self.equal(actual, $0) }
        case .function(let function, let property, let text):
            guard case .string(let actual) = user.json(property) else { return false }
            return Self.apply(function, actual, text)
        case .any(let property, let lambda):
            return (user.json(property).arrayValue ?? []).contains { item in
                guard let actual = item.stringValue else { return false }
                switch lambda {
                case .eq(let text): return actual.caseInsensitiveCompare(text) == .orderedSame
                case .function(let function, let text): return Self.apply(function, actual, text)
                }
            }
        }
    }

    private static func equal(_ actual: JSON, _ expected: Value) -> Bool {
        switch (actual, expected) {
        case (.string(let a), .string(let b)): return a.caseInsensitiveCompare(b) == .orderedSame
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.string(let a), .null): return a.isEmpty
        default: return false
        }
    }

    private static func apply(_ function: Function, _ actual: String, _ text: String) -> Bool {
        let haystack = actual.lowercased()
        let needle = text.lowercased()
        return function == .startsWith ? haystack.hasPrefix(needle) : haystack.hasSuffix(needle)
    }

    /// The object ids the filter can only match among, from the directory's indices; nil when it needs a scan.
    func candidates(in directory: inout Directory) -> [String]? {
        switch self {
        case .equals(let property, .string(let value), negated: false):
            return directory.ids(property: property, equalTo: value)
        case .isIn(let property, let values):
            var ids: [String] = []
            for value in values {
                guard case .string(let text) = value, let found = directory.ids(property: property, equalTo: text)
                else { return nil }
                ids += found
            }
            return ids
        case .function(.startsWith, let property, let prefix):
            return directory.ids(property: property, prefix: prefix)
        case .any(let property, .eq(let value)):
            return directory.ids(property: property, equalTo: value)
        case .any(let property, .function(.startsWith, let prefix)):
            return directory.ids(property: property, prefix: prefix)
        case .or(let parts):
            var ids: [String] = []
            for part in parts {
                guard let found = part.candidates(in: &directory) else { return nil }
                ids += found
            }
            return ids
        case .and(let parts):
            var best: [String]?
            for part in parts {
                guard let found = part.candidates(in: &directory) else { continue }
                if best == nil || found.count < best!.count { best = found }
            }
            return best
        default:
            return nil
        }
    }

    // MARK: What Graph allows

    /// The widest disjunction: each `or` branch counts one, each value of an `in` one. Graph allows 15 by default.
    var orWidth: Int {
        switch self {
        case .or(let parts): return parts.reduce(0) { $0 + $1.orWidth }
        case .isIn(_, let values): return values.count
        case .and(let parts): return parts.map(\.orWidth).max() ?? 1
        case .not(let inner): return inner.orWidth
        default: return 1
        }
    }

    /// Every `eq`/`in` value, for the 120-character limit of standard queries.
    var comparedValues: [String] {
        switch self {
        case .and(let parts), .or(let parts): return parts.flatMap(\.comparedValues)
        case .not(let inner): return inner.comparedValues
        case .equals(_, .string(let value), _): return [value]
        case .isIn(_, let values): return values.compactMap { if case .string(let text) = $0 { text } else { nil } }
        case .any(_, .eq(let value)): return [value]
        default: return []
        }
    }

    /// Why the filter needs the advanced query parameters, or nil when it works without them: the operator (`ne`,
    /// `not`, `endsWith`) or the property whose clause is advanced only (docs/service.md, "Reading the directory").
    var advancedRequirement: AdvancedRequirement? {
        switch self {
        case .and(let parts), .or(let parts): return parts.lazy.compactMap(\.advancedRequirement).first
        case .not: return .operator("not")
        case .equals(_, _, negated: true): return .operator("ne")
        case .function(.endsWith, _, _), .any(_, .function(.endsWith, _)): return .operator("endsWith")
        case .equals(let property, .null, _):
            return UserFilterSupport.of(property)?.null == .standard ? nil : .property(property)
        case .equals(let property, _, _), .isIn(let property, _), .any(let property, _):
            return UserFilterSupport.of(property)?.eq == .standard ? nil : .property(property)
        case .function(_, let property, _):
            return UserFilterSupport.of(property)?.startsWith == .standard ? nil : .property(property)
        }
    }

    enum AdvancedRequirement: Sendable, Equatable {
        case `operator`(String)
        case property(String)
    }
}
