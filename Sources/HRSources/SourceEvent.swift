/// What a fetch reports while it runs, for progress lines and logs (URLs without secrets).
package enum SourceEvent: Sendable, Equatable {
    /// A token was obtained from `url`.
    case token(url: String)
    /// Page `number` was read: its records, and the total so far.
    case page(number: Int, records: Int, total: Int, url: String)
    /// A request failed and is tried again after `wait` seconds.
    case retry(url: String, attempt: Int, wait: Double, reason: String)

    /// One line for a log.
    package var message: String {
        switch self {
        case .token(let url): "obtained a token from \(url)"
        case .page(let number, let records, let total, let url):
            "page \(number): \(records) record\(records == 1 ? "" : "s") (\(total) in all) from \(url)"
        case .retry(let url, let attempt, let wait, let reason):
            "\(url): \(reason); attempt \(attempt + 1) in \(wait < 10 ? String(format: "%.1f", wait) : String(Int(wait))) s"
        }
    }
}

/// What a fetch wrote.
package struct SnapshotSummary: Sendable, Equatable {
    package let path: String
    package let records: Int
    package let pages: Int
    /// The snapshot's size.
    package let bytes: Int
}
