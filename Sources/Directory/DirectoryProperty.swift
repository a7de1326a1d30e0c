/// The user properties no two objects of a tenant may share, which a job's write fails on when another object holds
/// the value (docs/service.md, "The directory and the job"). They compare ignoring case.
package enum DirectoryProperty: String, Sendable, CaseIterable, Codable, Comparable {
    case userPrincipalName
    case mail
    case mailNickname

    /// The property a job's target attribute writes, if it is one of these (target names ignore case).
    package init?(target: String) {
        guard let property = Self.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(target) == .orderedSame })
        else { return nil }
        self = property
    }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a directory look-up is keyed on: the job's matching attribute, the unique properties, and the whole proxy
/// addresses (`smtp:ann@contoso.com`) that hold mail values too.
package enum LookupKind: String, Sendable, CaseIterable, Hashable {
    case matching
    case userPrincipalName
    case mail
    case mailNickname
    case proxyAddress

    package init(_ property: DirectoryProperty) {
        switch property {
        case .userPrincipalName: self = .userPrincipalName
        case .mail: self = .mail
        case .mailNickname: self = .mailNickname
        }
    }
}
