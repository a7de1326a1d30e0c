import Foundation
import Testing

@testable import Uploader

/// A batch source that fails (the run's spool file could not be read back) stops the run as a local failure.
@Suite struct BatchSourceFailureTests {
    struct ReadFailure: LocalizedError {
        var errorDescription: String? { "cannot read the temporary spool file in /tmp/: Input/output error" }
    }

    /// Hands out batch 1, then fails.
    actor FailingSource: UploadBatchSource {
        private var handedOut = 0

        func next() async throws -> UploadBatch? {
            handedOut += 1
            guard handedOut == 1 else { throw ReadFailure() }
            return UploadBatch(index: 1, body: Data(#"{"batch":1}"#.utf8), recordCount: 50)
        }
    }

    @Test func theStopNamesTheSourceNotTheService() async throws {
        let harness = UploadHarness { $0.concurrency = 1 }
        let record = try await harness.run(FailingSource()) { _, _, _, _ in accepted }
        #expect(
            record.result.stopReason
                == .sourceFailed("cannot read the temporary spool file in /tmp/: Input/output error"))
        #expect(record.statuses == [.accepted])
    }
}
