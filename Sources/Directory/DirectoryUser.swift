/// A user as a directory read saw it: what matching, the unique-value checks and the predicted changes need, and
/// nothing else (only the selected attributes are kept).
package struct DirectoryUser: Sendable, Equatable {
    /// The object id.
    package var id: String
    package var userPrincipalName: String?
    package var mail: String?
    package var mailNickname: String?
    package var employeeId: String?
    /// The value of the job's matching attribute (the employeeId unless the job matches on another attribute).
    package var matchingValue: String?
    package var accountEnabled: Bool
    /// `Member` or `Guest`.
    package var userType: String
    /// `SMTP:` (primary) and `smtp:` addresses.
    package var proxyAddresses: [String]
    /// The other selected target attributes, keyed by the lower-cased target name, as the job writes them.
    package var attributes: [String: String]

    package init(
        id: String, userPrincipalName: String? = nil, mail: String? = nil, mailNickname: String? = nil,
        employeeId: String? = nil, matchingValue: String? = nil, accountEnabled: Bool = true,
        userType: String = "Member", proxyAddresses: [String] = [], attributes: [String: String] = [:]
    ) {
        self.id = id
        self.userPrincipalName = userPrincipalName
        self.mail = mail
        self.mailNickname = mailNickname
        self.employeeId = employeeId
        self.matchingValue = matchingValue ?? employeeId
        self.accountEnabled = accountEnabled
        self.userType = userType
        self.proxyAddresses = proxyAddresses
        self.attributes = Dictionary(
            attributes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
    }

    package var isGuest: Bool { userType.caseInsensitiveCompare("Guest") == .orderedSame }

    /// The value `property` holds now.
    package func value(of property: DirectoryProperty) -> String? {
        switch property {
        case .userPrincipalName: userPrincipalName
        case .mail: mail
        case .mailNickname: mailNickname
        }
    }

    /// The value target attribute `target` has now, as the job's mappings would write it (`True`/`False` for the
    /// account state): what a predicted change compares with.
    package func value(ofTarget target: String) -> String? {
        switch target.lowercased() {
        case "accountenabled": accountEnabled ? "True" : "False"
        case "userprincipalname": userPrincipalName
        case "mail": mail
        case "mailnickname": mailNickname
        case "employeeid": employeeId
        case "usertype": userType
        case let other: attributes[other]
        }
    }

    /// Whether the user holds `value` of `property` (ignoring case); a mail counts as held by a proxy address too, as
    /// the service counts it.
    package func holds(_ property: DirectoryProperty, _ value: String) -> Bool {
        if let own = self.value(of: property), own.caseInsensitiveCompare(value) == .orderedSame { return true }
        guard property == .mail else { return false }
        let address = "smtp:" + value.lowercased()
        return proxyAddresses.contains { $0.lowercased() == address }
    }

    /// The user as a finding names it.
    package var object: DirectoryObject {
        DirectoryObject(
            id: id, userPrincipalName: userPrincipalName, employeeId: employeeId, isGuest: isGuest,
            isDisabled: !accountEnabled)
    }
}

/// Another object a finding names: its object id, UPN, employeeId, and whether it is a guest or disabled.
package struct DirectoryObject: Sendable, Equatable, Codable {
    package var id: String
    package var userPrincipalName: String?
    package var employeeId: String?
    package var isGuest: Bool
    package var isDisabled: Bool

    package init(id: String, userPrincipalName: String?, employeeId: String?, isGuest: Bool, isDisabled: Bool) {
        self.id = id
        self.userPrincipalName = userPrincipalName
        self.employeeId = employeeId
        self.isGuest = isGuest
        self.isDisabled = isDisabled
    }

    /// `User 'id' (upn, a guest, disabled, employeeId '…')`.
    package var description: String {
        var notes = [userPrincipalName ?? "no userPrincipalName"]
        if isGuest { notes.append("a guest") }
        if isDisabled { notes.append("disabled") }
        notes.append(employeeId.map { "employeeId '\($0)'" } ?? "no employeeId")
        return "User '\(id)' (\(notes.joined(separator: ", ")))"
    }
}
