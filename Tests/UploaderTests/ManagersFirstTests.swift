import Foundation
import Graph
import TestSupport
import Testing
import Transport

@testable import Uploader

/// A batch holding reports starts once the batch holding their managers has *arrived* (the service processes in
/// arrival order), not a round trip later; and it is accepted only once its managers' batch was.
@Suite struct ManagersFirstTests {
    /// Batch 2 reports to batch 1. The server holds batch 1's answer until batch 2 has arrived: only an uploader that
    /// starts batch 2 on batch 1's arrival can finish (waiting for the answer would never end).
    @Test func aReportBatchStartsBeforeItsManagersBatchIsAnswered() async throws {
        let gate = Gate()
        let record = try await UploadHarness().run(ArraySource(count: 2, waits: [2: 1])) { _, batch, _, _ in
            if batch == 1 { await gate.wait() } else { await gate.open() }
            return accepted
        }
        #expect(record.statuses == [.accepted, .accepted])
        #expect(record.requests.map(batchIndex) == [1, 2])
        #expect(record.outcome(2)?.attempts == 1)
    }

    /// The manager's batch is answered 503 after the report's batch was accepted: the report arrived before any
    /// accepted copy of its managers, so it is sent again, after the managers' accepted request.
    @Test func aReportAcceptedBeforeItsManagersFailedIsSentAgainAfterThem() async throws {
        let gate = Gate()
        let record = try await UploadHarness().run(ArraySource(count: 2, waits: [2: 1])) { _, batch, attempt, _ in
            switch (batch, attempt) {
            case (1, 1):
                await gate.wait()
                return graphError(503, code: "ServiceUnavailable", message: "busy")
            case (2, 1):
                await gate.open()
                return accepted
            default:
                return accepted
            }
        }
        #expect(record.statuses == [.accepted, .accepted])
        #expect(record.requests.map(batchIndex) == [1, 2, 1, 2])
        #expect(record.outcome(2)?.attempts == 2)
        let reasons = record.events.compactMap { event -> String? in
            if case .retryScheduled(2, _, _, let reason) = event { reason } else { nil }
        }
        #expect(reasons == ["its managers' batch was not accepted first"])
        expectEveryBatchAccountedFor(record, count: 2)
    }

    /// The run stops while the managers' batch is on the wire and the report's batch was accepted: its outcome is
    /// unproven, so it is `failed` (never journalled as accepted) and the next run sends it again, after them.
    @Test func aReportWhoseManagersWereUnansweredAtAStopIsNotAccepted() async throws {
        let harness = UploadHarness { $0.concurrency = 2 }
        let clock = harness.clock
        let record = try await harness.run(ArraySource(count: 3, waits: [2: 1])) { _, batch, _, uploader in
            if batch == 1 {
                // Never answers; cancelled after the grace period, as the real transport is.
                do { try await clock.sleep(seconds: 1e6) } catch { throw TransportError.cancelled }
            }
            uploader.stop()
            return accepted
        }
        #expect(record.result.stopReason == .cancelled)
        #expect(record.statuses == [.failed, .failed, .notSent])
        #expect(record.outcome(1)?.error?.code == "Cancelled")
        #expect(record.outcome(2)?.error?.code == "ManagersUnconfirmed")
        expectEveryBatchAccountedFor(record, count: 3)
    }

    /// The managers' batch was rejected (400): nothing can make its users exist, so after it finished the report's
    /// batch is sent once more (its first copy arrived before the managers' answer) and accepted.
    @Test func aReportWhoseManagersWereRejectedIsAcceptedAfterTheirBatchFinished() async throws {
        let gate = Gate()
        let record = try await UploadHarness().run(ArraySource(count: 2, waits: [2: 1])) { _, batch, attempt, _ in
            if batch == 1 {
                await gate.wait()
                return graphError(400, code: "BadRequest", message: "Invalid Data Format")
            }
            if attempt == 1 { await gate.open() }
            return accepted
        }
        #expect(record.statuses == [.rejected, .accepted])
        #expect(record.requests.map(batchIndex) == [1, 2, 2])
    }

    /// A batch that names no managers' batch never waits.
    @Test func independentBatchesDoNotWaitForEachOther() async throws {
        let gate = Gate()
        let record = try await UploadHarness { $0.concurrency = 2 }.run(ArraySource(count: 2)) { _, batch, _, _ in
            if batch == 1 { await gate.wait() } else { await gate.open() }
            return accepted
        }
        #expect(record.statuses == [.accepted, .accepted])
    }
}

/// The board's rules, step by step, on a manual clock.
@Suite struct ArrivalBoardTests {
    @Test func readyOnceEveryUnfinishedManagerBatchArrivedPlusTheGap() async throws {
        let clock = SteppingTimeSource()
        let board = ArrivalBoard(gap: 0.1, time: clock)
        for index in 1...3 { board.register(index) }
        board.started(1, attempt: 1)
        board.arrived(1, attempt: 1, at: 0)
        board.started(2, attempt: 1)
        board.arrived(2, attempt: 1, at: 0.05)
        // Batch 3 waits through 2: both arrived; the later arrival plus the gap is when it may go.
        let reliances = try await board.managersArrived(for: 3, through: 2)
        #expect(reliances == [.init(index: 1, attempt: 1), .init(index: 2, attempt: 1)])
        #expect(abs(clock.now() - 0.15) < 1e-9)
    }

    @Test func anAcceptedOrFinishedBatchIsNotReliedOn() async throws {
        let board = ArrivalBoard(gap: 0.1, time: SteppingTimeSource())
        for index in 1...3 { board.register(index) }
        board.started(1, attempt: 1)
        board.answered(1, attempt: 1, accepted: true, at: 0)
        board.finished(2)
        #expect(try await board.managersArrived(for: 3, through: 2).isEmpty)
    }

    @Test func confirmFollowsTheRequestReliedOn() async throws {
        let board = ArrivalBoard(gap: 0, time: SteppingTimeSource())
        board.register(1)
        board.started(1, attempt: 1)
        board.arrived(1, attempt: 1, at: 0)
        let reliance = [ArrivalBoard.Reliance(index: 1, attempt: 1)]
        board.answered(1, attempt: 1, accepted: true, at: 0)
        #expect(try await board.confirm(reliance))
        // A later request for the same batch does not undo the first acceptance.
        board.started(1, attempt: 2)
        board.answered(1, attempt: 2, accepted: false, at: 1)
        #expect(try await board.confirm(reliance))
    }

    @Test func confirmFailsWhenTheRequestReliedOnWasNotAccepted() async throws {
        let board = ArrivalBoard(gap: 0, time: SteppingTimeSource())
        board.register(1)
        board.started(1, attempt: 1)
        board.arrived(1, attempt: 1, at: 0)
        board.answered(1, attempt: 1, accepted: false, at: 0)
        #expect(try await !board.confirm([.init(index: 1, attempt: 1)]))
        board.finished(1)
        #expect(try await !board.confirm([.init(index: 1, attempt: 1)]))
    }

    @Test func aWaiterIsCancelledWithTheRun() async {
        let board = ArrivalBoard(gap: 0, time: SteppingTimeSource())
        board.register(1)
        let waiter = Task { try await board.managersArrived(for: 2, through: 1) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }
}
