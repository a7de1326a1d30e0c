import Foundation

/// Runs `body` on a thread of its own and suspends until it returns. For a test that must act at the right moment
/// while a child process runs (kill it once it has journalled a few batches): a thread of its own is scheduled by
/// the kernel like the child, whereas the test's task may wait behind the other tests for one of the few threads of
/// the shared pool.
package func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}
