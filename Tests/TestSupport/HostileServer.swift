import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 (a free port) that misbehaves as each test tells it: silence, a body dripped
/// one byte at a time, a huge body, HTML, any status and headers, or an echo of what it received. The real
/// `CurlTransport` and the built binary are driven against it; the emulator stays a faithful service.
///
/// Bounded: at most `maxConnections` at once (more are closed on arrival), every socket polled with a short timeout,
/// and everything closed when the server is stopped or dropped.
package final class HostileServer: @unchecked Sendable {
    // @unchecked Sendable: `recorded`, `sockets` and `running` are only read or written while `lock` is held; `port`,
    // `listener` and `handler` never change after init.

    /// One request as it arrived.
    package struct Request: Sendable {
        package let method: String
        package let target: String
        /// Lower-cased names.
        package let headers: [String: String]
        package let body: Data
        /// When the whole request had been read.
        package let arrivedAt: Date

        package func header(_ name: String) -> String? { headers[name.lowercased()] }
        package var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// What to send back.
    package enum Reply: Sendable {
        /// `body` after the headers. A `Content-Length` is added unless `headers` has one.
        case respond(status: Int, headers: [String: String] = [:], body: Body = .bytes(Data()))
        /// Read the request and never answer (until the server stops).
        case silence
        /// Close the connection without answering.
        case close

        package static func text(_ status: Int, _ text: String, contentType: String = "application/json") -> Reply {
            .respond(status: status, headers: ["Content-Type": contentType], body: .bytes(Data(text.utf8)))
        }
    }

    package enum Body: Sendable {
        case bytes(Data)
        /// `count` bytes of `byte`, written in chunks: a huge body without holding it here.
        case repeated(UInt8, count: Int)
        /// `data`, one byte every `interval` seconds (the Content-Length announces all of it).
        case drip(Data, interval: Double)

        var count: Int {
            switch self {
            case .bytes(let data), .drip(let data, _): data.count
            case .repeated(_, let count): count
            }
        }
    }

    package let port: Int
    package let maxConnections: Int
    private let listener: Int32
    private let handler: @Sendable (Request) -> Reply
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var hangUps: [Int: Date] = [:]
    private var sockets: Set<Int32> = []
    private var running = true

    /// `http://127.0.0.1:PORT`
    package var baseURL: String { "http://127.0.0.1:\(port)" }
    /// A bulkUpload URL on this server that passes the client's endpoint checks (loopback, the documented path).
    package var bulkUploadURL: String {
        "\(baseURL)/v1.0/servicePrincipals/00000000-0000-0000-0000-000000000001/synchronization/jobs/"
            + "API2AAD.00000000000000000000000000000001.00000000-0000-0000-0000-000000000002/bulkUpload"
    }
    package var requests: [Request] { lock.withLock { recorded } }

    /// When the client closed (or the server lost) the connection that carried request `index` (0-based), if it has.
    /// Measured on the server's own thread: a busy test process cannot delay it.
    package func hangUp(afterRequest index: Int) -> Date? { lock.withLock { hangUps[index] } }

    package init(maxConnections: Int = 64, _ handler: @escaping @Sendable (Request) -> Reply) throws {
        self.maxConnections = maxConnections
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HostileServerError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw HostileServerError.socket(errno)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { stop() }

    /// Closes the listener and every connection; threads notice within their poll timeout.
    package func stop() {
        let open = lock.withLock { () -> Set<Int32> in
            guard running else { return [] }
            running = false
            return sockets
        }
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private var isRunning: Bool { lock.withLock { running } }

    private func acceptLoop() {
        defer { close(listener) }
        while isRunning {
            guard Self.waitReadable(listener, milliseconds: 100) else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            let admitted = lock.withLock { () -> Bool in
                guard running, sockets.count < maxConnections else { return false }
                sockets.insert(fd)
                return true
            }
            guard admitted else {
                close(fd)
                continue
            }
            Thread.detachNewThread { [self] in serve(fd) }
        }
    }

    /// Requests on one connection, one after the other (the client keeps connections alive).
    private func serve(_ fd: Int32) {
        defer {
            lock.withLock { _ = sockets.remove(fd) }
            close(fd)
        }
        var buffer = Data()
        var last: Int?
        defer { if let last { lock.withLock { hangUps[last] = Date() } } }
        while isRunning, let request = readRequest(fd, &buffer) {
            last = lock.withLock { () -> Int in
                recorded.append(request)
                return recorded.count - 1
            }
            switch handler(request) {
            case .close:
                return
            case .silence:
                while isRunning, !Self.peerClosed(fd) { usleep(20_000) }
                return
            case .respond(let status, let headers, let body):
                let head = head(status: status, headers: headers, length: body.count)
                guard writeAll(fd, head), transmit(body, to: fd) else { return }
            }
        }
    }

    private func head(status: Int, headers: [String: String], length: Int) -> Data {
        var text = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !headers.keys.contains(where: { $0.lowercased() == "content-length" }) {
            text += "Content-Length: \(length)\r\n"
        }
        return Data((text + "\r\n").utf8)
    }

    private func transmit(_ body: Body, to fd: Int32) -> Bool {
        switch body {
        case .bytes(let data):
            return data.isEmpty || writeAll(fd, data)
        case .repeated(let byte, let count):
            let chunk = Data(repeating: byte, count: 64 * 1024)
            var left = count
            while left > 0, isRunning {
                guard writeAll(fd, chunk.prefix(left)) else { return false }
                left -= min(left, chunk.count)
            }
            return left == 0
        case .drip(let data, let interval):
            for byte in data {
                var waited = 0.0
                while waited < interval, isRunning {
                    if Self.peerClosed(fd) { return false }
                    usleep(20_000)
                    waited += 0.02
                }
                guard isRunning, writeAll(fd, Data([byte])) else { return false }
            }
            return true
        }
    }

    /// Reads one request (headers, then a Content-Length body); nil when the peer closed or the server stopped.
    private func readRequest(_ fd: Int32, _ buffer: inout Data) -> Request? {
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd = buffer.range(of: separator)
        while headerEnd == nil {
            guard buffer.count < 1 << 20, receive(fd, into: &buffer) else { return nil }
            headerEnd = buffer.range(of: separator)
        }
        guard let headerEnd else { return nil }
        let lines = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[line[..<colon].lowercased()] = value
        }
        buffer.removeSubrange(..<headerEnd.upperBound)
        if headers["expect"]?.lowercased() == "100-continue" {
            guard writeAll(fd, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return nil }
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < length {
            guard receive(fd, into: &buffer) else { return nil }
        }
        let body = buffer.prefix(length)
        buffer.removeFirst(min(length, buffer.count))
        let method = requestLine.first.map(String.init) ?? ""
        let target = requestLine.dropFirst().first.map(String.init) ?? ""
        return Request(method: method, target: target, headers: headers, body: Data(body), arrivedAt: Date())
    }

    private func receive(_ fd: Int32, into buffer: inout Data) -> Bool {
        while isRunning {
            guard Self.waitReadable(fd, milliseconds: 100) else { continue }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
        return false
    }

    private func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        var offset = 0
        while offset < data.count {
            let sent = data.withUnsafeBytes { raw in
                send(fd, raw.baseAddress!.advanced(by: offset), data.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// The peer closed its end (a readable socket with nothing to read).
    private static func peerClosed(_ fd: Int32) -> Bool {
        guard waitReadable(fd, milliseconds: 0) else { return false }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) == 0
    }

    private static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 202: "Accepted"
        case 400: "Bad Request"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

package enum HostileServerError: Error { case socket(Int32) }
