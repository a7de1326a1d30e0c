import Configuration
import Foundation
import Preflight
import Uploader

/// Everything one `provision upload` needs besides its transport, clock and tokens, resolved by the CLI.
package struct UploadJob: Sendable {
    package var export: ExportJob
    package var endpoint: BulkUploadEndpoint
    package var upload: UploadConfiguration
    /// The rate was given (`--rate` or config): a limit an earlier run learnt does not replace it.
    package var rateIsExplicit = false
    /// Where the limits learnt per job are kept between runs; nil with `--no-cache` (or no cache directory).
    package var rateCache: RateLimitCache?
    package var journalPath: String
    package var resume: Bool
    /// Stop before sending anything if any row is invalid.
    package var strict = false
    /// `upload --plan`: send only if the export, mapping, state and options still give exactly this plan.
    package var plan: PlanFile?
    package var reportPath: String?
    /// The command the report names.
    package var command = "upload"
    package var version: String
    /// For messages: "client secret", "managed identity (IMDS)", … (never the secret).
    package var credentialKind: String
    /// Read the job's schema before sending and compare the mapping with it; nil: the schema is not read.
    package var schemaCheck: SchemaCheck?
    /// `--directory`: read the tenant's users before sending, predict each record's outcome, and stop before
    /// anything is sent when a record would collide (unless it allows collisions); nil: the directory is not read.
    package var directory: DirectoryCheck?
    /// The command that adds what the schema lacks, as the refusal names it.
    package var schemaApplyCommand = SchemaCheck.genericApplyCommand
    /// Delimiter and encoding as given, so `status --failed` can read the input again.
    package var delimiter: String?
    package var encoding: String?
    /// An HR source read into its snapshot (`export.input`) before anything else, once the run holds its locks.
    package var source: SourceInput?

    package init(
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
package struct SyncOutcome: Sendable {
    package let report: RunReport
    package let status: ExitStatus
    /// The export as read and selected (nil when the run stopped before that), for summaries.
    package var planned: ExportPlan?

    package init(report: RunReport, status: ExitStatus, planned: ExportPlan? = nil) {
        self.report = report
        self.status = status
        self.planned = planned
    }
}
