import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process for the tests, started with `posix_spawn`: the part of Foundation's `Process` the suites use
/// (executable, arguments, environment, working folder, stdout/stderr to a file handle or pipe, PID, wait, status).
///
/// Why not `Process`: on Linux with Swift 6.3.1, `Process.run()` reads `/proc/self/fd` by copying each `dirent`'s whole
/// 256-byte name, which reads past glibc's buffer and crashed the test process now and then (SIGSEGV in `memmove`
/// inside `Process.run`, seen in a full run; swift-corelibs-foundation #5472, fixed after 6.3.1). Here the child
/// closes every descriptor above 2 itself (`posix_spawn_file_actions_addclosefrom_np`), so a sink started by one test
/// never holds another test's pipe open.
public final class ChildProcess: @unchecked Sendable {
    public var executableURL: URL?
    public var arguments: [String] = []
    /// The child's whole environment; nil: this process's.
    public var environment: [String: String]?
    public var currentDirectoryURL: URL?
    /// A `FileHandle` or a `Pipe` (its writing end); nil: /dev/null.
    public var standardOutput: Any?
    public var standardError: Any?

    private let lock = NSLock()
    private var pid: pid_t = 0
    private var exitStatus: Int32?

    public init() {}

    public var processIdentifier: Int32 { lock.withLock { pid } }

    public func run() throws {
        guard let executable = executableURL?.path else { throw SpawnError(message: "no executable") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (target, handle) in [(Int32(1), standardOutput), (Int32(2), standardError)] {
            if let fd = Self.descriptor(handle) {
                posix_spawn_file_actions_adddup2(&actions, fd, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        guard let closeFrom = Self.addCloseFrom else { throw SpawnError(message: "posix_spawn_file_actions_addclosefrom_np is missing (glibc < 2.34)") }
        _ = closeFrom(&actions, 3)
        if let directory = currentDirectoryURL?.path {
            guard let chdir = Self.addChdir else { throw SpawnError(message: "posix_spawn_file_actions_addchdir_np is missing") }
            _ = chdir(&actions, directory)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in env { free(p) }
        }
        var child: pid_t = 0
        let rc = argv.withUnsafeBufferPointer { a in
            env.withUnsafeBufferPointer { e in
                posix_spawn(&child, executable, &actions, &attributes, UnsafeMutablePointer(mutating: a.baseAddress!),
                            UnsafeMutablePointer(mutating: e.baseAddress!))
            }
        }
        guard rc == 0 else { throw SpawnError(message: "posix_spawn \(executable): \(String(cString: strerror(rc)))") }
        lock.withLock { pid = child }
        // The parent's copy of a pipe's writing end is closed, so its reader sees the end when the child exits.
        if let pipe = standardOutput as? Pipe { try? pipe.fileHandleForWriting.close() }
        if let pipe = standardError as? Pipe { try? pipe.fileHandleForWriting.close() }
    }

    /// True until the child has exited (and been reaped).
    public var isRunning: Bool {
        lock.withLock {
            guard pid > 0, exitStatus == nil else { return false }
            var status: Int32 = 0
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { exitStatus = status }
            return exitStatus == nil
        }
    }

    /// Waits for the child to exit.
    public func waitUntilExit() {
        let child = lock.withLock { exitStatus == nil ? pid : 0 }
        guard child > 0 else { return }
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1 && errno == EINTR {}
        lock.withLock { if exitStatus == nil { exitStatus = status } }
    }

    /// The exit code (or the signal number when killed by one), after `waitUntilExit`.
    public var terminationStatus: Int32 {
        let status = lock.withLock { exitStatus ?? 0 }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : signal
    }

    public func terminate() {
        let child = processIdentifier
        if child > 0 { kill(child, SIGTERM) }
    }

    struct SpawnError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func descriptor(_ handle: Any?) -> Int32? {
        if let file = handle as? FileHandle { return file.fileDescriptor }
        if let pipe = handle as? Pipe { return pipe.fileHandleForWriting.fileDescriptor }
        return nil
    }

    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    // glibc has both (2.34+, 2.29+); Swift's Glibc module does not declare them.
    static let addCloseFrom: AddCloseFrom? = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }
    private static let addChdir: AddChdir? = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdir.self) }
}
