import Foundation
import Transport

// Compiled inside the Token module (see scripts/fuzz.sh), so the internal token-body parser is visible.

/// A fixed wall clock: `RetryAfter` HTTP-dates are measured against it, so every run is reproducible.
private let now = Date(timeIntervalSince1970: 1_750_000_000)

/// libFuzzer target: the input is both a `Retry-After` header value and a token endpoint response body.
/// Covers `RetryAfter.seconds(from:)`, `TokenRetryPolicy.retryAfterSeconds`, `TokenEndpointBody` (decode and the
/// AADSTS code), `TokenClaims.decode` (the input as a JWT) and `TokenClient.firstLine`.
@_cdecl("LLVMFuzzerTestOneInput")
public func httpParsingFuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let text = String(decoding: data, as: UTF8.self)

    if let seconds = RetryAfter.seconds(from: text, now: now) {
        precondition(seconds.isFinite && seconds >= 0, "Retry-After \(text.debugDescription) gave \(seconds)")
    }
    if let wait = TokenRetryPolicy().delay(afterAttempt: 1, retryAfter: TokenRetryPolicy.retryAfterSeconds(text)) {
        precondition(wait.isFinite && wait >= 0, "token retry wait \(wait) for \(text.debugDescription)")
    }

    if let body = TokenEndpointBody.decode(data) {
        _ = body.aadstsCode
        if let expiresIn = body.expiresIn { precondition(expiresIn.isFinite, "expires_in \(expiresIn)") }
        if let expiresOn = body.expiresOn { precondition(expiresOn.isFinite, "expires_on \(expiresOn)") }
        _ = TokenClient.firstLine(body.errorDescription ?? "")
    }
    if let claims = TokenClaims.decode(text) {
        _ = claims.expiresAt?.timeIntervalSince(now)
    }
    _ = TokenClient.firstLine(text)
    return 0
}
