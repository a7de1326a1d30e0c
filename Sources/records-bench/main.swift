import CSV
import Foundation
import JSONRecords

// records-bench csv|json FILE: reads every record of FILE through the CSV reader or the JSON records reader, touching
// every field, and prints the records, the wall-clock and CPU time (user + system, which other work on a shared
// machine disturbs less), records per second of each, and the peak resident set size (VmHWM). The JSON records
// benchmark (scripts/bench-records.sh, docs/benchmarks.md) runs it once per reader, each in its own process so that
// each peak is its own.

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return user + system
}

func peakMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return 0 }
    let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    return kilobytes / 1024
}

let arguments = CommandLine.arguments
guard arguments.count == 3, ["csv", "json"].contains(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: records-bench csv|json FILE\n".utf8))
    exit(64)
}
let path = arguments[2]
let clock = ContinuousClock()
let started = clock.now
let cpuStarted = cpuSeconds()
var records = 0
var bytes = 0
do {
    if arguments[1] == "csv" {
        let reader = try CSVReader(path: path)
        while let record = try reader.next() {
            records += 1
            for field in record.fields { bytes &+= field.utf8.count }
        }
    } else {
        let reader = try JSONRecordReader(path: path)
        while let record = try reader.next() {
            records += 1
            for field in record.fields { bytes &+= field.path.utf8.count &+ (field.value.text?.utf8.count ?? 0) }
        }
    }
} catch {
    FileHandle.standardError.write(Data("records-bench: \(error.localizedDescription)\n".utf8))
    exit(65)
}
let elapsed = started.duration(to: clock.now)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let cpu = cpuSeconds() - cpuStarted
print(
    String(
        format:
            "%@ records=%d seconds=%.2f records_per_second=%.0f cpu_seconds=%.2f records_per_cpu_second=%.0f "
            + "peak_rss_mb=%.1f checksum=%d", arguments[1], records, seconds, Double(records) / max(seconds, 1e-9), cpu,
        Double(records) / max(cpu, 1e-9), peakMegabytes(), bytes))
