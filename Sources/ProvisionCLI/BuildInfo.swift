import Sync

/// Version and commit. `make release` stamps the commit into a copy of this file for the release build; a plain
/// `swift build` says "unknown".
enum BuildInfo {
    static let version = "0.1.0"
    static let commit = "unknown"
}
