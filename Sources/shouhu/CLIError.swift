import ArgumentParser
import CampusKit
import Foundation

/// Shows a domain error's message, not its debug dump, and exits non-zero.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ error: any Error) {
        description = (error as? DomainError)?.message ?? String(describing: error)
    }
}

extension CLIError {
    init(_ text: String) { description = text }
}
