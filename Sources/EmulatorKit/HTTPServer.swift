import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small blocking HTTP/1.1 server on BSD sockets: one thread per connection, keep-alive,
/// Content-Length bodies only, each response written with one `send`.
///
/// Shared state is `listener`, `connections` and `running`, all guarded by `lock`; the handler closure
/// is `@Sendable` and does its own locking. That is what makes the `@unchecked Sendable` sound.
package final class HTTPServer: @unchecked Sendable {
    package typealias Handler = @Sendable (HTTPRequestMessage) -> HTTPResponseMessage
    /// Builds the answer for a protocol-level error (status, message) in the caller's envelope.
    package typealias ErrorResponder = @Sendable (Int, String) -> HTTPResponseMessage

    package static let maximumHeaderBytes = 64 * 1024
    package static let maximumConnections = 1024
    /// An idle keep-alive connection is closed after this long so its thread does not live forever.
    package static let idleTimeoutSeconds = 60

    private let host: String
    private let requestedPort: Int
    private let maxBodyBytes: Int
    private let handler: Handler
    private let errorResponder: ErrorResponder

    private let lock = NSLock()
    private var listener: Int32 = -1
    private var connections: Set<Int32> = []
    private var running = false

    package init(
        host: String, port: Int, maxBodyBytes: Int, handler: @escaping Handler, errorResponder: @escaping ErrorResponder
    ) {
        self.host = host
        self.requestedPort = port
        self.maxBodyBytes = maxBodyBytes
        self.handler = handler
        self.errorResponder = errorResponder
    }

    /// Binds, listens and starts accepting; returns the bound port (useful with port 0).
    package func start() throws -> Int {
        // A peer that vanishes must not kill the process; sends also pass MSG_NOSIGNAL.
        signal(SIGPIPE, SIG_IGN)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else {
            throw EmulatorError.socketFailed(operation: "socket", host: host, port: requestedPort, errno: errno)
        }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        // Accepted sockets inherit it, from their first byte on.
        ConnectionReader.enableReceiveTimestamps(on: fd)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(requestedPort).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw EmulatorError.socketFailed(operation: "inet_pton", host: host, port: requestedPort, errno: EINVAL)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 512) == 0 else {
            let code = errno
            close(fd)
            throw EmulatorError.socketFailed(operation: "bind", host: host, port: requestedPort, errno: code)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        lock.withLock {
            listener = fd
            running = true
        }
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "emulator-accept"
        thread.start()
        return Int(UInt16(bigEndian: actual.sin_port))
    }

    /// Stops accepting and shuts every open connection down; their threads then exit on their own.
    package func stop() {
        lock.withLock {
            running = false
            if listener >= 0 {
                // Shut down, never close, here: the accept thread is blocked on this descriptor, and a number closed
                // under it can be reused at once by another server's listener (tests run many emulators), whose
                // connections the old loop would then accept and drop. The accept thread closes it when it exits.
                shutdown(listener, Int32(SHUT_RDWR))
                listener = -1
            }
            for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop(_ fd: Int32) {
        defer { close(fd) }
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE {
                    usleep(10_000)
                    continue
                }
                return
            }
            let admitted = lock.withLock { () -> Bool in
                guard running, connections.count < Self.maximumConnections else { return false }
                connections.insert(client)
                return true
            }
            guard admitted else {
                close(client)
                continue
            }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            var timeout = timeval(tv_sec: Self.idleTimeoutSeconds, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let thread = Thread { [self] in
                serve(client)
                lock.withLock { _ = connections.remove(client) }
                close(client)
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Reads requests off one connection until the peer closes, an error occurs or a response says to close.
    private func serve(_ fd: Int32) {
        var connection = ConnectionReader(fd: fd)
        while true {
            guard let headEnd = connection.readHead(limit: Self.maximumHeaderBytes) else {
                if connection.buffer.count >= Self.maximumHeaderBytes {
                    send(errorResponder(431, "The request headers exceed 64 KiB."), keepAlive: false, to: fd)
                }
                return
            }
            guard let head = HTTPRequestHead.parse(connection.buffer[..<headEnd]) else {
                send(errorResponder(400, "The request is not valid HTTP/1.1."), keepAlive: false, to: fd)
                return
            }
            connection.consume(headEnd + 4)
            if head.header("Transfer-Encoding") != nil {
                send(
                    errorResponder(411, "Chunked request bodies are not supported; send a Content-Length."),
                    keepAlive: false, to: fd)
                return
            }
            var length = 0
            if let declared = head.header("Content-Length") {
                guard let value = Int(declared), value >= 0 else {
                    send(
                        errorResponder(400, "The Content-Length header is not a valid number."), keepAlive: false,
                        to: fd)
                    return
                }
                length = value
            }
            if length > maxBodyBytes {
                send(
                    errorResponder(413, "The request body exceeds the limit of \(maxBodyBytes) bytes."),
                    keepAlive: false, to: fd)
                return
            }
            if length > connection.buffer.count, head.header("Expect")?.lowercased() == "100-continue" {
                _ = connection.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            }
            guard let body = connection.readBody(length: length) else { return }
            var request = HTTPRequestMessage(
                method: head.method, target: head.target, version: head.version, headers: head.headers, body: body)
            request.receivedAt = connection.lastReceivedAt
            let response = handler(request)
            if response.drop { return }
            let keepAlive = head.wantsKeepAlive && !response.closeAfterSending && response.truncateBodyAt == nil
            guard send(response, keepAlive: keepAlive, to: fd), keepAlive else { return }
        }
    }

    @discardableResult
    private func send(_ response: HTTPResponseMessage, keepAlive: Bool, to fd: Int32) -> Bool {
        ConnectionReader.write(response.serialized(keepAlive: keepAlive), to: fd)
    }
}
