import Foundation
import Graph
import Transport

/// Sends batches to `/bulkUpload`: paced (`Pacer`), up to `concurrency` in flight, each retried per `BatchSender`,
/// each starting as soon as the batches holding its managers have arrived (`ArrivalBoard`).
///
/// A run never throws: every batch the source produces ends in `UploadResult.outcomes`, and a run that cannot go on
/// says why in `stopReason`. After a stop, requests on the wire have `stopGraceSeconds` to finish (then they are
/// cancelled and their batches are `failed`), nothing new starts, and the source is drained so the remaining batches
/// are reported `.notSent`.
///
/// An uploader runs once: `stop()` is permanent, so a later `run` sends nothing.
package final class BulkUploader: Sendable {
    private let configuration: UploadConfiguration
    private let transport: any HTTPTransport
    private let tokens: any AccessTokenProvider
    private let time: any TimeSource
    private let random: @Sendable () -> Double
    private let events: @Sendable (UploadEvent) -> Void
    private let stopSwitch = StopSwitch()

    package init(
        configuration: UploadConfiguration, transport: any HTTPTransport, tokens: any AccessTokenProvider,
        time: any TimeSource, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        events: @escaping @Sendable (UploadEvent) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.tokens = tokens
        self.time = time
        self.random = random
        self.events = events
    }

    package func run(_ source: any UploadBatchSource) async -> UploadResult {
        let startedAt = time.now()
        let state = UploadRun(configuration: configuration, stopSwitch: stopSwitch, events: events)
        let pacer = Pacer(
            rate: configuration.rate, time: time, margin: configuration.windowMargin,
            recoveryStep: configuration.recoveryStep, slowRate: configuration.slowRate)
        let sender = BatchSender(
            configuration: configuration, transport: transport, tokens: tokens, time: time,
            policy: BatchRetryPolicy(configuration, random: random),
            requests: GraphRequest(
                userAgent: configuration.userAgent, timeoutSeconds: configuration.requestTimeoutSeconds),
            events: events, pacer: pacer, board: ArrivalBoard(gap: configuration.managerArrivalGap, time: time),
            run: state, stopSwitch: stopSwitch)
        let concurrency = max(1, configuration.concurrency)

        // The work runs in its own task so that a stop can cancel it: that wakes everyone waiting in the pacer, the
        // arrival board or a backoff, while requests on the wire are `shielded` and source reads `uncancellable`.
        let work = Task { await Self.dispatch(source, sender, concurrency: concurrency) }
        stopSwitch.attach(work)
        let sourceDone = await withTaskCancellationHandler {
            await work.value
        } onCancel: { [stopSwitch] in
            stopSwitch.trip(.cancelled)
        }
        if !sourceDone {
            await drain(source, into: state)
        }
        return await state.result(startedAt: startedAt, finishedAt: time.now())
    }

    /// Finish what is in flight (for up to `stopGraceSeconds`), start nothing new; unsent batches become `.notSent`,
    /// stopReason `.cancelled`.
    package func stop() {
        stopSwitch.trip(.cancelled)
    }

    /// Pulls batches one at a time and starts each in a bounded task group. Returns whether the source is finished
    /// (returned nil, or threw and cannot be read further); false means it still holds batches to drain.
    private static func dispatch(_ source: any UploadBatchSource, _ sender: BatchSender, concurrency: Int) async -> Bool
    {
        await withTaskGroup(of: Int.self) { group in
            var inFlight = 0
            while true {
                if inFlight >= concurrency, await group.next() != nil {
                    inFlight -= 1
                }
                if sender.stopSwitch.isTripped { return false }
                let next: UploadBatch?
                do {
                    next = try await uncancellable { try await source.next() }
                } catch {
                    sender.stopSwitch.trip(.sourceFailed(error.localizedDescription))
                    return true
                }
                guard let batch = next else { return true }
                if sender.stopSwitch.isTripped {
                    await sender.run.finish(.notSent(batch, because: sender.stopSwitch.stopReason))
                    return false
                }
                // Registered here, in source order, so that a later batch sees every earlier one it may wait for.
                sender.board.register(batch.index)
                group.addTask {
                    await sender.send(batch)
                    return batch.index
                }
                inFlight += 1
            }
        }
    }

    /// After a stop, every remaining batch is still reported (as `.notSent`) so the caller can account for every
    /// record.
    private func drain(_ source: any UploadBatchSource, into state: UploadRun) async {
        while let batch = try? await source.next() {
            await state.finish(.notSent(batch, because: stopSwitch.stopReason))
        }
    }
}
