-- The schema of accounts.sqlite as release d9113ab's `invoicing db init` created it (SQLite),
-- read back from sqlite_master in creation order. Test data for tests/integration/test_migrations.py.
CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB, chain_previous TEXT, chain_hash TEXT, PRIMARY KEY (originator_id, originator_version));
CREATE TABLE stored_events_anchors (position INTEGER PRIMARY KEY, hash TEXT NOT NULL, anchored_at TEXT NOT NULL, anchored_by TEXT NOT NULL DEFAULT '');
CREATE TRIGGER stored_events_no_update BEFORE UPDATE ON stored_events WHEN OLD.chain_hash IS NOT NULL OR NEW.rowid IS NOT OLD.rowid OR NEW.originator_id IS NOT OLD.originator_id OR NEW.originator_version IS NOT OLD.originator_version OR NEW.topic IS NOT OLD.topic OR NEW.state IS NOT OLD.state BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER stored_events_no_delete BEFORE DELETE ON stored_events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER stored_events_anchors_no_update BEFORE UPDATE ON stored_events_anchors BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER stored_events_anchors_no_delete BEFORE DELETE ON stored_events_anchors BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TABLE sessions (id TEXT PRIMARY KEY, login TEXT NOT NULL, created_at DOUBLE PRECISION NOT NULL, last_seen DOUBLE PRECISION NOT NULL, address TEXT NOT NULL, agent TEXT NOT NULL, ended_at DOUBLE PRECISION, ended_by TEXT NOT NULL);
CREATE INDEX "sessions_login" ON sessions (login);
CREATE TABLE throttles (key TEXT PRIMARY KEY, count INTEGER NOT NULL, first_at DOUBLE PRECISION NOT NULL, last_at DOUBLE PRECISION NOT NULL, locked_until DOUBLE PRECISION);
