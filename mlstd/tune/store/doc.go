// Package store keeps hyperparameter-search studies and their trials
// behind one interface, Storage, so that a study can live in memory (the
// default), in a SQLite file that survives a kernel restart and can be
// watched from a notebook while another process fills it, or in a
// PostgreSQL database shared by workers on many machines. Open chooses
// by URL: "" or "memory:", a file path or "sqlite:PATH", and
// "postgres://user@host/db".
//
// # Design for many workers
//
// The interface is shaped for the multi-machine case, after Optuna's RDB
// storage and the bugs it met:
//
//   - A study is identified by name. CreateStudy is create-or-load, one
//     INSERT ... ON CONFLICT DO NOTHING, so any number of processes can
//     start at once and agree on one study.
//   - Every state change of a trial is a single conditional UPDATE (WHERE
//     state = 'running' AND worker = ?), checked by its row count: two
//     workers can never both claim, resume or finish one trial (Optuna
//     #5582), and a worker whose trial was failed as stale learns it at its
//     next write (ErrNotOwner).
//   - Trials with fixed parameters (grid points, promoted trials) are
//     enqueued as Waiting and claimed with one UPDATE ... WHERE id =
//     (SELECT ... LIMIT 1) RETURNING; PostgreSQL adds FOR UPDATE SKIP LOCKED
//     to the sub-select, SQLite serialises writers on its file lock.
//   - Trial numbers are assigned inside the inserting transaction (SQLite's
//     write lock; PostgreSQL locks the study's row first).
//   - Workers send heartbeats for the trials they run; FailStale moves
//     running trials whose heartbeat is too old to Interrupted, so the work
//     of a dead worker is marked and can be handed out again.
//   - The schema is created in one transaction with IF NOT EXISTS and a
//     version row in the meta table (Optuna #1092 was a race here).
//   - Enqueue adds a grid's untried points in one transaction, so
//     processes that start one grid search together enqueue each point
//     once.
//   - A worker that is told to stop (SIGTERM) hands its trial back with
//     Release (running to waiting, parameters kept); RetryStale is
//     FailStale that also enqueues a waiting copy of each stale trial in
//     the same transaction, so the budget of a dead worker's trial is
//     handed out again exactly once, even if the worker that noticed
//     dies too.
//
// # PostgreSQL
//
// OpenPostgres (github.com/jackc/pgx through database/sql) uses the same
// SQL as SQLite with the PostgreSQL dialect: $n placeholders, BIGSERIAL
// keys, the schema created under an advisory lock (CREATE TABLE IF NOT
// EXISTS alone races: Optuna #1092, reproduced by
// TestPostgresSchemaRace), claims with FOR UPDATE SKIP LOCKED in the
// sub-select, and numbering, Enqueue and RetryStale under a lock on the
// study's row. Transactions run at READ COMMITTED, where a conditional
// UPDATE that waited for another re-reads the row: of two workers
// finishing one trial the second changes nothing and gets ErrNotOwner
// (Optuna #5582). Times are kept on the server's clock, so that workers
// on machines whose clocks disagree still agree on stale heartbeats.
//
// The SQL storage is written once for database/sql with a small dialect
// (placeholders, the claim lock, the schema): SQLite through
// modernc.org/sqlite, a pure-Go driver (no cgo), and PostgreSQL.
//
// Parameters are stored in their internal form (the number, or the index
// of a choice) with their distribution, as JSON beside the value; NaN
// objective or intermediate values are stored as NULL.
//
// Package storetest holds the conformance tests every Storage must pass.
package store
