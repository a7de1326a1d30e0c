import EmulatorKit
import Foundation
import JSONDocument
import Synchronization
import Testing

@testable import EntraEmulator

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct HTTPServerTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let harness = try Harness()
        let token = try harness.token()
        for index in 0..<5 {
            let response = try harness.upload(Harness.bulk(users: [String(index)]), token: token)
            #expect(response.status == 202)
            #expect(response.header("Connection") == "keep-alive")
        }
        #expect(try harness.stat("accepted") == 5)
    }

    static let garbage: [(name: String, bytes: [UInt8], status: Int)] = [
        ("binary with blank line", [0x00, 0xFF, 0x13, 0x37, 13, 10, 13, 10], 400),
        ("bad request line", Array("HELLO\r\n\r\n".utf8), 400),
        ("bad content length", Array("POST / HTTP/1.1\r\nContent-Length: -4\r\n\r\n".utf8), 400),
        ("chunked body", Array("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8), 411),
        ("huge head", Array("GET / HTTP/1.1\r\nX: ".utf8) + [UInt8](repeating: 65, count: 70_000), 431),
    ]

    @Test(arguments: garbage)
    func garbageGetsAnErrorAndTheServerKeepsServing(name: String, bytes: [UInt8], status: Int) throws {
        let harness = try Harness()
        let connection = try harness.newConnection()
        connection.write(bytes)
        #expect(try connection.readResponse().status == status, "\(name)")
        #expect(try harness.stat("requests") == 0)
    }

    @Test func randomBytesAndEarlyDisconnectsDoNotCrashTheServer() throws {
        let harness = try Harness()
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<20 {
            let connection = try harness.newConnection()
            connection.write(
                (0..<Int(generator.next() % 5000)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        }
        // A request that promises a body and disconnects half way.
        let partial = try harness.newConnection()
        partial.write(Array("POST \(Harness.bulkPath) HTTP/1.1\r\nContent-Length: 1000\r\n\r\n{\"sch".utf8))
        #expect(try harness.upload(Harness.bulk(users: ["1"])).status == 202)
    }

    @Test func answersExpectContinueBeforeTheBody() throws {
        let harness = try Harness()
        let connection = try harness.newConnection()
        connection.write(
            Array("POST /_emulator/reset HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n".utf8))
        #expect(try connection.readResponse(skipInterim: false).status == 100)
        connection.write(Array("{}".utf8))
        #expect(try connection.readResponse().status == 204)
    }

    /// A request read late (its thread busy with the one before) still carries the time its bytes came in.
    @Test func requestsCarryTheKernelsReceiveTimeNotTheTimeTheyWereRead() throws {
        #if os(Linux)
        let seen = Mutex<[(receivedAt: Double?, handledAt: Double)]>([])
        let server = HTTPServer(
            host: "127.0.0.1", port: 0, maxBodyBytes: 1 << 20,
            handler: { request in
                seen.withLock { $0.append((request.receivedAt, Date().timeIntervalSince1970)) }
                Thread.sleep(forTimeInterval: 0.3)
                return HTTPResponseMessage(status: 204)
            },
            errorResponder: { status, _ in HTTPResponseMessage(status: status) })
        let port = try server.start()
        defer { server.stop() }
        let connection = try TestConnection(port: port)
        // The kernel turns stamping on from a work queue, a moment after it is asked: wait for a stamped request.
        let deadline = Date().addingTimeInterval(5)
        repeat {
            connection.write(Array("POST /x HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}".utf8))
            _ = try connection.readResponse()
        } while seen.withLock({ $0.last?.receivedAt == nil }) && Date() < deadline
        seen.withLock { $0.removeAll() }
        let sentAt = Date().timeIntervalSince1970
        // Pipelined: the second request waits in the socket while the first is handled.
        let request = Array("POST /x HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}".utf8)
        connection.write(request + request)
        _ = try connection.readResponse()
        _ = try connection.readResponse()
        let calls = seen.withLock { $0 }
        try #require(calls.count == 2)
        let second = try #require(calls[1].receivedAt)
        #expect(calls[1].handledAt - sentAt >= 0.3)
        #expect(second >= sentAt - 0.001)
        #expect(second - sentAt < 0.2, "stamped \(second - sentAt) s after the send")
        #endif
    }

    @Test func unknownPathsAre404() throws {
        let harness = try Harness()
        let response = try harness.send("GET", "/v1.0/groups")
        #expect(response.status == 404)
        #expect(response.errorCode == "ResourceNotFound")
    }

    @Test func urlSessionCanTalkToIt() async throws {
        let emulator = Emulator(configuration: EmulatorConfiguration())
        let port = try emulator.start()
        defer { emulator.stop() }
        var request = URLRequest(
            url: URL(string: "http://127.0.0.1:\(port)/\(Harness.tenant)/oauth2/v2.0/token")!, timeoutInterval: 5)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(Harness.goodForm.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(try JSON.parse(Array(data))["token_type"] == "Bearer")
    }
}
