import Foundation
import Hashing

/// What makes two runs "the same input" for `--resume`: the input's bytes, the mapping's bytes, and every option that
/// changes how records are cut into batches. Batches are deterministic, so equal identities mean equal batches.
public struct RunIdentity: Equatable, Sendable {
    public let inputDigest: String
    public let mappingDigest: String?
    public let optionsDigest: String

    /// The options that shape batches.
    public struct Options: Sendable, Equatable {
        public var batchSize: Int
        public var emptyAsNull: Bool
        public var delimiter: String?
        public var encoding: String?

        public init(batchSize: Int, emptyAsNull: Bool, delimiter: String?, encoding: String?) {
            self.batchSize = batchSize
            self.emptyAsNull = emptyAsNull
            self.delimiter = delimiter
            self.encoding = encoding
        }
    }

    /// `inputDigest` comes from reading the input (hashed as it streamed); the mapping is small and hashed here.
    public init(inputDigest: String, mappingFile: String?, options: Options) {
        self.inputDigest = inputDigest
        mappingDigest = mappingFile.flatMap { SHA256.hexDigest(ofFile: $0) }
        let text = [
            "batch-size=\(options.batchSize)", "empty-as-null=\(options.emptyAsNull)",
            "delimiter=\(options.delimiter ?? ",")", "encoding=\(options.encoding ?? "auto")",
        ].joined(separator: ";")
        optionsDigest = SHA256.hex(of: text)
    }

    /// Where the journal lives when neither `--journal` nor `--report` says: a per-user state directory, keyed by the
    /// input's absolute path and the endpoint, so that `--resume` finds it without being told.
    public static func defaultJournalPath(input: String, endpoint: String, environment: [String: String]) -> String {
        let base =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSTemporaryDirectory()) + "/.local/state")
        let absolute = URL(fileURLWithPath: input).standardizedFileURL.path
        let key = String(SHA256.hex(of: absolute + "\n" + endpoint).prefix(16))
        return "\(base)/provision/journal-\(key).jsonl"
    }
}
