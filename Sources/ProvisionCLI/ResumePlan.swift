import Foundation
import Mapping

/// What `--resume` means for this run, decided before the input is prepared: which journal, and which people an
/// earlier, unfinished run of the same input already had accepted. Resuming skips by externalId, never by batch
/// number, because the batches of a resumed run are cut again from what is left.
struct ResumePlan {
    let journalPath: String
    let identity: RunIdentity
    /// The earlier run's header when this run continues its journal; nil starts a new journal.
    let continuing: Journal.Header?
    /// externalIds accepted by the earlier run (empty when starting fresh).
    let accepted: Set<String>

    static func decide(
        input: String, arguments: ParsedArguments, endpoint: BulkUploadEndpoint, environment: [String: String], console: Console
    ) -> Result<ResumePlan, ExitStatus> {
        let batchSize = arguments.value("batch-size").flatMap(Int.init) ?? 50
        guard let identity = RunIdentity.of(input: input, arguments: arguments, batchSize: batchSize) else {
            console.error("cannot read \(input) to fingerprint it")
            return .failure(.noInput)
        }
        let path = arguments.value("journal") ?? arguments.value("report").map { $0 + ".journal" }
            ?? RunIdentity.defaultJournalPath(input: input, endpoint: endpoint.url.absoluteString, environment: environment)
        let fresh = ResumePlan(journalPath: path, identity: identity, continuing: nil, accepted: [])
        guard arguments.flag("resume") else { return .success(fresh) }
        let earlier: Journal.Contents
        do {
            guard let read = try Journal.read(path: path) else {
                if !arguments.flag("quiet") { console.diagnostic("provision: nothing to resume at \(path): sending everything") }
                return .success(fresh)
            }
            earlier = read
        } catch {
            console.error(error.localizedDescription)
            return .failure(.dataError)
        }
        let accepted = Set(earlier.accepted.flatMap(\.externalIds))
        let header = earlier.header
        // A finished run leaves nothing to resume: a nightly `--resume` is then an ordinary run.
        if let records = header.records, accepted.count >= records {
            return .success(fresh)
        }
        guard header.endpoint == endpoint.url.absoluteString else {
            console.error("cannot resume: the journal \(path) is for \(header.endpoint), not \(endpoint.url.absoluteString)")
            return .failure(.configuration)
        }
        guard header.inputDigest == identity.inputDigest, header.mappingDigest == identity.mappingDigest, header.optionsDigest == identity.optionsDigest else {
            if arguments.has("state") {
                // The state file records exactly what was accepted, so a new export is safe to send as a delta.
                console.warning("\(input) changed since the unfinished run recorded in \(path); starting afresh (--state decides what to send)")
                return .success(fresh)
            }
            console.error("cannot resume: \(input), its mapping or its options changed since the unfinished run recorded in \(path) (\(header.startedAt)), so the records it accepted may not be the ones in this file. Run without --resume to send everything (safe: the service matches on externalId), or use --state")
            return .failure(.dataError)
        }
        return .success(ResumePlan(journalPath: path, identity: identity, continuing: header, accepted: accepted))
    }
}

/// Leaves out the records an earlier run had accepted (by externalId), after any delta selection.
final class ResumeSelection: RecordSelection {
    let inner: (any RecordSelection)?
    let accepted: Set<String>
    /// Rows left out because an earlier run had them accepted (set by `select`), by record index.
    private(set) var resumedRecords: [Int] = []
    var resumed: Int { resumedRecords.count }

    init(inner: (any RecordSelection)?, accepted: Set<String>) {
        self.inner = inner
        self.accepted = accepted
    }

    func select(index: RecordIndex, digests: [PayloadDigest]) throws -> RecordSelectionResult {
        var result = try inner?.select(index: index, digests: digests) ?? RecordSelectionResult(skip: [Bool](repeating: false, count: index.count), extras: [])
        for record in 0..<index.count where index.isValid(record) && !result.skip[record] && accepted.contains(index.externalIds[record]) {
            result.skip[record] = true
            resumedRecords.append(record)
        }
        result.extras.removeAll { accepted.contains($0.externalId) }
        return result
    }
}
