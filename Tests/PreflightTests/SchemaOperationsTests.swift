import Basics
import Foundation
import Graph
import Preflight
import SCIM
import TestSupport
import Testing
import Transport

/// `schema apply`'s read-modify-write against a closure transport playing the job's schema.
@Suite struct SchemaOperationsTests {
    struct StaticToken: AccessTokenProvider {
        func token() async throws -> String { "token" }
        func invalidate(_ rejected: String) async {}
    }

    /// The job's schema: the API source's attributes by name, and what PUT does with a new one.
    final class FakeSchema: Sendable {
        let attributes: Locked<[String]>
        let keepsWhatIsPut: Bool
        let puts = Locked(0)

        init(_ attributes: [String], keepsWhatIsPut: Bool = true) {
            self.attributes = Locked(attributes)
            self.keepsWhatIsPut = keepsWhatIsPut
        }

        static func body(_ names: [String]) -> Data {
            let list = names.map { #"{"name":"\#($0)","type":"String","multivalued":false}"# }
            return Data(
                #"""
                {"id":"job-1","directories":[
                  {"id":"API","name":"API","objects":[{"name":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                    "attributes":[\#(list.joined(separator: ","))]}]},
                  {"id":"AAD","name":"Azure Active Directory","objects":[{"name":"User","attributes":[]}]}],
                "synchronizationRules":[]}
                """#.utf8)
        }

        var transport: ClosureTransport {
            ClosureTransport { request in
                guard request.url.path.hasSuffix("/schema") else { return HTTPResponse(status: 404, body: Data()) }
                if request.method == "PUT" {
                    self.puts.withLock { $0 += 1 }
                    let schema = try JobSchema(data: request.body ?? Data())
                    if self.keepsWhatIsPut { self.attributes.withLock { $0 = schema.attributes.map(\.name) } }
                    return HTTPResponse(status: 204, body: Data())
                }
                return HTTPResponse(status: 200, body: Self.body(self.attributes.current))
            }
        }

        func operations() -> SchemaOperations {
            SchemaOperations(
                jobURL: URL(
                    string: "https://graph.microsoft.com/beta/servicePrincipals/sp/synchronization/jobs/job-1")!,
                transport: transport, tokens: StaticToken(), time: ManualTimeSource(), userAgent: "test",
                timeoutSeconds: 5)
        }
    }

    let paths = [try! AttributePath.parse("externalId"), try! AttributePath.parse("nickName")]

    @Test func addsWhatIsMissingToTheSchemaAsItIsRightBeforeTheWrite() async throws {
        let schema = FakeSchema(["externalId"])
        let operations = schema.operations()
        #expect(try await operations.compare(paths).missing.map(\.path) == ["nickName"])
        // Someone adds an attribute between the comparison and the write: it is kept.
        schema.attributes.withLock { $0.append("title") }
        try await operations.apply(sending: paths)
        #expect(schema.attributes.current == ["externalId", "title", "nickName"])
        #expect(schema.puts.current == 1)
    }

    @Test func aSchemaReadBackWithoutThemIsAnError() async throws {
        let schema = FakeSchema(["externalId"], keepsWhatIsPut: false)
        do {
            try await schema.operations().apply(sending: paths)
            Issue.record("no error")
        } catch {
            guard case .stillMissing = error else {
                Issue.record("expected stillMissing, got \(error)")
                return
            }
            #expect(error.message == "the job's schema was written, but still lacks nickName (String) when read again")
        }
    }
}
