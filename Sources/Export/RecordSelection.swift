/// Which records of a read export this run sends: decided by the caller between pass one and pass two (delta sync
/// leaves out unchanged records and adds leavers; a resumed run leaves out what was accepted already).
public struct RecordSelection: Sendable {
    /// Per record of the index: true to leave it out of this run. Empty: nothing is left out.
    public var skip: [Bool]
    /// Records not in the input (leavers to disable), each a complete `data` object.
    public var extras: [Extra]

    /// A record added to the run that is not a row of the input.
    public struct Extra: Sendable {
        public let externalId: String
        public let data: [UInt8]

        public init(externalId: String, data: [UInt8]) {
            self.externalId = externalId
            self.data = data
        }
    }

    public init(skip: [Bool] = [], extras: [Extra] = []) {
        self.skip = skip
        self.extras = extras
    }

    /// Every valid record, nothing added.
    public static let everything = RecordSelection()
}
