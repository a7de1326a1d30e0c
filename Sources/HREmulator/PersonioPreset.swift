import EmulatorKit
import Foundation
import JSONDocument

/// Personio's v1 API: a bearer token from `POST /v1/auth` (or the OAuth 2.0 `POST /v2/auth/token`), then
/// `GET /v1/company/employees?limit=&offset=` with `{"success": true, "metadata": {"total_elements",
/// "current_page", "total_pages"}, "offset", "limit", "data": [{"type": "Employee", "attributes": {...}}]}`.
///
/// Every attribute is an object with its `label`, `value`, `type` and `universal_id`; departments, offices and the
/// supervisor are nested objects; ids are integers. The HR system's number is a custom (`dynamic_…`) attribute, as
/// a Personio customer would add it. An offset past the end gives an empty `data`.
struct PersonioPreset {
    let state: HRState
    static let employeeNumberAttribute = "dynamic_1200001"

    func handle(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard request.method == "GET" else { return HRResponse.methodNotAllowed(request, allowed: "GET") }
        let authorized = TokenEndpoints(state: state).acceptsBearer(request)
        let token: String? = if case .bearer(let value) = Credentials(request) { value } else { nil }
        return state.serveListing(
            authorized: authorized, refusal: Self.error(401, "The given token is invalid or has expired.")
        ) {
            let people = state.withModel { $0.people }
            let index = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let query = request.query
            let window = PageWindow.clamped(
                offset: query["offset"].flatMap(Int.init) ?? 0, requested: query["limit"].flatMap(Int.init),
                pageSize: state.configuration.pageSize)
            let data = window.records(people).map { Self.employee($0, index: index) }
            let totalPages = (people.count + window.size - 1) / window.size
            let body = JSON.object([
                "success": true,
                "metadata": .object([
                    "total_elements": .number(people.count), "current_page": .number(window.offset / window.size),
                    "total_pages": .number(totalPages),
                ]),
                "offset": .number(window.offset), "limit": .number(window.size), "data": .array(data),
            ])
            // The token stays valid; Personio returns it in each answer's Authorization header.
            let headers = token.map { [HTTPHeader("Authorization", "Bearer \($0)")] } ?? []
            return PageAnswer(
                response: HRResponse.json(200, body, headers: headers), page: window.number, records: data.count)
        }
    }

    static func attribute(_ id: String, _ label: String, _ value: JSON, type: String = "standard") -> JSONMember {
        let universal: JSON = id.hasPrefix("dynamic_") ? .null : .string(id)
        return JSONMember(
            id,
            .object(["label": .string(label), "value": value, "type": .string(type), "universal_id": universal]))
    }

    static func reference(_ type: String, id: Int, name: String?) -> JSON {
        guard let name else { return .null }
        return .object(["type": .string(type), "attributes": .object(["id": .number(id), "name": .string(name)])])
    }

    static func employee(_ person: Person, index: [String: Person]) -> JSON {
        let supervisor: JSON =
            person.managerID.flatMap { index[$0] }.map { manager in
                .object([
                    "type": "Employee",
                    "attributes": .object([
                        attribute("id", "ID", .number(manager.numericID), type: "integer"),
                        attribute("first_name", "First name", .string(manager.firstName)),
                        attribute("last_name", "Last name", .string(manager.lastName)),
                        attribute("email", "Email", .optional(manager.email)),
                    ]),
                ])
            } ?? .null
        let hours = person.fte.flatMap(Double.init).map { JSON.number(String(format: "%g", $0 * 40)) } ?? .null
        let attributes: [JSONMember] = [
            attribute("id", "ID", .number(person.numericID), type: "integer"),
            attribute("first_name", "First name", .string(person.firstName)),
            attribute("last_name", "Last name", .string(person.lastName)),
            attribute("preferred_name", "Preferred name", .optional(person.preferredName)),
            attribute("email", "Email", .optional(person.email)),
            attribute("status", "Status", .string(person.active ? "active" : "inactive")),
            attribute("position", "Position", .optional(person.jobTitle)),
            attribute(
                "employment_type", "Employment type", .string(person.workerType == "Regular" ? "internal" : "external")),
            attribute("weekly_working_hours", "Weekly hours", hours, type: "decimal"),
            attribute(
                "hire_date", "Hire date", .optional(person.hireDate.map { "\($0)T00:00:00+00:00" }), type: "date"),
            attribute(
                "termination_date", "Termination date",
                .optional(person.terminationDate.map { "\($0)T00:00:00+00:00" }),
                type: "date"),
            attribute("supervisor", "Supervisor", supervisor),
            attribute(
                "department", "Department",
                reference("Department", id: departmentID(person.department), name: person.department)),
            attribute("office", "Office", reference("Office", id: departmentID(person.city), name: person.city)),
            attribute(employeeNumberAttribute, "Employee number", .string(person.id)),
            attribute("dynamic_1200002", "Work phone", .optional(person.workPhone)),
            attribute("dynamic_1200003", "Cost center", .optional(person.costCenter)),
        ]
        return .object(["type": "Employee", "attributes": .object(attributes)])
    }

    /// A stable small number for a department's or office's name.
    static func departmentID(_ name: String?) -> Int {
        (name ?? "").unicodeScalars.reduce(0) { ($0 &* 31 &+ Int($1.value)) % 900_000 } + 100_000
    }

    /// `{"success": false, "error": {"code", "message"}}`.
    static func error(_ status: Int, _ message: String) -> HTTPResponseMessage {
        HRResponse.json(
            status,
            .object(["success": false, "error": .object(["code": .number(0), "message": .string(message)])]))
    }
}
