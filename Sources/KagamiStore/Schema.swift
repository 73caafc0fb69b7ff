import GRDB

/// The store's schema, one migration per version. A migration never changes once released: a new
/// version adds a migration, so a file written by any earlier Kagami opens and moves forward.
enum Schema {
    static let migrations = ["v1-runs-detections", "v2-mail-verdicts"]

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration(migrations[0], migrate: createRunsAndDetections)
        m.registerMigration(migrations[1], migrate: createMailVerdicts)
        return m
    }

    /// Runs, inputs and what rules found in them. Times are microseconds since the Unix epoch (UTC).
    @Sendable static func createRunsAndDetections(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY,
                started INTEGER NOT NULL,
                finished INTEGER,
                status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'interrupted')),
                kagami_version TEXT NOT NULL,
                rules_fingerprint TEXT NOT NULL,
                rule_count INTEGER NOT NULL,
                arguments TEXT NOT NULL,
                host TEXT NOT NULL,
                pid INTEGER NOT NULL,
                events INTEGER NOT NULL DEFAULT 0,
                bytes INTEGER NOT NULL DEFAULT 0,
                input_errors INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE inputs (
                id INTEGER PRIMARY KEY,
                sha256 TEXT NOT NULL UNIQUE,
                size INTEGER NOT NULL
            );
            CREATE TABLE run_inputs (
                run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                input_id INTEGER NOT NULL REFERENCES inputs(id),
                path TEXT NOT NULL,
                completed INTEGER,
                events INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (run_id, position)
            ) WITHOUT ROWID;
            CREATE INDEX run_inputs_input ON run_inputs(input_id);
            CREATE TABLE detections (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                first_run INTEGER NOT NULL REFERENCES runs(id),
                input_id INTEGER NOT NULL REFERENCES inputs(id),
                rule_id TEXT NOT NULL,
                rule_title TEXT NOT NULL,
                level TEXT,
                tags TEXT NOT NULL,
                reported INTEGER NOT NULL,
                timestamp INTEGER,
                host TEXT,
                account TEXT,
                source_file TEXT NOT NULL,
                record INTEGER NOT NULL,
                offset INTEGER NOT NULL,
                recovered INTEGER NOT NULL
            );
            CREATE INDEX detections_time ON detections(timestamp);
            CREATE INDEX detections_rule ON detections(rule_id);
            CREATE TABLE detection_events (
                detection_id INTEGER PRIMARY KEY REFERENCES detections(id) ON DELETE CASCADE,
                event TEXT NOT NULL
            );
            CREATE TABLE run_detections (
                run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                detection_id INTEGER NOT NULL REFERENCES detections(id) ON DELETE CASCADE,
                PRIMARY KEY (run_id, detection_id)
            ) WITHOUT ROWID;
            CREATE INDEX run_detections_detection ON run_detections(detection_id);
            CREATE TABLE correlation_hits (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,
                first_run INTEGER NOT NULL REFERENCES runs(id),
                rule_id TEXT NOT NULL,
                rule_title TEXT NOT NULL,
                level TEXT,
                tags TEXT NOT NULL,
                type TEXT NOT NULL,
                group_values TEXT NOT NULL,
                value REAL NOT NULL,
                first INTEGER,
                last INTEGER
            );
            CREATE TABLE correlation_members (
                hit_id INTEGER NOT NULL REFERENCES correlation_hits(id) ON DELETE CASCADE,
                detection_id INTEGER NOT NULL REFERENCES detections(id) ON DELETE CASCADE,
                PRIMARY KEY (hit_id, detection_id)
            ) WITHOUT ROWID;
            CREATE TABLE run_correlation_hits (
                run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                hit_id INTEGER NOT NULL REFERENCES correlation_hits(id) ON DELETE CASCADE,
                PRIMARY KEY (run_id, hit_id)
            ) WITHOUT ROWID;
            """)
    }

    /// Mail triage verdicts, one row per message content (the latest triage wins).
    @Sendable static func createMailVerdicts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE mail_verdicts (
                id INTEGER PRIMARY KEY,
                message_sha256 TEXT NOT NULL UNIQUE,
                file TEXT NOT NULL,
                message_id TEXT,
                date INTEGER,
                sender TEXT,
                subject TEXT,
                verdict TEXT NOT NULL,
                score REAL NOT NULL,
                findings TEXT NOT NULL,
                triaged INTEGER NOT NULL
            );
            CREATE INDEX mail_verdicts_message_id ON mail_verdicts(message_id);
            """)
    }
}
