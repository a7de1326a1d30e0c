import HRSources
import Mapping
import Uploader

/// What a sync run reports while it goes on; the CLI renders these (text, JSON logs, progress line). Delivered from
/// whichever task made the progress, so handlers must be quick and thread-safe.
package enum SyncEvent: Sendable {
    /// Information for the operator (hidden by `--quiet`).
    case notice(String)
    /// Something the operator should look at; the run goes on.
    case warning(String)
    /// Something failed that the exit status will also say; the run may go on (e.g. the state file could not be
    /// written after an upload).
    case error(String)
    /// The run stops before sending anything: why (each problem of an unusable mapping on its own), for `input`.
    case stopped(SyncError, input: String)
    /// The export was read and its records chosen: problems, delta and leavers can be shown now.
    case prepared(ExportPlan)
    /// Problems found after `prepared` (the export checked again against the job's own mappings).
    case problems([Problem], file: String)
    /// The directory was read (`--directory`): each record's predicted outcome and findings, for `file`.
    case directory(DirectoryReview, file: String)
    /// Sending starts: how many records and requests (and how many were skipped as accepted earlier).
    case sending(records: Int, requests: Int, resumed: Int)
    case upload(UploadEvent)
    /// The service enforces a lower limit than the run started at: the run paces to `rate` from now on, and the
    /// next runs start there (`rememberedIn`: the cache file that keeps it, if any).
    case rateLearnt(RateLimit, rememberedIn: String?)
    /// An HR source is read: a page, a retry, a token.
    case source(SourceEvent)
}
