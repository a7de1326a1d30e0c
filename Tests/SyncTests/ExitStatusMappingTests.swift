import CSV
import Configuration
import Graph
import Mapping
import Testing
import Token
import Uploader

@testable import Sync

/// Sync's, not Swift Testing's exit-test status.
typealias ExitStatus = Sync.ExitStatus

/// The one mapping from what happened to the exit status, and the one rule for two outcomes.
@Suite struct ExitStatusMappingTests {
    @Test(arguments: [
        (SyncError.usage("u") as any Error, ExitStatus.usage), (SyncError.data("d"), .dataError),
        (SyncError.noInput("n"), .noInput), (SyncError.busy("b"), .stoppedEarly),
        (SyncError.stopped("s"), .stoppedEarly),
        (SyncError.cannotCreate("c"), .cannotCreate), (SyncError.authentication("a"), .authentication),
        (SyncError.configuration("c"), .configuration), (SyncError.unavailable("u"), .unavailable),
        (SyncError.internalError("i"), .internalError),
        (ConfigurationError("c"), .configuration), (ConfigurationError("a", kind: .authentication), .authentication),
        (ConfigurationError("u", kind: .usage), .usage),
        (JobClientError.forbidden(code: nil, permission: "p"), .authentication),
        (JobClientError.notFound("n"), .configuration), (JobClientError.rejected(code: "c", message: "m"), .dataError),
        (JobClientError.unavailable("u"), .unavailable),
        (ProvisioningLogError.unavailable("u"), .unavailable),
        (ProvisioningLogError.forbidden(code: nil), .authentication),
        (CancellationError(), .stoppedEarly), (TokenError.unreachable(url: "u", reason: "r"), .unavailable),
    ])
    func failures(error: any Error, status: ExitStatus) {
        #expect(ExitStatus(failure: error) == status)
    }

    @Test func anErrorOfNoKnownKindIsInternalButAProvidersTokenRefusalIsAuthentication() {
        struct Odd: Error {}
        #expect(ExitStatus(failure: Odd()) == .internalError)
        #expect(ExitStatus(.tokenUnobtainable(Odd())) == .authentication)
        #expect(ExitStatus(.tokenUnobtainable(CancellationError())) == .stoppedEarly)
    }

    @Test func results() {
        #expect(ExitStatus(.rows(invalid: 0)) == .success)
        #expect(ExitStatus(.rows(invalid: 3)) == .someRowsFailed)
        #expect(ExitStatus(.upload(stop: nil, everythingAccepted: true)) == .success)
        #expect(ExitStatus(.upload(stop: nil, everythingAccepted: false)) == .someRowsFailed)
        #expect(ExitStatus(.upload(stop: .bucketFull, everythingAccepted: false)) == .stoppedEarly)
        #expect(ExitStatus(.upload(stop: .notFound(nil), everythingAccepted: false)) == .configuration)
        #expect(ExitStatus(.upload(stop: .unauthorized("x"), everythingAccepted: false)) == .authentication)
        #expect(ExitStatus(.upload(stop: .unavailable("x"), everythingAccepted: false)) == .unavailable)
        #expect(ExitStatus(.logs(failures: 0, complete: true)) == .success)
        #expect(ExitStatus(.logs(failures: 0, complete: false)) == .stoppedEarly)
        #expect(ExitStatus(.logs(failures: 2, complete: false)) == .someRowsFailed)
        #expect(ExitStatus(.heal(pending: 1, unhealed: 1)) == .stoppedEarly)
        #expect(ExitStatus(.heal(pending: 0, unhealed: 1)) == .someRowsFailed)
        #expect(ExitStatus(.jobInactive) == .someRowsFailed)
        #expect(ExitStatus(.roleMissing) == .authentication)
        #expect(ExitStatus(.schemaLacks(refused: true)) == .dataError)
        #expect(ExitStatus(.schemaLacks(refused: false)) == .someRowsFailed)
    }

    /// `upload --wait`, `status --heal`, `check` and an upload whose files could not be written combine by the
    /// order of precedence, not by the numbers (sysexits values are no scale of severity).
    @Test func twoOutcomesCombineByTheOrderOfPrecedence() {
        #expect(ExitStatus.success.combined(with: .someRowsFailed) == .someRowsFailed)
        #expect(ExitStatus.someRowsFailed.combined(with: .success) == .someRowsFailed)
        #expect(ExitStatus.someRowsFailed.combined(with: .stoppedEarly) == .stoppedEarly)
        #expect(ExitStatus.someRowsFailed.combined(with: .cannotCreate) == .cannotCreate)
        #expect(ExitStatus.stoppedEarly.combined(with: .cannotCreate) == .cannotCreate, "nothing unwritten passes")
        #expect(ExitStatus.internalError.combined(with: .cannotCreate) == .internalError)
        #expect(ExitStatus.dataError.combined(with: .unavailable) == .unavailable)
        #expect(ExitStatus.configuration.combined(with: .authentication) == .configuration)
        // 73 is numerically below 75 and 77, 69 below 75, and 64 below 65: the order, not the numbers, decides.
        #expect(ExitStatus.authentication.combined(with: .cannotCreate) == .cannotCreate)
        #expect(ExitStatus.unavailable.combined(with: .stoppedEarly) == .unavailable)
        #expect(ExitStatus.dataError.combined(with: .usage) == .dataError)
        for a in ExitStatus.allCases {
            for b in ExitStatus.allCases { #expect(a.combined(with: b) == b.combined(with: a)) }
        }
    }
}
