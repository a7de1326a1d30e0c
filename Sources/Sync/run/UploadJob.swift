import Configuration
import Foundation
import Preflight
import Uploader

/// Everything one `provision upload` needs besides its transport, clock and tokens, resolved by the CLI.
public struct UploadJob: Sendable {
    public var export: ExportJob
    public var endpoint: BulkUploadEndpoint
    public var upload: UploadConfiguration
    /// The rate was given (`--rate` or config): a limit an earlier run learnt does not replace it.
    public var rateIsExplicit = false
    /// Where the limits learnt per job are kept between runs; nil with `--no-cache` (or no cache directory).
    public var rateCache: RateLimitCache?
    public var journalPath: String
    public var resume: Bool
    /// Stop before sending anything if any row is invalid.
    public var strict = false
    /// `upload --plan`: send only if the export, mapping, state and options still give exactly this plan.
    public var plan: PlanFile?
    public var reportPath: String?
    /// The command the report names.
    public var command = "upload"
    public var version: String
    /// For messages: "client secret", "managed identity (IMDS)", … (never the secret).
    public var credentialKind: String
    /// Read the job's schema before sending and compare the mapping with it; nil: the schema is not read.
    public var schemaCheck: SchemaCheck?
    /// `--directory`: read the tenant's users before sending, predict each record's outcome, and stop before
    /// anything is sent when a record would collide (unless it allows collisions); nil: the directory is not read.
    public var directory: DirectoryCheck?
    /// The command that adds what the schema lacks, as the refusal names it.
    public var schemaApplyCommand = SchemaCheck.genericApplyCommand
    /// Delimiter and encoding as given, so `status --failed` can read the input again.
    public var delimiter: String?
    public var encoding: String?
    /// An HR source read into its snapshot (`export.input`) before anything else, once the run holds its locks.
    public var source: SourceInput?

    public init(
        export: ExportJob, endpoint: BulkUploadEndpoint, upload: UploadConfiguration, journalPath: String,
        resume: Bool, version: String, credentialKind: String
    ) {
        self.export = export
        self.endpoint = endpoint
        self.upload = upload
        self.journalPath = journalPath
        self.resume = resume
        self.version = version
        self.credentialKind = credentialKind
    }
}

/// What a run did: the report (also written to `reportPath`) and the exit status.
public struct SyncOutcome: Sendable {
    public let report: RunReport
    public let status: ExitStatus
    /// The export as read and selected (nil when the run stopped before that), for summaries.
    public var planned: ExportPlan?

    public init(report: RunReport, status: ExitStatus, planned: ExportPlan? = nil) {
        self.report = report
        self.status = status
        self.planned = planned
    }
}
