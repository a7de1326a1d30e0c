import Foundation

/// Where a command writes: results to `out`, diagnostics to `err`. Tests pass closures that capture both.
public struct Console: Sendable {
    public let out: @Sendable (String) -> Void
    public let err: @Sendable (String) -> Void
    /// stderr is a terminal: live progress lines and colour are allowed.
    public let errIsTerminal: Bool
    public let outIsTerminal: Bool

    public init(
        out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
        outIsTerminal: Bool = false, errIsTerminal: Bool = false
    ) {
        self.out = out
        self.err = err
        self.outIsTerminal = outIsTerminal
        self.errIsTerminal = errIsTerminal
    }

    /// The process's own stdout and stderr.
    public static func standard() -> Console {
        Console(
            out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            err: { text in FileHandle.standardError.write(Data(text.utf8)) },
            outIsTerminal: isatty(1) == 1, errIsTerminal: isatty(2) == 1)
    }

    public func line(_ text: String) { out(text + "\n") }
    public func diagnostic(_ text: String) { err(text + "\n") }
    /// `provision: error: …`, the layout swift-argument-parser users know.
    public func error(_ text: String) { err("provision: error: \(text)\n") }
    public func warning(_ text: String) { err("provision: warning: \(text)\n") }
}
