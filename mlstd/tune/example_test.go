package tune_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune"
	"github.com/methodic-go/methodic/mlstd/tune/functions"
	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// A define-by-run objective: the trial suggests a learning rate on a log
// scale, a width and an activation; the search keeps the best.
func ExampleStudy_Optimize() {
	ctx := context.Background()
	st, err := tune.NewStudy(ctx, "u-curve", tune.StudyOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	objective := func(ctx context.Context, t *tune.Trial) (float64, error) {
		lr := t.LogFloat("lr", 1e-5, 1)
		units := t.LogInt("units", 8, 512)
		act := t.Choice("act", "relu", "tanh")
		// A validation error that is U-shaped in log10(lr), lowest at 3e-3.
		v := 0.02 + 0.05*math.Pow(math.Log10(lr/3e-3), 2) + 0.001*math.Abs(math.Log2(float64(units))-7)
		if act == "tanh" {
			v += 0.01
		}
		return v, nil
	}
	err = st.Optimize(ctx, objective, tune.Options{Trials: 60, Seed: 1, Quiet: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	best, _ := st.Best(ctx)
	lr, _ := best.Param("lr")
	act, _ := best.Param("act")
	fmt.Printf("best error %.3f with lr near 3e-3: %v, act %s\n", best.Value, math.Abs(math.Log10(lr.Value/3e-3)) < 0.5, act.Label())
	// Output: best error 0.022 with lr near 3e-3: true, act relu
}

// The chapter's iterative grid search: the best at the edge moves the grid
// outward, the best inside narrows it.
func ExampleGrid_Refine() {
	g := tune.NewGrid().Values("alpha", -1, 0, 1).LogValues("lr", 0.001, 0.01, 0.1)
	edge := g.Refine(map[string]float64{"alpha": 1, "lr": 0.1})
	inside := g.Refine(map[string]float64{"alpha": 0, "lr": 0.1})
	fmt.Println(edge.Axes()[0].Values, edge.Axes()[1].Values)
	fmt.Println(inside.Axes()[0].Values)
	// Output:
	// [1 2 3] [0.1 1 10]
	// [-0.1 0 0.1]
}

// A grid search, refined once around its best point and run again in the
// same study: points already tried are not run twice.
func ExampleNewGrid() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "grid", tune.StudyOptions{})
	objective := func(ctx context.Context, t *tune.Trial) (float64, error) {
		lr := t.LogFloat("lr", 1e-6, 10)
		return math.Pow(math.Log10(lr)+1.2, 2), nil
	}
	g := tune.NewGrid().LogValues("lr", 1e-4, 1e-3, 1e-2)
	st.Optimize(ctx, objective, tune.Options{Sampler: g, Quiet: true})
	best, _ := st.Best(ctx)
	fmt.Printf("coarse: lr %g\n", best.Params[0].Value)
	g = g.Refine(tune.ParamValues(best)) // best at the edge: {0.01, 0.1, 1}
	st.Optimize(ctx, objective, tune.Options{Sampler: g, Quiet: true})
	best, _ = st.Best(ctx)
	fmt.Printf("moved: lr %g\n", best.Params[0].Value)
	g = g.Refine(tune.ParamValues(best)) // best 0.1 inside: {10^-1.1, 0.1, 10^-0.9}
	st.Optimize(ctx, objective, tune.Options{Sampler: g, Quiet: true})
	best, _ = st.Best(ctx)
	ts, _ := st.Trials(ctx)
	fmt.Printf("refined: lr %.4g after %d trials\n", best.Params[0].Value, len(ts))
	// Output:
	// coarse: lr 0.01
	// moved: lr 0.1
	// refined: lr 0.07943 after 7 trials
}

// Random search draws each parameter independently, log-uniformly for log
// parameters; the same seed gives the same trials.
func ExampleNewRandom() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "random", tune.StudyOptions{})
	objective := func(ctx context.Context, t *tune.Trial) (float64, error) {
		return functions.Branin(t.Float("x1", -5, 10), t.Float("x2", 0, 15)), nil
	}
	st.Optimize(ctx, objective, tune.Options{Trials: 100, Sampler: tune.NewRandom(7), Quiet: true})
	best, _ := st.Best(ctx)
	fmt.Printf("best of 100 random trials: %.2f (minimum %.2f)\n", best.Value, functions.BraninMin)
	// Output: best of 100 random trials: 0.45 (minimum 0.40)
}

// The model-based sampler gets closer to Branin's minimum with fewer
// trials.
func ExampleNewTPE() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "tpe", tune.StudyOptions{})
	objective := func(ctx context.Context, t *tune.Trial) (float64, error) {
		return functions.Branin(t.Float("x1", -5, 10), t.Float("x2", 0, 15)), nil
	}
	st.Optimize(ctx, objective, tune.Options{Trials: 100, Sampler: tune.NewTPE(7, tune.TPEOptions{}), Quiet: true})
	best, _ := st.Best(ctx)
	fmt.Printf("best of 100 TPE trials: %.2f\n", best.Value)
	// Output: best of 100 TPE trials: 0.59
}

// Median pruning stops a trial whose learning curve is worse than the
// median of the complete ones at the same epoch.
func ExampleMedian() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "median", tune.StudyOptions{})
	epochs := 0
	objective := func(ctx context.Context, t *tune.Trial) (float64, error) {
		q := t.Float("q", 0, 1)
		var v float64
		for e := 1; e <= 20; e++ {
			epochs++
			v = q + 1/float64(e)
			t.Report(e, v)
			if t.ShouldPrune() {
				return v, tune.ErrPruned
			}
		}
		return v, nil
	}
	st.Optimize(ctx, objective, tune.Options{Trials: 30, Sampler: tune.NewRandom(1), Pruner: tune.Median{}, Quiet: true})
	sn, _ := st.Snapshot(ctx)
	c := sn.Counts()
	fmt.Printf("%d complete, %d pruned, %d of 600 epochs trained\n", c[store.Complete], c[store.Pruned], epochs)
	// Output: 10 complete, 20 pruned, 220 of 600 epochs trained
}

// A Trainable keeps its model in the Step's closure, so Hyperband can
// pause a trial and resume it where it stopped when it is promoted.
func ExampleStudy_Hyperband() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "hyperband", tune.StudyOptions{})
	built := 0
	trainable := func(ctx context.Context, t *tune.Trial) (tune.Step, error) {
		q := t.Float("q", 0, 1) // how good this configuration ends up
		built++
		epoch := 0 // the model's state
		return func(ctx context.Context) (float64, error) {
			epoch++
			return q + 1/float64(epoch), nil
		}, nil
	}
	err := st.Hyperband(ctx, trainable, tune.HalvingOptions{MaxEpochs: 9, Eta: 3, Seed: 1, Quiet: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	sn, _ := st.Snapshot(ctx)
	c := sn.Counts()
	fmt.Printf("%d trials built once each: %d complete, %d pruned, %d epochs in all\n", built, c[store.Complete], c[store.Pruned], sn.Epochs())
	// Output: 17 trials built once each: 5 complete, 12 pruned, 69 epochs in all
}

// Successive halving: 9 trials of 1 epoch, the best 3 resume to 3 epochs,
// the best of those to 9.
func ExampleStudy_SuccessiveHalving() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "sh", tune.StudyOptions{})
	trainable := func(ctx context.Context, t *tune.Trial) (tune.Step, error) {
		q := t.Float("q", 0, 1)
		epoch := 0
		return func(ctx context.Context) (float64, error) {
			epoch++
			return q + 1/float64(epoch), nil
		}, nil
	}
	st.SuccessiveHalving(ctx, trainable, tune.HalvingOptions{MaxEpochs: 9, Eta: 3, Seed: 3, Quiet: true})
	fmt.Println(st)
	sn, _ := st.Snapshot(ctx)
	fmt.Println(sn.Epochs(), "epochs instead of", 9*9)
	// Output:
	// study "sh": 9 trials (1 complete, 8 pruned); best min = 0.326549 (trial 6: q=0.215438)
	// 21 epochs instead of 81
}

// Epochs turns a Trainable into an objective for Optimize, reporting each
// epoch so that a pruner can stop it.
func ExampleEpochs() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "epochs", tune.StudyOptions{})
	trainable := func(ctx context.Context, t *tune.Trial) (tune.Step, error) {
		q := t.Float("q", 0, 1)
		epoch := 0
		return func(ctx context.Context) (float64, error) {
			epoch++
			return q + 1/float64(epoch), nil
		}, nil
	}
	st.Optimize(ctx, tune.Epochs(trainable, 10), tune.Options{Trials: 20, Sampler: tune.NewRandom(2), Pruner: tune.Median{}, Quiet: true})
	sn, _ := st.Snapshot(ctx)
	fmt.Println(sn.Epochs(), "of 200 epochs trained")
	// Output: 74 of 200 epochs trained
}

// A study in a SQLite file survives the kernel: a new process (here, a new
// NewStudy) with the same name and file resumes it.
func ExampleNewStudy() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "tune")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "study.db")
	// Three sessions, as three kernels would run them: the first is cut
	// short after 3 trials (an interrupt; a crash does the same), the
	// second runs the same cell again, the third asks for more.
	for session, budget := range []int{5, 5, 8} {
		st, err := tune.NewStudy(ctx, "kept", tune.StudyOptions{URL: path})
		if err != nil {
			fmt.Println(err)
			return
		}
		sctx, cancel := context.WithCancel(ctx)
		ran := 0
		objective := func(ctx context.Context, t *tune.Trial) (float64, error) {
			if ran++; session == 0 && ran == 3 {
				cancel()
			}
			return math.Abs(t.Float("x", -1, 1)), nil
		}
		err = st.Optimize(sctx, objective, tune.Options{Trials: budget, Sampler: tune.NewRandom(uint64(session)), Quiet: true})
		cancel()
		ts, _ := st.Trials(ctx)
		fmt.Printf("session %d, budget %d: ran %d trials (%v); the study has %d\n", session, budget, ran, err, len(ts))
		st.Close()
	}
	// Output:
	// session 0, budget 5: ran 3 trials (context canceled); the study has 3
	// session 1, budget 5: ran 2 trials (<nil>); the study has 5
	// session 2, budget 8: ran 3 trials (<nil>); the study has 8
}

// The charts of a study render in a notebook as SVG and PNG.
func ExampleStudy_Slice() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "slice", tune.StudyOptions{})
	st.Optimize(ctx, func(ctx context.Context, t *tune.Trial) (float64, error) {
		return math.Pow(math.Log10(t.LogFloat("lr", 1e-5, 1))+3, 2), nil
	}, tune.Options{Trials: 20, Sampler: tune.NewRandom(1), Quiet: true})
	fmt.Println(st.Slice("lr"))
	fmt.Println(st.History())
	fmt.Println(st.Intermediate())
	// Output:
	// <chart "objective value by parameter">
	// <chart "optimisation history">
	// <chart "objective value by epoch, every trial">
}

// A grid's points are the product of its axes, the last varying fastest.
func ExampleGrid_Points() {
	g := tune.NewGrid().LogInts("units", 50, 100, 200).Choices("act", "relu", "tanh")
	fmt.Println(g.Size(), "points")
	for _, pt := range g.Points()[:3] {
		fmt.Println(pt[0].Label(), pt[1].Label())
	}
	// Output:
	// 6 points
	// 50 relu
	// 50 tanh
	// 100 relu
}

// RefineBy narrows by another factor than the chapter's ten.
func ExampleGrid_RefineBy() {
	g := tune.NewGrid().Values("momentum", 0.5, 0.7, 0.9)
	fmt.Println(g.RefineBy(map[string]float64{"momentum": 0.7}, 2).Axes()[0].Values)
	// Output: [0.6 0.7 0.8]
}

// Trials whose worker died (a killed kernel) stay "running" in the file
// until their heartbeat is stale; FailStale marks them interrupted.
func ExampleStudy_FailStale() {
	ctx := context.Background()
	s := store.NewMemory()
	st, _ := tune.NewStudy(ctx, "crashed", tune.StudyOptions{Storage: s})
	info, _ := s.LoadStudy(ctx, "crashed")
	s.AddTrial(ctx, info.ID, store.Trial{State: store.Running, Worker: "dead-kernel"})
	time.Sleep(20 * time.Millisecond)
	marked, _ := st.FailStale(ctx, 10*time.Millisecond)
	fmt.Println(len(marked), marked[0].State, "-", marked[0].Note)
	// Output: 1 interrupted - heartbeat lost
}

// A study keeps notes and settings beside its trials.
func ExampleStudy_SetAttr() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "notes", tune.StudyOptions{})
	st.SetAttr(ctx, "dataset", "digits, 60/20/20 split, seed 0")
	a, _ := st.Attrs(ctx)
	fmt.Println(a["dataset"])
	// Output: digits, 60/20/20 split, seed 0
}

// A Snapshot counts the trials by state and names the best.
func ExampleSnapshot() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "snap", tune.StudyOptions{})
	st.Optimize(ctx, func(ctx context.Context, t *tune.Trial) (float64, error) {
		x := t.Float("x", -1, 1)
		if x > 0.5 {
			return 0, tune.ErrPruned
		}
		return x * x, nil
	}, tune.Options{Trials: 10, Sampler: tune.NewRandom(4), Quiet: true})
	sn, _ := st.Snapshot(ctx)
	fmt.Println(sn.Counts()[tune.Complete], "complete,", sn.Counts()[tune.Pruned], "pruned")
	fmt.Println(sn.ParamNames())
	// Output:
	// 8 complete, 2 pruned
	// [x]
}

// A grid prints its axes, each on its scale.
func ExampleGrid_String() {
	g := tune.NewGrid().LogValues("lr", 0.001, 0.01, 0.1).LogInts("units", 50, 100, 200).Choices("act", "relu", "tanh")
	fmt.Println(g)
	fmt.Println(g.Refine(map[string]float64{"lr": 0.01, "units": 200}))
	// Output:
	// grid of 18 points: lr log {0.001, 0.01, 0.1} × units log int {50, 100, 200} × act {relu, tanh}
	// grid of 18 points: lr log {0.00794328, 0.01, 0.0125893} × units log int {200, 400, 800} × act {relu, tanh}
}

// Asynchronous successive halving stops most trials at their first rungs
// without waiting for the others, so it works with many workers.
func ExampleHalving() {
	ctx := context.Background()
	st, _ := tune.NewStudy(ctx, "asha", tune.StudyOptions{})
	trainable := func(ctx context.Context, t *tune.Trial) (tune.Step, error) {
		q := t.Float("q", 0, 1)
		epoch := 0
		return func(ctx context.Context) (float64, error) {
			epoch++
			return q + 1/float64(epoch), nil
		}, nil
	}
	st.Optimize(ctx, tune.Epochs(trainable, 27), tune.Options{Trials: 30, Sampler: tune.NewRandom(5), Pruner: tune.Halving{}, Quiet: true})
	sn, _ := st.Snapshot(ctx)
	fmt.Println(sn.Counts()[tune.Pruned], "of 30 pruned;", sn.Epochs(), "of", 30*27, "epochs")
	// Output: 28 of 30 pruned; 106 of 810 epochs
}

// A study shared with workers: the notebook stores the search (the cells
// workers run and the objective's name) with Share, which signs it with
// the notebook's key; workers holding the same key check the signature
// and run Work (methodic worker does, on other machines, with a
// PostgreSQL URL and a copy of the key file); the notebook watches
// (Watch). Here two workers run in this process on one SQLite file.
func ExampleStudy_Share() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "shared")
	defer os.RemoveAll(dir)
	url := filepath.Join(dir, "study.db") // "postgres://tuner@db/studies" across machines
	// Without StudyOptions.Key, the key is tune.DefaultKey (created by the
	// first Share); a file of one's own works as well.
	key, err := tune.CreateKey(filepath.Join(dir, "tune.key"))
	if err != nil {
		fmt.Println(err)
		return
	}
	nb, _ := tune.NewStudy(ctx, "shared", tune.StudyOptions{URL: url, Key: key})
	defer nb.Close()
	objectiveCell := `func objective(ctx context.Context, t *tune.Trial) (float64, error) {
	x := t.Float("x", -2, 2)
	return x * x, nil
}`
	err = nb.Share(ctx, tune.Shared{
		Cells:     []string{objectiveCell},
		Objective: "objective",
		Sampler:   tune.NewGrid().Values("x", -2, -1, 0, 1, 2),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// What each worker does with the cells' objective.
	objective := func(ctx context.Context, t *tune.Trial) (float64, error) {
		x := t.Float("x", -2, 2)
		return x * x, nil
	}
	done := make(chan error)
	for i := 0; i < 2; i++ {
		go func(i int) {
			w, err := tune.LoadStudy(ctx, "shared", tune.StudyOptions{URL: url, Key: key})
			if err != nil {
				done <- err
				return
			}
			defer w.Close()
			done <- w.Work(ctx, objective, tune.WorkOptions{Worker: fmt.Sprint("worker-", i)})
		}(i)
	}
	fmt.Println(<-done, <-done)
	sn, _ := nb.Snapshot(ctx)
	best, _ := sn.Best()
	fmt.Println(sn.Counts()[tune.Complete], "complete; best x =", best.Params[0].Value)
	// Output:
	// <nil> <nil>
	// 5 complete; best x = 0
}

// A worker runs a shared search only if its signature matches the
// worker's key: one holding another key refuses it, and so does every
// worker once the search was changed in the database.
func ExampleStudy_Shared() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "signed")
	defer os.RemoveAll(dir)
	url := filepath.Join(dir, "study.db")
	mine, _ := tune.CreateKey(filepath.Join(dir, "mine.key"))
	theirs, _ := tune.CreateKey(filepath.Join(dir, "theirs.key"))
	nb, _ := tune.NewStudy(ctx, "signed", tune.StudyOptions{URL: url, Key: mine})
	defer nb.Close()
	nb.Share(ctx, tune.Shared{Cells: []string{"func f(ctx context.Context, t *tune.Trial) (float64, error) { return 1, nil }"}, Objective: "f"})

	sh, err := nb.Shared(ctx) // as a worker with the same key reads it
	fmt.Println(sh.Objective, sh.Digest[:7], len(sh.Digest), err)

	other, _ := tune.LoadStudy(ctx, "signed", tune.StudyOptions{URL: url, Key: theirs})
	defer other.Close()
	_, err = other.Shared(ctx)
	fmt.Println(errors.Is(err, tune.ErrBadSignature))

	// Someone with access to the database edits the search.
	a, _ := nb.Attrs(ctx)
	nb.SetAttr(ctx, tune.AttrShared, strings.Replace(a[tune.AttrShared], "return 1", "return 0", 1))
	_, err = nb.Shared(ctx)
	why, _, _ := strings.Cut(err.Error(), " (") // the rest names the key and its file
	fmt.Println(why)
	// Output:
	// f sha256: 71 <nil>
	// true
	// tune: study "signed": refused: its shared search was changed after it was signed
}

// A key file: CreateKey makes one that only its owner can read, LoadKey
// reads it (on another machine, a copy of it), and refuses it once others
// may read it. A key prints as its ID and source, never as its secret.
func ExampleCreateKey() {
	dir, _ := os.MkdirTemp("", "key")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "tune.key")
	made, err := tune.CreateKey(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = tune.CreateKey(path)
	fmt.Println("a second CreateKey:", errors.Is(err, fs.ErrExist))
	read, _ := tune.LoadKey(path)
	fmt.Println("same key:", read.ID() == made.ID(), len(read.ID()))
	os.Chmod(path, 0o644)
	_, err = tune.LoadKey(path)
	fmt.Println(strings.Contains(err.Error(), "may be read or written by others"))
	// Output:
	// a second CreateKey: true
	// same key: true 16
	// true
}
