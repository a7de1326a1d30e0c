import EmulatorKit
import Foundation
import JSONDocument

/// Workday reports as a service (RaaS): `GET /ccx/service/customreport2/{tenant}/{owner}/{report}?format=json`
/// answers `{"Report_Entry": [...]}` with the whole report at once (RaaS does not page); without `format=json` the
/// report comes as XML. Basic auth with the integration system user, or a bearer token (docs/hr-sources.md).
///
/// The columns are the report's, named as its author aliased them: here those of `samples/workday-export.csv`, so
/// that its mapping reads them; dates are `yyyy-MM-dd`, and a column with no value is left out of the entry.
struct WorkdayPreset {
    let state: HRState

    static func entry(_ person: Person) -> JSON {
        let values: [(String, String?)] = [
            ("Worker_ID", person.id), ("Legal_First_Name", person.firstName), ("Legal_Last_Name", person.lastName),
            ("Preferred_Name", person.preferredName.map { "\($0) \(person.lastName)" }),
            ("Business_Title", person.jobTitle), ("Worker_Type", person.workerType),
            ("Worker_Status", person.active ? "Active" : "Terminated"), ("Work_Email", person.email),
            ("Work_Phone", person.workPhone), ("Mobile_Phone", person.mobilePhone),
            ("Supervisory_Org", person.department), ("Cost_Center", person.costCenter),
            ("Manager_Worker_ID", person.managerID), ("Hire_Date", person.hireDate),
            ("Termination_Date", person.terminationDate), ("Location_City", person.city),
            ("Country_ISO", person.country), ("Job_Code", person.jobCode),
        ]
        return .object(values.compactMap { key, value in value.map { JSONMember(key, .string($0)) } })
    }

    func handle(_ request: HTTPRequestMessage, report: String) -> HTTPResponseMessage {
        guard request.method == "GET" else { return HRResponse.methodNotAllowed(request, allowed: "GET") }
        let tokens = TokenEndpoints(state: state)
        return state.serveListing(
            authorized: tokens.acceptsBasic(request) || tokens.acceptsBearer(request),
            refusal: HRResponse.oauthError(
                401, "invalid_credentials", "Invalid user name or password.",
                headers: [HTTPHeader("WWW-Authenticate", "Basic realm=\"Workday\"")])
        ) {
            let people = state.withModel { $0.people }
            let entries = people.map { Self.entry($0) }
            if request.query["format"]?.lowercased() == "json" {
                return PageAnswer(
                    response: HRResponse.json(200, .object(["Report_Entry": .array(entries)])), page: 1,
                    records: entries.count)
            }
            return PageAnswer(
                response: HRResponse.text(
                    200, Self.xml(entries, report: report), contentType: "application/xml; charset=utf-8"),
                page: 1, records: entries.count)
        }
    }

    /// The report as `wd:Report_Data` XML, what RaaS sends when no other format is asked for.
    static func xml(_ entries: [JSON], report: String) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<wd:Report_Data xmlns:wd=\"urn:com.workday.report/\(HRResponse.escapeMarkup(report))\">\n"
        for entry in entries {
            text += "<wd:Report_Entry>"
            for member in entry.members ?? [] {
                let value = HRResponse.escapeMarkup(member.value.stringValue ?? "")
                text += "<wd:\(member.key)>\(value)</wd:\(member.key)>"
            }
            text += "</wd:Report_Entry>\n"
        }
        return text + "</wd:Report_Data>\n"
    }
}
