import Directory
import Foundation
import JSONDocument

/// One page of `GET /users`: the users as the index keeps them (the selected attributes only) and the next page.
struct DirectoryPage {
    var users: [DirectoryUser]
    /// `@odata.nextLink` as sent (absolute).
    var nextLink: String?

    /// How the selected target attributes are read from a user object.
    struct Reading: Sendable {
        let matching: DirectoryAttributes.Source
        let targets: [(target: String, source: DirectoryAttributes.Source)]

        init(matchingAttribute: String, attributes: [String]) {
            matching =
                DirectoryAttributes.source(ofTarget: matchingAttribute)
                ?? DirectoryAttributes.Source(property: matchingAttribute)
            let typed: Set<String> = [
                "accountenabled", "userprincipalname", "mail", "mailnickname", "employeeid", "usertype",
            ]
            targets = attributes.compactMap { target in
                guard !typed.contains(target.lowercased()), let source = DirectoryAttributes.source(ofTarget: target)
                else { return nil }
                return (target, source)
            }
        }
    }

    /// Nil when `body` is not a page of users.
    init?(_ body: JSON?, reading: Reading) {
        guard let body, let values = body["value"]?.arrayValue else { return nil }
        var users: [DirectoryUser] = []
        users.reserveCapacity(values.count)
        for value in values {
            guard let user = Self.user(value, reading: reading) else { return nil }
            users.append(user)
        }
        self.users = users
        nextLink = body["@odata.nextLink"]?.stringValue
    }

    static func user(_ object: JSON, reading: Reading) -> DirectoryUser? {
        guard object.isObject, let id = object["id"]?.stringValue, !id.isEmpty else { return nil }
        var attributes: [String: String] = [:]
        for (target, source) in reading.targets {
            if let value = text(object, source) { attributes[target] = value }
        }
        let userPrincipalName = object["userPrincipalName"]?.stringValue
        // One string where the mail is the userPrincipalName, as it usually is.
        let mail = object["mail"]?.stringValue.map { $0 == userPrincipalName ? userPrincipalName! : $0 }
        var user = DirectoryUser(
            id: id, userPrincipalName: userPrincipalName, mail: mail,
            mailNickname: object["mailNickname"]?.stringValue, employeeId: object["employeeId"]?.stringValue,
            accountEnabled: object["accountEnabled"]?.boolValue ?? true,
            userType: object["userType"]?.stringValue ?? "Member",
            proxyAddresses: object["proxyAddresses"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            attributes: attributes)
        user.matchingValue = text(object, reading.matching)
        return user
    }

    /// A property as the job writes it: text as is, `True`/`False`, a number's text, a list's first entry, an
    /// object's member.
    static func text(_ object: JSON, _ source: DirectoryAttributes.Source) -> String? {
        guard var value = object[source.property] else { return nil }
        if let member = source.member {
            guard let inner = value[member] else { return nil }
            value = inner
        }
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "True" : "False"
        case .number(let text): return text
        case .array(let items): return items.first?.stringValue
        default: return nil
        }
    }
}
