import EmulatorKit
import Foundation

/// Which `$filter` operators a user property supports, and whether they need the advanced query parameters
/// (`ConsistencyLevel: eventual` and `$count=true`), per Microsoft's table of directory-object properties
/// (docs/service.md, "Reading the directory"). `in` goes with `eq`; `ne` and `not` always need advanced queries.
struct UserFilterSupport: Sendable {
    enum Level: Sendable, Equatable {
        case standard
        case advanced
    }

    var eq: Level?
    var startsWith: Level?
    var endsWith: Level?
    /// `eq null`.
    var null: Level?
    /// A collection, filtered with `any(p: …)`.
    var collection = false

    private static let text = UserFilterSupport(eq: .standard, startsWith: .standard, null: .advanced)
    private static let advancedText = UserFilterSupport(eq: .advanced, startsWith: .advanced, null: .advanced)

    private static let table: [String: UserFilterSupport] = {
        var table: [String: UserFilterSupport] = [
            "id": .init(eq: .standard),
            "accountEnabled": .init(eq: .standard),
            "userType": .init(eq: .standard, null: .advanced),
            "userPrincipalName": .init(eq: .standard, startsWith: .standard, endsWith: .advanced),
            "mail": .init(eq: .standard, startsWith: .standard, endsWith: .advanced, null: .advanced),
            "proxyAddresses": .init(
                eq: .standard, startsWith: .standard, endsWith: .advanced, null: .advanced, collection: true),
        ]
        for name in [
            "employeeId", "mailNickname", "displayName", "givenName", "surname", "jobTitle", "department", "city",
            "country", "state", "usageLocation",
        ] {
            table[name] = text
        }
        for name in [
            "companyName", "employeeType", "mobilePhone", "officeLocation", "postalCode", "preferredLanguage",
            "streetAddress",
        ] {
            table[name] = advancedText
        }
        return table
    }()

    /// The support of `property` (Graph's spelling), or nil when the emulator cannot filter on it.
    static func of(_ property: String) -> UserFilterSupport? { table[property] }
}
