import Foundation
import Hashing

/// What makes two runs "the same input" for `--resume`: the input's bytes, the mapping's bytes, and every option that
/// changes how records are cut into batches. Batches are deterministic, so equal identities mean equal batches.
package struct RunIdentity: Equatable, Sendable {
    package let inputDigest: String
    package let mappingDigest: String?
    package let optionsDigest: String

    /// The options that shape batches.
    package struct Options: Sendable, Equatable {
        package var batchSize: Int
        package var emptyAsNull: Bool
        package var delimiter: String?
        package var encoding: String?
        /// `--format` and `--records-path` as given (nil for a CSV told by its content).
        package var format: String?
        package var recordsPath: String?

        package init(
            batchSize: Int, emptyAsNull: Bool, delimiter: String?, encoding: String?, format: String? = nil,
            recordsPath: String? = nil
        ) {
            self.batchSize = batchSize
            self.emptyAsNull = emptyAsNull
            self.delimiter = delimiter
            self.encoding = encoding
            self.format = format
            self.recordsPath = recordsPath
        }
    }

    /// `inputDigest` comes from reading the input (hashed as it streamed); the mapping is small and hashed here.
    package init(inputDigest: String, mappingFile: String?, options: Options) {
        self.inputDigest = inputDigest
        mappingDigest = mappingFile.flatMap { SHA256.hexDigest(ofFile: $0) }
        // The JSON options only when given, so that a CSV run's identity is what it always was.
        let text =
            [
                "batch-size=\(options.batchSize)", "empty-as-null=\(options.emptyAsNull)",
                "delimiter=\(options.delimiter ?? ",")", "encoding=\(options.encoding ?? "auto")",
            ].joined(separator: ";") + (options.format.map { ";format=\($0)" } ?? "")
            + (options.recordsPath.map { ";records-path=\($0)" } ?? "")
        optionsDigest = SHA256.hex(of: text)
    }

    /// Where the journal lives when neither `--journal` nor `--report` says: a per-user state directory, keyed by the
    /// input's absolute path and the endpoint, so that `--resume` finds it without being told.
    package static func defaultJournalPath(input: String, endpoint: String, environment: [String: String]) -> String {
        let absolute = URL(fileURLWithPath: input).standardizedFileURL.path
        let key = String(SHA256.hex(of: absolute + "\n" + endpoint).prefix(16))
        return "\(stateDirectory(environment))/journal-\(key).jsonl"
    }

    /// The same for a run that reads an HR source: keyed by the source (its URL as shown) and the endpoint.
    package static func defaultJournalPath(source: String, endpoint: String, environment: [String: String]) -> String {
        let key = String(SHA256.hex(of: "source " + source + "\n" + endpoint).prefix(16))
        return "\(stateDirectory(environment))/journal-\(key).jsonl"
    }

    /// `$XDG_STATE_HOME/provision`, else `~/.local/state/provision`.
    package static func stateDirectory(_ environment: [String: String]) -> String {
        let base =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSTemporaryDirectory()) + "/.local/state")
        return base + "/provision"
    }

    /// Where a run keeps the records it read from an HR source (or stdin) when `--snapshot` does not say: next to its
    /// journal, `run.json.journal` → `run.json.snapshot.ndjson`.
    package static func snapshotPath(nextTo journal: String, extension ext: String = "ndjson") -> String {
        var base = journal
        for suffix in [".jsonl", ".journal"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
            break
        }
        return base + ".snapshot." + ext
    }
}
