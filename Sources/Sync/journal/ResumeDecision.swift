import Export
import Foundation
import Mapping

/// What `--resume` means for this run: which journal, and which people an earlier, unfinished run of the same input
/// already had accepted. Resuming skips by externalId, never by batch number, because the batches of a resumed run
/// are cut again from what is left.
package struct ResumeDecision: Sendable {
    package let journalPath: String
    package let identity: RunIdentity
    /// The earlier run's header when this run continues its journal; nil starts a new journal.
    package let continuing: Journal.Header?
    /// externalIds accepted by the earlier run (empty when starting fresh).
    package let accepted: Set<String>
    /// Things the operator should know (nothing to resume, a torn line ignored, a changed export with --state).
    package let notices: [String]

    /// - Parameter hasState: with `--state`, a changed export is safe to send afresh (the state says what was
    ///   accepted); without it, a changed export cannot be resumed.
    package static func decide(
        journalPath: String, resume: Bool, identity: RunIdentity, input: String, endpoint: String, hasState: Bool
    ) throws(SyncError) -> ResumeDecision {
        func fresh(_ notices: [String] = []) -> ResumeDecision {
            ResumeDecision(
                journalPath: journalPath, identity: identity, continuing: nil, accepted: [], notices: notices)
        }
        guard resume else { return fresh() }
        let earlier: Journal.Contents
        switch try Journal.read(path: journalPath) {
        case .absent:
            return fresh(["nothing to resume at \(journalPath): sending everything"])
        case .empty(let tornBytes):
            return fresh([
                "the journal \(journalPath) holds no complete line (\(tornBytes) bytes of a torn first line, from a "
                    + "crash or a full disk): it recorded nothing, so everything is sent"
            ])
        case .contents(let contents):
            earlier = contents
        }
        var notices: [String] = []
        if earlier.tornLine {
            notices.append(
                "the last line of \(journalPath) was torn (a crash or a full disk while writing it) and is ignored: "
                    + "that batch, if it was accepted, is sent again (safe: the service matches on externalId)")
        }
        let accepted = Set(earlier.accepted.flatMap(\.externalIds))
        let header = earlier.header
        // A finished run leaves nothing to resume: a nightly `--resume` is then an ordinary run.
        if let records = header.records, accepted.count >= records { return fresh(notices) }
        guard header.endpoint == endpoint else {
            throw .configuration(
                "cannot resume: the journal \(journalPath) is for \(header.endpoint), not \(endpoint)")
        }
        guard header.inputDigest == identity.inputDigest, header.mappingDigest == identity.mappingDigest,
            header.optionsDigest == identity.optionsDigest
        else {
            if hasState {
                notices.append(
                    "\(input) changed since the unfinished run recorded in \(journalPath); starting afresh "
                        + "(--state decides what to send)")
                return fresh(notices)
            }
            throw .data(
                "cannot resume: \(input), its mapping or its options changed since the unfinished run recorded in "
                    + "\(journalPath) (\(header.startedAt)), so the records it accepted may not be the ones in this "
                    + "file. Run without --resume to send everything (safe: the service matches on externalId), or "
                    + "use --state")
        }
        return ResumeDecision(
            journalPath: journalPath, identity: identity, continuing: header, accepted: accepted, notices: notices)
    }

    /// Leaves out the records the earlier run had accepted (by externalId), after any delta selection; returns the
    /// records left out.
    package func apply(to selection: inout RecordSelection, index: RecordIndex) -> [Int] {
        guard !accepted.isEmpty else { return [] }
        if selection.skip.isEmpty { selection.skip = [Bool](repeating: false, count: index.count) }
        var resumed: [Int] = []
        for record in 0..<index.count where index.isValid(record) && !selection.skip[record] {
            if accepted.contains(index.externalIds[record]) {
                selection.skip[record] = true
                resumed.append(record)
            }
        }
        selection.extras.removeAll { accepted.contains($0.externalId) }
        return resumed
    }
}
