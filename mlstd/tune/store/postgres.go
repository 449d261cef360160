package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// migrateLockKey is the key of the advisory lock that serialises schema
// creation and migration: an arbitrary constant ("mtdc" in ASCII).
const migrateLockKey = 0x6d746463

var postgresDialect = dialect{
	name:         "postgres",
	placeholders: dollarPlaceholders,
	migrateLock:  "SELECT pg_advisory_xact_lock(" + strconv.Itoa(migrateLockKey) + ")",
	schema: []string{
		`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS studies (
			id BIGSERIAL PRIMARY KEY,
			name TEXT NOT NULL UNIQUE,
			direction INTEGER NOT NULL,
			created BIGINT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS study_attrs (
			study_id BIGINT NOT NULL REFERENCES studies(id),
			key TEXT NOT NULL,
			value TEXT NOT NULL,
			PRIMARY KEY (study_id, key))`,
		`CREATE TABLE IF NOT EXISTS trials (
			id BIGSERIAL PRIMARY KEY,
			study_id BIGINT NOT NULL REFERENCES studies(id),
			number INTEGER NOT NULL,
			state TEXT NOT NULL,
			value DOUBLE PRECISION,
			worker TEXT NOT NULL DEFAULT '',
			started BIGINT NOT NULL DEFAULT 0,
			finished BIGINT NOT NULL DEFAULT 0,
			heartbeat BIGINT NOT NULL DEFAULT 0,
			note TEXT NOT NULL DEFAULT '',
			attrs TEXT NOT NULL DEFAULT '',
			UNIQUE (study_id, number))`,
		`CREATE INDEX IF NOT EXISTS trials_by_state ON trials(study_id, state, number)`,
		`CREATE INDEX IF NOT EXISTS trials_by_worker ON trials(worker, state)`,
		`CREATE TABLE IF NOT EXISTS params (
			trial_id BIGINT NOT NULL REFERENCES trials(id),
			seq INTEGER NOT NULL,
			name TEXT NOT NULL,
			dist TEXT NOT NULL,
			value DOUBLE PRECISION NOT NULL,
			PRIMARY KEY (trial_id, name))`,
		`CREATE TABLE IF NOT EXISTS intermediate (
			trial_id BIGINT NOT NULL REFERENCES trials(id),
			step INTEGER NOT NULL,
			value DOUBLE PRECISION,
			PRIMARY KEY (trial_id, step))`,
	},
	claimLock: "FOR UPDATE SKIP LOCKED",
	lockStudy: "SELECT id FROM studies WHERE id = ? FOR UPDATE",
}

// dollarPlaceholders rewrites the ? placeholders of a query as $1, $2, ...
// The queries of this package have no ? inside string literals.
func dollarPlaceholders(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// OpenPostgres opens a PostgreSQL database as a Storage, creating the
// schema if it is missing. url is a libpq connection URL or key=value
// string (postgres://user:password@host:5432/dbname?sslmode=disable);
// the usual PG* environment variables and ~/.pgpass fill in what it
// leaves out. A search_path parameter puts the tables in a schema of
// one's own.
//
// Any number of processes on any number of machines may open one
// database at once: the schema is created (or migrated) under an
// advisory lock, so they do not race on CREATE TABLE (Optuna #1092);
// trials are claimed with SELECT ... FOR UPDATE SKIP LOCKED, so no trial
// goes to two workers and claims do not queue behind each other; a trial
// is numbered under a lock on its study's row; and every change of a
// trial's state is one conditional UPDATE, so of two workers finishing
// one trial exactly one succeeds (Optuna #5582: under READ COMMITTED the
// second update waits for the first, re-reads the row, finds it no longer
// running, and changes nothing).
//
// Times are taken on the server's clock (see SQL), so heartbeats compare
// across machines whose clocks differ.
func OpenPostgres(ctx context.Context, url string) (*SQL, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: PostgreSQL URL: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	// A worker needs a connection for its trial, one for heartbeats, one
	// for a notebook reading beside it; a few more let a process run
	// several trials at once without queuing on the pool.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to PostgreSQL at %s: %w", redact(cfg), err)
	}
	offset, err := serverOffset(ctx, db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: read the PostgreSQL server's clock: %w", err)
	}
	s := &SQL{db: db, d: postgresDialect, offset: offset}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// serverOffset measures the server's clock minus the local one, taking
// the reading at the middle of the round trip (the fastest of three).
func serverOffset(ctx context.Context, db *sql.DB) (time.Duration, error) {
	var best, offset time.Duration = -1, 0
	for i := 0; i < 3; i++ {
		var micros int64
		t0 := time.Now()
		if err := db.QueryRowContext(ctx, `SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT`).Scan(&micros); err != nil {
			return 0, err
		}
		rtt := time.Since(t0)
		if best < 0 || rtt < best {
			best = rtt
			offset = time.UnixMicro(micros).Sub(t0.Add(rtt / 2))
		}
	}
	return offset, nil
}

// redact names the server of cfg without its password, for messages.
func redact(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("%s:%d (database %q, user %q)", cfg.Host, cfg.Port, cfg.Database, cfg.User)
}
