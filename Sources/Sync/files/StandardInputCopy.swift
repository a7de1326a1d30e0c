import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// stdin copied to a file (mode 0600: it holds people's records), streamed in chunks: the pipeline reads its input
/// twice (the records, then what `status --failed` and `--heal` read again), which a pipe cannot give. Written beside
/// the final path and renamed into place, as every output is, so a copy cut short by an error never stands as one.
package enum StandardInputCopy {
    package static func write(to path: String, from input: Int32 = STDIN_FILENO) throws(FileError) {
        let target = try ResolvedPath.replaceable(path)
        let temporary = target + ".\(getpid()).partial"
        let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw FileError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var failure: String?
        while failure == nil {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                failure = "cannot read stdin: \(String(cString: strerror(errno)))"
                break
            }
            if let code = writeAll(Data(buffer[0..<count]), to: output, sync: false) {
                failure = String(cString: strerror(code))
            }
        }
        if failure == nil, fsync(output) != 0 { failure = String(cString: strerror(errno)) }
        close(output)
        if failure == nil, rename(temporary, target) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw FileError.cannotWrite(path: path, reason: failure)
        }
    }
}
