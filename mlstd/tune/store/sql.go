package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"
)

// dialect holds what differs between SQL engines: SQLite (sqlite.go)
// and PostgreSQL (postgres.go).
type dialect struct {
	name string
	// migrateLock, if set, runs first in the schema transaction, to
	// serialise processes that create or migrate the schema at once
	// (PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe when run
	// concurrently: Optuna #1092).
	migrateLock string
	// placeholders rewrites "?" placeholders for the engine.
	placeholders func(string) string
	// schema creates the tables; it runs in one transaction, and must be
	// idempotent (IF NOT EXISTS) since many processes may run it at once.
	schema []string
	// claimLock is appended to the sub-select that picks the trial to
	// claim: "" for SQLite (the write transaction is the lock), "FOR
	// UPDATE SKIP LOCKED" for PostgreSQL.
	claimLock string
	// lockStudy, if set, runs first in AddTrial's transaction with the
	// study id, to serialise numbering ("SELECT id FROM studies WHERE
	// id = ? FOR UPDATE" for PostgreSQL).
	lockStudy string
}

// schemaVersion is stored in the meta table; a storage refuses a file
// written by a newer schema.
const schemaVersion = 1

// SQL is a Storage on a database/sql database. It is safe for many
// goroutines and many processes sharing one database.
//
// Times are stored as Unix nanoseconds on the database's clock when the
// dialect can read it (PostgreSQL): the offset of the local clock is
// measured when the storage opens, so that workers on machines whose
// clocks disagree still agree on which heartbeats are stale. Times read
// back are on the local clock.
type SQL struct {
	db     *sql.DB
	d      dialect
	offset time.Duration // database clock minus local clock
}

var _ Storage = (*SQL)(nil)

func newSQL(ctx context.Context, db *sql.DB, d dialect) (*SQL, error) {
	s := &SQL{db: db, d: d}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// OneMachine reports whether every process that uses the storage runs
// on this machine: true for SQLite, whose WAL mode shares memory between
// the processes that open the file and so works only among processes of
// one machine (never over a network file system); false for PostgreSQL.
// A worker's name then tells whether its process still exists.
func (s *SQL) OneMachine() bool { return s.d.name == "sqlite" }

// DB returns the underlying database, for inspection and tests.
func (s *SQL) DB() *sql.DB { return s.db }

func (s *SQL) q(query string) string {
	if s.d.placeholders == nil {
		return query
	}
	return s.d.placeholders(query)
}

func (s *SQL) migrate(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if s.d.migrateLock != "" {
			if _, err := tx.ExecContext(ctx, s.d.migrateLock); err != nil {
				return fmt.Errorf("store: lock the schema: %w", err)
			}
		}
		for _, stmt := range s.d.schema {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("store: create schema: %w", err)
			}
		}
		var v string
		err := tx.QueryRowContext(ctx, s.q(`SELECT value FROM meta WHERE key = 'schema'`)).Scan(&v)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, s.q(`INSERT INTO meta(key, value) VALUES ('schema', ?)`), strconv.Itoa(schemaVersion))
			return err
		case err != nil:
			return err
		}
		n, err := strconv.Atoi(v)
		if err != nil || n > schemaVersion {
			return fmt.Errorf("store: database schema %q is newer than this version of Methodic knows (%d)", v, schemaVersion)
		}
		return nil
	})
}

// tx runs f in a transaction, committing when it returns nil.
func (s *SQL) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// now is the time to store for "now": the local clock moved onto the
// database's.
func (s *SQL) now() int64 { return time.Now().Add(s.offset).UnixNano() }

// toDB converts a local time to the stored form.
func (s *SQL) toDB(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Add(s.offset).UnixNano()
}

// fromDB converts a stored time to a local one; 0 is the zero time.
func (s *SQL) fromDB(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).Add(-s.offset)
}

// nullFloat maps NaN to NULL.
func nullFloat(v float64) sql.NullFloat64 {
	return sql.NullFloat64{Float64: v, Valid: !math.IsNaN(v)}
}

func fromNull(v sql.NullFloat64) float64 {
	if !v.Valid {
		return math.NaN()
	}
	return v.Float64
}

// CreateStudy implements Storage.
func (s *SQL) CreateStudy(ctx context.Context, name string, dir Direction) (Study, error) {
	if name == "" {
		return Study{}, fmt.Errorf("store: empty study name")
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO studies(name, direction, created) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`),
		name, int(dir), s.now())
	if err != nil {
		return Study{}, fmt.Errorf("store: create study %q: %w", name, err)
	}
	st, err := s.LoadStudy(ctx, name)
	if err != nil {
		return Study{}, err
	}
	if st.Direction != dir {
		return Study{}, fmt.Errorf("%w: %q is %v", ErrDirection, name, st.Direction)
	}
	return st, nil
}

// LoadStudy implements Storage.
func (s *SQL) LoadStudy(ctx context.Context, name string) (Study, error) {
	var st Study
	var dir int
	var created int64
	err := s.db.QueryRowContext(ctx, s.q(`SELECT id, name, direction, created FROM studies WHERE name = ?`), name).
		Scan(&st.ID, &st.Name, &dir, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Study{}, fmt.Errorf("%w: study %q", ErrNotFound, name)
	}
	if err != nil {
		return Study{}, fmt.Errorf("store: load study %q: %w", name, err)
	}
	st.Direction, st.Created = Direction(dir), s.fromDB(created)
	if st.Attrs, err = s.studyAttrs(ctx, st.ID); err != nil {
		return Study{}, err
	}
	return st, nil
}

func (s *SQL) studyAttrs(ctx context.Context, id int64) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT key, value FROM study_attrs WHERE study_id = ?`), id)
	if err != nil {
		return nil, fmt.Errorf("store: study attrs: %w", err)
	}
	defer rows.Close()
	var m map[string]string
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("store: study attrs: %w", err)
		}
		if m == nil {
			m = map[string]string{}
		}
		m[k] = v
	}
	return m, rows.Err()
}

// SetStudyAttr implements Storage.
func (s *SQL) SetStudyAttr(ctx context.Context, study int64, key, value string) error {
	var n int
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM studies WHERE id = ?`), study).Scan(&n); err != nil {
		return fmt.Errorf("store: set study attr: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%w: study id %d", ErrNotFound, study)
	}
	var err error
	if value == "" {
		_, err = s.db.ExecContext(ctx, s.q(`DELETE FROM study_attrs WHERE study_id = ? AND key = ?`), study, key)
	} else {
		_, err = s.db.ExecContext(ctx, s.q(`INSERT INTO study_attrs(study_id, key, value) VALUES (?, ?, ?)
			ON CONFLICT (study_id, key) DO UPDATE SET value = excluded.value`), study, key, value)
	}
	if err != nil {
		return fmt.Errorf("store: set study attr: %w", err)
	}
	return nil
}

// Studies implements Storage.
func (s *SQL) Studies(ctx context.Context) ([]Study, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, direction, created FROM studies ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list studies: %w", err)
	}
	var out []Study
	for rows.Next() {
		var st Study
		var dir int
		var created int64
		if err := rows.Scan(&st.ID, &st.Name, &dir, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list studies: %w", err)
		}
		st.Direction, st.Created = Direction(dir), s.fromDB(created)
		out = append(out, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list studies: %w", err)
	}
	for i := range out {
		if out[i].Attrs, err = s.studyAttrs(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeleteStudy implements Storage.
func (s *SQL) DeleteStudy(ctx context.Context, name string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, s.q(`SELECT id FROM studies WHERE name = ?`), name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: study %q", ErrNotFound, name)
		}
		if err != nil {
			return fmt.Errorf("store: delete study %q: %w", name, err)
		}
		for _, q := range []string{
			`DELETE FROM params WHERE trial_id IN (SELECT id FROM trials WHERE study_id = ?)`,
			`DELETE FROM intermediate WHERE trial_id IN (SELECT id FROM trials WHERE study_id = ?)`,
			`DELETE FROM trials WHERE study_id = ?`,
			`DELETE FROM study_attrs WHERE study_id = ?`,
			`DELETE FROM studies WHERE id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, s.q(q), id); err != nil {
				return fmt.Errorf("store: delete study %q: %w", name, err)
			}
		}
		return nil
	})
}

// AddTrial implements Storage.
func (s *SQL) AddTrial(ctx context.Context, study int64, t Trial) (Trial, error) {
	if err := checkNew(t); err != nil {
		return Trial{}, err
	}
	attrs, err := json.Marshal(t.Attrs)
	if err != nil {
		return Trial{}, fmt.Errorf("store: trial attrs: %w", err)
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockStudy(ctx, tx, study); err != nil {
			return err
		}
		var err error
		id, err = s.insertTrial(ctx, tx, study, t, string(attrs))
		return err
	})
	if err != nil {
		return Trial{}, fmt.Errorf("store: add trial: %w", err)
	}
	return s.Trial(ctx, id)
}

// insertTrial inserts t (waiting or running) with the study's next number
// and its parameters, inside tx.
func (s *SQL) insertTrial(ctx context.Context, tx *sql.Tx, study int64, t Trial, attrs string) (int64, error) {
	var started, hb int64
	worker := ""
	if t.State == Running {
		started, hb, worker = s.now(), s.now(), t.Worker
	}
	var id int64
	err := tx.QueryRowContext(ctx, s.q(`INSERT INTO trials(study_id, number, state, worker, started, heartbeat, attrs)
		VALUES (?, (SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = ?), ?, ?, ?, ?, ?) RETURNING id`),
		study, study, t.State.String(), worker, started, hb, attrs).Scan(&id)
	if err != nil {
		return 0, err
	}
	for i, p := range t.Params {
		if err := insertParam(ctx, tx, s, id, i, p); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// Enqueue implements Storage, in one transaction that holds the write
// lock (SQLite) from the read of the study's trials to the last insert.
func (s *SQL) Enqueue(ctx context.Context, study int64, points [][]Param) (int, error) {
	for _, pt := range points {
		if err := checkNew(Trial{State: Waiting, Params: pt}); err != nil {
			return 0, err
		}
	}
	waiting := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockStudy(ctx, tx, study); err != nil {
			return err
		}
		ts, err := s.trialsIn(ctx, tx, study)
		if err != nil {
			return err
		}
		for _, pt := range points {
			if tried(pt, ts) {
				continue
			}
			if _, err := s.insertTrial(ctx, tx, study, Trial{State: Waiting, Params: pt}, "null"); err != nil {
				return err
			}
			ts = append(ts, Trial{State: Waiting, Params: pt})
		}
		return tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM trials WHERE study_id = ? AND state = 'waiting'`), study).Scan(&waiting)
	})
	if err != nil {
		return 0, fmt.Errorf("store: enqueue: %w", err)
	}
	return waiting, nil
}

// trialsIn reads the states and parameters of a study's trials inside tx.
func (s *SQL) trialsIn(ctx context.Context, tx *sql.Tx, study int64) ([]Trial, error) {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT t.id, t.state, p.name, p.dist, p.value FROM trials t
		LEFT JOIN params p ON p.trial_id = t.id WHERE t.study_id = ? ORDER BY t.id, p.seq`), study)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ts []Trial
	for rows.Next() {
		var id int64
		var state string
		var name, dist sql.NullString
		var value sql.NullFloat64
		if err := rows.Scan(&id, &state, &name, &dist, &value); err != nil {
			return nil, err
		}
		if len(ts) == 0 || ts[len(ts)-1].ID != id {
			st, err := ParseState(state)
			if err != nil {
				return nil, err
			}
			ts = append(ts, Trial{ID: id, State: st})
		}
		if name.Valid {
			p := Param{Name: name.String, Value: value.Float64}
			if err := json.Unmarshal([]byte(dist.String), &p.Dist); err != nil {
				return nil, err
			}
			t := &ts[len(ts)-1]
			t.Params = append(t.Params, p)
		}
	}
	return ts, rows.Err()
}

func insertParam(ctx context.Context, tx *sql.Tx, s *SQL, id int64, seq int, p Param) error {
	dist, err := json.Marshal(p.Dist)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, s.q(`INSERT INTO params(trial_id, seq, name, dist, value) VALUES (?, ?, ?, ?, ?)`),
		id, seq, p.Name, string(dist), p.Value)
	return err
}

// Claim implements Storage. One statement picks and takes the trial, so
// two workers can never claim the same one.
func (s *SQL) Claim(ctx context.Context, study int64, worker string) (Trial, error) {
	if worker == "" {
		return Trial{}, fmt.Errorf("store: claim needs a worker")
	}
	now := s.now()
	var id int64
	err := s.db.QueryRowContext(ctx, s.q(`UPDATE trials SET state = 'running', worker = ?, started = ?, heartbeat = ?
		WHERE id = (SELECT id FROM trials WHERE study_id = ? AND state = 'waiting' ORDER BY number LIMIT 1 `+s.d.claimLock+`)
		AND state = 'waiting' RETURNING id`), worker, now, now, study).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Trial{}, ErrNoWaiting
	}
	if err != nil {
		return Trial{}, fmt.Errorf("store: claim: %w", err)
	}
	return s.Trial(ctx, id)
}

// notOwner explains why a conditional update of trial id changed nothing.
func (s *SQL) notOwner(ctx context.Context, id int64) error {
	t, err := s.Trial(ctx, id)
	if err != nil {
		return err
	}
	return fmt.Errorf("%w: trial %d is %v under %q", ErrNotOwner, t.Number, t.State, t.Worker)
}

// Resume implements Storage.
func (s *SQL) Resume(ctx context.Context, id int64, worker string) error {
	now := s.now()
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE trials SET state = 'running', worker = ?, heartbeat = ?, finished = 0
		WHERE id = ? AND state = 'paused'`), worker, now, id)
	if err != nil {
		return fmt.Errorf("store: resume: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t, err := s.Trial(ctx, id)
		if err != nil {
			return err
		}
		return fmt.Errorf("%w: resume trial %d which is %v", ErrState, t.Number, t.State)
	}
	return nil
}

// SetParam implements Storage.
func (s *SQL) SetParam(ctx context.Context, id int64, worker string, p Param) error {
	if err := p.Dist.Validate(); err != nil {
		return fmt.Errorf("store: parameter %q: %w", p.Name, err)
	}
	dist, err := json.Marshal(p.Dist)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO params(trial_id, seq, name, dist, value)
		SELECT ?, (SELECT COUNT(*) FROM params WHERE trial_id = ?), ?, ?, ?
		WHERE EXISTS (SELECT 1 FROM trials WHERE id = ? AND state = 'running' AND worker = ?)
		ON CONFLICT (trial_id, name) DO UPDATE SET dist = excluded.dist, value = excluded.value`),
		id, id, p.Name, string(dist), p.Value, id, worker)
	if err != nil {
		return fmt.Errorf("store: set param: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return s.notOwner(ctx, id)
	}
	return nil
}

// Report implements Storage.
func (s *SQL) Report(ctx context.Context, id int64, worker string, step int, value float64) error {
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO intermediate(trial_id, step, value)
		SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM trials WHERE id = ? AND state = 'running' AND worker = ?)
		ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value`),
		id, step, nullFloat(value), id, worker)
	if err != nil {
		return fmt.Errorf("store: report: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return s.notOwner(ctx, id)
	}
	return nil
}

// Finish implements Storage. The update is conditional on the trial still
// running under worker, so of two workers finishing one trial exactly one
// succeeds.
func (s *SQL) Finish(ctx context.Context, id int64, worker string, state State, value float64, note string) error {
	if !state.Finished() && state != Paused {
		return fmt.Errorf("%w: finish to %v", ErrState, state)
	}
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE trials SET state = ?, value = ?, note = ?, finished = ?
		WHERE id = ? AND state = 'running' AND worker = ?`),
		state.String(), nullFloat(value), note, s.now(), id, worker)
	if err != nil {
		return fmt.Errorf("store: finish: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return s.notOwner(ctx, id)
	}
	return nil
}

// Heartbeat implements Storage.
func (s *SQL) Heartbeat(ctx context.Context, worker string) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE trials SET heartbeat = ? WHERE state = 'running' AND worker = ?`),
		s.now(), worker)
	if err != nil {
		return fmt.Errorf("store: heartbeat: %w", err)
	}
	return nil
}

// FailStale implements Storage.
func (s *SQL) FailStale(ctx context.Context, study int64, before time.Time) ([]Trial, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`UPDATE trials SET state = 'interrupted', value = NULL, note = ?, finished = ?
		WHERE study_id = ? AND state = 'running' AND heartbeat < ? RETURNING id`),
		NoteStale, s.now(), study, s.toDB(before))
	if err != nil {
		return nil, fmt.Errorf("store: fail stale trials: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: fail stale trials: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: fail stale trials: %w", err)
	}
	var out []Trial
	for _, id := range ids {
		t, err := s.Trial(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// RetryStale implements Storage, in one transaction that holds the
// study's lock (the write lock, for SQLite) from the update to the last
// copy.
func (s *SQL) RetryStale(ctx context.Context, study int64, before time.Time) ([]Trial, error) {
	var ids []int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockStudy(ctx, tx, study); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, s.q(`UPDATE trials SET state = 'interrupted', value = NULL, note = ?, finished = ?
			WHERE study_id = ? AND state = 'running' AND heartbeat < ? RETURNING id`),
			NoteStale, s.now(), study, s.toDB(before))
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			t, err := s.trialIn(ctx, tx, id)
			if err != nil {
				return err
			}
			attrs, err := json.Marshal(retryAttrs(&t))
			if err != nil {
				return err
			}
			if _, err := s.insertTrial(ctx, tx, study, Trial{State: Waiting, Params: t.Params}, string(attrs)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: retry stale trials: %w", err)
	}
	out := make([]Trial, 0, len(ids))
	for _, id := range ids {
		t, err := s.Trial(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// lockStudy takes the study's lock (if the dialect has one) inside tx and
// checks that the study exists.
func (s *SQL) lockStudy(ctx context.Context, tx *sql.Tx, study int64) error {
	if s.d.lockStudy != "" {
		if _, err := tx.ExecContext(ctx, s.q(s.d.lockStudy), study); err != nil {
			return err
		}
	}
	var ok int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM studies WHERE id = ?`), study).Scan(&ok); err != nil {
		return err
	}
	if ok == 0 {
		return fmt.Errorf("%w: study id %d", ErrNotFound, study)
	}
	return nil
}

// trialIn reads one trial's row and parameters inside tx.
func (s *SQL) trialIn(ctx context.Context, tx *sql.Tx, id int64) (Trial, error) {
	t, err := s.scanTrial(tx.QueryRowContext(ctx, s.q(`SELECT `+trialColumns+` FROM trials WHERE id = ?`), id))
	if err != nil {
		return Trial{}, err
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT name, dist, value FROM params WHERE trial_id = ? ORDER BY seq`), id)
	if err != nil {
		return Trial{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var p Param
		var dist string
		if err := rows.Scan(&p.Name, &dist, &p.Value); err != nil {
			return Trial{}, err
		}
		if err := json.Unmarshal([]byte(dist), &p.Dist); err != nil {
			return Trial{}, err
		}
		t.Params = append(t.Params, p)
	}
	return t, rows.Err()
}

// Release implements Storage: the conditional update and the removal of
// the intermediate values are one transaction.
func (s *SQL) Release(ctx context.Context, id int64, worker string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE trials SET state = 'waiting', worker = '', started = 0, finished = 0,
			heartbeat = 0, note = '', value = NULL WHERE id = ? AND state = 'running' AND worker = ?`), id, worker)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotOwner
		}
		_, err = tx.ExecContext(ctx, s.q(`DELETE FROM intermediate WHERE trial_id = ?`), id)
		return err
	})
	if errors.Is(err, ErrNotOwner) {
		return s.notOwner(ctx, id)
	}
	if err != nil {
		return fmt.Errorf("store: release: %w", err)
	}
	return nil
}

const trialColumns = `id, study_id, number, state, value, worker, started, finished, heartbeat, note, attrs`

func (s *SQL) scanTrial(sc interface{ Scan(...any) error }) (Trial, error) {
	var t Trial
	var state, attrs string
	var value sql.NullFloat64
	var started, finished, hb int64
	if err := sc.Scan(&t.ID, &t.Study, &t.Number, &state, &value, &t.Worker, &started, &finished, &hb, &t.Note, &attrs); err != nil {
		return Trial{}, err
	}
	var err error
	if t.State, err = ParseState(state); err != nil {
		return Trial{}, err
	}
	t.Value = fromNull(value)
	t.Started, t.Finished, t.Heartbeat = s.fromDB(started), s.fromDB(finished), s.fromDB(hb)
	if attrs != "" && attrs != "null" {
		if err := json.Unmarshal([]byte(attrs), &t.Attrs); err != nil {
			return Trial{}, fmt.Errorf("trial attrs: %w", err)
		}
	}
	return t, nil
}

// Trial implements Storage.
func (s *SQL) Trial(ctx context.Context, id int64) (Trial, error) {
	t, err := s.scanTrial(s.db.QueryRowContext(ctx, s.q(`SELECT `+trialColumns+` FROM trials WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Trial{}, fmt.Errorf("%w: trial id %d", ErrNotFound, id)
	}
	if err != nil {
		return Trial{}, fmt.Errorf("store: trial %d: %w", id, err)
	}
	ts := []Trial{t}
	if err := s.fill(ctx, ts, `trial_id = ?`, id); err != nil {
		return Trial{}, err
	}
	return ts[0], nil
}

// Trials implements Storage.
func (s *SQL) Trials(ctx context.Context, study int64) ([]Trial, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM studies WHERE id = ?`), study).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: trials: %w", err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: study id %d", ErrNotFound, study)
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+trialColumns+` FROM trials WHERE study_id = ? ORDER BY number`), study)
	if err != nil {
		return nil, fmt.Errorf("store: trials: %w", err)
	}
	var ts []Trial
	for rows.Next() {
		t, err := s.scanTrial(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: trials: %w", err)
		}
		ts = append(ts, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: trials: %w", err)
	}
	if err := s.fill(ctx, ts, `trial_id IN (SELECT id FROM trials WHERE study_id = ?)`, study); err != nil {
		return nil, err
	}
	return ts, nil
}

// fill loads the params and intermediate values of ts, selected by where.
func (s *SQL) fill(ctx context.Context, ts []Trial, where string, arg any) error {
	byID := make(map[int64]*Trial, len(ts))
	for i := range ts {
		byID[ts[i].ID] = &ts[i]
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT trial_id, name, dist, value FROM params WHERE `+where+` ORDER BY trial_id, seq`), arg)
	if err != nil {
		return fmt.Errorf("store: params: %w", err)
	}
	for rows.Next() {
		var id int64
		var p Param
		var dist string
		if err := rows.Scan(&id, &p.Name, &dist, &p.Value); err != nil {
			rows.Close()
			return fmt.Errorf("store: params: %w", err)
		}
		if err := json.Unmarshal([]byte(dist), &p.Dist); err != nil {
			rows.Close()
			return fmt.Errorf("store: param %q: %w", p.Name, err)
		}
		if t := byID[id]; t != nil {
			t.Params = append(t.Params, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: params: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, s.q(`SELECT trial_id, step, value FROM intermediate WHERE `+where+` ORDER BY trial_id, step`), arg)
	if err != nil {
		return fmt.Errorf("store: intermediate values: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p Point
		var v sql.NullFloat64
		if err := rows.Scan(&id, &p.Step, &v); err != nil {
			return fmt.Errorf("store: intermediate values: %w", err)
		}
		p.Value = fromNull(v)
		if t := byID[id]; t != nil {
			t.Intermediate = append(t.Intermediate, p)
		}
	}
	return rows.Err()
}

// Close implements Storage.
func (s *SQL) Close() error { return s.db.Close() }
