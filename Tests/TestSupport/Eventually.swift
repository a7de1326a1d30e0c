import Foundation

/// Polls `condition` every few milliseconds until it holds or `seconds` of real time have passed (bounded: a test
/// that waits for another thread or process never hangs); the condition's last answer.
package func eventually(seconds: Double = 20, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        try? await Task.sleep(nanoseconds: 5_000_000)
    }
    return try condition()
}
