import Foundation
import Testing

/// Runs the built executables (`provision`, `entra-emulator`, `hr-emulator`, or a system tool) as a user would,
/// capturing stdout, stderr and status: for the tests that need a process of their own (docs/testing.md). Waiting
/// suspends the test instead of blocking its thread, so a running child does not hold one of the few threads the
/// other tests run on.
package enum BinaryRunner {
    package struct Result: Sendable {
        package let status: Int32
        package let stdout: String
        package let stderr: String
        /// When the process ended, as a thread of Foundation's saw it: a test measuring how soon a run stopped is not
        /// misled by how long its own task waited for a thread afterwards.
        package let exitedAt: Date
        /// From the start of the process to its end.
        package let seconds: Double
    }

    /// At most this many `run`s and `measured`s at once, whatever the number of tests running in parallel: each is a
    /// process on a machine of two cores, and a burst of them (a parameterised test's cases start together) would
    /// starve the tests that keep time. `start` is not queued: a test that starts a process needs it now.
    static let slots = Slots(4)

    /// The directory holding the built products: the one the test bundle itself was built into.
    package static let productsDirectory: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for directory in candidates
        where FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("provision").path) {
            return directory
        }
        return repositoryRoot.appendingPathComponent(".build/debug")
    }()

    /// The built `provision`; `PROVISION_TEST_BINARY` names another one (an older build, to show that a regression
    /// test fails there).
    package static var provision: URL {
        if let path = ProcessInfo.processInfo.environment["PROVISION_TEST_BINARY"] { return URL(fileURLWithPath: path) }
        return productsDirectory.appendingPathComponent("provision")
    }
    package static var emulator: URL { productsDirectory.appendingPathComponent("entra-emulator") }
    package static var hrEmulator: URL { productsDirectory.appendingPathComponent("hr-emulator") }

    /// Runs `executable` (`provision` by default) with `arguments`, the `RunEnvironment` (only what the test gives,
    /// plus a PATH, a HOME and a private cache), and a time limit after which the process is killed and the test
    /// fails.
    package static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, timeout: TimeInterval = 120,
        executable: URL = provision
    ) async throws -> Result {
        try await slots.holding {
            let running = try Running(
                arguments, environment: environment, directory: directory, executable: executable)
            return await running.wait(timeout: timeout)
        }
    }

    /// Starts `provision` with `arguments` (see `run`) without waiting for it: a test that signals it while it runs.
    package static func start(
        _ arguments: [String], environment: [String: String] = [:], executable: URL = provision
    ) throws -> Running {
        try Running(arguments, environment: environment, directory: nil, executable: executable)
    }

    /// A started process that a test can signal while it runs and then wait for.
    package final class Running: @unchecked Sendable {
        // @unchecked: every field is set in init; `Process` is only signalled and waited on by the owning test.
        package let process = Process()
        private let out: OutputCollector
        private let err: OutputCollector
        private let environment: RunEnvironment
        private let label: String
        private let exit = ExitStamp()
        package let startedAt = Date()

        init(_ arguments: [String], environment: [String: String], directory: URL?, executable: URL) throws {
            process.executableURL = executable
            process.arguments = arguments
            self.environment = RunEnvironment(environment)
            process.environment = self.environment.values
            if let directory { process.currentDirectoryURL = directory }
            label = ([executable.lastPathComponent] + arguments).joined(separator: " ")
            let outPipe = Pipe()
            let errPipe = Pipe()
            process.standardOutput = outPipe
            process.standardError = errPipe
            process.standardInput = FileHandle.nullDevice
            process.terminationHandler = { [exit] _ in exit.stamp() }
            try process.run()
            // Both pipes are drained at once so that a chatty child cannot block on a full pipe.
            out = OutputCollector(outPipe.fileHandleForReading)
            err = OutputCollector(errPipe.fileHandleForReading)
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }

        package var isRunning: Bool { process.isRunning }

        package func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        /// Waits up to `timeout` seconds; a process still running then is killed and the test fails.
        package func wait(timeout: TimeInterval) async -> Result {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { try? await Task.sleep(nanoseconds: 5_000_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                Issue.record("\(label) did not finish within \(timeout) s; killed")
            }
            process.waitUntilExit()
            let exitedAt = exit.date ?? Date()
            return Result(
                status: process.terminationStatus, stdout: await out.text(), stderr: await err.text(),
                exitedAt: exitedAt, seconds: exitedAt.timeIntervalSince(startedAt))
        }
    }

    /// When a process ended, set once by its termination handler.
    final class ExitStamp: @unchecked Sendable {
        // @unchecked: `value` is only touched under `lock`.
        private let lock = NSLock()
        private var value: Date?

        func stamp() { lock.withLock { value = value ?? Date() } }
        var date: Date? { lock.withLock { value } }
    }

    /// A counting semaphore for tasks: `holding` waits for a free slot, runs its body and frees the slot.
    actor Slots {
        private var free: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { free = count }

        func holding<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
            if free > 0 {
                free -= 1
            } else {
                await withCheckedContinuation { waiting.append($0) }
            }
            defer {
                if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
            }
            return try await body()
        }
    }
}

/// The environment of a `provision` run in a test, in a process or in this one: only what the test gives, plus a
/// PATH, a HOME, no colour, and a rate-limit cache of its own (`XDG_CACHE_HOME`, removed with this value), so that
/// no run reads what another learnt or writes into the real home.
package final class RunEnvironment: Sendable {
    package let values: [String: String]
    private let cache: URL?

    package init(_ given: [String: String]) {
        var values = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        if given["XDG_CACHE_HOME"] == nil {
            let cache = FileManager.default.temporaryDirectory.appendingPathComponent("provision-cache-\(UUID())")
            values["XDG_CACHE_HOME"] = cache.path
            self.cache = cache
        } else {
            cache = nil
        }
        self.values = values.merging(given) { _, new in new }
    }

    deinit {
        if let cache { try? FileManager.default.removeItem(at: cache) }
    }
}

/// Drains a pipe on a thread of its own; `text()` suspends until the pipe is closed.
package final class OutputCollector: @unchecked Sendable {
    // @unchecked: `data` and `waiters` are only touched under `lock`.
    private let lock = NSLock()
    private var data: Data?
    private var waiters: [CheckedContinuation<String, Never>] = []

    package init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let read = handle.readDataToEndOfFile()
            let waiting = lock.withLock { () -> [CheckedContinuation<String, Never>] in
                data = read
                defer { waiters = [] }
                return waiters
            }
            for waiter in waiting { waiter.resume(returning: String(decoding: read, as: UTF8.self)) }
        }
    }

    package func text() async -> String {
        await withCheckedContinuation { continuation in
            let ready = lock.withLock { () -> Data? in
                if data == nil { waiters.append(continuation) }
                return data
            }
            if let ready { continuation.resume(returning: String(decoding: ready, as: UTF8.self)) }
        }
    }
}

/// The repository root (for `samples/`, `docs/` and the fixtures).
package let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
