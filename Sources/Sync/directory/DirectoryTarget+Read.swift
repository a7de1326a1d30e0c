import Configuration
import Graph
import Transport

extension DirectoryTarget {
    /// The job's target as `saved` (a schema saved with `schema show --out`) or the job's schema read now tells it;
    /// when neither can be had, the default mappings, with the reason to say once.
    package static func read(
        saved: JobSchema?, settings: UploadSettings, transport: any HTTPTransport, tokens: any AccessTokenProvider,
        time: any TimeSource
    ) async -> (target: DirectoryTarget, notice: String?) {
        let jobId = settings.endpoint.jobId
        if let saved { return (DirectoryTarget(schema: saved, jobId: jobId), nil) }
        let client = JobClient(
            jobURL: settings.endpoint.jobURL, transport: transport, tokens: tokens, time: time,
            maxAttempts: min(2, settings.upload.maxAttempts), maxWait: min(30, settings.upload.maxWait),
            requests: GraphRequest(userAgent: settings.upload.userAgent, timeoutSeconds: 30))
        do {
            return (DirectoryTarget(schema: try await client.schema(), jobId: jobId), nil)
        } catch {
            return (.defaults(jobId: jobId), assumedDefaults(error.localizedDescription))
        }
    }
}
