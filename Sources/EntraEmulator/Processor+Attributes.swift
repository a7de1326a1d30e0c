import Foundation

extension Processor {
    /// SCIM attribute paths renamed to the Entra property a default mapping writes (for `modifiedProperties`).
    static let entraNames: [String: String] = [
        "userName": "userPrincipalName", "active": "accountEnabled", "externalId": "employeeId",
        "name.givenName": "givenName", "name.familyName": "surname", "title": "jobTitle", "emails.work": "mail",
        "phoneNumbers.work": "telephoneNumber", "\(enterpriseURN).manager.value": "manager",
        "\(enterpriseURN).department": "department", "\(enterpriseURN).employeeNumber": "employeeNumber",
        "\(enterpriseURN).costCenter": "costCenter", "\(enterpriseURN).division": "division",
        "\(enterpriseURN).organization": "companyName",
    ]

    /// Scalar leaves of a SCIM user as (property, value) pairs. Multi-valued attributes keep only `type: work`
    /// entries (contract §1.4 known limitation); `schemas` and empty values are ignored.
    static func flatten(_ data: JSON) -> [(String, String)] {
        var result: [(String, String)] = []
        func visit(_ value: JSON, path: String) {
            switch value {
            case .null: return
            case .bool(let flag): result.append((path, flag ? "True" : "False"))
            case .number(let text): result.append((path, text))
            case .string(let text) where !text.isEmpty: result.append((path, text))
            case .string: return
            case .object(let members):
                for member in members where member.key != "schemas" {
                    let separator = path.isEmpty ? "" : "."
                    visit(member.value, path: path + separator + member.key)
                }
            case .array(let items):
                for item in items where item["type"]?.stringValue == "work" {
                    if let text = item["value"]?.stringValue { result.append((path + ".work", text)) }
                }
            }
        }
        visit(data, path: "")
        return result.map { (entraNames[$0.0] ?? $0.0, $0.1) }
    }

    /// The properties whose value changed, as Graph's `modifiedProperties`.
    static func difference(old: [(String, String)], new: [(String, String)]) -> [ProvisioningLogRow.ModifiedProperty] {
        let previous = Dictionary(old, uniquingKeysWith: { _, last in last })
        var changes: [ProvisioningLogRow.ModifiedProperty] = []
        var seen: Set<String> = []
        for (name, value) in new where previous[name] != value && seen.insert(name).inserted {
            changes.append(.init(displayName: name, oldValue: previous[name], newValue: value))
        }
        return changes
    }

    /// The stored attributes after an update: omitted attributes keep their value, because the service
    /// ignores absent and null values unless "flow null values" is on (contract §1.4).
    static func merge(old: [(String, String)], new: [(String, String)]) -> [(String, String)] {
        let updated = Set(new.map(\.0))
        return old.filter { !updated.contains($0.0) } + new
    }
}
