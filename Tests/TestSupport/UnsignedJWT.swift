/// An unsigned JWT-shaped string with the given payload (the client reads a token's claims, it does not verify them).
package func makeJWT(_ payload: String) -> String {
    func encode(_ text: String) -> String { CertificateFixtures.base64URL(Array(text.utf8)) }
    return encode(#"{"alg":"none","typ":"JWT"}"#) + "." + encode(payload) + ".c2ln"
}
