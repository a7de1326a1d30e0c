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
        read.records = plan.records
        #expect(read == plan)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n  ]\n}\n"))
        let whole = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect((whole?["records"] as? [Any])?.count == 5, "the file is one JSON document")
    }

    @Test func aFileThatIsNotAPlanIsExit65() throws {
        let workspace = try Workspace()
        let path = try workspace.write(#"{"kind":"something-else"}"#, to: "x.json").path
        #expect(throws: SyncError.self) { try PlanFile.read(path: path) }
    }
}
