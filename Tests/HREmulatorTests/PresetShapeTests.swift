import EmulatorKit
import Foundation
import JSONDocument
import Testing

@testable import HREmulator

/// Each preset's shape at its vendor's path, read to the end the way a client pages through it.
@Suite struct PresetShapeTests {
    static let workdayPath = "/ccx/service/customreport2/acme/ISU_provision/Provision_Workers"

    @Test func workdayAnswersTheWholeReportAtOnceAndLeavesEmptyColumnsOut() throws {
        let harness = HRHarness()
        let response = harness.get(Self.workdayPath + "?format=json", headers: HRHarness.goodBasic)
        #expect(response.status == 200)
        let entries = try #require(response.json?["Report_Entry"]?.arrayValue)
        #expect(entries.map { $0["Worker_ID"]?.stringValue } == harness.people.map(\.id))
        let root = try #require(entries.first)
        #expect(root["Manager_Worker_ID"] == nil && root["Worker_Status"] == "Active")
        let leaver = try #require(harness.people.first { !$0.active })
        let leaverEntry = try #require(entries.first { $0["Worker_ID"]?.stringValue == leaver.id })
        #expect(leaverEntry["Worker_Status"] == "Terminated")
        #expect(leaverEntry["Termination_Date"]?.stringValue == leaver.terminationDate)
        // Without format=json, RaaS answers XML.
        let xml = harness.get(Self.workdayPath, headers: HRHarness.goodBasic)
        #expect(xml.header("Content-Type")?.hasPrefix("application/xml") == true)
        #expect(xml.text.contains("<wd:Report_Entry><wd:Worker_ID>000001</wd:Worker_ID>"))
    }

    @Test func bambooHRsDirectoryListsCurrentEmployeesAsJSONOnlyWhenAsked() throws {
        let harness = HRHarness()
        let key = HRHarness.basic("hr-api-key", "x")
        let path = "/api/gateway.php/acme/v1/employees/directory"
        let response = harness.get(path, headers: key.merging(["Accept": "application/json"]) { a, _ in a })
        let employees = try #require(response.json?["employees"]?.arrayValue)
        #expect(employees.count == harness.people.filter(\.active).count)
        #expect(response.json?["fields"]?.arrayValue?.first?["id"] == "displayName")
        #expect(employees.allSatisfy { $0["employeeNumber"] == nil && $0["id"]?.stringValue != nil })
        #expect(harness.get(path, headers: key).text.hasPrefix("<?xml"))
    }

    @Test func bambooHRsCustomReportHasEveryoneWithTheFieldsAsked() throws {
        let harness = HRHarness()
        let response = harness.send(
            "POST", "/api/gateway.php/acme/v1/reports/custom?format=JSON",
            headers: HRHarness.basic("hr-api-key", "x"),
            body: #"{"title": "Sync", "fields": ["employeeNumber", "status", "terminationDate", "supervisorEId", "x"]}"#
        )
        #expect(response.status == 200)
        let report = try #require(response.json)
        #expect(report["title"] == "Sync")
        let rows = try #require(report["employees"]?.arrayValue)
        #expect(rows.map { $0["employeeNumber"]?.stringValue } == harness.people.map(\.id))
        #expect(rows[0]["terminationDate"] == "0000-00-00" && rows[0]["supervisorEId"] == .null)
        #expect(rows[0]["x"] == .null)
        let second = harness.people[1]
        let manager = try #require(harness.people.first { $0.id == second.managerID })
        #expect(rows[1]["supervisorEId"]?.stringValue == String(manager.numericID + 40_000))
        #expect(rows.contains { $0["status"] == "Inactive" })
        let missing = harness.send(
            "POST", "/api/gateway.php/acme/v1/reports/custom?format=JSON", headers: HRHarness.basic("hr-api-key", "x"),
            body: "{}")
        #expect(missing.status == 400 && missing.header("X-BambooHR-Error-Message") != nil)
    }

    @Test func successFactorsPagesByNextLinkUntilThereIsNone() throws {
        let harness = HRHarness()
        var url: String? = "/odata/v2/User?$format=json&$select=userId,status,hireDate"
        var ids: [String] = []
        var pages = 0
        while let next = url, pages < 20 {
            let page = harness.get(next, headers: HRHarness.goodBasic)
            #expect(page.status == 200)
            let d = try #require(page.json?["d"])
            let results = try #require(d["results"]?.arrayValue)
            ids += results.compactMap { $0["userId"]?.stringValue }
            #expect(results.allSatisfy { $0["status"] == "t" && $0["firstName"] == nil && $0["__metadata"] != nil })
            url = d["__next"]?.stringValue
            if let url { #expect(url.hasPrefix(HRHarness.base + "/odata/v2/User?") && url.contains("$skiptoken=")) }
            pages += 1
        }
        // Active users only, as the service lists them by default.
        #expect(ids == harness.people.filter(\.active).map(\.id))
        #expect(pages == (ids.count + 4) / 5)
        let first = try #require(harness.get(url ?? "/odata/v2/User?$format=json", headers: HRHarness.goodBasic).json)
        let hire = try #require(harness.people.first?.hireDate)
        #expect(
            first["d"]?["results"]?.arrayValue?.first?["hireDate"]?.stringValue
                == "/Date(\(HRDate.milliseconds(hire)!))/")
    }

    @Test func successFactorsFiltersOnStatusPagesOnTheClientsSideAndExpandsTheManager() throws {
        let harness = HRHarness()
        let all = harness.get(
            "/odata/v2/User?$format=json&$filter=status in 't','f'&customPageSize=100", headers: HRHarness.goodBasic)
        #expect(all.json?["d"]?["results"]?.arrayValue?.count == harness.people.count)
        #expect(all.json?["d"]?["__next"] == nil)
        let client = harness.get("/odata/v2/User?$format=json&$top=3&$skip=3", headers: HRHarness.goodBasic)
        let results = try #require(client.json?["d"]?["results"]?.arrayValue)
        #expect(results.count == 3 && client.json?["d"]?["__next"] == nil)
        let expanded = harness.get(
            "/odata/v2/User?$format=json&$select=userId,manager/userId&$expand=manager", headers: HRHarness.goodBasic)
        let second = try #require(expanded.json?["d"]?["results"]?.arrayValue?[1])
        #expect(second["manager"]?["userId"]?.stringValue == harness.people[1].managerID)
        #expect(second["manager"]?["firstName"] == nil)
        #expect(harness.get("/odata/v2/User?$format=json&$skiptoken=bogus", headers: HRHarness.goodBasic).status == 400)
        #expect(harness.get("/odata/v2/User", headers: HRHarness.goodBasic).text.contains("<feed"))
    }

    @Test func personioPagesByOffsetWithNestedAttributes() throws {
        let harness = HRHarness()
        let token = HRHarness.staticBearer
        var offset = 0
        var ids: [String] = []
        while offset < 100 {
            let page = try #require(
                harness.get("/v1/company/employees?limit=100&offset=\(offset)", headers: token).json)
            #expect(page["success"] == true && page["limit"]?.intValue == 5)
            #expect(page["metadata"]?["total_elements"]?.intValue == harness.people.count)
            let data = try #require(page["data"]?.arrayValue)
            if data.isEmpty { break }
            ids += data.compactMap { $0["attributes"]?[PersonioPreset.employeeNumberAttribute]?["value"]?.stringValue }
            offset += data.count
        }
        #expect(ids == harness.people.map(\.id))
        let page = try #require(harness.get("/v1/company/employees?limit=5&offset=5", headers: token).json)
        #expect(page["metadata"]?["current_page"]?.intValue == 1)
        let second = try #require(page["data"]?.arrayValue?.first?["attributes"])
        #expect(second["first_name"]?["label"] == "First name" && second["id"]?["type"] == "integer")
        let manager = try #require(harness.people.first { $0.id == harness.people[5].managerID })
        #expect(second["supervisor"]?["value"]?["attributes"]?["id"]?["value"]?.intValue == manager.numericID)
        #expect(second["department"]?["value"]?["type"] == "Department")
    }

    @Test func adpPagesBySkipUntilNoContent() throws {
        let harness = HRHarness()
        let token = try harness.token(path: "/auth/oauth/v2/token")
        var skip = 0
        var ids: [String] = []
        var statuses: [Int] = []
        while skip < 100 {
            let page = harness.get("/hr/v2/workers?$top=100&$skip=\(skip)", headers: HRHarness.bearer(token))
            statuses.append(page.status)
            guard page.status == 200 else { break }
            let workers = try #require(page.json?["workers"]?.arrayValue)
            ids += workers.compactMap { $0["workerID"]?["idValue"]?.stringValue }
            skip += workers.count
        }
        #expect(ids == harness.people.map(\.id))
        #expect(statuses.last == 204 && statuses.dropLast().allSatisfy { $0 == 200 })
        let worker = try #require(
            harness.get("/hr/v2/workers?$top=2&$skip=1", headers: HRHarness.bearer(token)).json?["workers"]?.arrayValue?
                .first)
        #expect(worker["person"]?["legalName"]?["givenName"]?.stringValue == harness.people[1].firstName)
        let reportsTo = worker["workAssignments"]?.arrayValue?.first?["reportsTo"]?.arrayValue?.first
        #expect(reportsTo?["workerID"]?["idValue"]?.stringValue == harness.people[1].managerID)
    }

    static let genericStyles: [(HRConfiguration.GenericPaging, String)] = [
        (.none, "data"), (.nextLink, "data"), (.nextLink, ""), (.offset, "result.items"), (.offset, ""),
        (.page, "data"), (.page, ""), (.cursor, "data"),
    ]

    @Test(arguments: genericStyles)
    func theGenericSourcePagesInEachStyle(paging: HRConfiguration.GenericPaging, path: String) throws {
        let harness = HRHarness {
            $0.genericPaging = paging
            $0.genericRecordsPath = path
        }
        var ids: [String] = []
        var target: String? = "/generic/workers"
        var requests = 0
        while let current = target, requests < 20 {
            requests += 1
            let page = harness.get(current, headers: HRHarness.staticBearer)
            #expect(page.status == 200)
            let body = try #require(page.json)
            let records = try #require(
                path.split(separator: ".").reduce(body as JSON?) { $0?[String($1)] }?.arrayValue)
            ids += records.compactMap { $0["id"]?.stringValue }
            switch paging {
            case .none: target = nil
            case .nextLink:
                let header = page.header("Link").map { String($0.dropFirst().prefix { $0 != ">" }) }
                target = path.isEmpty ? header : body["links"]?["next"]?.stringValue
            case .offset: target = records.isEmpty ? nil : "/generic/workers?offset=\(ids.count)"
            case .page: target = records.isEmpty ? nil : "/generic/workers?page=\(requests + 1)"
            case .cursor: target = body["next_cursor"]?.stringValue.map { "/generic/workers?cursor=\($0)" }
            }
        }
        #expect(ids == harness.people.map(\.id))
        let first = try #require(
            harness.get("/generic/workers", headers: HRHarness.staticBearer).json.flatMap {
                path.split(separator: ".").reduce($0 as JSON?) { $0?[String($1)] }?.arrayValue?.first
            })
        #expect(first == harness.people[0].json)
    }
}
