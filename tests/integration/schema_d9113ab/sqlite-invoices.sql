-- The schema of invoices.sqlite as release d9113ab's `invoicing db init` created it (SQLite),
-- read back from sqlite_master in creation order. Test data for tests/integration/test_migrations.py.
CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB, chain_previous TEXT, chain_hash TEXT, PRIMARY KEY (originator_id, originator_version));
CREATE TABLE stored_events_anchors (position INTEGER PRIMARY KEY, hash TEXT NOT NULL, anchored_at TEXT NOT NULL, anchored_by TEXT NOT NULL DEFAULT '');
CREATE TRIGGER stored_events_no_update BEFORE UPDATE ON stored_events WHEN OLD.chain_hash IS NOT NULL OR NEW.rowid IS NOT OLD.rowid OR NEW.originator_id IS NOT OLD.originator_id OR NEW.originator_version IS NOT OLD.originator_version OR NEW.topic IS NOT OLD.topic OR NEW.state IS NOT OLD.state BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER stored_events_no_delete BEFORE DELETE ON stored_events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER stored_events_anchors_no_update BEFORE UPDATE ON stored_events_anchors BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER stored_events_anchors_no_delete BEFORE DELETE ON stored_events_anchors BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TABLE documents (sha256 TEXT PRIMARY KEY, size INTEGER, stored_at REAL, content BLOB) WITHOUT ROWID;
CREATE TABLE tracking (application_name TEXT, notification_id INTEGER, PRIMARY KEY (application_name)) WITHOUT ROWID;
CREATE TABLE outbox (case_id TEXT, action TEXT, opened_at REAL, sent_at REAL, PRIMARY KEY (case_id, action)) WITHOUT ROWID;
CREATE TABLE open_steps (case_id TEXT PRIMARY KEY, version INTEGER, unit TEXT, step INTEGER, kind TEXT, person TEXT, grp TEXT, since REAL, check_after REAL) WITHOUT ROWID;
CREATE INDEX open_steps_check_after ON open_steps (check_after);
CREATE INDEX open_steps_person ON open_steps (person);
CREATE INDEX open_steps_grp ON open_steps (grp);
CREATE TABLE throttles (key TEXT PRIMARY KEY, count INTEGER NOT NULL, first_at DOUBLE PRECISION NOT NULL, last_at DOUBLE PRECISION NOT NULL, locked_until DOUBLE PRECISION);
