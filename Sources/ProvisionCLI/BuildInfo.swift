import Foundation
import Sync

/// Version and commit. `make release` (scripts/release.sh) stamps the commit into a copy of this file for the
/// release build. A debug build (`swift build`, `make build`) is not stamped: it reads the commit from the git
/// checkout it was built in (`CheckoutCommit`), when it is run from that checkout's `.build`.
enum BuildInfo {
    static let version = "0.1.0"
    static let stampedCommit = "unknown"

    /// The short commit, or "unknown" with why when it cannot be told.
    static var commit: String {
        if stampedCommit != "unknown" { return stampedCommit }
        #if DEBUG
        // #filePath only in debug builds: a release binary carries no path of the machine it was built on.
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return CheckoutCommit.describe(sourceFile: #filePath, executable: executable) ?? "unknown"
        #else
        return "unknown"
        #endif
    }
}
