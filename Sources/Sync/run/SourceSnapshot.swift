import Foundation
import HRSources
import Hashing
import Transport

/// An HR source a run reads (`--source`, `--source-preset`, the config file's `source` block): the source resolved,
/// where its secrets come from, the run's retry limits and the snapshot it is read into.
package struct SourceInput: Sendable {
    package var configuration: SourceConfiguration
    package var secrets: any SourceSecrets
    /// `--max-attempts`, `--timeout`, `--max-wait`.
    package var retry: RetryPolicy
    /// Where the records are kept (NDJSON, mode 0600): `--snapshot`, or next to the journal.
    package var snapshotPath: String

    package init(
        configuration: SourceConfiguration, secrets: any SourceSecrets, retry: RetryPolicy, snapshotPath: String
    ) {
        self.configuration = configuration
        self.secrets = secrets
        self.retry = retry
        self.snapshotPath = snapshotPath
    }

    /// The source as the journal, the report and messages name it: its URL without secrets.
    package var shown: String { configuration.shownURL }
}

/// Reading an HR source into its snapshot, the step before the export is read: the run then reads the snapshot as it
/// reads a file (docs/hr-sources.md, "Reading a source"). A source that fails mid-way leaves no snapshot and any
/// earlier one as it was; nothing is sent.
package enum SourceSnapshot {
    /// Every page of the source into `input.snapshotPath`; `events` sees each page, retry and token.
    package static func fetch(
        _ input: SourceInput, transport: any HTTPTransport, time: any TimeSource,
        events: @escaping @Sendable (SourceEvent) -> Void
    ) async throws(SyncError) -> SnapshotSummary {
        // The default place (the state directory) may not exist yet; it holds people's records: owner only.
        try? FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: input.snapshotPath).deletingLastPathComponent().path,
            withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fetcher = SourceFetcher(
            configuration: input.configuration, secrets: input.secrets, transport: transport, time: time,
            retry: input.retry, events: events)
        do {
            return try await fetcher.fetch(to: input.snapshotPath)
        } catch {
            throw .source(error)
        }
    }

    /// "read 120 records (3 pages) from URL into SNAPSHOT".
    package static func describe(_ summary: SnapshotSummary, source: SourceInput) -> String {
        let records = summary.records == 1 ? "1 record" : "\(summary.records) records"
        let pages = summary.pages == 1 ? "1 page" : "\(summary.pages) pages"
        return "read \(records) (\(pages)) from \(source.shown) into \(summary.path)"
    }

    /// With `--resume`: the snapshot the unfinished run recorded in `journalPath` read, when it is still there as it
    /// was (its SHA-256 is the journal's), so that the run resumes exactly what it was sending; nil when there is
    /// nothing to resume from it (no journal, a finished run, another source, a snapshot gone or changed).
    package static func resumable(journalPath: String, source: String, snapshotPath: String) -> String? {
        guard case .contents(let contents)? = try? Journal.read(path: journalPath) else { return nil }
        let header = contents.header
        let accepted = Set(contents.accepted.flatMap(\.externalIds)).count
        guard header.source == source, header.input == snapshotPath,
            header.records.map({ accepted < $0 }) ?? true,
            SHA256.hexDigest(ofFile: snapshotPath) == header.inputDigest
        else { return nil }
        return "resuming the unfinished run of \(header.startedAt) from its snapshot \(snapshotPath) (the source is "
            + "not read again: the rest of that run's records are sent as they were read)"
    }
}
