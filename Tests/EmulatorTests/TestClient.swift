import Foundation
import Testing

@testable import EntraEmulator

#if canImport(Glibc)
import Glibc
import JSONDocument
#endif

/// A parsed HTTP response as seen on the wire.
struct TestResponse {
    var status: Int
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    var json: JSON? { try? JSON.parse(Array(body)) }

    /// `error.code` of a Graph envelope, or `error` of a token error.
    var errorCode: String? { json?["error"]?["code"]?.stringValue ?? json?["error"]?.stringValue }
    var errorMessage: String? { json?["error"]?["message"]?.stringValue }
}

enum TestClientError: Error { case connectFailed, closed, timedOut, malformed }

/// One keep-alive connection to 127.0.0.1 over raw sockets, with a receive timeout so no test can hang. 30 s, not
/// less: the whole suite shares two cores with emulators and built binaries, and a 5 s limit once failed a test whose
/// answer was merely late.
final class TestConnection {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw TestClientError.connectFailed
        }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return }
            offset += sent
        }
    }

    func request(
        _ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8] = []
    ) throws -> TestResponse {
        start(method, path, headers: headers, body: body)
        return try readResponse()
    }

    /// Sends a request without waiting for its answer (`readResponse()` reads it later).
    func start(_ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8] = []) {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        write(Array(head.utf8) + body)
    }

    /// True when the server closed the connection (recv returns 0) before sending anything.
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    func readResponse(skipInterim: Bool = true) throws -> TestResponse {
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
                let statusParts = head[0].split(separator: " ")
                guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw TestClientError.malformed }
                var headers: [String: String] = [:]
                for line in head.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                        in: .whitespaces)
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                while buffer.count < end + 4 + length { try fill() }
                let body = Data(buffer[(end + 4)..<(end + 4 + length)])
                buffer.removeFirst(end + 4 + length)
                if status == 100, skipInterim { continue }
                return TestResponse(status: status, headers: headers, body: body)
            }
            try fill()
        }
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { throw TestClientError.timedOut }
        guard count > 0 else { throw TestClientError.closed }
        buffer.append(contentsOf: chunk[..<count])
    }
}
