// TEMPORARY stub of the Token API (written in parallel); deleted at merge.
import Foundation
import Transport
public struct CloudProfile: Sendable, Equatable {
    public let graphHost: String; public let authorityHost: URL; public let resource: String
    public var scope: String { resource + "/.default" }
    public static func forGraphHost(_ host: String) -> CloudProfile { fatalError() }
    public func withAuthority(_ url: URL) -> CloudProfile { fatalError() }
}
public enum Credential: Sendable {
    case clientSecret(tenantID: String, clientID: String, secret: String)
    case federatedToken(tenantID: String, clientID: String, tokenFile: String)
    case managedIdentityIMDS(endpoint: URL, clientID: String?)
    case managedIdentityAppService(endpoint: URL, identityHeader: String, clientID: String?)
    case preIssued(token: String)
    public var kindDescription: String { "" }
}
public struct AccessToken: Sendable, Equatable { public let value: String; public let expiresAt: Double }
public struct TokenClient: Sendable {
    public init(credential: Credential, cloud: CloudProfile, transport: any HTTPTransport, time: any TimeSource) {}
    public func fetch() async throws -> AccessToken { fatalError() }
}
public protocol AccessTokenProvider: Sendable {
    func token() async throws -> String
    func invalidate(_ rejected: String) async
}
public actor TokenCache: AccessTokenProvider {
    public init(client: TokenClient, time: any TimeSource) {}
    public var fetchCount: Int { 0 }
    public func token() async throws -> String { "" }
    public func invalidate(_ rejected: String) async {}
}
public struct TokenClaims: Sendable, Equatable {
    public let roles: [String]; public let audience: String?; public let tenantID: String?; public let appID: String?; public let expiresAt: Date?
    public static func decode(_ jwt: String) -> TokenClaims? { nil }
}
public enum TokenError: Error, Sendable, Equatable, LocalizedError {
    case aadsts(code: Int, error: String, httpStatus: Int, description: String)
    case unreachable(url: String, reason: String)
    public var isAuthenticationFailure: Bool { true }
}
