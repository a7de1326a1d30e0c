import Export
import Foundation
import Testing

/// The seed's example request (Barbara and Kathy Jensen, Microsoft's Postman quickstart appendix) rebuilt from a CSV.
@Suite struct GoldenBulkRequestTests {
    func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    }

    @Test func jensenCSVBecomesTheSeedRequestData() throws {
        let export = try ExportReader().prepare(path: try fixture("jensen.csv").path)
        #expect(export.rows == 2)
        #expect(export.invalid == 0)
        // Barbara's manager 89607 is not in the file: a warning, and she is still sent.
        #expect(export.problems.map(\.severity) == [.warning])
        #expect(export.problems.first?.message.contains("manager \"89607\" is not in the file") == true)

        let body = try export.body(of: try #require(export.batches.first))
        let produced = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: try fixture("jensen-bulkrequest.json")))
                as? [String: Any])
        let producedOps = try #require(produced["Operations"] as? [[String: Any]])
        let expectedOps = try #require(expected["Operations"] as? [[String: Any]])
        #expect(producedOps.count == expectedOps.count)
        for (ours, theirs) in zip(producedOps, expectedOps) {
            #expect(ours["method"] as? String == "POST")
            #expect(ours["path"] as? String == "/Users")
            let ourData = try #require(ours["data"] as? NSDictionary)
            let theirData = try #require(theirs["data"] as? NSDictionary)
            #expect(ourData.isEqual(theirData), "\(ourData)\n≠\n\(theirData)")
        }
        #expect(produced["schemas"] as? [String] == ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"])
        #expect(produced.keys.contains("failOnErrors"))
    }

    @Test func sameInputGivesByteIdenticalOutput() throws {
        let path = try fixture("jensen.csv").path
        let first = try ExportReader().prepare(path: path)
        let second = try ExportReader().prepare(path: path)
        #expect(try first.body(of: first.batches[0]) == second.body(of: second.batches[0]))
    }
}
