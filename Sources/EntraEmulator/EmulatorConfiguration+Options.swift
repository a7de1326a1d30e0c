import EmulatorKit
import Foundation

extension EmulatorConfiguration {
    /// Every flag, in `--help` order.
    static let options: [Option] = [
        Option(name: "--port", placeholder: "N", help: "TCP port; 0 picks a free one (default 0).") { c, v in
            c.port = try OptionValue.port("--port", v)
        },
        Option(name: "--host", placeholder: "ADDR", help: "IPv4 address to bind (default 127.0.0.1).") { c, v in
            c.host = try OptionValue.nonEmpty("--host", v)
        },
        Option(name: "--verbose", placeholder: nil, help: "Log one line per request to stderr.") { c, _ in
            c.verbose = true
        },
        Option(name: "--tenant-id", placeholder: "ID", help: "Tenant in the token URL; others get AADSTS90002.") {
            c, v in
            c.tenantID = try OptionValue.nonEmpty("--tenant-id", v)
        },
        Option(name: "--client-id", placeholder: "ID", help: "The only known client_id (else AADSTS700016).") { c, v in
            c.clientID = try OptionValue.nonEmpty("--client-id", v)
        },
        Option(name: "--client-secret", placeholder: "S", help: "The valid secret (else AADSTS7000215).") { c, v in
            c.clientSecret = try OptionValue.nonEmpty("--client-secret", v)
        },
        Option(name: "--secret-expired", placeholder: nil, help: "A correct secret gets AADSTS7000222.") { c, _ in
            c.secretExpired = true
        },
        Option(
            name: "--client-certificate", placeholder: "FILE",
            help: "Register a PEM certificate (repeatable) for signed client assertions."
        ) { c, v in
            c.clientCertificates += try RegisteredCertificate.load(path: v, option: "--client-certificate")
        },
        Option(name: "--federated-subject", placeholder: "S", help: "Required `sub` of client_assertion JWTs.") {
            c, v in
            c.federatedSubject = try OptionValue.nonEmpty("--federated-subject", v)
        },
        Option(
            name: "--roles", placeholder: "LIST",
            help: "Comma list of app roles put in issued tokens (default: upload, AuditLog.Read.All, "
                + "Synchronization.ReadWrite.All, User.Read.All)."
        ) { c, v in
            c.roles = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        },
        Option(name: "--token-lifetime", placeholder: "S", help: "Token lifetime in seconds (default 3599).") { c, v in
            c.tokenLifetimeSeconds = try OptionValue.integer("--token-lifetime", v, minimum: 1)
        },
        Option(name: "--identity-header", placeholder: "S", help: "Required X-IDENTITY-HEADER for /msi/token.") {
            c, v in
            c.identityHeader = try OptionValue.nonEmpty("--identity-header", v)
        },
        Option(name: "--service-principal-id", placeholder: "ID", help: "The provisioning app's object id.") { c, v in
            c.servicePrincipalID = try OptionValue.nonEmpty("--service-principal-id", v)
        },
        Option(name: "--job-id", placeholder: "ID", help: "The provisioning job id (API2AAD.…).") { c, v in
            c.jobID = try OptionValue.nonEmpty("--job-id", v)
        },
        Option(
            name: "--rate", placeholder: "N/Ws",
            help: "bulkUpload sliding window (default 40/1s, as the client; or 40/5s)."
        ) { c, v in
            c.rate = try rate("--rate", v)
        },
        Option(
            name: "--retry-after", placeholder: "S", help: "Fixed Retry-After for 429s (default: time to a free slot)."
        ) { c, v in
            c.retryAfterSeconds = try OptionValue.seconds("--retry-after", v)
        },
        Option(
            name: "--daily-quota", placeholder: "N", help: "bulkUpload calls per 24 h; 0 = unlimited (default 6000)."
        ) { c, v in
            c.dailyQuota = try OptionValue.integer("--daily-quota", v)
        },
        Option(
            name: "--bucket-capacity", placeholder: "N",
            help: "Unprocessed records before 500 bucket full; 0 = unlimited."
        ) { c, v in
            c.bucketCapacity = try OptionValue.integer("--bucket-capacity", v)
        },
        Option(
            name: "--max-body-bytes", placeholder: "N", help: "Largest request body; bigger gets 413 (default 4 MiB)."
        ) { c, v in
            c.maxBodyBytes = try OptionValue.integer("--max-body-bytes", v, minimum: 1)
        },
        Option(
            name: "--latency", placeholder: "MS", help: "Answer delay: bulkUpload (from arrival), token, logs, users."
        ) {
            c, v in
            c.latencyMilliseconds = try OptionValue.integer("--latency", v)
        },
        Option(name: "--jitter", placeholder: "MS", help: "Random extra delay up to MS.") { c, v in
            c.jitterMilliseconds = try OptionValue.integer("--jitter", v)
        },
        Option(name: "--fail-rate", placeholder: "P", help: "Share of bulkUploads answered 500/502/503/504.") { c, v in
            c.failRate = try OptionValue.probability("--fail-rate", v)
        },
        Option(
            name: "--drop-rate", placeholder: "P", help: "Share of bulkUploads whose connection is closed unanswered."
        ) { c, v in
            c.dropRate = try OptionValue.probability("--drop-rate", v)
        },
        Option(name: "--throttle-rate", placeholder: "P", help: "Share of bulkUploads answered 429 at random.") {
            c, v in
            c.throttleRate = try OptionValue.probability("--throttle-rate", v)
        },
        Option(name: "--seed", placeholder: "N", help: "RNG seed for deterministic faults.") { c, v in
            c.seed = try OptionValue.seed("--seed", v)
        },
        Option(name: "--process-delay", placeholder: "S", help: "Seconds from arrival to processing.") { c, v in
            c.processDelaySeconds = try OptionValue.seconds("--process-delay", v)
        },
        Option(name: "--log-delay", placeholder: "S", help: "Seconds before a log row is visible (real: 300-600).") {
            c, v in
            c.logDelaySeconds = try OptionValue.seconds("--log-delay", v)
        },
        Option(name: "--page-size", placeholder: "N", help: "Provisioning log page size (default 50).") { c, v in
            c.pageSize = min(1000, try OptionValue.integer("--page-size", v, minimum: 1))
        },
        Option(
            name: "--max-page-size", placeholder: "N", help: "Largest log page $top may ask for (default 1000)."
        ) { c, v in
            c.maxPageSize = min(LogsEndpoint.maximumTop, try OptionValue.integer("--max-page-size", v, minimum: 1))
        },
        Option(name: "--record-failure-rate", placeholder: "P", help: "Share of processed records that fail.") { c, v in
            c.recordFailureRate = try OptionValue.probability("--record-failure-rate", v)
        },
        Option(name: "--job-state", placeholder: "STATE", help: "Active, Paused or Quarantine (default Active).") {
            c, v in
            guard let state = JobState.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(v) == .orderedSame })
            else {
                throw EmulatorError.invalidValue(
                    option: "--job-state", value: v, expected: "Active, Paused or Quarantine")
            }
            c.jobState = state
        },
        Option(name: "--quarantine-reason", placeholder: "R", help: "quarantine.reason when Quarantine.") { c, v in
            c.quarantineReason = try OptionValue.nonEmpty("--quarantine-reason", v)
        },
        Option(name: "--logs-rate", placeholder: "N/Ws", help: "Provisioning log throttle (default 5/10s).") { c, v in
            c.logsRate = try rate("--logs-rate", v)
        },
        Option(name: "--allow-delete", placeholder: nil, help: "Accept method DELETE operations (beta).") { c, _ in
            c.allowDelete = true
        },
        Option(
            name: "--unresolved-manager", placeholder: "STATUS",
            help: "Row status when a manager was not processed first: warning (default) or failure."
        ) { c, v in
            guard let outcome = UnresolvedManagerOutcome(rawValue: v.lowercased()) else {
                throw EmulatorError.invalidValue(
                    option: "--unresolved-manager", value: v, expected: "warning or failure")
            }
            c.unresolvedManager = outcome
        },
        Option(
            name: "--directory-seed", placeholder: "FILE",
            help: "Users the tenant already has: a JSON array of users as Graph shows them (docs/emulators.md)."
        ) { c, v in
            c.directorySeed = try DirectorySeed.load(path: v)
            c.directorySeedPath = v
        },
        Option(
            name: "--directory-rate", placeholder: "N/Ws",
            help: "Directory read throttle in resource units (default 3500/10s; 8000/10s for a large tenant)."
        ) { c, v in
            c.directoryRate = try rate("--directory-rate", v)
        },
        Option(name: "--directory-fail-rate", placeholder: "P", help: "Share of directory reads answered 500/503.") {
            c, v in
            c.directoryFailRate = try OptionValue.probability("--directory-fail-rate", v)
        },
        Option(
            name: "--reject-external-id", placeholder: "LIST",
            help: "Answer 400 to requests holding these externalIds (comma list)."
        ) { c, v in
            c.rejectedExternalIDs = Set(v.split(separator: ",").map(String.init))
        },
    ]
}
