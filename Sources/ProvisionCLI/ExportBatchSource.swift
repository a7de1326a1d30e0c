import Foundation
import Mapping
import Uploader

/// Feeds the uploader one batch at a time from the prepared export, skipping batches an earlier run already had
/// accepted (`--resume`). Bodies are built on demand from the spool, so memory does not grow with the export.
actor ExportBatchSource: UploadBatchSource {
    private let export: PreparedExport
    private let skip: Set<Int>
    private var position = 0
    /// A barrier of a skipped batch still holds for the next batch that is sent.
    private var pendingBarrier = false

    init(export: PreparedExport, skip: Set<Int>) {
        self.export = export
        self.skip = skip
    }

    func next() async throws -> UploadBatch? {
        while position < export.batches.count {
            let plan = export.batches[position]
            position += 1
            if skip.contains(plan.index) {
                pendingBarrier = pendingBarrier || plan.waitForEarlierBatches
                continue
            }
            let barrier = plan.waitForEarlierBatches || pendingBarrier
            pendingBarrier = false
            return UploadBatch(index: plan.index, body: Data(try export.body(of: plan)), recordCount: plan.recordCount, waitForEarlierBatches: barrier)
        }
        return nil
    }
}
