/// The run's first token: fetched before anything is sent, so that a credential that cannot work stops the run early.
extension SyncRun {
    /// Fetches a token in a task that `stop()` cancels (the token cache then stops waiting at once, whatever the
    /// endpoint is doing); the error when none could be had, nil when one is cached now.
    func firstToken() async -> (any Error)? {
        let tokens = self.tokens
        let task = Task { () -> (any Error)? in
            do {
                _ = try await tokens.token()
                return nil
            } catch {
                return error
            }
        }
        stopRelay.started { task.cancel() }
        return await task.value
    }
}
