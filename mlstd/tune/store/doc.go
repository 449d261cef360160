// Package store keeps hyperparameter-search studies and their trials
// behind one interface, Storage, so that a study can live in memory (the
// default), in a SQLite file that survives a kernel restart and can be
// watched from a notebook while another process fills it, or (later) in a
// PostgreSQL database shared by workers on many machines.
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
//     write lock; PostgreSQL will lock the study row first).
//   - Workers send heartbeats for the trials they run; FailStale moves
//     running trials whose heartbeat is too old to Interrupted, so the work
//     of a dead worker is marked and can be handed out again.
//   - The schema is created in one transaction with IF NOT EXISTS and a
//     version row in the meta table (Optuna #1092 was a race here).
//   - Enqueue adds a grid's untried points in one transaction, so
//     processes that start one grid search together enqueue each point
//     once.
//
// Left for the PostgreSQL storage (issue 9): the dialect (placeholders
// $n, BIGSERIAL keys, FOR UPDATE SKIP LOCKED in the claim, a study-row lock
// in AddTrial and Enqueue), and a Release (running back to waiting) for a
// worker that stops on SIGTERM, where today its trial is marked
// Interrupted and a grid point is enqueued again by the next search.
//
// The SQL storage is written once for database/sql with a small dialect
// (placeholders, the claim lock, the schema); SQLite is the one dialect
// implemented, through modernc.org/sqlite, a pure-Go driver (no cgo).
//
// Parameters are stored in their internal form (the number, or the index
// of a choice) with their distribution, as JSON beside the value; NaN
// objective or intermediate values are stored as NULL.
//
// Package storetest holds the conformance tests every Storage must pass.
package store
