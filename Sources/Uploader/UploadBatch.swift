import Foundation

/// One batch to send: a complete BulkRequest JSON document (at most 50 operations; docs/service.md, "bulkUpload").
package struct UploadBatch: Sendable {
    /// 1-based, stable across runs (the report/journal key). Not necessarily contiguous: a resumed run skips batches.
    package let index: Int
    package let body: Data
    package let recordCount: Int
    /// The newest batch holding a manager of someone in this one: managers must be processed first (docs/service.md,
    /// "How the service treats records"). No request for this batch starts until every unfinished batch with an
    /// index up to this one has a request that reached the service (`ArrivalBoard`), and it is accepted only once
    /// those were. Nil: it waits for nothing.
    package let waitsForBatchesThrough: Int?

    package init(index: Int, body: Data, recordCount: Int, waitsForBatchesThrough: Int? = nil) {
        self.index = index
        self.body = body
        self.recordCount = recordCount
        self.waitsForBatchesThrough = waitsForBatchesThrough
    }
}

/// Supplies batches lazily (a 1M-row export must never be held in memory at once).
///
/// The uploader calls `next()` from one task at a time, in order, and keeps calling it after a stop (until it returns
/// nil) so that every batch is accounted for in the result.
package protocol UploadBatchSource: Sendable {
    func next() async throws -> UploadBatch?
}
