import Configuration
import Foundation
import Uploader

/// The rate limit the service was found to enforce, per job (Graph host, service principal and job), kept between
/// runs in a small file of the user's cache directory: a run without `--state` (whose state would keep it) and
/// without the journal of the run before would otherwise meet the same burst of 429s every time. The file is a cache:
/// one that cannot be read or is damaged is ignored with a warning, never a reason to stop.
package struct RateLimitCache: Sendable {
    package let path: String

    package init(path: String) { self.path = path }

    /// `$XDG_CACHE_HOME/provision/rate-limits.json`, else `$HOME/.cache/provision/rate-limits.json`; nil when
    /// neither variable is set (nothing is then kept).
    package static func location(environment: [String: String]) -> String? {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return cache + "/provision/rate-limits.json"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.cache/provision/rate-limits.json"
    }

    /// A limit the cache holds for one job.
    package struct Entry: Codable, Sendable, Equatable {
        package var rate: String
        package var learnedAt: Date
    }

    private struct File: Codable {
        var version = 1
        var limits: [String: Entry] = [:]
    }

    /// The cache's key of a job: the same job reached through v1.0 or beta shares it.
    package static func key(_ endpoint: BulkUploadEndpoint) -> String {
        "\(endpoint.graphBase)/servicePrincipals/\(endpoint.servicePrincipalId)/jobs/\(endpoint.jobId)"
    }

    /// The limit kept for `endpoint`, and a warning when the file exists but cannot be used.
    package func entry(for endpoint: BulkUploadEndpoint) -> (entry: Entry?, warning: String?) {
        switch read() {
        case .success(let file): return (file.limits[Self.key(endpoint)], nil)
        case .failure(let reason): return (nil, "the rate-limit cache \(path) is ignored: \(reason)")
        }
    }

    /// Keeps `rate` for `endpoint` (a damaged file is replaced); the warning to print when it cannot be written.
    package func remember(_ rate: RateLimit, for endpoint: BulkUploadEndpoint, at date: Date = Date()) -> String? {
        var file = (try? read().get()) ?? File()
        file.limits[Self.key(endpoint)] = Entry(rate: rate.description, learnedAt: date)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try AtomicFile.write(try encoder.encode(file), to: path, mode: 0o600)
            return nil
        } catch {
            return "cannot keep the rate limit \(rate) in \(path) (\(error.localizedDescription)); the next run "
                + "without --state starts at --rate again"
        }
    }

    private struct Unusable: Error, CustomStringConvertible {
        let description: String
    }

    /// The file's limits; an empty cache when there is no file.
    private func read() -> Result<File, Unusable> {
        guard FileManager.default.fileExists(atPath: path) else { return .success(File()) }
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard (attributes[.size] as? NSNumber)?.intValue ?? 0 <= 1 << 20 else {
                return .failure(Unusable(description: "larger than 1 MB"))
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return .failure(Unusable(description: "cannot read it (\(error.localizedDescription))"))
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let file = try? decoder.decode(File.self, from: data), file.version == 1,
            file.limits.values.allSatisfy({ RateLimit(parsing: $0.rate) != nil })
        else { return .failure(Unusable(description: "not a rate-limit cache (delete it; it is rebuilt)")) }
        return .success(file)
    }
}
