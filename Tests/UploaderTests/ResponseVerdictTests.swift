import Foundation
import Testing
import Transport
@testable import Uploader

@Suite struct ResponseVerdictTests {
    static let badRequest = GraphError(code: "BadRequest", message: "Invalid Data Format")

    @Test func acceptedAndRejected() {
        #expect(ResponseVerdict(response: HTTPResponse(status: 202)) == .accepted)
        #expect(ResponseVerdict(response: graphError(400, code: "BadRequest", message: "Invalid Data Format")) == .rejected(Self.badRequest))
        #expect(ResponseVerdict(response: graphError(413, code: "RequestEntityTooLarge", message: "too big"))
            == .rejected(GraphError(code: "RequestEntityTooLarge", message: "too big")))
    }

    @Test(arguments: [
        ("<html><body>Bad Request</body></html>", GraphError(code: "HTTP400", message: "<html><body>Bad Request</body></html>")),
        ("", GraphError(code: "HTTP400", message: "HTTP status 400 with no error body")),
        (#"{"unexpected":true}"#, GraphError(code: "HTTP400", message: #"{"unexpected":true}"#)),
    ])
    func toleratesANonEnvelopeBody(body: String, error: GraphError) {
        #expect(ResponseVerdict(response: HTTPResponse(status: 400, body: Data(body.utf8))) == .rejected(error))
    }

    @Test func stopsOnForbiddenNotFoundAndRedirects() {
        let denied = GraphError(code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation.")
        #expect(ResponseVerdict(response: graphError(403, code: denied.code, message: denied.message)) == .stop(.forbidden(denied), denied))
        let missing = GraphError(code: "ResourceNotFound", message: "no such job")
        #expect(ResponseVerdict(response: graphError(404, code: missing.code, message: missing.message)) == .stop(.notFound(missing), missing))
        let redirect = ResponseVerdict(response: HTTPResponse(status: 307, headers: ["Location": "https://elsewhere.example/"]))
        guard case .stop(.redirected(307, "https://elsewhere.example/"), _) = redirect else {
            Issue.record("expected a redirect stop, got \(redirect)")
            return
        }
    }

    @Test func throttlesWithAndWithoutRetryAfter() {
        let throttled = graphError(429, code: "TooManyRequests", message: "Please retry again later.", headers: ["Retry-After": "2.128"])
        #expect(ResponseVerdict(response: throttled) == .throttled(retryAfter: 2.128, GraphError(code: "TooManyRequests", message: "Please retry again later.")))
        guard case .throttled(nil, _) = ResponseVerdict(response: HTTPResponse(status: 429)) else {
            Issue.record("a 429 without Retry-After must still be throttled")
            return
        }
    }

    @Test(arguments: [(500, nil), (502, nil), (503, 5.0), (504, 5.0)] as [(Int, Double?)])
    func retriesServerErrorsHonouringRetryAfterOn503And504(status: Int, retryAfter: Double?) {
        let response = graphError(status, code: "ServiceUnavailable", message: "try later", headers: ["Retry-After": "5"])
        #expect(ResponseVerdict(response: response) == .serverError(retryAfter: retryAfter, GraphError(code: "ServiceUnavailable", message: "try later")))
    }

    @Test func recognisesTheFullBucketOnlyOn500() {
        let full = graphError(500, code: "InternalServerError", message: bucketFullMessage)
        #expect(ResponseVerdict(response: full) == .bucketFull(GraphError(code: "InternalServerError", message: bucketFullMessage)))
        let plainText = HTTPResponse(status: 500, body: Data("The bucket ... is full".utf8))
        guard case .bucketFull = ResponseVerdict(response: plainText) else {
            Issue.record("a non-JSON bucket-full body must be recognised too")
            return
        }
        guard case .serverError = ResponseVerdict(response: graphError(503, code: "x", message: bucketFullMessage)) else {
            Issue.record("only a 500 can be bucket full")
            return
        }
    }

    @Test func otherStatusesFailWithoutRetry() {
        #expect(ResponseVerdict(response: graphError(501, code: "NotImplemented", message: "no")) == .failed(GraphError(code: "NotImplemented", message: "no")))
    }
}
