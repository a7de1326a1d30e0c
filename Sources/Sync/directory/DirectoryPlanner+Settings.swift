import Configuration
import Graph
import Transport

extension DirectoryPlanner {
    /// A planner for the job and limits of `settings` (the Graph of its endpoint, its retries and timeouts).
    package init(
        target: DirectoryTarget, settings: UploadSettings, transport: any HTTPTransport,
        tokens: any AccessTokenProvider, time: any TimeSource
    ) {
        self.init(
            target: target, graphBase: settings.endpoint.graphBase, version: settings.endpoint.version,
            transport: transport, tokens: tokens, time: time,
            requests: GraphRequest(
                userAgent: settings.upload.userAgent, timeoutSeconds: settings.upload.requestTimeoutSeconds),
            maxAttempts: settings.upload.maxAttempts, maxWait: settings.upload.maxWait)
    }
}
