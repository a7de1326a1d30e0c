import EmulatorKit
import Foundation

/// `POST /{v1.0|beta}/servicePrincipals/{sp}/synchronization/jobs/{job}/bulkUpload` (docs/service.md, "bulkUpload").
struct BulkUploadRoute: Sendable {
    /// The service's exact bucket-full message.
    static let bucketFullMessage =
        "The bucket that stores the ingested data is full, please wait for the synchronization service to process the "
        + "ingested data and retry this request."

    let state: EmulatorState

    /// What the locked section decided.
    private enum Decision {
        case accepted
        case throttled(retryAfter: String)
        case serverError(Int)
        case bucketFull
        case drop
    }

    func handle(_ request: HTTPRequestMessage, version: String, servicePrincipal: String, job: String)
        -> HTTPResponseMessage
    {
        // Judged as of its arrival, answered after the latency: judging after the sleep let requests that arrived
        // later but woke sooner count against earlier ones in the sliding window (spurious 429s at exactly the
        // limit), and judging when its thread got round to it counted the emulator's scheduling delay.
        let now = state.clock.arrival(receivedAt: request.receivedAt)
        let response = answer(request, version: version, servicePrincipal: servicePrincipal, job: job, now: now)
        // Counted once judged, at its arrival time: a count that includes a request means its verdict is taken.
        state.withModel { $0.stats.recordArrival(now: now) }
        state.applyLatency(since: request.receivedAt)
        state.withModel { model in
            if response.drop { model.stats.dropped += 1 } else { model.stats.recordOutcome(status: response.status) }
        }
        return response
    }

    private func answer(
        _ request: HTTPRequestMessage, version: String, servicePrincipal: String, job: String, now: Double
    ) -> HTTPResponseMessage {
        let configuration = state.configuration
        guard request.method == "POST" else {
            return GraphResponse.error(
                405, code: "MethodNotAllowed",
                message: "The /bulkUpload endpoint only supports the POST HTTP action.", for: request, now: now)
        }
        if case .denied(let response) = GraphAuthorization(state: state).authorize(
            request, requiredRoles: GraphAuthorization.uploadRoles, now: now)
        {
            return response
        }
        guard servicePrincipal.caseInsensitiveCompare(configuration.servicePrincipalID) == .orderedSame,
            job.caseInsensitiveCompare(configuration.jobID) == .orderedSame
        else {
            return GraphResponse.error(
                404, code: "NotFound",
                message: "No API-driven provisioning job '\(job)' exists on servicePrincipal '\(servicePrincipal)'.",
                for: request, now: now)
        }
        let validator = BulkRequestValidator(
            allowDelete: configuration.allowDelete, rejectedExternalIDs: configuration.rejectedExternalIDs)
        let operations: [BulkRequestValidator.Operation]
        switch validator.validate(contentType: request.header("Content-Type"), body: request.body) {
        case .failure(let error):
            return GraphResponse.error(400, code: "BadRequest", message: error.message, for: request, now: now)
        case .success(let valid): operations = valid
        }
        switch decide(operations, now: now) {
        case .accepted:
            let location =
                "\(state.baseURL)/\(version)/auditLogs/provisioning/?$filter=jobid%20eq%20'\(configuration.jobID)'"
            return GraphResponse.empty(202, for: request, now: now, extraHeaders: [HTTPHeader("Location", location)])
        case .throttled(let retryAfter):
            return GraphResponse.throttled(retryAfter: retryAfter, for: request, now: now)
        case .serverError(let status):
            let extra = status == 503 ? [HTTPHeader("Retry-After", "1")] : []
            return GraphResponse.error(
                status, code: GraphResponse.code(for: status),
                message: "The service is temporarily unavailable (injected fault); retry the request.", for: request,
                now: now,
                extraHeaders: extra)
        case .bucketFull:
            return GraphResponse.error(
                500, code: "InternalServerError", message: Self.bucketFullMessage, for: request, now: now)
        case .drop:
            return .dropConnection()
        }
    }

    /// Limiter → daily quota → injected faults → bucket capacity → accept, all in one critical section.
    private func decide(_ operations: [BulkRequestValidator.Operation], now: Double) -> Decision {
        let configuration = state.configuration
        return state.withModel { model -> Decision in
            model.drain(now: now)
            if case .throttled(let wait) = model.limiter.check(now: now) {
                return .throttled(retryAfter: retryAfter(wait))
            }
            if case .throttled(let wait) = model.quota.check(now: now) {
                // The daily quota: wait until the oldest call of the last 24 h ages out.
                return .throttled(retryAfter: String(max(1, Int(wait.rounded(.up)))))
            }
            model.limiter.record(now: now)
            model.quota.record(now: now)
            switch model.faults.draw() {
            case .drop: return .drop
            case .serverError(let status): return .serverError(status)
            case .throttle: return .throttled(retryAfter: retryAfter(1))
            case .none: break
            }
            if configuration.bucketCapacity > 0,
                model.processor.pendingCount + operations.count > configuration.bucketCapacity
            {
                return .bucketFull
            }
            let cycleID = GUID.random()
            let due = now + configuration.processDelaySeconds
            model.processor.enqueue(
                operations.map {
                    Processor.PendingOperation(
                        isDelete: $0.isDelete, externalID: $0.externalID, data: $0.data, cycleID: cycleID, dueTime: due)
                })
            for operation in operations {
                model.payloads[operation.externalID] = operation.data
                model.stats.uniqueExternalIDs.insert(operation.externalID)
            }
            model.stats.recordsReceived += operations.count
            if configuration.processDelaySeconds == 0 { model.drain(now: now) }
            return .accepted
        }
    }

    /// `--retry-after` as given, else the wait rounded up to whole seconds, at least 1 (the emulator's choice:
    /// Retry-After is not documented for bulkUpload).
    private func retryAfter(_ wait: Double) -> String {
        if let fixed = state.configuration.retryAfterSeconds { return GraphResponse.retryAfterText(fixed) }
        return String(max(1, Int(wait.rounded(.up))))
    }
}
