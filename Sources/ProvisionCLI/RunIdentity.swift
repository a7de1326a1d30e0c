import Foundation
import Hashing

/// What makes two runs "the same input" for `--resume`: the input's bytes, the mapping's bytes, and every option that
/// changes how records are cut into batches. Batches are deterministic, so equal identities mean equal batches.
struct RunIdentity: Equatable {
    let inputDigest: String
    let mappingDigest: String?
    let optionsDigest: String

    static func of(input: String, arguments: ParsedArguments, batchSize: Int) -> RunIdentity? {
        guard let inputDigest = SHA256.hexDigest(ofFile: input) else { return nil }
        let mappingDigest = arguments.value("mapping").flatMap { SHA256.hexDigest(ofFile: $0) }
        let options = [
            "batch-size=\(batchSize)", "empty-as-null=\(arguments.flag("empty-as-null"))",
            "delimiter=\(arguments.value("delimiter") ?? ",")", "encoding=\(arguments.value("encoding") ?? "auto")",
        ].joined(separator: ";")
        return RunIdentity(inputDigest: inputDigest, mappingDigest: mappingDigest, optionsDigest: SHA256.hex(of: options))
    }

    /// Where the journal lives when neither `--journal` nor `--report` says: a per-user state directory, keyed by the
    /// input's absolute path and the endpoint, so that `--resume` finds it without being told.
    static func defaultJournalPath(input: String, endpoint: String, environment: [String: String]) -> String {
        let base = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSTemporaryDirectory()) + "/.local/state")
        let absolute = URL(fileURLWithPath: input).standardizedFileURL.path
        let key = String(SHA256.hex(of: absolute + "\n" + endpoint).prefix(16))
        return "\(base)/provision/journal-\(key).jsonl"
    }
}
