import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run of the built `provision` with what it cost, as the kernel counted it for that one child: CPU seconds in user
/// and system mode (`wait4`) and the peak resident set size (`VmHWM` in /proc/PID/status, sampled while it runs:
/// `ru_maxrss` would report this test process's own peak, which a child started with `posix_spawn` inherits at its
/// exec). For bounded-resource tests: a limit on CPU seconds or memory holds whatever else the machine is doing,
/// unlike a limit on wall-clock time.
package struct MeasuredRun: Sendable {
    package let status: Int32
    package let stdout: String
    package let stderr: String
    package let userSeconds: Double
    package let systemSeconds: Double
    /// The peak resident set size, in MB.
    package let peakMB: Double
    /// The run outlasted its time limit and was killed.
    package let killed: Bool

    package var cpuSeconds: Double { userSeconds + systemSeconds }
    package var summary: String {
        String(
            format: "exit %d, %.2f s user + %.2f s sys, peak RSS %.1f MB%@", status, userSeconds, systemSeconds,
            peakMB, killed ? " (killed at its time limit)" : "")
    }
}

extension BinaryRunner {
    /// Runs `provision` (see `run`) without Foundation's `Process`, so that its resource usage can be collected with
    /// `wait4`. Killed after `timeout` seconds (the test fails: a bounded-resource test must stay short).
    package static func measured(
        _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 20,
        executable: URL = provision
    ) async throws -> MeasuredRun {
        try await slots.holding {
            try await measure(arguments, environment: environment, timeout: timeout, executable: executable)
        }
    }

    private static func measure(
        _ arguments: [String], environment: [String: String], timeout: TimeInterval, executable: URL
    ) async throws -> MeasuredRun {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("measured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outPath = directory.appendingPathComponent("stdout").path
        let errPath = directory.appendingPathComponent("stderr").path
        let env = RunEnvironment(environment)
        let argv = [executable.path] + arguments
        let envp = env.values.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var pid: pid_t = 0
        let spawned = withCStrings(argv) { cArgv in
            withCStrings(envp) { cEnvp in posix_spawn(&pid, executable.path, &actions, nil, cArgv, cEnvp) }
        }
        guard spawned == 0 else { throw HostileServerError.socket(spawned) }

        var status: Int32 = 0
        var usage = rusage()
        var killed = false
        var peakKB = 0
        let deadline = Date().addingTimeInterval(timeout)
        while wait4(pid, &status, WNOHANG, &usage) == 0 {
            peakKB = max(peakKB, highWaterKB(pid))
            if Date() > deadline {
                kill(pid, SIGKILL)
                killed = true
                _ = wait4(pid, &status, 0, &usage)
                Issue.record("provision \(arguments.first ?? "") did not finish within \(timeout) s; killed")
                break
            }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        withExtendedLifetime(env) {}
        let exit = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return MeasuredRun(
            status: exit, stdout: read(outPath), stderr: read(errPath), userSeconds: seconds(usage.ru_utime),
            systemSeconds: seconds(usage.ru_stime), peakMB: Double(peakKB) / 1024, killed: killed)
    }

    /// `VmHWM` of a running process, in KB; 0 once it has gone.
    private static func highWaterKB(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }

    private static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> T)
        -> T
    {
        var pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}
