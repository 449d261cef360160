package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite driver, registered as "sqlite"
)

var sqliteDialect = dialect{
	name: "sqlite",
	schema: []string{
		`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS studies (
			id INTEGER PRIMARY KEY,
			name TEXT NOT NULL UNIQUE,
			direction INTEGER NOT NULL,
			created INTEGER NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS study_attrs (
			study_id INTEGER NOT NULL REFERENCES studies(id),
			key TEXT NOT NULL,
			value TEXT NOT NULL,
			PRIMARY KEY (study_id, key))`,
		`CREATE TABLE IF NOT EXISTS trials (
			id INTEGER PRIMARY KEY,
			study_id INTEGER NOT NULL REFERENCES studies(id),
			number INTEGER NOT NULL,
			state TEXT NOT NULL,
			value REAL,
			worker TEXT NOT NULL DEFAULT '',
			started INTEGER NOT NULL DEFAULT 0,
			finished INTEGER NOT NULL DEFAULT 0,
			heartbeat INTEGER NOT NULL DEFAULT 0,
			note TEXT NOT NULL DEFAULT '',
			attrs TEXT NOT NULL DEFAULT '',
			UNIQUE (study_id, number))`,
		`CREATE INDEX IF NOT EXISTS trials_by_state ON trials(study_id, state, number)`,
		`CREATE TABLE IF NOT EXISTS params (
			trial_id INTEGER NOT NULL REFERENCES trials(id),
			seq INTEGER NOT NULL,
			name TEXT NOT NULL,
			dist TEXT NOT NULL,
			value REAL NOT NULL,
			PRIMARY KEY (trial_id, name))`,
		`CREATE TABLE IF NOT EXISTS intermediate (
			trial_id INTEGER NOT NULL REFERENCES trials(id),
			step INTEGER NOT NULL,
			value REAL,
			PRIMARY KEY (trial_id, step))`,
	},
}

// OpenSQLite opens (creating if needed) a SQLite file as a Storage. The
// file can be shared by several processes on one machine: it is in WAL
// mode, so readers (a notebook watching) never block the writer, every
// transaction that writes takes the write lock when it begins (no
// "database is locked" from lock upgrades), and a writer waits up to ten
// seconds for another. Every committed change survives the process being
// killed.
//
// The driver is modernc.org/sqlite, SQLite compiled to Go: no cgo.
func OpenSQLite(ctx context.Context, path string) (*SQL, error) {
	if path == "" {
		return nil, fmt.Errorf("store: empty SQLite path")
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("store: SQLite path %q may not contain ? or #", path)
	}
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(10000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(1)"
	// Switching a new file to WAL needs a moment alone with it, and SQLite
	// answers "database is locked" at once, without waiting, when several
	// processes open a new file together: retry for a while.
	var err error
	deadline := time.Now().Add(30 * time.Second)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		var s *SQL
		if s, err = openSQLite(ctx, dsn); err == nil {
			return s, nil
		}
		if !busy(err) || ctx.Err() != nil || time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
			continue
		}
		break
	}
	return nil, fmt.Errorf("store: open %s: %w", path, err)
}

func openSQLite(ctx context.Context, dsn string) (*SQL, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// Writers queue on SQLite's one write lock anyway; a few connections
	// let readers run beside the writer.
	db.SetMaxOpenConns(4)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	s, err := newSQL(ctx, db, sqliteDialect)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func busy(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked")
}
