/// How a job's target attributes (the synchronization schema's names) are read from Graph's `user` resource, and which
/// `$filter` operators work on a property without the advanced query parameters (docs/service.md, "Reading the
/// directory").
package enum DirectoryAttributes {
    /// Where a target attribute's value is in a Graph user.
    package struct Source: Sendable, Equatable {
        /// Graph's property, as `$select` names it.
        package var property: String
        /// A member of an object property (`employeeOrgData.costCenter`).
        package var member: String?

        package init(property: String, member: String? = nil) {
            self.property = property
            self.member = member
        }
    }

    /// Always selected: what matching, enabling and the unique-value checks need.
    package static let alwaysSelected = [
        "id", "employeeId", "userPrincipalName", "mail", "mailNickname", "accountEnabled", "userType", "proxyAddresses",
    ]

    /// The user properties Graph has (the documented `user` resource) that a job's mappings write.
    static let userProperties = [
        "accountEnabled", "ageGroup", "businessPhones", "city", "companyName", "country", "department", "displayName",
        "employeeHireDate", "employeeId", "employeeLeaveDateTime", "employeeOrgData", "employeeType", "faxNumber",
        "givenName", "jobTitle", "mail", "mailNickname", "mobilePhone", "officeLocation", "otherMails", "postalCode",
        "preferredLanguage", "proxyAddresses", "state", "streetAddress", "surname", "usageLocation",
        "userPrincipalName", "userType",
    ]
    private static let byLowercase = Dictionary(uniqueKeysWithValues: userProperties.map { ($0.lowercased(), $0) })

    /// Target attributes whose Graph property has another name (the schema keeps the directory's own names).
    static let renamed = [
        "telephonenumber": "businessPhones", "mobile": "mobilePhone", "physicaldeliveryofficename": "officeLocation",
    ]

    /// Where `target` is read; nil for a reference (`manager`) or a name Graph's user does not have, which is then
    /// not read (asking for it would make Graph refuse the whole `$select`). Directory extensions
    /// (`extension_<appId>_<name>`) are read as named.
    package static func source(ofTarget target: String) -> Source? {
        let lower = target.lowercased()
        if let name = renamed[lower] { return Source(property: name) }
        if lower.hasPrefix("extension_") { return Source(property: target) }
        let parts = target.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, parts[0].lowercased() == "employeeorgdata" {
            return Source(property: "employeeOrgData", member: parts[1])
        }
        return byLowercase[lower].map { Source(property: $0) }
    }

    /// `$select`: the always-selected properties, the matching attribute's and each readable target's, once each.
    package static func selection(matchingAttribute: String, targets: [String]) -> [String] {
        var names = alwaysSelected
        for target in [matchingAttribute] + targets {
            guard let property = source(ofTarget: target)?.property,
                !names.contains(where: { $0.caseInsensitiveCompare(property) == .orderedSame })
            else { continue }
            names.append(property)
        }
        return names
    }

    /// Whether `eq` and `in` on `property` work without `ConsistencyLevel: eventual` and `$count=true` (the docs'
    /// property table). A property the table does not list is asked with them, which every filterable property
    /// accepts.
    package static func filtersWithoutAdvancedQuery(_ property: String) -> Bool {
        standardFilters.contains(property.lowercased())
    }

    private static let standardFilters: Set<String> = [
        "id", "employeeid", "userprincipalname", "mail", "mailnickname", "displayname", "givenname", "surname",
        "jobtitle", "department", "city", "country", "state", "usagelocation", "usertype", "accountenabled",
    ]
}
