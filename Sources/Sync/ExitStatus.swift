import Graph
import Preflight
import Token

/// Exit statuses (sysexits.h where one fits): interfaces that cron jobs and CI pipelines branch on.
///
/// What each means is `meanings` (`provision help exit-codes` prints it, and a test holds README's table to it); which
/// status a failure or a result gets is decided in one place, `init(_:)` (ExitStatus+Outcome.swift); which wins
/// when a command has two outcomes is `combined(with:)`. The raw values are not an order of severity.
package enum ExitStatus: Int32, Sendable, Codable, Error, CaseIterable {
    /// Every row accepted (or, offline, valid and written).
    case success = 0
    /// Some rows invalid, rejected or failed; the rest went through.
    case someRowsFailed = 1
    case usage = 64
    /// Data or mapping error: nothing was written or sent.
    case dataError = 65
    case noInput = 66
    /// The service stayed unavailable and the run stopped.
    case unavailable = 69
    case internalError = 70
    /// An output file (state, journal, report) could not be created or written (sysexits CANTCREAT).
    case cannotCreate = 73
    /// Stopped early on purpose (quota, --max-requests, bucket full, signal): `--resume` continues.
    case stoppedEarly = 75
    case authentication = 77
    case configuration = 78
}

extension ExitStatus {
    /// What each status means, the same for every command, in numeric order.
    package static let meanings: [(status: ExitStatus, meaning: String)] = [
        (
            .success,
            "success: every row valid (validate, plan, dry run) or accepted (upload); status: every record succeeded; "
                + "check: ready to upload"
        ),
        (
            .someRowsFailed,
            "some rows invalid, rejected or failed, the rest went through; status: some records failed; check: the "
                + "job is not active (paused or quarantined); schema diff, schema apply without --yes: the mapping "
                + "sends attributes the job's schema lacks"
        ),
        (
            .usage,
            "usage: an unknown command or option, or a bad option value, whether a flag, an environment variable or "
                + "a config-file key gave it (checked before any work, by every command; a --rate above 40 a second "
                + "included); an output file naming an input; a plan applied to another job or tenant than it names"
        ),
        (
            .dataError,
            "data: the input, mapping (one that never writes active included), state, journal or plan cannot be "
                + "used as it is (malformed, damaged, past the size limits, a stale or edited plan; an HR source's "
                + "answer of another shape than expected, or paging that loops), every row is invalid (upload), a "
                + "brake held (--max-disable, --max-rename, an empty export that would disable people), or (upload, "
                + "check) the mapping sends attributes the job's schema lacks, or (upload --directory, check --directory) records are "
                + "predicted to collide in the directory: nothing was written or sent"
        ),
        (.noInput, "the input (or mapping, or plan) cannot be opened"),
        (
            .unavailable,
            "the service stayed unreachable or unavailable (the token endpoint, Graph, or an HR source after every "
                + "retry) and the run stopped; resume later; check: the job or its schema could not be read"
        ),
        (.internalError, "internal error"),
        (
            .cannotCreate,
            "an output file (state, journal, report, summary, a source's snapshot, GITHUB_STEP_SUMMARY) could not be "
                + "written, or is a device, a FIFO or a directory; the report, if it could be written, names the file"
        ),
        (
            .stoppedEarly,
            "stopped early on purpose, resumable (--resume continues): --max-requests, a full ingestion bucket, a "
                + "signal (also while waiting for a token or for the logs), another run holding the state or "
                + "journal, a Retry-After longer than --max-wait (the token endpoint's or an HR source's too); status: "
                + "still pending when --wait ended (or a signal ended it)"
        ),
        (
            .authentication,
            "authentication or permission: a token error, 403, a missing app role; an HR source that refused its "
                + "credentials"
        ),
        (
            .configuration,
            "configuration missing or invalid: endpoint, tenant, client, credential, an HR source's settings or "
                + "secret files (a source URL that is not https, a redirect or next link to another host); 404 for a "
                + "wrong service principal or job (or a source's URL)"
        ),
    ]

    /// Which status wins when one command has two outcomes, first to last: the program's own failure; then an
    /// output that could not be written (the record of what happened is incomplete, and nothing that failed to
    /// persist may pass for anything else); then what has to be fixed before anything can work (the configuration,
    /// the credential); then what only waiting mends (the service, a resumable stop); then the input; last the rows.
    package static let precedence: [ExitStatus] = [
        .internalError, .cannotCreate, .configuration, .authentication, .unavailable, .stoppedEarly, .dataError,
        .noInput, .usage, .someRowsFailed, .success,
    ]

    /// The rule of `precedence`, as `provision help exit-codes` and the README state it.
    package static let precedenceRule =
        "When one command has two outcomes (upload --wait: the upload's and the provisioning logs'; status --heal: "
        + "the logs' and the heal's; check: each finding's; a run that could not write its journal, state, report "
        + "or summary), the status that comes first in this order wins: "
        + precedence.map { String($0.rawValue) }.joined(separator: ", ")
        + ". upload --wait reads the logs only after an upload that finished sending (0 or 1): one that could not "
        + "finish exits with its own status."

    /// The status of a command with both outcomes: the one that comes first in `precedence`.
    package func combined(with other: ExitStatus) -> ExitStatus {
        let rank = { (status: ExitStatus) in Self.precedence.firstIndex(of: status) ?? 0 }
        return rank(other) < rank(self) ? other : self
    }
}
