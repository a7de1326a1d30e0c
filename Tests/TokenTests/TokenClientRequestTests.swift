import Foundation
import TestSupport
import Testing
import Transport

@testable import Token

/// What goes on the wire for each kind of credential (docs/service.md, "Tokens", §4.2).
@Suite struct TokenClientRequestTests {
    static let nastySecret = "a+b&c=d%e f~é😀/?#\u{0}x"

    @Test func clientSecretPostsEncodedFormToTheTenantsTokenEndpoint() async throws {
        let server = ScriptedServer([.okToken])
        let client = makeClient(
            .clientSecret(tenantID: "tenant-1", clientID: "client-1", secret: Self.nastySecret), server: server)
        let token = try await client.fetch()
        #expect(token == AccessToken(value: "tok-1", expiresAt: 1000 + 3599))

        let request = try #require(server.log.all.first)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token")
        #expect(request.header("content-type") == "application/x-www-form-urlencoded")
        #expect(
            formFields(request) == [
                "client_id": "client-1", "scope": "https://graph.microsoft.com/.default",
                "grant_type": "client_credentials", "client_secret": Self.nastySecret,
            ])
        let raw = String(decoding: request.body ?? Data(), as: UTF8.self)
        #expect(raw.contains("client_secret=a%2Bb%26c%3Dd%25e%20f~%C3%A9%F0%9F%98%80%2F%3F%23%00x"))
        #expect(!raw.contains("+"))
    }

    @Test func scopeFollowsTheCloud() async throws {
        let server = ScriptedServer([.okToken])
        let client = makeClient(
            .clientSecret(tenantID: "t", clientID: "c", secret: "s"), server: server,
            cloud: .forGraphHost("dod-graph.microsoft.us"))
        _ = try await client.fetch()
        let request = try #require(server.log.all.first)
        #expect(request.url.host == "login.microsoftonline.us")
        #expect(formFields(request)["scope"] == "https://dod-graph.microsoft.us/.default")
    }

    @Test func federatedTokenFileIsReReadForEveryFetch() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = ScriptedServer([.okToken])
        let client = makeClient(.federatedToken(tenantID: "t", clientID: "c", tokenFile: path), server: server)

        try Data("assertion-one\n".utf8).write(to: URL(fileURLWithPath: path))
        _ = try await client.fetch()
        try Data("  assertion-two  ".utf8).write(to: URL(fileURLWithPath: path))
        _ = try await client.fetch()

        let requests = server.log.all
        #expect(requests.map { formFields($0)["client_assertion"] } == ["assertion-one", "assertion-two"])
        let fields = try #require(requests.first.map(formFields))
        #expect(fields["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        #expect(fields["grant_type"] == "client_credentials")
        #expect(fields["client_id"] == "c")
        #expect(fields["client_secret"] == nil)
    }

    @Test(arguments: [("missing", "does not exist"), ("empty", "empty"), ("blank", "empty")])
    func unusableFederatedFileFailsBeforeAnyRequest(kind: String, reason: String) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        if kind == "empty" { try Data().write(to: URL(fileURLWithPath: path)) }
        if kind == "blank" { try Data(" \n\t\n".utf8).write(to: URL(fileURLWithPath: path)) }
        let server = ScriptedServer([.okToken])
        let client = makeClient(.federatedToken(tenantID: "t", clientID: "c", tokenFile: path), server: server)

        let error = await tokenError { _ = try await client.fetch() }
        guard case .federatedTokenFile(let reportedPath, let reportedReason) = error else {
            Issue.record("expected .federatedTokenFile, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
        #expect(reportedReason.contains(reason))
        #expect(error?.isAuthenticationFailure == true)
        #expect(server.log.count == 0)
    }

    /// A FIFO at AZURE_FEDERATED_TOKEN_FILE blocked every token request in `open`; it is refused at once.
    @Test func aFederatedTokenFileThatIsAFIFOIsRefusedWithoutBlocking() throws {
        let workspace = try Workspace()
        let fifo = try SpecialFiles.fifo(at: workspace.url("token"))
        let read: @Sendable () -> String = {
            do {
                return try TokenClient.readAssertion(fifo.path)
            } catch {
                return error.localizedDescription
            }
        }
        let reason = returnsWithin(seconds: 10, release: { SpecialFiles.releaseReaders(of: fifo) }, read)
        #expect(reason?.contains("it is a FIFO (named pipe), not a regular file") == true, "\(reason ?? "blocked")")
    }

    @Test func imdsSendsMetadataHeaderAndReadsStringNumbers() async throws {
        let server = ScriptedServer([
            .json(
                200,
                #"{"access_token":"mi-1","refresh_token":"","expires_in":"3599","expires_on":"1506484173","#
                    + #""not_before":"1506480273","resource":"https://graph.microsoft.com","token_type":"Bearer"}"#)
        ])
        let client = makeClient(
            .managedIdentityIMDS(endpoint: Credential.defaultIMDSEndpoint, clientID: "uami-1"),
            server: server)
        #expect(try await client.fetch() == AccessToken(value: "mi-1", expiresAt: 1000 + 3599))

        let request = try #require(server.log.all.first)
        #expect(request.method == "GET")
        #expect(request.header("Metadata") == "true")
        #expect(request.body == nil)
        #expect(request.url.host == "169.254.169.254")
        #expect(request.url.path == "/metadata/identity/oauth2/token")
        #expect(
            queryItems(request.url) == [
                "api-version": "2018-02-01", "resource": "https://graph.microsoft.com", "client_id": "uami-1",
            ])
    }

    @Test func imdsWithoutClientIDSendsNoClientID() async throws {
        let server = ScriptedServer([.json(200, #"{"access_token":"mi-1","expires_in":"60"}"#)])
        let client = makeClient(
            .managedIdentityIMDS(endpoint: Credential.defaultIMDSEndpoint, clientID: nil),
            server: server, cloud: .forGraphHost("graph.microsoft.us"))
        _ = try await client.fetch()
        let request = try #require(server.log.all.first)
        #expect(queryItems(request.url) == ["api-version": "2018-02-01", "resource": "https://graph.microsoft.us"])
    }

    @Test func appServiceSendsIdentityHeaderAndConvertsEpochExpiresOn() async throws {
        let expiresOn = Int(pinnedWallClock.timeIntervalSince1970) + 3600
        let server = ScriptedServer([
            .json(200, #"{"access_token":"as-1","expires_on":"\#(expiresOn)","resource":"r","token_type":"Bearer"}"#)
        ])
        let endpoint = try #require(URL(string: "http://127.0.0.1:41234/msi/token"))
        let client = makeClient(
            .managedIdentityAppService(endpoint: endpoint, identityHeader: "hdr-secret", clientID: "uami-2"),
            server: server)
        #expect(try await client.fetch() == AccessToken(value: "as-1", expiresAt: 1000 + 3600))

        let request = try #require(server.log.all.first)
        #expect(request.method == "GET")
        #expect(request.header("X-IDENTITY-HEADER") == "hdr-secret")
        #expect(request.header("Metadata") == nil)
        #expect(request.url.path == "/msi/token")
        #expect(
            queryItems(request.url) == [
                "resource": "https://graph.microsoft.com", "api-version": "2019-08-01", "client_id": "uami-2",
            ])
    }

    @Test func preIssuedOpaqueTokenIsUsedAsIsWithoutRequest() async throws {
        let server = ScriptedServer([.okToken])
        let client = makeClient(.preIssued(token: "opaque"), server: server)
        #expect(try await client.fetch() == AccessToken(value: "opaque", expiresAt: .infinity))
        #expect(server.log.count == 0)
    }

    @Test func preIssuedJWTExpiresAtItsExpClaim() async throws {
        let exp = Int(pinnedWallClock.timeIntervalSince1970) + 600
        let jwt = makeJWT(#"{"exp":\#(exp)}"#)
        let client = makeClient(.preIssued(token: jwt), server: ScriptedServer([.okToken]))
        #expect(try await client.fetch() == AccessToken(value: jwt, expiresAt: 1000 + 600))
    }

    @Test func expiredPreIssuedJWTCannotBeRefreshed() async {
        let exp = Int(pinnedWallClock.timeIntervalSince1970) - 1
        let client = makeClient(.preIssued(token: makeJWT(#"{"exp":\#(exp)}"#)), server: ScriptedServer([.okToken]))
        #expect(await tokenError { _ = try await client.fetch() } == .cannotRefresh)
    }

    @Test(arguments: [
        (Credential.clientSecret(tenantID: "t", clientID: "c", secret: "s"), "client secret"),
        (.federatedToken(tenantID: "t", clientID: "c", tokenFile: "/f"), "federated token"),
        (.managedIdentityIMDS(endpoint: Credential.defaultIMDSEndpoint, clientID: nil), "managed identity (IMDS)"),
        (
            .managedIdentityAppService(endpoint: Credential.defaultIMDSEndpoint, identityHeader: "h", clientID: nil),
            "managed identity (App Service)"
        ),
        (.preIssued(token: "s"), "pre-issued access token"),
    ])
    func kindDescriptionNamesTheKindOnly(credential: Credential, expected: String) {
        #expect(credential.kindDescription == expected)
    }
}
