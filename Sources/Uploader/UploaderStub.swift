// TEMPORARY stub of the Uploader API (written in parallel); deleted at merge.
import Foundation
import Transport
import Token
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    public let count: Int; public let seconds: Double
    public init(count: Int, seconds: Double) { self.count = count; self.seconds = seconds }
    public init?(parsing text: String) { return nil }
    public var description: String { "" }
}
public struct UploadBatch: Sendable {
    public let index: Int; public let body: Data; public let recordCount: Int; public let waitForEarlierBatches: Bool
    public init(index: Int, body: Data, recordCount: Int, waitForEarlierBatches: Bool = false) { self.index = index; self.body = body; self.recordCount = recordCount; self.waitForEarlierBatches = waitForEarlierBatches }
}
public protocol UploadBatchSource: Sendable { func next() async throws -> UploadBatch? }
public struct GraphError: Sendable, Equatable, Codable { public let code: String; public let message: String }
public enum BatchStatus: String, Sendable, Codable { case accepted, rejected, failed, notSent }
public struct BatchOutcome: Sendable, Equatable {
    public let index: Int; public let recordCount: Int; public let status: BatchStatus; public let attempts: Int
    public let clientRequestId: String?; public let httpStatus: Int?; public let error: GraphError?
}
public enum StopReason: Sendable, Equatable {
    case forbidden(GraphError?), unauthorized(String), notFound(GraphError?), redirected(status: Int, location: String?)
    case unavailable(String), maxRequestsReached(Int), bucketFull, cancelled
}
public struct UploadConfiguration: Sendable {
    public var endpoint: URL
    public var rate: RateLimit = RateLimit(count: 40, seconds: 1)
    public var concurrency: Int = 40
    public var maxAttempts: Int = 5
    public var maxThrottledRetries: Int = 30
    public var backoffBase: Double = 1
    public var backoffCap: Double = 30
    public var bucketFullWait: Double = 300
    public var bucketFullMaxWaits: Int = 3
    public var maxRequests: Int? = nil
    public var unavailableAfterConsecutiveFailures: Int = 3
    public var requestTimeoutSeconds: Int = 60
    public var userAgent: String = "provision"
    public init(endpoint: URL) { self.endpoint = endpoint }
}
public enum UploadEvent: Sendable {
    case batchStarted(index: Int, attempt: Int, clientRequestId: String)
    case batchFinished(BatchOutcome)
    case retryScheduled(index: Int, attempt: Int, delay: Double, reason: String)
    case throttled(retryAfter: Double)
    case paused(seconds: Double, reason: String)
}
public struct UploadResult: Sendable {
    public let outcomes: [BatchOutcome]; public let requests: Int; public let retries: Int; public let throttled: Int
    public let tokenRefreshes: Int; public let stopReason: StopReason?; public let startedAt: Double; public let finishedAt: Double
}
public final class BulkUploader: Sendable {
    public init(configuration: UploadConfiguration, transport: any HTTPTransport, tokens: any AccessTokenProvider,
                time: any TimeSource, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                events: @escaping @Sendable (UploadEvent) -> Void = { _ in }) {}
    public func run(_ source: any UploadBatchSource) async -> UploadResult { fatalError() }
    public func stop() {}
}
