import Foundation

/// N request starts in any window of `seconds` (40/1 s per the Graph reference, 40/5 s per the newer Entra documents;
/// docs/service.md, "Throttling and quotas").
package struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    package let count: Int
    package let seconds: Double

    package init(count: Int, seconds: Double) {
        self.count = count
        self.seconds = seconds
    }

    /// Parses "40/s", "40/1s", "40/5s", "8/s", "100/10s", "40/500ms"; nil when malformed or not positive.
    package init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).lowercased().split(
            separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0]), count > 0 else { return nil }
        var window = Substring(parts[1])
        let scale: Double
        if window.hasSuffix("ms") {
            scale = 0.001
            window = window.dropLast(2)
        } else if window.hasSuffix("s") {
            scale = 1
            window = window.dropLast()
        } else {
            return nil
        }
        // "40/s" means one second; otherwise a plain decimal number (no signs, exponents or hex).
        let amount: Double
        if window.isEmpty {
            amount = 1
        } else {
            guard window.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(window) else {
                return nil
            }
            amount = value
        }
        let seconds = amount * scale
        guard seconds > 0, seconds.isFinite else { return nil }
        self.init(count: count, seconds: seconds)
    }

    /// The most request starts the service takes in a second: 40 (the Graph reference; the newer Entra documents
    /// allow 40 in 5 s; docs/service.md, "Throttling and quotas"). A faster `--rate` only meets 429s.
    package static let serviceLimitPerSecond = 40

    /// The most requests this pace can start within one second: all `count` at once for a window of a second or
    /// more, `count` per window for a shorter one (20/500ms starts 40 in a second).
    package var mostStartsInOneSecond: Int {
        seconds >= 1 ? count : count * Int((1 / seconds).rounded(.up))
    }

    /// "40/1s", "40/5s"; sub-second and fractional windows as "40/500ms" and "40/1.5s".
    package var description: String {
        if seconds == seconds.rounded() { return "\(count)/\(Int(seconds))s" }
        let milliseconds = seconds * 1000
        if seconds < 1, abs(milliseconds - milliseconds.rounded()) < 1e-9 {
            return "\(count)/\(Int(milliseconds.rounded()))ms"
        }
        return "\(count)/\(seconds)s"
    }
}
