import EmulatorKit
import Foundation
import JSONDocument

/// A user object of the emulated tenant, with Graph's property names (docs/service.md, "Reading the directory"): what
/// `GET /users` shows and what the provisioning job matches, creates, updates, enables and disables.
struct DirectoryUser: Sendable, Equatable {
    /// The object id.
    var id: String
    var userPrincipalName: String?
    var accountEnabled: Bool
    /// `Member` or `Guest`.
    var userType: String
    /// `SMTP:` (primary) and `smtp:` addresses; writing `mail` adds it as the primary one, as Entra does.
    var proxyAddresses: [String]
    /// The manager's object id.
    var managerID: String?
    /// The other string properties by Graph name: `employeeId`, `displayName`, `mail`, `mailNickname`, `givenName`,
    /// `surname`, `jobTitle`, `department`, `companyName`, …; `employeeOrgData.costCenter` for a nested one.
    var strings: [String: String]
    /// Anything else a seed file gave (numbers, arrays, objects), shown as given.
    var raw: [String: JSON]

    init(
        id: String, userPrincipalName: String?, accountEnabled: Bool = true, userType: String = "Member",
        proxyAddresses: [String] = [], managerID: String? = nil, strings: [String: String] = [:],
        raw: [String: JSON] = [:]
    ) {
        self.id = id
        self.userPrincipalName = userPrincipalName
        self.accountEnabled = accountEnabled
        self.userType = userType
        self.proxyAddresses = proxyAddresses
        self.managerID = managerID
        self.strings = strings
        self.raw = raw
    }

    var employeeID: String? { strings["employeeId"] }
    var mail: String? { strings["mail"] }
    var mailNickname: String? { strings["mailNickname"] }
    var displayName: String { strings["displayName"] ?? "" }

    // MARK: Synchronization-schema targets

    /// Target attributes whose Graph property has another name (the schema keeps the directory's own names).
    static let graphNameOfTarget: [String: String] = [
        "telephonenumber": "businessPhones", "mobile": "mobilePhone", "physicaldeliveryofficename": "officeLocation",
    ]

    /// The Graph property a schema target writes, in Graph's spelling where the emulator knows it.
    static func graphName(ofTarget target: String) -> String {
        let lower = target.lowercased()
        if let renamed = graphNameOfTarget[lower] { return renamed }
        return UserProperties.canonicalName(target) ?? target
    }

    /// The value target attribute `target` has now, as the mappings would write it (`True`/`False`, the manager's
    /// object id): what `modifiedProperties` compares with.
    func value(ofTarget target: String) -> String? {
        let name = Self.graphName(ofTarget: target)
        switch name {
        case "accountEnabled": return accountEnabled ? "True" : "False"
        case "userPrincipalName": return userPrincipalName
        case "userType": return userType
        case "manager": return managerID
        default: return strings[name]
        }
    }

    /// Writes one mapped value; `mail` also becomes the primary proxy address (the previous one stays, secondary).
    mutating func set(target: String, to value: String) {
        let name = Self.graphName(ofTarget: target)
        switch name {
        case "accountEnabled": accountEnabled = value.caseInsensitiveCompare("True") == .orderedSame
        case "userPrincipalName": userPrincipalName = value
        case "userType": userType = value
        case "manager": managerID = value
        case "mail":
            strings[name] = value
            setPrimaryProxyAddress("SMTP:" + value)
        default: strings[name] = value
        }
    }

    /// Removes one mapped value (a null-flowing attribute the record left out); the account state, the user
    /// principal name and the manager are never cleared this way.
    mutating func clear(target: String) {
        let name = Self.graphName(ofTarget: target)
        switch name {
        case "accountEnabled", "userPrincipalName", "manager": return
        case "userType": userType = "Member"
        default: strings[name] = nil
        }
    }

    private mutating func setPrimaryProxyAddress(_ address: String) {
        proxyAddresses = proxyAddresses.map { $0.hasPrefix("SMTP:") ? "smtp:" + $0.dropFirst(5) : $0 }
        let lower = address.lowercased()
        proxyAddresses.removeAll { $0.lowercased() == lower }
        proxyAddresses.insert(address, at: 0)
    }

    // MARK: Graph rendering

    /// The properties `GET /users` returns without `$select` (v1.0's default set).
    static let defaultProperties = [
        "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation",
        "preferredLanguage", "surname", "userPrincipalName", "id",
    ]

    /// Property `name` (canonical spelling) as Graph shows it: null when the user has none.
    func json(_ name: String) -> JSON {
        switch name {
        case "id": return .string(id)
        case "userPrincipalName": return .optional(userPrincipalName)
        case "accountEnabled": return .bool(accountEnabled)
        case "userType": return .string(userType)
        case "proxyAddresses": return .array(proxyAddresses.map(JSON.string))
        case "businessPhones":
            if let text = strings[name] { return [.string(text)] }
            return raw[name] ?? []
        case "employeeOrgData":
            let parts = ["costCenter", "division"].compactMap { part in
                strings["employeeOrgData.\(part)"].map { JSONMember(part, .string($0)) }
            }
            return parts.isEmpty ? raw[name] ?? .null : .object(parts)
        default:
            if let text = strings[name] { return .string(text) }
            return raw[name] ?? .null
        }
    }

    /// The object with `properties` (all of them: `id` first when present) in that order.
    func json(properties: [String]) -> JSON {
        .object(properties.map { JSONMember($0, json($0)) })
    }

    /// Everything the emulator holds, for `/_emulator/directory` (the manager as `{"id": …}`).
    var fullJSON: JSON {
        var names = ["id", "userPrincipalName", "accountEnabled", "userType", "proxyAddresses"]
        names += strings.keys.filter { !$0.contains(".") }.sorted()
        if strings.keys.contains(where: { $0.hasPrefix("employeeOrgData.") }) { names.append("employeeOrgData") }
        names += raw.keys.filter { !names.contains($0) }.sorted()
        var members = names.map { JSONMember($0, json($0)) }
        if let managerID { members.append(JSONMember("manager", .object(["id": .string(managerID)]))) }
        return .object(members)
    }
}

/// The user properties the emulator knows by name (Graph's `user` resource), for `$select` and `$filter`.
enum UserProperties {
    static let known = [
        "id", "accountEnabled", "ageGroup", "businessPhones", "city", "companyName", "country", "createdDateTime",
        "creationType", "department", "displayName", "employeeHireDate", "employeeId", "employeeLeaveDateTime",
        "employeeOrgData", "employeeType", "externalUserState", "faxNumber", "givenName", "imAddresses", "jobTitle",
        "mail", "mailNickname", "mobilePhone", "officeLocation", "onPremisesImmutableId", "onPremisesSyncEnabled",
        "otherMails", "postalCode", "preferredLanguage", "proxyAddresses", "state", "streetAddress", "surname",
        "usageLocation", "userPrincipalName", "userType",
    ]

    private static let byLowercase = Dictionary(uniqueKeysWithValues: known.map { ($0.lowercased(), $0) })

    /// Graph's spelling of `name` (any case), or nil when it is not a user property the emulator knows. Directory
    /// extension properties (`extension_<appId>_<name>`) are taken as given.
    static func canonicalName(_ name: String) -> String? {
        if let known = byLowercase[name.lowercased()] { return known }
        return name.lowercased().hasPrefix("extension_") ? name : nil
    }
}
