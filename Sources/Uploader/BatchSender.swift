import Foundation
import Token
import Transport

/// Sends one batch until it is accepted, rejected, failed, or the run stops: the per-batch retry policy.
///
/// Each HTTP request waits for a pacer slot first. Budgets are separate: 5xx and transport errors count toward
/// `maxAttempts`, 429s toward `maxThrottledRetries`; a 401 refresh and bucket-full waits count toward neither.
struct BatchSender: Sendable {
    let configuration: UploadConfiguration
    let transport: any HTTPTransport
    let tokens: any AccessTokenProvider
    let time: any TimeSource
    let backoff: Backoff
    let events: @Sendable (UploadEvent) -> Void
    let pacer: Pacer
    let run: UploadRun
    let stopSwitch: StopSwitch

    /// Sends `batch` and records its outcome in `run`.
    func send(_ batch: UploadBatch) async {
        var progress = Progress(batch: batch)
        let (status, countsAsFailure) = await attempt(batch, &progress)
        await run.finish(progress.outcome(status, stopReason: stopSwitch.stopReason), countsAsFailure: countsAsFailure)
    }

    /// The state of one batch across its requests.
    struct Progress {
        let batch: UploadBatch
        var requests = 0
        var failures = 0
        var throttles = 0
        var refreshed = false
        var clientRequestId: String?
        var httpStatus: Int?
        var lastError: GraphError?

        func outcome(_ status: BatchStatus, stopReason: StopReason?) -> BatchOutcome {
            let error = status == .accepted ? nil : (lastError ?? .notSent(because: stopReason))
            return BatchOutcome(
                index: batch.index, recordCount: batch.recordCount, status: status, attempts: requests,
                clientRequestId: clientRequestId, httpStatus: httpStatus, error: error)
        }

        /// The run stopped before this batch's next request: never sent, or sent without a final answer.
        var interrupted: (BatchStatus, Bool) { (requests == 0 ? .notSent : .failed, false) }
    }

    /// Returns the final status and whether it counts toward `unavailableAfterConsecutiveFailures`.
    private func attempt(_ batch: UploadBatch, _ progress: inout Progress) async -> (BatchStatus, Bool) {
        while true {
            guard !stopSwitch.isTripped, let startedAt = try? await pacer.acquire(), !stopSwitch.isTripped else {
                return progress.interrupted
            }
            let token: String
            do {
                token = try await uncancellable { [tokens] in try await tokens.token() }
            } catch {
                stopSwitch.trip(.unauthorized(error.localizedDescription))
                return progress.interrupted
            }
            guard await run.reserveRequest(isRetry: progress.requests > 0) else { return progress.interrupted }
            progress.requests += 1
            let requestId = UUID().uuidString.lowercased()
            progress.clientRequestId = requestId
            events(.batchStarted(index: batch.index, attempt: progress.requests, clientRequestId: requestId))

            let request = makeRequest(batch, token: token, requestId: requestId)
            let verdict: ResponseVerdict
            do {
                let response = try await uncancellable { [transport] in try await transport.send(request) }
                progress.httpStatus = response.status
                verdict = ResponseVerdict(response: response)
            } catch {
                // No answer: retried like a 5xx. Safe even after a timeout, because the service matches on
                // externalId (contract §5), so a resend updates rather than duplicates.
                progress.httpStatus = nil
                verdict = .serverError(retryAfter: nil, GraphError(transportFailure: error))
            }

            switch verdict {
            case .accepted:
                progress.lastError = nil
                return (.accepted, false)
            case .rejected(let error):
                progress.lastError = error
                return (.rejected, false)
            case .failed(let error):
                progress.lastError = error
                return (.failed, true)
            case .stop(let reason, let error):
                progress.lastError = error
                stopSwitch.trip(reason)
                return (.failed, false)
            case .unauthorized(let error):
                progress.lastError = error
                guard !progress.refreshed else {
                    stopSwitch.trip(.unauthorized("a freshly issued token was rejected too (401 \(error.code): \(error.message))"))
                    return (.failed, false)
                }
                progress.refreshed = true
                await Task { [tokens] in await tokens.invalidate(token) }.value  // shielded like the token fetch
                await run.noteTokenRefresh()
                scheduleRetry(batch, progress, delay: 0, reason: "401 \(error.code): token refreshed")
            case .throttled(let retryAfter, let error):
                progress.lastError = error
                progress.throttles += 1
                await run.noteThrottled()
                guard progress.throttles <= configuration.maxThrottledRetries else { return (.failed, true) }
                // Contract §6.1: wait Retry-After, else back off; the pause holds every worker, not just this one.
                let delay = retryAfter ?? backoff.delay(attempt: progress.throttles)
                await pacer.throttle(for: delay, requestStartedAt: startedAt)
                events(.throttled(retryAfter: delay))
                scheduleRetry(batch, progress, delay: delay, reason: "429 \(error.code)")
            case .bucketFull(let error):
                progress.lastError = error
                let decision = await pacer.pauseForFullBucket(
                    seconds: configuration.bucketFullWait, maxPauses: max(0, configuration.bucketFullMaxWaits),
                    requestStartedAt: startedAt)
                switch decision {
                case .stop:
                    stopSwitch.trip(.bucketFull)
                    return (.failed, false)
                case .paused(let seconds):
                    events(.paused(seconds: seconds, reason: "500 bucket full: \(error.message)"))
                    scheduleRetry(batch, progress, delay: seconds, reason: "500 bucket full")
                case .alreadyPaused(let remaining):
                    scheduleRetry(batch, progress, delay: remaining, reason: "500 bucket full")
                }
            case .serverError(let retryAfter, let error):
                progress.lastError = error
                progress.failures += 1
                guard progress.failures < max(1, configuration.maxAttempts) else { return (.failed, true) }
                let delay = max(backoff.delay(attempt: progress.failures), retryAfter ?? 0)
                let status = progress.httpStatus.map { "\($0) " } ?? ""
                scheduleRetry(batch, progress, delay: delay, reason: "\(status)\(error.code)")
                do { try await time.sleep(seconds: delay) } catch { return progress.interrupted }
            }
        }
    }

    private func scheduleRetry(_ batch: UploadBatch, _ progress: Progress, delay: Double, reason: String) {
        events(.retryScheduled(index: batch.index, attempt: progress.requests + 1, delay: delay, reason: reason))
    }

    /// Contract §1.2 and §1.3: bearer token, `application/scim+json` (anything else is a 400), a fresh
    /// `client-request-id` per attempt so each request can be found in Graph's logs.
    private func makeRequest(_ batch: UploadBatch, token: String, requestId: String) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: configuration.endpoint,
            headers: [
                "Authorization": "Bearer \(token)",
                "Content-Type": "application/scim+json",
                "client-request-id": requestId,
                "User-Agent": configuration.userAgent,
                "Accept": "application/json",
            ],
            body: batch.body, timeoutSeconds: configuration.requestTimeoutSeconds)
    }
}
