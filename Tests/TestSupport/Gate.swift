/// Holds callers until opened: a server answer or a token endpoint that has not answered yet, opened by another
/// request's handler or by the test, so that no test polls.
package actor Gate {
    private var opened = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    package init() {}

    package func wait() async {
        if opened { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    package func open() {
        opened = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}
