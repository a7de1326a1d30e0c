import Expressions
import SCIM

/// Which Entra ID user attribute each SCIM attribute of a record flows to, so values can be checked against the
/// target's limits (`EntraLimits`) before they are sent.
///
/// Keys are lower-cased SCIM source paths as the provisioning schema names them (`name.givenname`,
/// `addresses[type eq "work"].locality`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:department`);
/// values are Entra attribute names. The default is the mappings a new API-driven provisioning job starts with; a
/// job whose mappings were changed can be described by its own flows.
package struct AttributeFlows: Sendable, Equatable {
    /// Lower-cased SCIM source path → Entra target attribute.
    package let targetBySource: [String: String]
    /// Sources (lower-cased) whose value reaches its target through an expression (`Join("@", [userName], …)`)
    /// rather than unchanged: the target's rules for the value as sent do not apply.
    package let computed: Set<String>
    /// Sources (lower-cased) whose schema attribute flows null values (the preview "clear attribute values"): when
    /// the record leaves one out, the service clears its target.
    package let flowingNull: Set<String>
    /// Where the job provisions to; nil when unknown (offline, without the job's id or schema).
    package var directory: TargetDirectory?
    /// The job's own flows (from its schema), rather than the default mappings assumed offline.
    package let fromJob: Bool

    /// `targetBySource` keys (and the sets) are lower-cased here, so callers may pass the schema's spelling.
    package init(
        targetBySource: [String: String], computed: Set<String> = [], flowingNull: Set<String> = [],
        directory: TargetDirectory? = nil, fromJob: Bool = true
    ) {
        self.targetBySource = Dictionary(
            targetBySource.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.computed = Set(computed.map { $0.lowercased() })
        self.flowingNull = Set(flowingNull.map { $0.lowercased() })
        self.directory = directory
        self.fromJob = fromJob
    }

    /// The Entra attribute `path` flows to, if any.
    package func target(of path: AttributePath) -> String? { targetBySource[path.description.lowercased()] }

    /// Whether `path`'s value is written to its target unchanged (not through an expression).
    package func flowsUnchanged(_ path: AttributePath) -> Bool { !computed.contains(path.description.lowercased()) }

    /// Whether leaving `path` out of a record clears its target (the job's schema flows null values for it).
    package func clearsWhenLeftOut(_ path: AttributePath) -> Bool {
        flowingNull.contains(path.description.lowercased())
    }

    /// Entra's rules for a user principal name apply to `path`'s values: they flow unchanged to
    /// `userPrincipalName` of a job that provisions to Entra ID (not on-premises AD, whose UPN is its own).
    package func userPrincipalNameRulesApply(to path: AttributePath) -> Bool {
        target(of: path)?.lowercased() == "userprincipalname" && flowsUnchanged(path) && directory != .activeDirectory
    }

    /// The default attribute mappings of "API-driven provisioning to Microsoft Entra ID" (docs/service.md, "How the
    /// service treats records"). `active` feeds `accountEnabled` through a Switch expression, not as a text value,
    /// so it has no entry; `manager` is a reference, resolved by the service.
    package static let defaultMappings: AttributeFlows = {
        let enterprise = SCIMSchema.enterpriseUser
        let work = { (attribute: String, sub: String) in "\(attribute)[type eq \"work\"].\(sub)" }
        return AttributeFlows(
            fromJob: false,
            targetBySource: [
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

    private init(fromJob: Bool, targetBySource: [String: String]) {
        self.init(targetBySource: targetBySource, fromJob: fromJob)
    }
}
