import Configuration
import Foundation
import Sync
import TestSupport
import Testing

@Suite struct PayloadDiffTests {
    @Test func namesEachChangedAttributeByItsMappingPath() {
        let old = Array(
            #"{"schemas":["a"],"externalId":"1","name":{"givenName":"Ann"},"emails":[{"type":"work","value":"a@x.com","primary":true}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","manager":{"value":"9"}}}"#
                .utf8)
        let new = Array(
            #"{"schemas":["a","b"],"externalId":"1","name":{"givenName":"Anne"},"emails":[{"type":"work","value":"a@x.com","primary":true}],"title":"Lead","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","manager":{"value":"8"}}}"#
                .utf8)
        let changes = PayloadDiff.changes(old: old, new: new)
        #expect(
            changes == [
                .init(attribute: "name.givenName", old: "Ann", new: "Anne"),
                .init(attribute: "title", old: nil, new: "Lead"),
                .init(
                    attribute: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", old: "9",
                    new: "8"),
            ])
    }
}

@Suite struct PlanFileTests {
    @Test func roundTripsItsHeaderWithRecordsLast() throws {
        let workspace = try Workspace()
        let plan = ReportGoldenTests().samplePlan()
        let path = workspace.url("plan.json").path
        try plan.write(to: path)
        var read = try PlanFile.read(path: path)
        #expect(read.records == nil, "applying reads only the header")
        #expect(read.digest?.count == 64)
        read.records = plan.records
        read.digest = nil
        #expect(read == plan)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n  ]\n}\n"))
        let whole = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect((whole?["records"] as? [Any])?.count == 5, "the file is one JSON document")
    }

    /// Edited `counts` or `records[].action` were applied as if reviewed: the digest covers the header and every
    /// record line, so any edit is refused (exit 65).
    @Test(arguments: [
        (#""unchanged" : 1,"#, #""unchanged" : 2,"#),
        (#"{"action":"new","externalId":"E7""#, #"{"action":"unchanged","externalId":"E7""#),
        ("API2AAD.j1\"", "API2AAD.j2\""), (#""missing" : "disable""#, #""missing" : "report""#),
        ("\n  ]\n}", ",\n    {\"action\":\"new\",\"externalId\":\"E99\",\"line\":99}\n  ]\n}"),
    ])
    func anEditedPlanIsRefused(original: String, edited: String) throws {
        let workspace = try Workspace()
        let path = workspace.url("plan.json").path
        try ReportGoldenTests().samplePlan().write(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(original), "\(text)")
        try text.replacingOccurrences(of: original, with: edited).write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try PlanFile.read(path: path)
        } throws: { error in
            (error as? SyncError)?.exitStatus == .dataError
                && error.localizedDescription.contains("was changed after 'provision plan' wrote it")
        }
    }

    @Test func anOlderPlanIsRefusedWithAWayOut() throws {
        let workspace = try Workspace()
        let path = workspace.url("plan.json").path
        try ReportGoldenTests().samplePlan().write(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: #""version" : 2"#, with: #""version" : 1"#)
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try PlanFile.read(path: path)
        } throws: { error in
            error.localizedDescription.contains("version 1 plan") && error.localizedDescription.contains("again")
        }
    }

    /// `upload --plan plan.json --endpoint <another job>` sent the plan to a job it was not made for.
    @Test func aPlanIsForItsJobAndTenantOnly() throws {
        let plan = ReportGoldenTests().samplePlan()
        func endpoint(_ spId: String, _ job: String, host: String = "graph.microsoft.com") throws -> BulkUploadEndpoint
        {
            try BulkUploadEndpoint.parse(
                "https://\(host)/beta/servicePrincipals/\(spId)/synchronization/jobs/\(job)/bulkUpload",
                allowedHosts: [], setting: "--endpoint")
        }
        // The same job (ids in another case, the other API version) in the same tenant.
        try PlanMaker.checkTarget(plan, endpoint: endpoint("SP-1", "api2aad.J1"), tenant: "Contoso.onmicrosoft.com")
        let refusals: [(BulkUploadEndpoint, String?, String)] = [
            (try endpoint("sp-1", "API2AAD.j2"), "contoso.onmicrosoft.com", "the job"),
            (try endpoint("sp-2", "API2AAD.j1"), "contoso.onmicrosoft.com", "the job"),
            (try endpoint("sp-1", "API2AAD.j1"), "fabrikam.onmicrosoft.com", "the tenant"),
            (try endpoint("sp-1", "API2AAD.j1"), nil, "the tenant"),
            (
                try endpoint("sp-1", "API2AAD.j1", host: "graph.microsoft.us"), "contoso.onmicrosoft.com",
                "the Graph host"
            ),
        ]
        for (other, tenant, what) in refusals {
            #expect {
                try PlanMaker.checkTarget(plan, endpoint: other, tenant: tenant)
            } throws: { error in
                (error as? ConfigurationError)?.kind == .usage && error.localizedDescription.contains(what)
                    && error.localizedDescription.contains("nothing was sent")
            }
        }
    }

    @Test func aFileThatIsNotAPlanIsExit65() throws {
        let workspace = try Workspace()
        let path = try workspace.write(#"{"kind":"something-else"}"#, to: "x.json").path
        #expect(throws: SyncError.self) { try PlanFile.read(path: path) }
    }
}
