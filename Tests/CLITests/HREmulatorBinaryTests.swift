import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `hr-emulator` program as scripts run it: help, a usage error, the banner, and a stop on SIGTERM.
@Suite struct HREmulatorBinaryTests {
    @Test func helpAndUsageErrorsExitAsTheEntraEmulatorsDo() async throws {
        let help = try await BinaryRunner.run(["--help"], executable: BinaryRunner.hrEmulator)
        #expect(help.status == 0 && help.stdout.hasPrefix("OVERVIEW:") && help.stdout.contains("--malformed-page N"))
        let typo = try await BinaryRunner.run(["--page-sise", "3"], executable: BinaryRunner.hrEmulator)
        #expect(typo.status == 64)
        #expect(
            typo.stderr
                == "hr-emulator: error: unknown option '--page-sise' (did you mean --page-size?); --help lists the options\n"
        )
        let missing = try await BinaryRunner.run(
            ["--people", "/nonexistent/people.json"], executable: BinaryRunner.hrEmulator)
        #expect(
            missing.status == 64 && missing.stderr.hasPrefix("hr-emulator: error: --people /nonexistent/people.json: "))
    }

    @Test func printsItsBannerServesAndStopsOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = BinaryRunner.hrEmulator
        process.arguments = ["--port", "0", "--people-count", "3"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        var banner = ""
        let deadline = Date().addingTimeInterval(20)
        while !banner.contains("page-size ") && Date() < deadline {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            banner += String(decoding: data, as: UTF8.self)
        }
        let base = try #require(
            banner.split(separator: "\n").first { $0.hasPrefix("listening on ") }?.dropFirst("listening on ".count))
        #expect(banner.contains("people 3\n"))
        let data = try Data(contentsOf: URL(string: "\(base)/_hr/people")!)
        #expect((try JSONSerialization.jsonObject(with: data) as? [Any])?.count == 3)
        kill(process.processIdentifier, SIGTERM)
        _ = await eventually(seconds: 20) { !process.isRunning }
        #expect(!process.isRunning && process.terminationStatus == 0)
    }
}
