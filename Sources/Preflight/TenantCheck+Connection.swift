import Foundation
import Token

extension TenantCheck {
    /// What the check connects with: the job's endpoint and the credential, as the configuration resolved them.
    public struct Connection: Sendable {
        /// The bulkUpload URL, its Graph version (`v1.0`, `beta`) and job id, and the job resource.
        public var endpoint: URL
        public var version: String
        public var jobId: String
        public var jobURL: URL
        public var credential: Credential
        /// How the finding names the credential: its kind, and for a certificate what the admin center shows of it.
        public var credentialSummary: String
        public var cloud: CloudProfile
        public var tokenRetry: TokenRetryPolicy
        public var userAgent: String
        /// What the user should know before anything is sent (a setting that lost to another, a certificate close to
        /// its expiry): each becomes a warning finding.
        public var warnings: [String]

        public init(
            endpoint: URL, version: String, jobId: String, jobURL: URL, credential: Credential,
            credentialSummary: String, cloud: CloudProfile, tokenRetry: TokenRetryPolicy, userAgent: String,
            warnings: [String]
        ) {
            self.endpoint = endpoint
            self.version = version
            self.jobId = jobId
            self.jobURL = jobURL
            self.credential = credential
            self.credentialSummary = credentialSummary
            self.cloud = cloud
            self.tokenRetry = tokenRetry
            self.userAgent = userAgent
            self.warnings = warnings
        }
    }
}
