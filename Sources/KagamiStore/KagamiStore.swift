import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// One SQLite file of runs, inputs, detections and mail verdicts. Opening it brings its schema to
/// the current version. WAL mode: `kagami runs` reads while a hunt writes, and a write that has
/// committed survives the writer being killed.
public final class KagamiStore {
    public let path: String
    let pool: DatabasePool

    /// Opens (and creates, unless `create` is false) the store at `path` and migrates it.
    public init(path: String, create: Bool = true) throws {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError("\(path): no such store (hunt with --db \(path) first)")
        }
        var config = Configuration()
        // Another kagami may be writing: wait for it rather than fail at once.
        config.busyMode = .timeout(30)
        config.label = "KagamiStore"
        self.path = path
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Schema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError("\(path): \(error.message ?? "\(error)")")
        }
    }

    /// Migrations applied to the file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { try Schema.migrator.appliedMigrations($0) }
    }

    /// Marks `running` runs whose process is gone as `interrupted`: runs of this host whose pid is
    /// no longer alive. A run of another host is left as it is (its process cannot be checked from
    /// here). Returns the ids it marked.
    @discardableResult
    public func markAbandonedRuns(isAlive: (_ host: String, _ pid: Int) -> Bool = KagamiStore.processIsAlive) throws -> [Int64] {
        try pool.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, host, pid FROM runs WHERE status = 'running'")
            var marked: [Int64] = []
            for row in rows {
                let id: Int64 = row["id"], host: String = row["host"], pid: Int = row["pid"]
                guard host == Self.hostName, !isAlive(host, pid) else { continue }
                try db.execute(sql: "UPDATE runs SET status = 'interrupted' WHERE id = ?", arguments: [id])
                marked.append(id)
            }
            return marked
        }
    }

    /// Whether a process of this host is alive (a pid the kernel reuses would read as alive, which
    /// leaves a run shown as running: the safe side).
    public static func processIsAlive(host: String, pid: Int) -> Bool {
        guard host == hostName, pid > 0, pid <= Int(Int32.max) else { return false }
        if kill(pid_t(pid), 0) == 0 { return true }
        return errno != ESRCH
    }

    public static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(cString: buffer)
    }()

    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) }
}
