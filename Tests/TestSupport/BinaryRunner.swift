import Foundation
import Testing

/// Runs the built executables (`provision`, `entra-emulator`, `hr-emulator`) as a user would, capturing stdout, stderr and status.
public enum BinaryRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The directory holding the built products: the one the test bundle itself was built into.
    public static let productsDirectory: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for directory in candidates
        where FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("provision").path) {
            return directory
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug")
    }()

    /// The built `provision`; `PROVISION_TEST_BINARY` names another one (an older build, to show that a regression
    /// test fails there).
    public static var provision: URL {
        if let path = ProcessInfo.processInfo.environment["PROVISION_TEST_BINARY"] { return URL(fileURLWithPath: path) }
        return productsDirectory.appendingPathComponent("provision")
    }
    public static var emulator: URL { productsDirectory.appendingPathComponent("entra-emulator") }
    public static var hrEmulator: URL { productsDirectory.appendingPathComponent("hr-emulator") }

    /// Runs `provision` with `arguments`, an environment that holds only what the test gives (plus PATH), and a
    /// time limit after which the process is killed and the test fails.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, timeout: TimeInterval = 120,
        executable: URL = provision
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let cache = try PrivateCache(unless: environment)
        defer { withExtendedLifetime(cache) {} }
        process.environment = defaultEnvironment(cache).merging(environment) { _, new in new }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let outData = OutputCollector(out.fileHandleForReading)
        let errData = OutputCollector(err.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record(
                "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish within \(timeout) s"
            )
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: outData.text(), stderr: errData.text())
    }
}

extension BinaryRunner {
    /// What every run gets unless the test says otherwise: a PATH, a HOME, no colour, and a rate-limit cache of its
    /// own (`XDG_CACHE_HOME`), so that no run reads what another learnt or writes into the real home.
    static func defaultEnvironment(_ cache: PrivateCache?) -> [String: String] {
        var environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        if let cache { environment["XDG_CACHE_HOME"] = cache.directory.path }
        return environment
    }

    /// A fresh `XDG_CACHE_HOME` for one run, removed with it; none when the test sets the variable itself.
    final class PrivateCache: Sendable {
        let directory: URL

        init?(unless environment: [String: String]) throws {
            guard environment["XDG_CACHE_HOME"] == nil else { return nil }
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("provision-cache-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    /// A started `provision` that a test can signal while it runs (a stop mid-upload).
    public final class Running: @unchecked Sendable {
        // @unchecked: every field is set in init; `Process` is only signalled and waited on by the owning test.
        public let process = Process()
        private let out: OutputCollector
        private let err: OutputCollector
        private let cache: PrivateCache?
        public let startedAt = Date()

        init(_ arguments: [String], environment: [String: String], executable: URL) throws {
            process.executableURL = executable
            process.arguments = arguments
            cache = try PrivateCache(unless: environment)
            process.environment = BinaryRunner.defaultEnvironment(cache).merging(environment) { _, new in new }
            let outPipe = Pipe()
            let errPipe = Pipe()
            process.standardOutput = outPipe
            process.standardError = errPipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            out = OutputCollector(outPipe.fileHandleForReading)
            err = OutputCollector(errPipe.fileHandleForReading)
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }

        public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        /// Waits up to `timeout` seconds; a process still running then is killed and the test fails.
        public func wait(timeout: TimeInterval) -> Result {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                Issue.record("provision did not exit within \(timeout) s")
            }
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: out.text(), stderr: err.text())
        }
    }

    /// Starts `provision` with `arguments` (see `run`) without waiting for it.
    public static func start(
        _ arguments: [String], environment: [String: String] = [:], executable: URL = provision
    ) throws -> Running {
        try Running(arguments, environment: environment, executable: executable)
    }
}

/// Drains a pipe on a background thread.
public final class OutputCollector: @unchecked Sendable {
    // @unchecked: `data` is written only by the reading thread before `done` is signalled, and read only after.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    public init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    public func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The repository root (for `samples/`).
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A `BinaryRunner.run` on a background thread, for tests that need two runs at once.
public final class BackgroundRun: @unchecked Sendable {
    // @unchecked: `result` is written once by the worker before `done` is signalled, and read only after it.
    private var result: Result<BinaryRunner.Result, any Error>?
    private let done = DispatchSemaphore(value: 0)

    public init(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120) {
        Thread.detachNewThread { [self] in
            result = Result { try BinaryRunner.run(arguments, environment: environment, timeout: timeout) }
            done.signal()
        }
    }

    /// Waits for the run to end.
    public func wait() throws -> BinaryRunner.Result {
        done.wait()
        return try result!.get()
    }
}
