// Package tune is hyperparameter search that a notebook can watch, stop
// and resume: section 4 of the practical methodology (Goodfellow et al.,
// Deep Learning, chapter 11.4), from grid search refined on a log scale,
// through random search, to model-based search and stopping bad trials
// early.
//
// # Studies and trials
//
// A Study is a named search kept in a storage (package store): in memory
// by default, or in a SQLite file that survives a kernel restart and that
// several processes may share. A study is identified by its name, so
// NewStudy with the name of an existing study resumes it.
//
// A search can be stopped and continued: Options.Trials is the study's
// budget, not a number to add. Interrupt the cell, restart the kernel, or
// lose the process to a crash, and running the same Optimize call again
// runs only the trials the budget still lacks: the finished ones are
// kept, the ones that were cut short are interrupted and their budget
// handed back (a grid runs their points again). To search further, raise
// the budget (Trials: 40 after 20).
//
// Objectives are define-by-run, as in Optuna: a plain Go func, written in
// a cell, that asks its *Trial for the hyperparameters it needs
// (Float, LogFloat, Int, LogInt, Choice), trains, reports intermediate
// values (Report) and stops when ShouldPrune says so, returning ErrPruned.
// Conditional parameters are ordinary if statements. The API has no
// generics, so that yaegi can call it; a func value written in a cell is
// passed to Optimize as any Go func.
//
// # Samplers
//
//   - Grid: the Cartesian product of candidate lists. Refine re-centres
//     a grid on the best point as the chapter describes: best at the edge
//     moves the grid outward ({-1, 0, 1} with best 1 gives {1, 2, 3}),
//     best inside narrows it ten times ({-0.1, 0, 0.1}), on the log scale
//     for log axes.
//   - Random: independent uniform draws, log-uniform for log parameters.
//   - TPE: the model-based sampler (the default of Optimize).
//
// Why TPE and not a Gaussian process with expected improvement? Both are
// Bayesian optimisation; the GP is the better model of a smooth function
// of a few continuous parameters. TPE is chosen because of what this
// package is for: (1) define-by-run and conditional parameters: TPE
// models each parameter from the trials that have it, while a GP needs
// one fixed vector space; (2) integers, log scales and choices are native
// to TPE (its densities live on each parameter's own scale), where a GP
// needs kernels and relaxations for each; (3) parallel and shared
// studies: with a constant liar (running trials count as bad ones) TPE
// spreads parallel workers cheaply, and its cost per suggestion is linear
// in the number of trials, not cubic; (4) it is what Optuna and Hyperopt
// use by default, with known behaviour. The benchmarks show it reaching
// targets on Branin and Hartmann-6 several times sooner than random
// search, which is the bar it must clear. By default the parameters that
// every complete trial has are modelled jointly (multivariate TPE).
//
// Randomness is always passed in: NewRandom(seed), NewTPE(seed, ...),
// Options.Seed. With one worker the same seed gives the same study.
//
// # Stopping bad trials early
//
// Median (a Pruner) stops a trial whose best intermediate value is worse
// than the median of the complete trials at the same step. Halving (a
// Pruner) is asynchronous successive halving: at rungs of 1, 3, 9, ...
// epochs a trial goes on only if it is in the best third of those that
// reached the rung; it never pauses, so it suits many workers, and with
// Brackets it is asynchronous Hyperband.
//
// Successive halving and Hyperband schedule trials with epochs as the
// budget. They need an objective that can pause and continue: a
// Trainable builds the model and returns a Step that trains one more
// epoch, keeping the model in its closure. A trial that reaches its rung
// is paused (store.Paused); if it is promoted, its Step is called again
// and it continues where it stopped (freeze-thaw), never retrained. The
// closure lives in the process: a paused trial of a search that was
// cancelled or killed keeps its record and values but is not resumed by a
// later search. Epochs(trainable, n) turns a Trainable into an Objective
// for Optimize, with pruning.
//
// # Parallel trials, cancellation, storage
//
// Options.Workers runs trials on that many goroutines. Each trial is
// owned by one worker in the storage: grid points are enqueued and
// claimed one each, and every state change is conditional on ownership, so
// two workers never run the same trial. Running trials send heartbeats; a
// trial whose process died is marked Interrupted when a later search
// starts: at once when the study is in a SQLite file and the process was
// on this machine (worker names hold host and pid, so a search knows its
// own dead processes), else once its heartbeat is older than StaleAfter
// (FailStale). A grid search resumed on the same study runs exactly the
// points that were not finished.
//
// When the cell's ctx is cancelled, no new trial starts, the running ones
// see their ctx cancelled and are recorded as Interrupted with every value
// they reported, finished trials are kept, and the call returns ctx.Err().
// A panic in an objective fails its trial (PanicError); it never reaches
// the kernel.
//
// # Workers on many machines
//
// A study in a PostgreSQL database (StudyOptions{URL: "postgres://..."})
// can be filled by worker processes on any number of machines, the way
// Optuna's RDB storage is. From the notebook:
//
//	st, _ := tune.NewStudy(ctx, "digits", tune.StudyOptions{URL: "postgres://tuner@db/studies"})
//	cells, _ := tune.NotebookCells("search.ipynb") // the cells marked //tune:worker
//	st.Share(ctx, tune.Shared{Cells: cells, Objective: "objective", Trials: 200,
//		Sampler: tune.NewTPE(1, tune.TPEOptions{}), Pruner: tune.Halving{Brackets: 3}})
//	st.Watch(ctx, tune.WatchOptions{}) // live progress and plots; interrupt to stop watching
//	st.Stop(ctx)                        // workers finish their trial and exit
//
// and on each machine `methodic worker --study digits --storage
// postgres://tuner@db/studies`. Share stores the source of the cells the
// objective needs and the search (sampler, pruner, budget) in the study;
// a worker runs those cells in the same interpreter the kernel uses,
// evaluates the objective and calls Work. Nothing is compiled or copied
// by hand. The cells are named by a //tune:worker line, read from the
// saved notebook by NotebookCells (the library cannot see the kernel's
// cells, so save first), or given as strings.
//
// The budget is laid out as waiting trials that workers claim one each
// in a transaction: a grid's points, or for other samplers Trials empty
// trials that take their parameters when a worker runs them. Each trial
// samples with a generator seeded from the study's seed and its number,
// so parallel workers draw apart and the draws do not depend on which
// worker ran what; TPE reads the shared history with the running trials
// of all workers as constant liars. Running trials send heartbeats; when
// no trial waits, a worker re-runs the trials whose heartbeat expired
// (RetryStale: the dead worker's trial is marked interrupted and a copy
// with its parameters is enqueued, in one transaction), and waits while
// others still run, so the study's budget is spent exactly. On a SQLite
// study a worker does not wait for the heartbeat of a killed worker
// process of its own machine: it releases that trial at once (back to
// waiting, to run again). A trial's
// writes (parameters, reports, outcome) are retried for a minute,
// conditional on the trial still being the worker's, so a database
// restarted mid-study costs no trial and runs none twice. SIGTERM stops
// a worker cleanly: it starts no new trial, lets the running one finish
// within --grace, and otherwise releases it (back to waiting, for
// another worker).
//
// Workers run only what the key's holder signed. Share signs the search
// (cells, objective, sampler, pruner, budget and the study's name) with
// HMAC-SHA256 under a Key that never goes to the storage: DefaultKey
// reads it from KeyEnv or from a file only its owner can read, which the
// first Share creates. Work and Shared check the signature, in constant
// time, over the canonical encoding of the search they decoded (the
// JSON encoding/json makes of it, so the stored text's layout does not
// matter, every byte of a cell does), and refuse a search that is
// unsigned, signed with another key, signed for another study or changed
// since (ErrUnsigned, ErrBadSignature). The search's digest, the SHA-256
// of that encoding, is what a worker prints before it runs anything and
// what Watch shows. A trial's parameters are not signed (workers write
// them), so Work holds those it reads to the signed search: on a grid's
// axes they must be the grid's values, elsewhere within the ranges the
// objective asks for; a trial outside fails before the objective runs.
// What the key does not guard: the results, and which trials run, which
// anyone who can write to the storage can change.
//
// Hyperband across workers is the Halving pruner with Brackets:
// asynchronous successive halving whose trials are spread over
// brackets by their number. Study.SuccessiveHalving and Study.Hyperband
// pause trials and resume them from models kept in the process's memory,
// which another machine cannot resume; they stay single-process.
//
// # Rendering
//
// A Study (or a Snapshot of it) renders as an HTML table, best first:
// parameters, value, state, steps, duration. History plots the
// optimisation history; Slice plots the objective against each parameter
// on its own scale (a log axis for a log parameter, where the U-shaped
// curve of the learning rate shows itself); Intermediate plots every
// trial's intermediate values with the pruned ones greyed. While a search
// runs, a progress bar and a live chart of the values update in place
// (Options.Quiet turns them off).
package tune
