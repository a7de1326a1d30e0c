import Foundation
import Sync
import TestSupport
import Testing
import Token
import Transport

/// A stop (SIGTERM, SIGINT) while the run waits for its first token: the wait ended only when the token endpoint
/// answered, up to 180 s later. Now the run stops at once with exit 75, sends nothing, and leaves the journal as it
/// was, so that `--resume` continues.
@Suite struct TokenPhaseStopTests {
    /// FakeGraph behind a token endpoint that never answers until `release()` (then it refuses the secret).
    final class SilentTokenEndpoint: @unchecked Sendable {
        // @unchecked: the flags are locked; the clock is only advanced by `release`.
        let graph: FakeGraph
        private let gate = ManualTimeSource()
        let arrived = Flag()
        private let released = Flag()

        init(_ graph: FakeGraph) { self.graph = graph }

        var transport: ClosureTransport {
            let graph = self.graph.transport
            return ClosureTransport { [self] request in
                guard request.url.path.hasSuffix("/oauth2/v2.0/token") else { return try await graph.send(request) }
                arrived.set()
                if !released.isSet { try await gate.sleep(seconds: 1) }
                let body = #"{"error":"invalid_client","error_codes":[7000215],"error_description":"AADSTS7000215"}"#
                return HTTPResponse(status: 401, body: Data(body.utf8))
            }
        }

        func release() {
            released.set()
            gate.advance(by: 1)
        }
    }

    @Test func aStopWhileTheTokenEndpointIsSilentEndsTheRunAt75WithTheJournalIntact() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(usersCSV(50), to: "users.csv")
        let graph = FakeGraph()
        // Night one stops after two batches: its journal holds them, and --resume is to send the rest.
        let firstTime = ManualTimeSource()
        let first = SyncRun(
            job: uploadJob(input: input, workspace: workspace), transport: graph.transport, tokens: FixedTokens(),
            time: firstTime, events: { _ in })
        graph.onUpload = { count in if count == 2 { first.stop() } }
        #expect(await drivingClock(firstTime) { await first.run() }.status == .stoppedEarly)
        graph.onUpload = nil
        let journalPath = workspace.url("run.journal").path
        let journal = try Data(contentsOf: URL(fileURLWithPath: journalPath))
        let uploads = graph.requests

        // The resume: its token endpoint never answers; two signals arrive while it waits.
        let endpoint = SilentTokenEndpoint(graph)
        let time = ManualTimeSource()
        let client = TokenClient(
            credential: .clientSecret(tenantID: "t", clientID: "c", secret: "s"),
            cloud: CloudProfile.forGraphHost("graph.microsoft.com"), transport: endpoint.transport, time: time)
        let events = EventLog()
        let run = SyncRun(
            job: uploadJob(input: input, workspace: workspace, resume: true), transport: endpoint.transport,
            tokens: TokenCache(client: client, time: time), time: time, events: events.record)
        let finished = Flag()
        let task = Task {
            let outcome = await run.run()
            finished.set()
            return outcome
        }
        #expect(await eventually { endpoint.arrived.isSet }, "the token request never arrived")
        run.stop()
        run.stop()
        let stopped = await eventually { finished.isSet }
        #expect(stopped, "the run was still waiting for the token endpoint after the stop")
        if !stopped { endpoint.release() }
        let outcome = await task.value
        #expect(outcome.status == .stoppedEarly)
        #expect(outcome.report.stopReason?.hasPrefix("interrupted:") == true)
        #expect(outcome.report.notSent == 30)
        #expect(events.errors.contains { $0.contains("stopped while waiting for a token") })
        #expect(graph.requests == uploads, "nothing was sent")
        #expect(try Data(contentsOf: URL(fileURLWithPath: journalPath)) == journal, "the journal is untouched")

        // And --resume still continues where night one stopped.
        let lastTime = ManualTimeSource()
        let resumed = SyncRun(
            job: uploadJob(input: input, workspace: workspace, resume: true), transport: graph.transport,
            tokens: FixedTokens(), time: lastTime, events: { _ in })
        let last = await drivingClock(lastTime) { await resumed.run() }
        #expect(last.status == .success)
        #expect(last.report.skippedAlreadyAccepted == 20)
        #expect(Set(graph.received).count == 50 && graph.received.count == 50)
    }
}
