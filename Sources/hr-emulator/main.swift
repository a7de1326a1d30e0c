import Foundation
import HREmulator

exit(HREmulatorCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))
