import Accounts
import HummingbirdBcrypt
import NIOPosix

/// bcrypt (cost 11), computed on NIO's thread pool so sign-ins never stall the event loops.
public struct BcryptHasher: PasswordHasher {
    public var cost: UInt8

    /// `cost` 11 in production; tests may lower it (bcrypt is still bcrypt, only cheaper).
    public init(cost: UInt8 = 11) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
