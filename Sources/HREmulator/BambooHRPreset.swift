import EmulatorKit
import Foundation
import JSONDocument

/// BambooHR's v1 API under `/api/gateway.php/{company}/v1`: the employee directory (current employees, no paging,
/// JSON only with `Accept: application/json`, XML otherwise) and custom reports (`POST /reports/custom?format=JSON`
/// with the field names in a JSON body; every employee, leavers included). Basic auth with the API key as the user
/// name and any password.
///
/// Employees carry BambooHR's own numeric `id`; the HR system's number is `employeeNumber`, the manager is
/// `supervisorEId` (the manager's BambooHR id), and an empty date is `0000-00-00`.
struct BambooHRPreset {
    let state: HRState

    /// A report field: its id, BambooHR type, display name and value.
    struct Field: Sendable {
        let id: String
        let type: String
        let name: String
        let value: @Sendable (Person, [String: Person]) -> JSON
    }

    static func bambooID(_ person: Person) -> String { String(person.numericID + 40_000) }

    static let catalog: [Field] = [
        Field(id: "employeeNumber", type: "text", name: "Employee #") { p, _ in .string(p.id) },
        Field(id: "firstName", type: "text", name: "First Name") { p, _ in .string(p.firstName) },
        Field(id: "lastName", type: "text", name: "Last Name") { p, _ in .string(p.lastName) },
        Field(id: "preferredName", type: "text", name: "Preferred Name") { p, _ in .optional(p.preferredName) },
        Field(id: "displayName", type: "text", name: "Display name") { p, _ in .string(p.displayName) },
        Field(id: "jobTitle", type: "list", name: "Job Title") { p, _ in .optional(p.jobTitle) },
        Field(id: "workEmail", type: "email", name: "Work Email") { p, _ in .optional(p.email) },
        Field(id: "workPhone", type: "text", name: "Work Phone") { p, _ in .optional(p.workPhone) },
        Field(id: "mobilePhone", type: "text", name: "Mobile Phone") { p, _ in .optional(p.mobilePhone) },
        Field(id: "department", type: "list", name: "Department") { p, _ in .optional(p.department) },
        Field(id: "division", type: "list", name: "Division") { _, _ in .null },
        Field(id: "location", type: "list", name: "Location") { p, _ in .optional(p.city) },
        Field(id: "country", type: "country", name: "Country") { p, _ in .optional(p.country) },
        Field(id: "status", type: "status", name: "Status") { p, _ in .string(p.active ? "Active" : "Inactive") },
        Field(id: "hireDate", type: "date", name: "Hire Date") { p, _ in .string(p.hireDate ?? "0000-00-00") },
        Field(id: "terminationDate", type: "date", name: "Termination Date") { p, _ in
            .string(p.terminationDate ?? "0000-00-00")
        },
        Field(id: "supervisorEId", type: "employee", name: "Supervisor EID") { p, index in
            .optional(p.managerID.flatMap { index[$0] }.map(bambooID))
        },
        Field(id: "supervisor", type: "employee", name: "Supervisor") { p, index in
            .optional(p.managerID.flatMap { index[$0] }.map { "\($0.lastName), \($0.firstName)" })
        },
        Field(id: "employmentHistoryStatus", type: "list", name: "Employment Status") { p, _ in
            .string(p.workerType == "Contingent" ? "Contractor" : (p.fte == "1" ? "Full-Time" : "Part-Time"))
        },
    ]

    static let directoryFields = [
        "displayName", "firstName", "lastName", "preferredName", "jobTitle", "workPhone", "mobilePhone", "workEmail",
        "department", "location", "division",
    ]

    private func refusal() -> HTTPResponseMessage {
        HTTPResponseMessage(status: 401, headers: [HTTPHeader("WWW-Authenticate", "Basic realm=\"BambooHR\"")])
    }

    func directory(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard request.method == "GET" else { return HRResponse.methodNotAllowed(request, allowed: "GET") }
        return state.serveListing(
            authorized: TokenEndpoints(state: state).acceptsAPIKeyAsUser(request), refusal: refusal()
        ) {
            let people = state.withModel { $0.people }
            let current = people.filter(\.active)
            let fields = Self.directoryFields.compactMap { id in Self.catalog.first { $0.id == id } }
            let rows = Self.rows(current, fields: fields, all: people)
            guard request.header("Accept")?.lowercased().contains("json") == true else {
                return PageAnswer(
                    response: HRResponse.text(
                        200, Self.xml(rows), contentType: "application/xml; charset=utf-8"),
                    page: 1, records: rows.count)
            }
            let body = JSON.object(["fields": Self.describe(fields), "employees": .array(rows)])
            return PageAnswer(response: HRResponse.json(200, body), page: 1, records: rows.count)
        }
    }

    func customReport(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard request.method == "POST" else { return HRResponse.methodNotAllowed(request, allowed: "POST") }
        return state.serveListing(
            authorized: TokenEndpoints(state: state).acceptsAPIKeyAsUser(request), refusal: refusal()
        ) {
            guard request.query["format"]?.uppercased() == "JSON" else {
                return PageAnswer(
                    response: badRequest("The emulator serves custom reports as format=JSON."), page: 1, records: 0)
            }
            guard let body = try? JSON.parse(request.body), let names = body["fields"]?.arrayValue,
                names.allSatisfy({ $0.stringValue != nil })
            else {
                return PageAnswer(
                    response: badRequest("The body must be JSON with \"fields\": an array of field names."), page: 1,
                    records: 0)
            }
            let people = state.withModel { $0.people }
            let fields = names.compactMap(\.stringValue).map { id in
                Self.catalog.first { $0.id == id } ?? Field(id: id, type: "text", name: id) { _, _ in .null }
            }
            let rows = Self.rows(people, fields: fields, all: people)
            let report = JSON.object([
                "title": .string(body["title"]?.stringValue ?? "Report"), "fields": Self.describe(fields),
                "employees": .array(rows),
            ])
            return PageAnswer(response: HRResponse.json(200, report), page: 1, records: rows.count)
        }
    }

    private func badRequest(_ message: String) -> HTTPResponseMessage {
        HTTPResponseMessage(status: 400, headers: [HTTPHeader("X-BambooHR-Error-Message", message)])
    }

    static func describe(_ fields: [Field]) -> JSON {
        .array(
            fields.map { .object(["id": .string($0.id), "type": .string($0.type), "name": .string($0.name)]) })
    }

    static func rows(_ people: [Person], fields: [Field], all: [Person]) -> [JSON] {
        let index = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return people.map { person in
            .object(
                [JSONMember("id", .string(bambooID(person)))]
                    + fields.map { JSONMember($0.id, $0.value(person, index)) })
        }
    }

    static func xml(_ rows: [JSON]) -> String {
        var text = "<?xml version=\"1.0\"?>\n<directory>\n<employees>\n"
        for row in rows {
            let id = HRResponse.escapeMarkup(row["id"]?.stringValue ?? "")
            text += "<employee id=\"\(id)\">"
            for member in row.members ?? [] where member.key != "id" {
                let value = HRResponse.escapeMarkup(member.value.stringValue ?? "")
                text += "<field id=\"\(member.key)\">\(value)</field>"
            }
            text += "</employee>\n"
        }
        return text + "</employees>\n</directory>\n"
    }
}
