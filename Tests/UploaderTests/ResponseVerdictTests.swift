import Foundation
import Graph
import Testing
import Transport

@testable import Uploader

@Suite struct ResponseVerdictTests {
    static let badRequest = GraphError(code: "BadRequest", message: "Invalid Data Format")

    @Test func acceptedAndRejected() {
        #expect(ResponseVerdict(response: HTTPResponse(status: 202)) == .accepted)
        #expect(
            ResponseVerdict(response: graphError(400, code: "BadRequest", message: "Invalid Data Format"))
                == .rejected(Self.badRequest))
        #expect(
            ResponseVerdict(response: graphError(413, code: "RequestEntityTooLarge", message: "too big"))
                == .rejected(GraphError(code: "RequestEntityTooLarge", message: "too big")))
    }

    /// bulkUpload's success is 202; another 2xx is accepted with a warning, unless it is an HTML page.
    @Test(arguments: [200, 201, 204])
    func otherSuccessStatusesAreAcceptedWithAWarning(status: Int) {
        #expect(ResponseVerdict(response: HTTPResponse(status: status)) == .acceptedUnexpectedly(status: status))
    }

    /// A 2xx is accepted only with bulkUpload's answer: an empty body, or a JSON object that is not an error.
    @Test(arguments: [(202, ""), (202, " \r\n"), (202, "{}"), (200, #"{"Location":"https://graph/x"}"#)])
    func aSuccessWithAnEmptyOrObjectBodyIsAccepted(status: Int, body: String) {
        let verdict = ResponseVerdict(response: HTTPResponse(status: status, body: Data(body.utf8)))
        #expect(verdict == (status == 202 ? .accepted : .acceptedUnexpectedly(status: status)))
    }

    /// A 200 `application/json` Graph error, or a 200 `text/plain` "Please sign in", was counted accepted and written
    /// into the state: a 2xx whose body is a Graph error or not bulkUpload's answer fails the batch.
    @Test(arguments: [
        (200, "application/json", #"{"error":{"code":"InternalServerError","message":"nothing was stored"}}"#),
        (202, "application/json", #"{"error":{"code":"BadRequest","message":"Invalid Data Format"}}"#),
        (200, "text/plain", "Please sign in"),
        (202, "application/json", "[1,2,3]"),
        (201, "application/json", "null"),
    ])
    func aSuccessCarryingAnErrorOrAnotherBodyIsAFailure(status: Int, contentType: String, body: String) {
        let response = HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Data(body.utf8))
        let verdict = ResponseVerdict(response: response)
        guard case .failed(let error) = verdict else {
            Issue.record("HTTP \(status) \(body) must fail the batch, got \(verdict)")
            return
        }
        #expect(!verdict.isAccepted)
        #expect(error.message.contains("HTTP \(status)") && error.message.contains("not taken as accepted"))
        if body.contains(#""error""#) {
            #expect(
                error.code != "HTTP\(status)" && error.message.contains(body.contains("stored") ? "stored" : "Invalid"))
        } else {
            #expect(error.code == "HTTP\(status)")
        }
    }

    @Test func aSuccessBodyCutAtItsCapIsAFailure() {
        let response = HTTPResponse(status: 202, body: Data(repeating: 0x78, count: 4096), bodyTruncated: true)
        guard case .failed(let error) = ResponseVerdict(response: response) else {
            Issue.record("a 202 with a body larger than was read must fail the batch")
            return
        }
        #expect(error.message.contains("larger than 4 KB"))
    }

    /// A proxy's sign-in page answered 200 `text/html` and was counted as accepted (and written into the state).
    @Test(arguments: [
        (200, ["Content-Type": "text/html; charset=utf-8"], "<html><head><title>Sign in</title></head></html>"),
        (202, [:], "  <!DOCTYPE html><html><body>Portal</body></html>"),
        (403, ["Content-Type": "text/html"], "<html><body>Blocked by policy</body></html>"),
    ])
    func anHTMLPageWhereGraphWouldAnswerStopsTheRunNamingTheProxy(
        status: Int, headers: [String: String], body: String
    ) {
        let verdict = ResponseVerdict(response: HTTPResponse(status: status, headers: headers, body: Data(body.utf8)))
        guard case .stop(.unavailable(let message), let error) = verdict else {
            Issue.record("expected a stop, got \(verdict)")
            return
        }
        #expect(!verdict.isAccepted)
        #expect(message.contains("proxy") && message.contains("captive portal") && message.contains("HTML"))
        #expect(error.code == "HTTP\(status)")
        if status == 200 { #expect(message.contains("\"Sign in\"")) }
    }

    @Test func proxyAuthenticationRequiredStops() {
        guard case .stop(.unavailable(let message), _) = ResponseVerdict(response: HTTPResponse(status: 407)) else {
            Issue.record("a 407 must stop the run")
            return
        }
        #expect(message.contains("proxy"))
    }

    @Test(arguments: [
        ("<html><body>Bad Request</body></html>", "HTML page", "proxy"),
        ("", "HTTP status 400 with no error body", "HTTP status 400"),
        (#"{"unexpected":true}"#, #"{"unexpected":true}"#, #"{"unexpected":true}"#),
    ])
    func toleratesANonEnvelopeBody(body: String, contains: String, alsoContains: String) {
        let verdict = ResponseVerdict(response: HTTPResponse(status: 400, body: Data(body.utf8)))
        guard case .rejected(let error) = verdict else {
            Issue.record("a 400 is rejected whatever its body")
            return
        }
        #expect(error.code == "HTTP400")
        #expect(error.message.contains(contains) && error.message.contains(alsoContains))
    }

    @Test func stopsOnForbiddenNotFoundAndRedirects() {
        let denied = GraphError(
            code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.")
        #expect(
            ResponseVerdict(response: graphError(403, code: denied.code, message: denied.message))
                == .stop(.forbidden(denied), denied))
        let missing = GraphError(code: "ResourceNotFound", message: "no such job")
        #expect(
            ResponseVerdict(response: graphError(404, code: missing.code, message: missing.message))
                == .stop(.notFound(missing), missing))
        let redirect = ResponseVerdict(
            response: HTTPResponse(status: 307, headers: ["Location": "https://elsewhere.example/"]))
        guard case .stop(.redirected(307, "https://elsewhere.example/"), _) = redirect else {
            Issue.record("expected a redirect stop, got \(redirect)")
            return
        }
    }

    @Test func theLocationOfARedirectIsCleaned() {
        let response = HTTPResponse(status: 302, headers: ["Location": "https://x.example/\nINJECTED"])
        let redirect = ResponseVerdict(response: response)
        guard case .stop(.redirected(302, let location?), _) = redirect else {
            Issue.record("expected a redirect stop, got \(redirect)")
            return
        }
        #expect(location == #"https://x.example/\nINJECTED"#)
    }

    @Test func throttlesWithAndWithoutRetryAfter() {
        let throttled = graphError(
            429, code: "TooManyRequests", message: "Please retry again later.", headers: ["Retry-After": "2.128"])
        #expect(
            ResponseVerdict(response: throttled)
                == .throttled(
                    retryAfter: ServerDelay(seconds: 2.128, status: 429, header: "2.128"),
                    GraphError(code: "TooManyRequests", message: "Please retry again later.")))
        guard case .throttled(nil, _) = ResponseVerdict(response: HTTPResponse(status: 429)) else {
            Issue.record("a 429 without Retry-After must still be throttled")
            return
        }
    }

    @Test(arguments: [(500, false), (502, false), (503, true), (504, true)])
    func retriesServerErrorsHonouringRetryAfterOn503And504(status: Int, honoured: Bool) {
        let response = graphError(
            status, code: "ServiceUnavailable", message: "try later", headers: ["Retry-After": "5"])
        let delay = honoured ? ServerDelay(seconds: 5, status: status, header: "5") : nil
        let error = GraphError(code: "ServiceUnavailable", message: "try later")
        #expect(ResponseVerdict(response: response) == .serverError(retryAfter: delay, error))
    }

    @Test func recognisesTheFullBucketOnlyOn500() {
        let full = graphError(500, code: "InternalServerError", message: bucketFullMessage)
        #expect(
            ResponseVerdict(response: full)
                == .bucketFull(GraphError(code: "InternalServerError", message: bucketFullMessage)))
        let plainText = HTTPResponse(status: 500, body: Data("The bucket ... is full".utf8))
        guard case .bucketFull = ResponseVerdict(response: plainText) else {
            Issue.record("a non-JSON bucket-full body must be recognised too")
            return
        }
        guard case .serverError = ResponseVerdict(response: graphError(503, code: "x", message: bucketFullMessage))
        else {
            Issue.record("only a 500 can be bucket full")
            return
        }
    }

    @Test func otherStatusesFailWithoutRetry() {
        #expect(
            ResponseVerdict(response: graphError(501, code: "NotImplemented", message: "no"))
                == .failed(GraphError(code: "NotImplemented", message: "no")))
    }
}
