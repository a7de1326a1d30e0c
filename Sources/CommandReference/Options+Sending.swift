import CommandLineKit
import Sync
import Uploader

/// The options of sending, delta sync and reading the outcomes.
extension Options {
    // Sending and pacing.

    package static let rate: Option<RateLimit> = Option(
        "rate", valueName: "n/window",
        .converting(RateLimit.init(parsing:)) {
            "\"\($0)\" is not N/window, e.g. 40/1s (the Graph reference) or 40/5s (the newer Entra docs)"
        },
        help: "Most request starts in any window: 40/1s (default, the Graph reference) or 40/5s (the newer Entra "
            + "docs; see README). A 3% margin is kept. A rate that can start more than 40 requests in a second is "
            + "refused (exit 64). Without it, a run starts at a lower limit an earlier run met (kept in --state, the "
            + "journal, or the cache; see --no-cache).",
        check: { rate, values in
            let limit = RateLimit.serviceLimitPerSecond
            let burst = rate.mostStartsInOneSecond
            guard burst > limit, !values.flag(allowRateAboveLimit) else { return nil }
            return InvalidValue(
                "\(values.text(Options.rate) ?? rate.description) can start \(burst) requests in one second, but the "
                    + "service takes at most \(limit) a second (fewer with its 40-in-5-seconds limit) and answers the "
                    + "rest with 429: give at most \(limit)/1s, or --allow-rate-above-limit for a service known to "
                    + "allow more")
        })
    package static let allowRateAboveLimit = Option.flag(
        "allow-rate-above-limit",
        help: "Accept a --rate above the service's 40 requests a second (a test service that allows more).")
    package static let noCache = Option.flag(
        "no-cache",
        help: "Neither read nor write the rate limit learnt per job in $XDG_CACHE_HOME/provision/rate-limits.json "
            + "(default ~/.cache/provision/rate-limits.json, mode 0600), which spares a run without --state the "
            + "429s an earlier run met.")
    package static let concurrency = Option(
        "concurrency", valueName: "n", .integer(in: 1...256),
        help: "Requests in flight (default 1.5 × the rate per second, e.g. 60 at 40/1s: enough to fill the rate at "
            + "one second of latency).")
    package static let maxAttempts = Option(
        "max-attempts", valueName: "n", .integer(in: 1...20),
        help: "Tries per batch, and per token request, for 5xx answers and network errors (default 5).")
    package static let maxRequests = Option(
        "max-requests", valueName: "n", .integer(in: 1...10_000_000),
        help: "Stop cleanly after this many requests (exit 75), to stay inside the tenant's daily quota; --resume "
            + "continues.")
    package static let bucketFullWait = Option(
        "bucket-full-wait", valueName: "duration", .duration(),
        help: "How long to pause when the service says its ingestion bucket is full (default 5m).")
    package static let bucketFullRetries = Option(
        "bucket-full-retries", valueName: "n", .integer(in: 0...100),
        help: "Pauses for a full bucket before stopping with exit 75 (default 3; 0 stops at once).")
    package static let timeout = Option(
        "timeout", valueName: "seconds", .integer(in: 1...600),
        help: "Deadline of each request (token requests too), connecting included (default 60).")
    package static let maxWait = Option(
        "max-wait", valueName: "duration", .duration(atLeast: 1),
        help: "Longest wait the service or the token endpoint may ask for (Retry-After); a longer one stops the run "
            + "cleanly (exit 75; --resume continues). Default 10m.")
    package static let dryRun = Option.flag(
        "dry-run", help: "Do everything except the network: write the BulkRequests instead of sending them.")
    package static let strict = Option.flag(
        "strict", help: "Stop before sending anything if any row is invalid (exit 65).")
    /// `upload --plan FILE`.
    package static let plan = Option(
        "plan", valueName: "file", .text, role: .input,
        help: "Send exactly the plan 'provision plan --out FILE' made (after review), or nothing (exit 65) if the "
            + "input, mapping, state or options changed since.")

    // Resume and delta sync.

    package static let journal = Option(
        "journal", valueName: "file", .text, role: .output,
        help: "Where accepted batches are journalled (default: REPORT.journal with --report, else "
            + "~/.local/state/provision/).")
    package static let resume = Option.flag(
        "resume", help: "Skip the batches an earlier run of the same file, mapping and options had accepted.")
    package static let state = Option(
        "state", valueName: "file", .text, role: .input,
        help: "Delta sync: remember what was accepted per externalId; later runs send only new and changed records "
            + "(always complete records) and find leavers.")
    package static let full = Option.flag("full", help: "With --state, send every record even if unchanged.")
    package static let missing: Option<DeltaPlan.MissingPolicy> = Option(
        "missing", valueName: "report|disable",
        .converting(DeltaPlan.MissingPolicy.init(rawValue:)) { "takes 'report' or 'disable', not '\($0)'" },
        help: "With --state, what to do with people sent before but missing today: 'report' (default) lists them; "
            + "'disable' sends each with active: false and the rest of its last record.")
    package static let maxDisable = Option(
        "max-disable", valueName: "n|p%", threshold, shownDefault: Brakes().maxDisable.setting,
        help: "Disable brake: when the run would disable more people than this (a count, or a percentage of the "
            + "known people; default 5%), nothing is sent (exit 65). Counts people missing with --missing disable, "
            + "records whose active turns from true to false since the state, and records sent inactive that the "
            + "state does not know (without --state: every record sent with active false).")
    package static let maxRename = Option(
        "max-rename", valueName: "n|p%", threshold, shownDefault: Brakes().maxRename.setting,
        help: "Rename brake: with --state, when more known people than this (default 5%) would get a new userName, "
            + "nothing is sent (exit 65).")
    package static let allowEmptyExport = Option.flag(
        "allow-empty-export",
        help: "With --missing disable, let an export with no valid rows disable the people it lacks (by default such "
            + "an export disables nobody, whatever --max-disable says).")

    private static var threshold: ValueParser<DeltaPlan.Threshold> {
        .converting(DeltaPlan.Threshold.init) { "takes a count (e.g. 25) or a percentage (e.g. 5%), not '\($0)'" }
    }

    // The outcomes in the provisioning logs.

    package static let wait = Option(
        "wait", valueName: "duration", .duration(),
        help: "After uploading, wait up to this long for per-record outcomes in the provisioning logs (as 'provision "
            + "status --wait').")
    package static let pollInterval = Option(
        "poll-interval", valueName: "duration", .duration(atLeast: 1),
        help: "Time between log polls with --wait (default 30s).")
    package static let failed = Option(
        "failed", valueName: "file", .text, role: .output,
        help: "With --wait, write the input rows of records that failed in the logs here (JSON records as NDJSON).")
    package static let heal = Option.flag(
        "heal", help: "With --wait, heal unresolved manager references as 'provision status --heal' does.")
    package static let all = Option.flag(
        "all", help: "With --wait, list every record with its outcome as 'provision status --all' does.")
    package static let junit = Option(
        "junit", valueName: "file", .text, role: .output,
        help: "Write a JUnit XML report: one test case per record, failures with the service's error code, reason "
            + "and recommended action (GitHub, GitLab and Jenkins show them natively).")
    /// `status --report FILE`: the upload's report, read for where its journal is.
    package static let uploadReport = Option(
        "report", valueName: "file", .text, role: .input, help: "The upload's report; its journal is FILE.journal.")
    /// `status --journal FILE`: the upload's journal, read.
    package static let uploadJournal = Option(
        "journal", valueName: "file", .text, role: .input, help: "The upload's journal.")
}
