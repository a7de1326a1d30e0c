import Directory
import DirectoryClient
import Foundation
import JSONDocument
import TestSupport
import Testing
import Transport

/// The reader against a Graph that answers look-ups with what they did not ask for: an endless chain of next links,
/// pages of users that hold none of the values asked. Each read ends bounded, keeping only the users the records need.
@Suite struct HostileDirectoryGraphTests {
    /// Answers every inner request of every batch 200 with `junk` users that hold nothing asked (plus `extra`), and a
    /// next link to a page never seen before when `endless`.
    static func graph(junk: Int, extra: [JSON] = [], endless: Bool, inner: Recorder<String>) -> ClosureTransport {
        ClosureTransport { request in
            let document = try JSON.parse(request.body ?? Data())
            var responses: [JSON] = []
            for item in document["requests"]?.arrayValue ?? [] {
                let url = item["url"]?.stringValue ?? ""
                let page = inner.append(url)
                var users = (0..<junk).map { graphUser("junk-\(page)-\($0)", upn: "junk\(page).\($0)@contoso.com") }
                users += extra
                var body: [JSONMember] = [JSONMember("value", .array(users))]
                if endless {
                    body.append(
                        JSONMember("@odata.nextLink", .string("http://127.0.0.1:9/v1.0/users?$skiptoken=\(page)")))
                }
                responses.append(
                    .object([
                        JSONMember("id", item["id"] ?? .null), JSONMember("status", .number(200)),
                        JSONMember("body", .object(body)),
                    ]))
            }
            return HTTPResponse(status: 200, body: JSON.object(["responses": .array(responses)]).serialized)
        }
    }

    static func read(_ transport: ClosureTransport, _ needs: [DirectoryNeeds]) async
        -> Result<DirectoryRead, DirectoryReadError>
    {
        let time = ManualTimeSource()
        let reader = DirectoryReader(
            settings: DirectoryReader.Settings(graphBase: "http://127.0.0.1:9"), transport: transport,
            tokens: StaticTokens(), time: time)
        return await drivingClock(time) {
            do throws(DirectoryReadError) {
                return .success(try await reader.read(needs))
            } catch {
                return .failure(error)
            }
        }
    }

    @Test func anEndlessChainOfNextLinksEndsAfterAFewPagesOfALookUp() async {
        let inner = Recorder<String>()
        let result = await Self.read(
            Self.graph(junk: 10, endless: true, inner: inner), [DirectoryNeeds(matchingValue: "E1")])
        guard case .failure(.unexpected(_, let detail)) = result else {
            Issue.record("expected a refusal, got \(result)")
            return
        }
        #expect(detail.contains("pages"), "\(detail)")
        #expect(inner.all.count <= DirectoryReader.maxLookUpPages + 1, "\(inner.all.count) pages read")
    }

    @Test func usersALookUpDidNotAskForAreNotKept() async throws {
        let inner = Recorder<String>()
        let wanted = graphUser("id-1", upn: "ann@contoso.com", employeeId: "E1")
        let result = await Self.read(
            Self.graph(junk: 999, extra: [wanted], endless: false, inner: inner), [DirectoryNeeds(matchingValue: "E1")])
        let read = try result.get()
        #expect(read.index.count == 1, "\(read.index.count) users kept")
        #expect(read.index.users(matching: "E1").map(\.id) == ["id-1"])
    }
}
