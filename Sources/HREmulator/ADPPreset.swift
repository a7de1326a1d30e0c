import EmulatorKit
import Foundation
import JSONDocument

/// ADP Workforce Now: a bearer token from `POST /auth/oauth/v2/token` (client credentials; the mutual TLS ADP
/// requires in production is not emulated), then `GET /hr/v2/workers?$top=&$skip=` with `{"workers": [...]}`.
/// Past the last worker the answer is `204 No Content` with no body.
///
/// Values sit deep: `person.legalName.givenName`, `workerID.idValue`, `businessCommunication.emails[0].emailUri`,
/// `workAssignments[0].reportsTo[0].workerID.idValue`, codes as `{"codeValue", "shortName"}` objects.
struct ADPPreset {
    let state: HRState

    func handle(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard request.method == "GET" else { return HRResponse.methodNotAllowed(request, allowed: "GET") }
        return state.serveListing(
            authorized: TokenEndpoints(state: state).acceptsBearer(request),
            refusal: HRResponse.invalidToken("The access token is missing, invalid or expired.")
        ) {
            let people = state.withModel { $0.people }
            let index = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let query = request.query
            let window = PageWindow.clamped(
                offset: query["$skip"].flatMap(Int.init) ?? 0, requested: query["$top"].flatMap(Int.init),
                pageSize: state.configuration.pageSize)
            let workers = window.records(people).map { Self.worker($0, index: index) }
            guard !workers.isEmpty else {
                return PageAnswer(response: HTTPResponseMessage(status: 204), page: window.number, records: 0)
            }
            return PageAnswer(
                response: HRResponse.json(200, .object(["workers": .array(workers)])), page: window.number,
                records: workers.count)
        }
    }

    /// ADP's associate OID: an opaque, stable id per person.
    static func associateOID(_ person: Person) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in person.id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return "G3" + String(format: "%014llX", hash & 0x00FF_FFFF_FFFF_FFFF)
    }

    static func code(_ value: String, _ name: String) -> JSON {
        .object(["codeValue": .string(value), "shortName": .string(name)])
    }

    static func worker(_ person: Person, index: [String: Person]) -> JSON {
        var legalName: [JSONMember] = [
            JSONMember("givenName", .string(person.firstName)), JSONMember("familyName1", .string(person.lastName)),
            JSONMember("formattedName", .string("\(person.lastName), \(person.firstName)")),
        ]
        if let nickName = person.preferredName { legalName.append(JSONMember("nickName", .string(nickName))) }
        var communication: [JSONMember] = []
        if let email = person.email {
            communication.append(JSONMember("emails", [.object(["emailUri": .string(email)])]))
        }
        if let phone = person.workPhone {
            communication.append(JSONMember("landlines", [.object(["formattedNumber": .string(phone)])]))
        }
        if let mobile = person.mobilePhone {
            communication.append(JSONMember("mobiles", [.object(["formattedNumber": .string(mobile)])]))
        }
        var dates: [JSONMember] = []
        if let hired = person.hireDate { dates.append(JSONMember("originalHireDate", .string(hired))) }
        if let left = person.terminationDate { dates.append(JSONMember("terminationDate", .string(left))) }
        let reportsTo: [JSON] =
            person.managerID.flatMap { index[$0] }.map { manager in
                [
                    .object([
                        "associateOID": .string(associateOID(manager)),
                        "workerID": .object(["idValue": .string(manager.id)]),
                        "reportsToWorkerName": .object([
                            "formattedName": .string("\(manager.lastName), \(manager.firstName)")
                        ]),
                    ])
                ]
            } ?? []
        var units: [JSON] = []
        if let department = person.department {
            units.append(
                .object([
                    "nameCode": code(person.costCenter ?? department, department),
                    "typeCode": code("Department", "Department"),
                ]))
        }
        if let costCenter = person.costCenter {
            units.append(
                .object(["nameCode": code(costCenter, costCenter), "typeCode": code("CostCenter", "Cost Center")]))
        }
        var assignment: [JSONMember] = [
            JSONMember("primaryIndicator", true),
            JSONMember(
                "assignmentStatus",
                .object(["statusCode": person.active ? code("A", "Active") : code("T", "Terminated")])),
            JSONMember("jobTitle", .optional(person.jobTitle)),
            JSONMember(
                "workerTypeCode",
                person.workerType == "Regular"
                    ? code(person.fte == "1" ? "F" : "P", person.fte == "1" ? "Full Time" : "Part Time")
                    : code("C", "Contractor")),
            JSONMember(
                "fullTimeEquivalenceRatio",
                person.fte.flatMap(Double.init).map { .number(String(format: "%g", $0 * 100)) } ?? .null),
            JSONMember("homeOrganizationalUnits", .array(units)),
            JSONMember("reportsTo", .array(reportsTo)),
        ]
        if person.city != nil || person.country != nil {
            assignment.append(
                JSONMember(
                    "homeWorkLocation",
                    .object([
                        "address": .object([
                            "cityName": .optional(person.city), "countryCode": .optional(person.country),
                        ])
                    ])))
        }
        return .object([
            "associateOID": .string(associateOID(person)),
            "workerID": .object(["idValue": .string(person.id)]),
            "person": .object(["legalName": .object(legalName)]),
            "businessCommunication": .object(communication),
            "workerDates": .object(dates),
            "workerStatus": .object([
                "statusCode": .object(["codeValue": .string(person.active ? "Active" : "Terminated")])
            ]),
            "workAssignments": [.object(assignment)],
        ])
    }
}
