import Transport

/// `status` and its `--heal` as one operation: the provisioning logs read (and with `wait`, polled), then the
/// manager references that did not resolve healed. Both read the logs at one pace, so the polls of `--wait` and the
/// heal's stay together under the logs' limit.
package struct StatusReview: Sendable {
    /// What the review found: the upload's outcome, the heal's (when asked for), and the status of both.
    package struct Outcome: Sendable {
        package let status: StatusRun.Outcome
        package let heal: ReferenceHealer.Outcome?
        package let exitStatus: ExitStatus
    }

    let statusRun: StatusRun
    let healer: ReferenceHealer?

    package init(
        status: StatusRun.Job, heal: ReferenceHealer.Job?, transport: any HTTPTransport,
        tokens: any AccessTokenProvider, time: any TimeSource, events: @escaping @Sendable (SyncEvent) -> Void
    ) {
        let logs = LogsConnection(transport: transport, tokens: tokens, time: time)
        statusRun = StatusRun(job: status, logs: logs, events: events)
        healer = heal.map { ReferenceHealer(job: $0, logs: logs, events: events) }
    }

    package func run() async throws(SyncError) -> Outcome {
        let outcome = try await statusRun.run()
        guard let healer else { return Outcome(status: outcome, heal: nil, exitStatus: outcome.status) }
        let healed = try await healer.run(outcome)
        return Outcome(status: outcome, heal: healed, exitStatus: outcome.status(after: healed))
    }
}
