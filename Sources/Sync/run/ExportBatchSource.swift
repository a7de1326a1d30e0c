import Export
import Foundation
import Mapping
import Uploader

/// Feeds the uploader one batch at a time from the prepared export. Bodies are built on demand from the spool, so
/// memory does not grow with the export.
actor ExportBatchSource: UploadBatchSource {
    private let export: BatchedExport
    private var position = 0

    init(export: BatchedExport) { self.export = export }

    func next() async throws -> UploadBatch? {
        guard position < export.batches.count else { return nil }
        let plan = export.batches[position]
        position += 1
        return UploadBatch(
            index: plan.index, body: Data(try export.body(of: plan)), recordCount: plan.recordCount,
            waitsForBatchesThrough: plan.waitsForBatchesThrough)
    }
}
