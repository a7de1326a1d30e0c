import EmulatorKit
import Foundation
import JSONDocument

/// The job's control state (docs/service.md, "Synchronization job and schema").
struct JobStatus: Sendable {
    var code: EmulatorConfiguration.JobState
    var quarantineReason: String
    /// When the job entered its current state; processing of queued records resumes from here.
    var since: Double
}

/// `GET …/synchronization/jobs[/{job}]` and `POST …/{job}/start|pause|restart` (docs/service.md, "Synchronization job
/// and schema").
struct JobEndpoint: Sendable {
    let state: EmulatorState

    /// `job` nil lists the jobs; `action` is `start`, `pause` or `restart` (nil for GET of the job itself).
    func handle(_ request: HTTPRequestMessage, servicePrincipal: String, job: String?, action: String?)
        -> HTTPResponseMessage
    {
        let now = state.clock.now()
        if case .denied(let response) = GraphAuthorization(state: state).authorize(
            request, requiredRoles: nil, now: now)
        {
            return response
        }
        let configuration = state.configuration
        guard servicePrincipal.caseInsensitiveCompare(configuration.servicePrincipalID) == .orderedSame else {
            return GraphResponse.error(
                404, code: "Request_ResourceNotFound",
                message:
                    "Resource '\(servicePrincipal)' does not exist or one of its queried reference-property objects "
                    + "are not present.",
                for: request, now: now)
        }
        guard let job else {
            guard request.method == "GET" else { return methodNotAllowed(request, now) }
            let current = state.withModel { $0.job }
            return GraphResponse.json(
                200, .object(["value": .array([json(current, now: now)])]), for: request, now: now)
        }
        guard job.caseInsensitiveCompare(configuration.jobID) == .orderedSame else {
            return GraphResponse.error(
                404, code: "NotFound", message: "The synchronization job '\(job)' was not found.", for: request,
                now: now)
        }
        switch (request.method, action?.lowercased()) {
        case ("GET", nil):
            let current = state.withModel { model in
                model.drain(now: now)
                return model.job
            }
            return GraphResponse.json(200, json(current, now: now), for: request, now: now)
        case ("POST", "start"?):
            state.withModel { model in
                guard model.job.code != .active else { return }
                model.job = JobStatus(code: .active, quarantineReason: model.job.quarantineReason, since: now)
                model.drain(now: now)
            }
        case ("POST", "pause"?):
            state.withModel { model in
                // The current cycle finishes before the job stops.
                model.drain(now: now)
                if model.job.code == .active {
                    model.job = JobStatus(code: .paused, quarantineReason: model.job.quarantineReason, since: now)
                }
            }
        case ("POST", "restart"?):
            state.withModel { model in
                // A job that is not running loses what was uploaded before the restart.
                if model.job.code == .active { model.drain(now: now) } else { model.processor.purgePending() }
                model.job = JobStatus(code: .active, quarantineReason: model.job.quarantineReason, since: now)
            }
        case (_, nil), (_, "start"?), (_, "pause"?), (_, "restart"?):
            return methodNotAllowed(request, now)
        default:
            return GraphResponse.error(
                404, code: "ResourceNotFound", message: "Resource not found for the segment '\(action ?? "")'.",
                for: request, now: now)
        }
        return GraphResponse.empty(204, for: request, now: now)
    }

    private func methodNotAllowed(_ request: HTTPRequestMessage, _ now: Double) -> HTTPResponseMessage {
        GraphResponse.error(
            405, code: "MethodNotAllowed",
            message: "The HTTP method '\(request.method)' is not allowed for this resource.", for: request, now: now)
    }

    /// The `synchronizationJob` shape Graph returns.
    func json(_ job: JobStatus, now: Double) -> JSON {
        let jobID = state.configuration.jobID
        let quarantine: JSON =
            job.code == .quarantine
            ? .object([
                "currentBegan": .string(Timestamp.iso8601(job.since)),
                "nextAttempt": .string(Timestamp.iso8601(job.since + 2400)),
                "reason": .string(job.quarantineReason), "seriesBegan": .string(Timestamp.iso8601(job.since)),
                "seriesCount": 1,
                "error": .object([
                    "code": .string(job.quarantineReason),
                    "message": "The job was quarantined; fix the cause, then start or restart the job.",
                    "tenantActionable": true,
                ]),
            ])
            : .null
        let never = "0001-01-01T00:00:00Z"
        return .object([
            "id": .string(jobID), "templateId": .string(jobID.hasPrefix("API2AD.") ? "API2AD" : "API2AAD"),
            "schedule": .object([
                "expiration": .null, "interval": "P10675199DT2H48M5.4775807S",
                "state": .string(job.code == .active ? "Active" : "Disabled"),
            ]),
            "status": .object([
                "code": .string(job.code.rawValue), "countSuccessiveCompleteFailures": 0, "escrowsPruned": false,
                "lastExecution": .null, "lastSuccessfulExecution": .null, "lastSuccessfulExecutionWithExports": .null,
                "progress": .array([]), "quarantine": quarantine, "steadyStateFirstAchievedTime": .string(never),
                "steadyStateLastAchievedTime": .string(never), "synchronizedEntryCountByType": .array([]),
                "troubleshootingUrl": .null,
            ]),
            "synchronizationJobSettings": .array([
                .object(["name": "QuarantineTooManyDeletesThreshold", "value": "500"])
            ]),
        ])
    }
}
