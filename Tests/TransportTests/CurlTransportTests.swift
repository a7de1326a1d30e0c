import Foundation
import TestSupport
import Testing
import Transport

#if canImport(Glibc)
import Glibc
#endif

/// The real transport against a hostile loopback server: deadlines, caps, cancellation and the body-sent signal.
@Suite struct CurlTransportTests {
    static func post(
        _ server: HostileServer, timeout: Int = 60, success: Int = ResponseLimits.successBody,
        onBodySent: (@Sendable () -> Void)? = nil
    ) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: URL(string: "\(server.baseURL)/x")!, headers: ["Content-Type": "application/json"],
            body: Data(#"{"hello":1}"#.utf8), timeoutSeconds: timeout, maxSuccessBodyBytes: success,
            onBodySent: onBodySent)
    }

    /// Runs `operation`, cancelling it (instead of hanging the test) after `limit` seconds: a request still running
    /// then ends `.cancelled`, so a `.timedOut` proves that the request's own deadline fired first.
    static func bounded<T: Sendable>(
        _ limit: Double, _ operation: @escaping @Sendable () async throws -> T
    ) async -> Result<T, any Error> {
        let work = Task { try await operation() }
        let watchdog = Task {
            try await Task.sleep(for: .seconds(limit))
            work.cancel()
        }
        let result = await work.result
        watchdog.cancel()
        return result
    }

    /// How long the client kept request 0's connection open, as the server saw it (its own thread's clock: a test
    /// process busy with other suites cannot stretch it).
    static func heldOpen(_ server: HostileServer) throws -> Double {
        for _ in 0..<500 where server.hangUp(afterRequest: 0) == nil { usleep(20_000) }
        let arrived = try #require(server.requests.first?.arrivedAt)
        let closed = try #require(server.hangUp(afterRequest: 0))
        return closed.timeIntervalSince(arrived)
    }

    /// `--timeout` was ignored: URLSession on Linux applies only its session's idle timeout (60 s).
    @Test func theTimeoutIsTheDeadlineOfAServerThatNeverAnswers() async throws {
        let server = try HostileServer { _ in .silence }
        let transport = CurlTransport()
        let result = await Self.bounded(45) { try await transport.send(Self.post(server, timeout: 2)) }
        #expect(throws: TransportError.timedOut) { try result.get() }
        let seconds = try Self.heldOpen(server)
        #expect(seconds < 10, "a 2-second timeout held the connection \(seconds) s")
    }

    /// A host that never completes the connection: the deadline covers connecting too.
    @Test func theTimeoutCoversConnecting() async throws {
        let listener = try UnacceptingListener()
        let transport = CurlTransport()
        let url = URL(string: "http://127.0.0.1:\(listener.port)/x")!
        let request = HTTPRequest(method: "GET", url: url, timeoutSeconds: 2)
        let result = await Self.bounded(45) { try await transport.send(request) }
        #expect(throws: TransportError.timedOut) { try result.get() }
    }

    /// One byte every half second restarts an idle timeout forever; the deadline is of the whole exchange.
    @Test func aBodyDrippedOneByteAtATimeCannotStretchTheDeadline() async throws {
        let server = try HostileServer { _ in
            .respond(status: 202, body: .drip(Data(repeating: 0x78, count: 200), interval: 0.5))
        }
        let transport = CurlTransport()
        let result = await Self.bounded(45) { try await transport.send(Self.post(server, timeout: 3)) }
        #expect(throws: TransportError.timedOut) { try result.get() }
        let seconds = try Self.heldOpen(server)
        #expect(seconds < 10, "a 3-second deadline held the connection \(seconds) s against a dripping body")
    }

    @Test func cancellingTheCallerEndsARequestWhateverTheSocketDoes() async throws {
        let server = try HostileServer { _ in
            .respond(status: 202, body: .drip(Data(repeating: 0x78, count: 100), interval: 5))
        }
        let transport = CurlTransport()
        let request = Self.post(server)
        let task = Task { try await transport.send(request) }
        for _ in 0..<200 where server.requests.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        let result = await Self.bounded(45) { try await task.value }
        #expect(throws: TransportError.cancelled) { try result.get() }
        #expect(try Self.heldOpen(server) < 10)
    }

    @Test func aHugeSuccessBodyIsReadOnlyUpToItsCap() async throws {
        let server = try HostileServer { _ in .respond(status: 202, body: .repeated(0x78, count: 300 << 20)) }
        let transport = CurlTransport()
        let result = await Self.bounded(60) { try await transport.send(Self.post(server, success: 0)) }
        let response = try result.get()
        #expect(response.status == 202)
        #expect(response.body.isEmpty)
        #expect(response.bodyTruncated)
    }

    @Test func anErrorBodyIsCappedAt64KBAndSaysSo() async throws {
        let server = try HostileServer { _ in .respond(status: 502, body: .repeated(0x41, count: 10 << 20)) }
        let transport = CurlTransport()
        let result = await Self.bounded(60) { try await transport.send(Self.post(server)) }
        let response = try result.get()
        #expect(response.status == 502)
        #expect(response.body.count == ResponseLimits.errorBody)
        #expect(response.bodyTruncated)
    }

    @Test func aSmallAnswerArrivesWholeWithItsHeaders() async throws {
        let server = try HostileServer { request in
            .respond(
                status: 400,
                headers: ["Content-Type": "application/json", "X-Echo": request.header("X-Test") ?? ""],
                body: .bytes(Data(#"{"error":{"code":"BadRequest","message":"m"}}"#.utf8)))
        }
        var request = Self.post(server)
        request.headers["X-Test"] = "abc"
        let response = try await CurlTransport().send(request)
        #expect(response.status == 400)
        #expect(response.header("x-echo") == "abc")
        #expect(!response.bodyTruncated)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"error":{"code":"BadRequest","message":"m"}}"#)
        #expect(server.requests.first?.bodyText == #"{"hello":1}"#)
    }

    @Test func theBodySentSignalComesBeforeTheAnswer() async throws {
        let answered = Flag()
        let server = try HostileServer { _ in
            Thread.sleep(forTimeInterval: 0.5)
            answered.set()
            return .respond(status: 202)
        }
        let sentBeforeAnswer = Flag()
        let calls = Counter()
        let request = Self.post(server) {
            calls.increment()
            if !answered.isSet { sentBeforeAnswer.set() }
        }
        let response = try await CurlTransport().send(request)
        #expect(response.status == 202)
        #expect(calls.value == 1)
        #expect(sentBeforeAnswer.isSet)
    }

    @Test func aRedirectIsReturnedNotFollowed() async throws {
        let server = try HostileServer { _ in
            .respond(status: 307, headers: ["Location": "http://127.0.0.1:9/elsewhere"])
        }
        let response = try await CurlTransport().send(Self.post(server))
        #expect(response.status == 307)
        #expect(server.requests.count == 1)
    }
}

final class Counter: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// A loopback port whose connection queue is full and never drained: a new connection's handshake never completes
/// (Linux drops the SYN), as with a black-holed host.
final class UnacceptingListener: @unchecked Sendable {
    // @unchecked: the descriptors are set in init and only closed in deinit.
    let port: Int
    private let listener: Int32
    private let filler: Int32

    init() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening, $0, size) }
        }
        guard listen(listening, 0) == 0 else { throw HostileServerError.socket(errno) }
        var length = size
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listening, $0, &length) }
        }
        // A backlog of 0 holds one completed connection: this one fills it.
        let filling = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filling, $0, size) }
        }
        guard connected == 0 else { throw HostileServerError.socket(errno) }
        listener = listening
        filler = filling
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(filler)
        close(listener)
    }
}
