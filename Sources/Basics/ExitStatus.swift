/// Exit statuses (sysexits.h where one fits): interfaces that cron jobs and CI pipelines branch on.
public enum ExitStatus: Int32, Sendable, Codable, Error, Comparable {
    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Every row accepted (or, offline, valid and written).
    case success = 0
    /// Some rows invalid, rejected or failed; the rest went through.
    case someRowsFailed = 1
    case usage = 64
    /// Data or mapping error: nothing was written or sent.
    case dataError = 65
    case noInput = 66
    /// The service stayed unavailable and the run stopped.
    case unavailable = 69
    case internalError = 70
    /// An output file (state, journal, report) could not be created or written (sysexits CANTCREAT).
    case cannotCreate = 73
    /// Stopped early on purpose (quota, --max-requests, bucket full, signal): `--resume` continues.
    case stoppedEarly = 75
    case authentication = 77
    case configuration = 78
}
