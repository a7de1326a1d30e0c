import Foundation

/// Everything the emulator can be told on its command line; the defaults mimic a healthy real tenant.
package struct EmulatorConfiguration: Sendable, Equatable {
    /// A sliding-window limit: at most `count` calls within any `windowSeconds`.
    package struct RateLimit: Sendable, Equatable {
        package var count: Int
        package var windowSeconds: Double
        package init(count: Int, windowSeconds: Double) {
            self.count = count
            self.windowSeconds = windowSeconds
        }
    }

    /// How the log reports a manager reference to a User this job has not processed: the service creates or updates
    /// the User without its manager (`warning`); `failure` fails the record instead.
    package enum UnresolvedManagerOutcome: String, Sendable, Equatable, CaseIterable {
        case warning
        case failure
    }

    /// The synchronization job's `status.code`.
    package enum JobState: String, Sendable, Equatable, CaseIterable {
        case active = "Active"
        case paused = "Paused"
        case quarantine = "Quarantine"
    }

    package var port = 0
    package var host = "127.0.0.1"
    package var verbose = false

    package var tenantID = "00000000-0000-0000-0000-0000000000aa"
    package var clientID = "11111111-1111-1111-1111-111111111111"
    package var clientSecret = "emulator-secret"
    package var secretExpired = false
    package var federatedSubject = "repo:contoso/hr:ref:refs/heads/main"
    /// The app roles put in issued tokens: upload, read the logs, read and write the job's schema, read the directory.
    package var roles = [
        "SynchronizationData-User.Upload", "AuditLog.Read.All", "Synchronization.ReadWrite.All", "User.Read.All",
    ]
    package var tokenLifetimeSeconds = 3599
    package var identityHeader = "emulator-identity-header"
    /// Certificates registered on the app (`--client-certificate`); certificate assertions must be signed by one.
    package var clientCertificates: [RegisteredCertificate] = []

    package var servicePrincipalID = "22222222-2222-2222-2222-222222222222"
    package var jobID = "API2AAD.000000000000000000000000000000aa.33333333-3333-3333-3333-333333333333"

    /// 40 calls per second, the Graph reference's figure and the client's default; the newer Entra pages say 40
    /// within any 5 seconds (`--rate 40/5s`). docs/service.md, "Throttling and quotas".
    package var rate = RateLimit(count: 40, windowSeconds: 1)
    /// A fixed Retry-After for 429s; nil sends the time until the window frees a slot.
    package var retryAfterSeconds: Double?
    /// 6,000 calls per 24 h (2,000 under P1/P2; docs/service.md, "Throttling and quotas"). Zero means unlimited.
    package var dailyQuota = 6000
    /// Records accepted but not yet processed; zero means unlimited (the service answers 500 "bucket full").
    package var bucketCapacity = 0
    package var maxBodyBytes = 4 * 1024 * 1024

    package var latencyMilliseconds = 0
    package var jitterMilliseconds = 0
    package var failRate = 0.0
    package var dropRate = 0.0
    package var throttleRate = 0.0
    /// nil picks a random seed at start.
    package var seed: UInt64?

    package var processDelaySeconds = 0.0
    package var logDelaySeconds = 0.0
    package var pageSize = 50
    /// The cap on `$top`: a service with a smaller one answers a large `$top` with more pages.
    package var maxPageSize = LogsEndpoint.maximumTop
    package var recordFailureRate = 0.0
    package var jobState = JobState.active
    package var quarantineReason = "EncounteredQuarantineException"
    /// 5 requests per 10 s for the provisioning logs (docs/service.md, "Throttling and quotas").
    package var logsRate = RateLimit(count: 5, windowSeconds: 10)
    package var allowDelete = false
    package var unresolvedManager = UnresolvedManagerOutcome.warning
    /// Requests holding any of these externalIds get a 400 (to test rejected batches).
    package var rejectedExternalIDs: Set<String> = []

    /// The file the directory was seeded from (`--directory-seed`), and the users read from it.
    package var directorySeedPath: String?
    var directorySeed: [DirectoryUser] = []
    /// Directory reads, in Graph's resource units per window: 3,500 per 10 s, the identity service's quota for the
    /// smallest tenants (8,000 for tenants above 500 users). docs/service.md, "Reading the directory".
    package var directoryRate = RateLimit(count: 3500, windowSeconds: 10)
    /// Share of directory reads answered 500 or 503.
    package var directoryFailRate = 0.0

    package init() {}
}
