import EmulatorKit

/// The tests' deterministic generator for randomised inputs and schedules: the emulator's own SplitMix64 (the one
/// behind its `--seed`), so that there is one implementation of it.
package typealias SplitMix64 = SeededGenerator
