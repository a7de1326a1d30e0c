import SCIM

/// Which Entra ID user attribute each SCIM attribute of a record flows to, so values can be checked against the
/// target's limits (`EntraLimits`) before they are sent.
///
/// Keys are lower-cased SCIM source paths as the provisioning schema names them (`name.givenname`,
/// `addresses[type eq "work"].locality`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:department`);
/// values are Entra attribute names. The default is the mappings a new API-driven provisioning job starts with; a
/// job whose mappings were changed can be described by its own flows.
public struct AttributeFlows: Sendable, Equatable {
    /// Lower-cased SCIM source path → Entra target attribute.
    public let targetBySource: [String: String]

    /// `targetBySource` keys are lower-cased here, so callers may pass the schema's spelling.
    public init(targetBySource: [String: String]) {
        self.targetBySource = Dictionary(
            targetBySource.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The Entra attribute `path` flows to, if any.
    public func target(of path: AttributePath) -> String? { targetBySource[path.description.lowercased()] }

    /// The default attribute mappings of "API-driven provisioning to Microsoft Entra ID" (docs/service.md, "How the
    /// service treats records"). `active` feeds `accountEnabled` through a Switch expression, not as a text value,
    /// so it has no entry; `manager` is a reference, resolved by the service.
    public static let defaultMappings: AttributeFlows = {
        let enterprise = SCIMSchema.enterpriseUser
        let work = { (attribute: String, sub: String) in "\(attribute)[type eq \"work\"].\(sub)" }
        return AttributeFlows(targetBySource: [
            "externalId": "employeeId",
            "userName": "userPrincipalName",
            "displayName": "displayName",
            "name.givenName": "givenName",
            "name.familyName": "surname",
            "title": "jobTitle",
            "preferredLanguage": "preferredLanguage",
            work("emails", "value"): "mail",
            work("phoneNumbers", "value"): "telephoneNumber",
            work("addresses", "streetAddress"): "streetAddress",
            work("addresses", "locality"): "city",
            work("addresses", "region"): "state",
            work("addresses", "postalCode"): "postalCode",
            work("addresses", "country"): "country",
            "\(enterprise):department": "department",
            "\(enterprise):organization": "companyName",
            "\(enterprise):costCenter": "employeeOrgData.costCenter",
            "\(enterprise):division": "employeeOrgData.division",
        ])
    }()
}
