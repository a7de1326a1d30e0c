import Basics
import Foundation
import Graph
import Transport

/// Sends one batch until it is accepted, rejected, failed, or the run stops: the async shell of `BatchRetryPolicy`.
///
/// Each request waits for the batches holding its managers to arrive (`ArrivalBoard`) and for a pacer slot; its
/// answer becomes a `ResponseVerdict`, the policy turns that into an action, and this carries the action out.
struct BatchSender: Sendable {
    let configuration: UploadConfiguration
    let transport: any HTTPTransport
    let tokens: any AccessTokenProvider
    let time: any TimeSource
    let policy: BatchRetryPolicy
    let requests: GraphRequest
    let events: @Sendable (UploadEvent) -> Void
    let pacer: Pacer
    let board: ArrivalBoard
    let run: UploadRun
    let stopSwitch: StopSwitch

    /// Sends `batch` and records its outcome in `run`.
    func send(_ batch: UploadBatch) async {
        var progress = Progress(batch: batch)
        let (status, countsAsFailure) = await attempt(batch, &progress)
        board.finished(batch.index)
        var outcome = progress.outcome(status, stopReason: stopSwitch.stopReason)
        if status == .accepted, progress.acceptances > 1, let first = progress.firstAcceptedAt {
            outcome.acceptedSpan = max(0, time.now() - first)
        }
        await run.finish(outcome, countsAsFailure: countsAsFailure)
    }

    /// The state of one batch across its requests.
    struct Progress {
        let batch: UploadBatch
        var counters = BatchRetryPolicy.Counters()
        var clientRequestId: String?
        var httpStatus: Int?
        var lastError: GraphError?
        /// The last answer said the service did not take the batch (429, bucket full): nothing of it was staged.
        var lastAnswerRefused = false
        /// When the service first took the batch, and how often it did (again when resent after its managers').
        var firstAcceptedAt: Double?
        var acceptances = 0

        func outcome(_ status: BatchStatus, stopReason: StopReason?) -> BatchOutcome {
            let error: GraphError? =
                switch status {
                case .accepted: nil
                case .notSent: .notSent(because: stopReason, after: counters.requests == 0 ? nil : lastError)
                case .rejected, .failed: lastError ?? .notSent(because: stopReason)
                }
            return BatchOutcome(
                index: batch.index, recordCount: batch.recordCount, status: status, attempts: counters.requests,
                clientRequestId: clientRequestId, httpStatus: httpStatus, error: error)
        }

        /// The run stopped before this batch's next request. Not sent when the service never took any of it: no
        /// request yet, or only refusals (a stop during a 429 or bucket-full pause); failed when its last request
        /// went unanswered (its outcome is unknown).
        var interrupted: (BatchStatus, Bool) {
            (counters.requests == 0 || lastAnswerRefused ? .notSent : .failed, false)
        }
    }

    /// Returns the final status and whether it counts toward `unavailableAfterConsecutiveFailures`.
    private func attempt(_ batch: UploadBatch, _ progress: inout Progress) async -> (BatchStatus, Bool) {
        while true {
            let managers = batch.waitsForBatchesThrough
            guard !stopSwitch.isTripped,
                let reliances = try? await board.managersArrived(for: batch.index, through: managers),
                let slot = try? await pacer.acquire(), !stopSwitch.isTripped, let token = await token(),
                await run.reserveRequest(isRetry: progress.counters.requests > 0)
            else { return progress.interrupted }
            let verdict = await exchange(batch, slot: slot, token: token, &progress)
            if case .throttled = verdict { await run.noteThrottled() }
            if verdict.isAccepted, !reliances.isEmpty {
                guard let confirmed = try? await board.confirm(reliances) else {
                    progress.lastError = .managersUnconfirmed(reliances)
                    return (.failed, false)
                }
                guard confirmed else {
                    progress.lastError = .managersNotFirst(reliances)
                    scheduleRetry(batch, progress, delay: 0, reason: "its managers' batch was not accepted first")
                    continue
                }
            }
            let action = policy.decide(verdict, &progress.counters)
            if let final = await perform(action, after: verdict, batch, progress, token: token, startedAt: slot.time) {
                return final
            }
        }
    }

    /// Carries out `action`; the batch's final status, or nil to send it again.
    private func perform(
        _ action: BatchRetryPolicy.Action, after verdict: ResponseVerdict, _ batch: UploadBatch, _ progress: Progress,
        token: String, startedAt: Double
    ) async -> (BatchStatus, Bool)? {
        let reason = [progress.httpStatus.map(String.init), progress.lastError?.code].compactMap { $0 }
            .joined(separator: " ")
        switch action {
        case .finish(let status, let countsAsFailure):
            return (status, countsAsFailure)
        case .stop(let reason):
            stopSwitch.trip(reason)
            return (.failed, false)
        case .refreshToken:
            await Task { [tokens] in await tokens.invalidate(token) }.value  // not cut short by a stop: it is local
            await run.noteTokenRefresh()
            scheduleRetry(batch, progress, delay: 0, reason: "\(reason): token refreshed")
        case .throttleAll(let seconds):
            let retryAfter: Double? = if case .throttled(let delay?, _) = verdict { delay.seconds } else { nil }
            let outcome = await pacer.throttle(for: seconds, retryAfter: retryAfter, requestStartedAt: startedAt)
            if case .switched(let rate) = outcome {
                await run.noteLearned(rate)
                events(.learnedRate(rate))
            }
            events(.throttled(retryAfter: seconds))
            scheduleRetry(batch, progress, delay: seconds, reason: reason)
        case .bucketPause:
            let decision = await pacer.pauseForFullBucket(
                seconds: configuration.bucketFullWait, maxPauses: max(0, configuration.bucketFullMaxWaits),
                requestStartedAt: startedAt)
            switch decision {
            case .stop:
                stopSwitch.trip(.bucketFull)
                return (.failed, false)
            case .paused(let seconds):
                events(.paused(seconds: seconds, reason: "500 bucket full: \(progress.lastError?.message ?? "")"))
                scheduleRetry(batch, progress, delay: seconds, reason: "500 bucket full")
            case .alreadyPaused(let remaining):
                scheduleRetry(batch, progress, delay: remaining, reason: "500 bucket full")
            }
        case .retryAfter(let seconds):
            scheduleRetry(batch, progress, delay: seconds, reason: reason)
            do { try await time.sleep(seconds: seconds) } catch { return progress.interrupted }
        }
        return nil
    }

    /// A token for the next request; nil (and the run stops) when none can be had. It is registered as a secret, so
    /// that no answer can echo it into a message, whatever its shape (registering it again costs nothing).
    private func token() async -> String? {
        do {
            let token = try await shielded(grace: configuration.stopGraceSeconds, time: time) { [tokens] in
                try await tokens.token()
            }
            SecretRegistry.shared.register([token])
            return token
        } catch {
            if !stopSwitch.isTripped { stopSwitch.trip(.unauthorized(ServerText.clean(error.localizedDescription))) }
            return nil
        }
    }

    /// One request for `batch`, and what its answer means.
    private func exchange(
        _ batch: UploadBatch, slot: Pacer.Slot, token: String, _ progress: inout Progress
    ) async -> ResponseVerdict {
        progress.counters.requests += 1
        let attempt = progress.counters.requests
        let requestID = GraphRequest.newRequestID()
        progress.clientRequestId = requestID
        events(.batchStarted(index: batch.index, attempt: attempt, clientRequestId: requestID))
        board.started(batch.index, attempt: attempt)
        // The body arriving is what lets the batches holding this one's reports start (`ArrivalBoard`), and what the
        // pacing window counts from (`PacingWindow.sent`). The callback must not block, so the pacer hears of it in a
        // task, which this exchange awaits before it ends: the batch's next `acquire`, and the next batch that its
        // end lets start, come after the pacer has counted it.
        let pacerHeard = Locked<Task<Void, Never>?>(nil)
        let request = requests.make(
            "POST", configuration.endpoint, token: token, body: batch.body, contentType: "application/scim+json",
            requestID: requestID, maxSuccessBodyBytes: Self.sniffBytes
        ) { [board, pacer, time] in
            let now = time.now()
            board.arrived(batch.index, attempt: attempt, at: now)
            pacerHeard.withLock { $0 = Task { await pacer.sent(slot, at: now) } }
        }
        let verdict: ResponseVerdict
        do {
            let response = try await shielded(grace: configuration.stopGraceSeconds, time: time) { [transport] in
                try await transport.send(request)
            }
            progress.httpStatus = response.status
            verdict = ResponseVerdict(response: response)
        } catch {
            progress.httpStatus = nil
            verdict = .noAnswer(GraphError(transportFailure: error))
        }
        // A transport calls `onBodySent` before its answer is handed over (`HTTPRequest.onBodySent`).
        await pacerHeard.withLock { $0 }?.value
        progress.lastError = verdict.error
        if verdict.isAccepted {
            progress.acceptances += 1
            if progress.firstAcceptedAt == nil { progress.firstAcceptedAt = time.now() }
        }
        progress.lastAnswerRefused =
            switch verdict {
            case .throttled, .bucketFull: true
            default: false
            }
        board.answered(batch.index, attempt: attempt, accepted: verdict.isAccepted, at: time.now())
        if case .acceptedUnexpectedly(let status) = verdict {
            events(.acceptedWithUnexpectedStatus(index: batch.index, status: status))
        }
        return verdict
    }

    /// A 202's body is documented empty: enough is read to recognise an HTML page, the rest is never read.
    static let sniffBytes = 4096

    private func scheduleRetry(_ batch: UploadBatch, _ progress: Progress, delay: Double, reason: String) {
        let next = progress.counters.requests + 1
        events(.retryScheduled(index: batch.index, attempt: next, delay: delay, reason: reason))
    }
}

extension GraphError {
    /// Accepted while the batch holding its managers had a request on the wire, and the run stopped before its answer.
    static func managersUnconfirmed(_ reliances: [ArrivalBoard.Reliance]) -> GraphError {
        GraphError(
            code: "ManagersUnconfirmed",
            message: "accepted, but the run stopped before batch \(names(reliances)), which holds managers of its "
                + "users, was answered; it is sent again, after them, by the next run")
    }

    /// Accepted, but before the batch holding its managers was: sent again after them.
    static func managersNotFirst(_ reliances: [ArrivalBoard.Reliance]) -> GraphError {
        GraphError(
            code: "ManagersNotFirst",
            message: "accepted before batch \(names(reliances)), which holds managers of its users, was; sent again "
                + "after them so that the service resolves the manager references")
    }

    private static func names(_ reliances: [ArrivalBoard.Reliance]) -> String {
        reliances.map { String($0.index) }.joined(separator: ", ")
    }
}
