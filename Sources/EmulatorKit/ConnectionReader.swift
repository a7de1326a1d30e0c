import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered reads and complete writes on one socket, and when the kernel received the bytes read.
///
/// The receive time matters to the limiter: the service counts requests as they reach its door, and on two shared
/// cores a connection thread can read its request tens of milliseconds after the last byte came in. Judged by the
/// read time, a client sending at most 40 requests in any second met up to 50 "arrivals" in one second and 7-24 429s
/// (20,000 records at 1 s latency, docs/benchmarks.md); judged by the kernel's time it meets 40 and none.
struct ConnectionReader {
    let fd: Int32
    var buffer: [UInt8] = []
    /// The kernel's receive time (seconds since 1970) of the newest bytes read, nil where the platform gives none.
    private(set) var lastReceivedAt: Double?
    private var scanned = 0
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    private var control = [UInt8](repeating: 0, count: 64)

    init(fd: Int32) { self.fd = fd }

    #if os(Linux)
    /// `SO_TIMESTAMPNS` (`SO_TIMESTAMPNS_OLD` with a 64-bit `time_t`); its control message has the same number.
    /// Glibc's macro for it is a conditional expression, which Swift does not import.
    private static let timestampOption: Int32 = 35
    #endif

    /// Asks the kernel to stamp received data; on a listening socket, the sockets it accepts inherit it. The kernel
    /// switches stamping on a moment later (from a work queue), so the first bytes may come without one.
    static func enableReceiveTimestamps(on fd: Int32) {
        #if os(Linux)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, timestampOption, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    /// Reads until the blank line ending the head; returns the offset of `\r\n\r\n`, or nil on EOF/error/over limit.
    mutating func readHead(limit: Int) -> Int? {
        while true {
            if let end = findHeadEnd() { return end }
            if buffer.count >= limit { return nil }
            guard fill() else { return nil }
        }
    }

    mutating func readBody(length: Int) -> [UInt8]? {
        while buffer.count < length {
            guard fill() else { return nil }
        }
        let body = Array(buffer[..<length])
        consume(length)
        return body
    }

    mutating func consume(_ count: Int) {
        buffer.removeFirst(min(count, buffer.count))
        scanned = 0
    }

    private mutating func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        var index = max(0, scanned - 3)
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        scanned = buffer.count
        return nil
    }

    private mutating func fill() -> Bool {
        while true {
            let count = receive()
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count < 0, errno == EINTR { continue }
            return false
        }
    }

    #if os(Linux)
    /// One `recvmsg` into `chunk`; notes the receive time from its control message.
    private mutating func receive() -> Int {
        let fd = fd
        let controlCount = control.count
        var stamp: Double?
        let count = chunk.withUnsafeMutableBytes { data in
            control.withUnsafeMutableBytes { controlBytes -> Int in
                var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer -> Int in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBytes.baseAddress
                    message.msg_controllen = controlCount
                    let count = recvmsg(fd, &message, 0)
                    if count > 0 { stamp = Self.receiveTime(controlBytes, length: Int(message.msg_controllen)) }
                    return count
                }
            }
        }
        // A read without a stamp leaves the time unknown rather than an older request's: judging a request as of
        // another's arrival would misplace it in the limiter's window.
        if count > 0 { lastReceivedAt = stamp }
        return count
    }

    /// The `SCM_TIMESTAMPNS` message's `timespec`, walking the control messages as `CMSG_NXTHDR` would.
    private static func receiveTime(_ control: UnsafeMutableRawBufferPointer, length: Int) -> Double? {
        let headerSize = MemoryLayout<cmsghdr>.size
        let alignment = MemoryLayout<Int>.size
        var offset = 0
        while offset + headerSize <= length {
            let header = control.load(fromByteOffset: offset, as: cmsghdr.self)
            let messageLength = Int(header.cmsg_len)
            guard messageLength >= headerSize, offset + messageLength <= length else { return nil }
            if header.cmsg_level == SOL_SOCKET, header.cmsg_type == timestampOption,
                messageLength >= headerSize + MemoryLayout<timespec>.size
            {
                let time = control.loadUnaligned(fromByteOffset: offset + headerSize, as: timespec.self)
                return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
            }
            offset += (messageLength + alignment - 1) / alignment * alignment
        }
        return nil
    }
    #else
    private mutating func receive() -> Int {
        chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    }
    #endif

    func write(_ bytes: [UInt8]) -> Bool { Self.write(bytes, to: fd) }

    /// Writes everything (normally one `send`); false if the peer went away.
    static func write(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}
