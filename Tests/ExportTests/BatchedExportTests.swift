import Export
import Foundation
import SCIM
import Testing

/// `body(of:)` reads a batch's records in one call when they sit side by side in the spool, one by one otherwise;
/// either way the body is the batch's records, in send order, each exactly as spooled.
@Suite struct PreparedExportTests {
    /// Rows 2...count report to row 1 or to the last row, the two roots: the first batch holds both roots, which
    /// sit a whole file apart in the spool.
    func export(rows count: Int, batchSize: Int) throws -> BatchedExport {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("prepared-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        var csv =
            "externalId,userName,active,displayName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value\n"
        for row in 1...count {
            let manager = row == 1 || row == count ? "" : (row % 2 == 0 ? "E1" : "E\(count)")
            csv +=
                "E\(row),user\(row)@contoso.com,true,\"Person \(row), a name long enough to fill the "
                + "spool\",\(manager)\n"
        }
        try Data(csv.utf8).write(to: file)
        var reader = ExportReader()
        reader.batchSize = batchSize
        return try reader.prepare(path: file.path)
    }

    func expectedBody(_ export: BatchedExport, _ batch: BatchPlan) throws -> [UInt8] {
        BulkRequest.encode(
            try export.records(of: batch).map { record in
                BulkRequest.Operation(bulkId: export.index.externalIds[record], data: try export.data(ofRecord: record))
            })
    }

    @Test func recordsFarApartAreReadOneByOne() throws {
        let export = try export(rows: 3000, batchSize: 2)
        let first = try #require(export.batches.first)
        let records = export.records(of: first)
        #expect(records.map { export.index.externalIds[$0] } == ["E1", "E3000"])
        let gap = export.index.payloadRange(records[1]).offset - export.index.payloadRange(records[0]).offset
        #expect(gap > 200_000, "the roots must be far apart for this test to cover the one-by-one path")
        for batch in export.batches { #expect(try export.body(of: batch) == expectedBody(export, batch)) }
    }

    @Test func neighboursAreReadTogether() throws {
        let export = try export(rows: 500, batchSize: 50)
        #expect(export.batches.count == 10)
        for batch in export.batches { #expect(try export.body(of: batch) == expectedBody(export, batch)) }
        let text = String(decoding: try export.body(of: export.batches[1]), as: UTF8.self)
        #expect(
            text.hasPrefix(
                #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","bulkId":"#
            ))
    }
}
