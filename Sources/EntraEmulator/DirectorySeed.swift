import EmulatorKit
import Foundation
import JSONDocument

/// `--directory-seed FILE`: the users a tenant already has, as Graph shows them (docs/service.md, "Reading the
/// directory"). A JSON array of user objects, or a Graph page (`{"value": [...]}`). Each needs a
/// `userPrincipalName`; `id` (generated when absent), `accountEnabled` (default true), `userType` (`Member` or
/// `Guest`, default `Member`), `proxyAddresses`, `employeeOrgData`, `manager` (`{"id": "<object id>"}` of another
/// entry) and every other string property are taken as given; `@odata.*` members are skipped. A user with an
/// `employeeId` equal to a record's externalId is matched by the job; one without is never matched but still holds
/// its userPrincipalName, mail and proxy addresses.
enum DirectorySeed {
    /// What is wrong with the file, naming the entry and field (`[3].userPrincipalName: …`).
    struct Problem: Error, Sendable {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static func load(path: String) throws(EmulatorError) -> [DirectoryUser] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidDirectorySeed(path: path, detail: "the file cannot be read")
        }
        let bytes = Array(data)
        let document: JSON
        do {
            document = try JSON.parse(bytes)
        } catch {
            throw .invalidDirectorySeed(
                path: path, detail: "line \(error.line), column \(error.column): \(error.reason)")
        }
        do {
            return try users(in: document)
        } catch {
            throw .invalidDirectorySeed(path: path, detail: error.message)
        }
    }

    /// The users of a parsed seed document, checked as Entra would: unique ids, userPrincipalNames and addresses,
    /// and managers that exist.
    static func users(in document: JSON) throws(Problem) -> [DirectoryUser] {
        guard let entries = document.arrayValue ?? document["value"]?.arrayValue else {
            throw Problem(
                "expected a JSON array of users (or an object with a \"value\" array), found \(document.kindName)")
        }
        var generator = SeededGenerator(seed: 0x5EED_D1EC)
        var users: [DirectoryUser] = []
        var managers: [(index: Int, id: String)] = []
        for (index, entry) in entries.enumerated() {
            let (user, manager) = try self.user(entry, at: index, generator: &generator)
            users.append(user)
            if let manager { managers.append((index, manager)) }
        }
        try checkUnique(users)
        let ids = Set(users.map { $0.id.lowercased() })
        for (index, manager) in managers {
            guard ids.contains(manager.lowercased()) else {
                throw Problem("[\(index)].manager.id: no user in the file has id '\(manager)'")
            }
            users[index].managerID = manager
        }
        return users
    }

    private static func user(_ entry: JSON, at index: Int, generator: inout SeededGenerator) throws(Problem)
        -> (DirectoryUser, manager: String?)
    {
        let path = "[\(index)]"
        guard case .object(let members) = entry else {
            throw Problem("\(path): expected a user object, found \(entry.kindName)")
        }
        func string(_ key: String) throws(Problem) -> String? {
            switch entry[key] {
            case nil, .null?: return nil
            case .string(let text)?: return text
            case let other?: throw Problem("\(path).\(key): expected a string, found \(other.kindName)")
            }
        }
        guard let upn = try string("userPrincipalName"), !upn.isEmpty else {
            throw Problem("\(path).userPrincipalName: every user needs one")
        }
        var user = DirectoryUser(
            id: try string("id") ?? GUID.make(using: &generator), userPrincipalName: upn)
        if let enabled = entry["accountEnabled"], enabled != .null {
            guard let flag = enabled.boolValue else {
                throw Problem("\(path).accountEnabled: expected true or false, found \(enabled.kindName)")
            }
            user.accountEnabled = flag
        }
        if let type = try string("userType") {
            guard let known = ["Member", "Guest"].first(where: { $0.caseInsensitiveCompare(type) == .orderedSame })
            else { throw Problem("\(path).userType: expected Member or Guest, found '\(type)'") }
            user.userType = known
        }
        var manager: String?
        for member in members {
            let key = member.key
            let name = UserProperties.canonicalName(key) ?? key
            switch (name, member.value) {
            case ("id", _), ("userPrincipalName", _), ("accountEnabled", _), ("userType", _), (_, .null): continue
            case _ where key.hasPrefix("@odata."): continue
            case ("manager", let value):
                guard let id = value["id"]?.stringValue else {
                    throw Problem("\(path).manager: expected {\"id\": \"<object id of another user>\"}")
                }
                manager = id
            case ("proxyAddresses", let value):
                guard let list = value.arrayValue?.compactMap(\.stringValue), list.count == value.arrayValue?.count,
                    list.allSatisfy({ $0.contains(":") })
                else {
                    throw Problem("\(path).proxyAddresses: expected an array of \"type:address\" strings")
                }
                user.proxyAddresses = list
            case ("businessPhones", .array(let items)) where items.count == 1 && items[0].stringValue != nil:
                user.strings[name] = items[0].stringValue
            case ("employeeOrgData", .object(let parts)):
                for part in parts {
                    guard let text = part.value.stringValue else { continue }
                    user.strings["employeeOrgData.\(part.key)"] = text
                }
            case (_, .string(let text)): user.strings[name] = text
            case (_, let value) where stringProperties.contains(name):
                throw Problem("\(path).\(key): expected a string, found \(value.kindName)")
            case (_, let value): user.raw[name] = value
            }
        }
        if let mail = user.mail,
            !user.proxyAddresses.contains(where: { $0.lowercased() == "smtp:" + mail.lowercased() })
        {
            user.proxyAddresses.insert("SMTP:" + mail, at: 0)
        }
        return (user, manager)
    }

    /// Properties that are strings in Graph: a number or object there is a mistake in the file, not data to keep.
    private static let stringProperties: Set<String> = [
        "employeeId", "mail", "mailNickname", "displayName", "givenName", "surname", "jobTitle", "department",
        "companyName", "city", "country", "state", "postalCode", "streetAddress", "usageLocation", "employeeType",
        "mobilePhone", "officeLocation", "preferredLanguage",
    ]

    private static func checkUnique(_ users: [DirectoryUser]) throws(Problem) {
        var ids: [String: Int] = [:]
        var names: [String: Int] = [:]
        var addresses: [String: Int] = [:]
        for (index, user) in users.enumerated() {
            if let first = ids.updateValue(index, forKey: user.id.lowercased()) {
                throw Problem("[\(index)].id: '\(user.id)' is also the id of [\(first)]")
            }
            if let upn = user.userPrincipalName, let first = names.updateValue(index, forKey: upn.lowercased()) {
                throw Problem("[\(index)].userPrincipalName: '\(upn)' is also held by [\(first)]")
            }
            for address in Set(user.proxyAddresses.map { $0.lowercased() }) {
                if let first = addresses.updateValue(index, forKey: address) {
                    throw Problem("[\(index)].proxyAddresses: '\(address)' is also held by [\(first)] (mail counts)")
                }
            }
        }
    }
}
