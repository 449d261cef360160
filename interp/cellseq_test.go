package interp_test

// The cell-sequence fuzzer in process: seeded random sequences of cells
// (internal/cellseq) run in a Session, with the invariants checked after
// every cell. See internal/cellseq for the generator and the invariants.

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/methodic-go/methodic/internal/cellseq"
	"github.com/methodic-go/methodic/interp"
)

var (
	seqN      = flag.Int("cellseq.n", 0, "number of sequences the cell-sequence fuzzer runs (0: 40, or 2000 with METHODIC_CELLSEQ=long)")
	seqSteps  = flag.Int("cellseq.steps", 30, "steps per sequence")
	seqSeed   = flag.Uint64("cellseq.seed", 1, "seed of the first sequence; sequence i has seed+i")
	seqChecks = flag.String("cellseq.checks", "", "comma-separated invariants that fail the test (default: fullChecks and kindChecks; \"all\": every one)")
	seqKinds  = flag.String("cellseq.exclude", "", "comma-separated kinds of steps to leave out, besides kindExclude in its pass (\"none\": leave out nothing, not even cellseq.DefaultExclude)")
)

// The test runs the CI budget twice. The first pass has every kind of
// step and fails on fullChecks, the invariants that hold for all of them
// on main today; the others are counted and logged. The second leaves out
// kindExclude, the kinds that break an invariant today, and fails on
// kindChecks: it keeps what works working. As the interpreter comes to
// keep an invariant (issue 14), move it to fullChecks, and shrink
// kindExclude as kinds stop breaking one.
var (
	// Every invariant holds in the CI budget's 40 seeds. With more
	// (-cellseq.n 150) a combo step may declare one constant twice in a
	// cell, which Go refuses and the generator expects to run (outcome
	// and values/combo): a generator bug, not the kernel's.
	fullChecks  = cellseq.Checks
	kindChecks  = []string{cellseq.CheckUsable, cellseq.CheckInternal, cellseq.CheckOutcome}
	kindExclude = []string{}
)

func TestCellSequences(t *testing.T) {
	t.Run("all-kinds", func(t *testing.T) { runBudget(t, fullChecks, nil, "cellseq.txt") })
	t.Run("working-kinds", func(t *testing.T) { runBudget(t, kindChecks, kindExclude, "cellseq-working.txt") })
}

// runBudget runs the flags' budget of sequences without the kinds of
// exclude, and fails on the invariants of enforced.
func runBudget(t *testing.T, enforced, exclude []string, artifact string) {
	n := *seqN
	if n == 0 {
		n = 40
		if os.Getenv("METHODIC_CELLSEQ") == "long" {
			n = 2000
		}
	}
	switch *seqChecks {
	case "":
	case "all":
		enforced = cellseq.Checks
	default:
		enforced = strings.Split(*seqChecks, ",")
	}
	exclude, all := slices.Clone(exclude), false
	switch *seqKinds {
	case "":
	case "none":
		exclude, all = nil, true
	default:
		exclude = append(exclude, strings.Split(*seqKinds, ",")...)
	}

	start := time.Now()
	cells := 0
	drops := 0
	failedSeqs := map[string]int{} // check -> sequences with a failure of it
	classSeqs := map[string]int{}  // class -> sequences with a failure of it
	anyFailed := 0
	first := map[string]string{} // class -> shortest failing sequence, described
	for i := range n {
		cfg := cellseq.Config{Seed: *seqSeed + uint64(i), Steps: *seqSteps, Exclude: exclude, All: all}
		seq := cellseq.Generate(cfg)
		rep := runSequence(seq)
		cells += len(seq.Cells)
		drops += rep.Drops
		seen := map[string]bool{}
		for _, f := range rep.Failures {
			if !seen[f.Check] {
				seen[f.Check] = true
				failedSeqs[f.Check]++
			}
			if seen[f.Class()] {
				continue
			}
			seen[f.Class()] = true
			classSeqs[f.Class()]++
			if _, ok := first[f.Class()]; !ok && (testing.Verbose() || slices.Contains(enforced, f.Check)) {
				short, srep := cellseq.Shortest(cfg, f.Class(), runSequence)
				first[f.Class()] = describeFailure(short, srep, f.Class())
			}
		}
		if len(rep.Failures) > 0 {
			anyFailed++
		}
	}
	took := time.Since(start)

	var sum strings.Builder
	kinds := "every kind of step"
	if len(exclude) > 0 {
		kinds = "without " + strings.Join(exclude, ", ")
	}
	fmt.Fprintf(&sum, "cell-sequence fuzzer, in process, %s: %d sequences of %d steps (seeds %d-%d), %d cells, %v\n",
		kinds, n, *seqSteps, *seqSeed, *seqSeed+uint64(n)-1, cells, took.Round(time.Millisecond))
	fmt.Fprintf(&sum, "sequences with a failure: %d of %d; values dropped with a note: %d\n", anyFailed, n, drops)
	for _, c := range cellseq.Checks {
		mark := "checked"
		if slices.Contains(enforced, c) {
			mark = "enforced"
		}
		fmt.Fprintf(&sum, "  %-8s %-8s %d sequences failed\n", c, mark, failedSeqs[c])
	}
	var classes []string
	for c := range classSeqs {
		classes = append(classes, c)
	}
	slices.Sort(classes)
	sum.WriteString("failures by invariant/kind of step (sequences):")
	for _, c := range classes {
		fmt.Fprintf(&sum, " %s %d;", c, classSeqs[c])
	}
	sum.WriteString("\n")
	t.Log("\n" + sum.String())
	writeArtifact(t, artifact, sum.String())
	for _, c := range classes {
		check, _, _ := strings.Cut(c, "/")
		if slices.Contains(enforced, check) {
			t.Errorf("invariant %s broken; shortest failing sequence:\n%s", c, first[c])
		} else if testing.Verbose() {
			t.Logf("invariant %s (not enforced) broken; shortest failing sequence:\n%s", c, first[c])
		}
	}
}

// runSequence runs a sequence in a fresh session and checks it.
func runSequence(seq cellseq.Sequence) cellseq.Report {
	s, err := interp.New(interp.Options{})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	got := make([]cellseq.Got, 0, len(seq.Cells))
	for _, c := range seq.Cells {
		g, ok := runSeqCell(s, c)
		got = append(got, g)
		if !ok {
			break
		}
	}
	return cellseq.Check(seq, got, nil)
}

// runSeqCell runs one cell; ok is false when the session stopped
// answering (a cell that ran past twice its limit, or 60 s).
func runSeqCell(s *interp.Session, c cellseq.Cell) (cellseq.Got, bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	limit := 60 * time.Second
	if c.Timeout > 0 {
		time.AfterFunc(c.Timeout, cancel)
		limit = 2*c.Timeout + 10*time.Second
	}
	out := &output{}
	done := make(chan interp.Result, 1)
	go func() { done <- s.Execute(ctx, c.Code, out, interp.ExecOptions{}) }()
	var res interp.Result
	select {
	case res = <-done:
	case <-time.After(limit):
		return cellseq.Got{Name: "Hang", Value: fmt.Sprintf("the cell did not return within %v", limit)}, false
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	g := cellseq.Got{Stdout: out.stdout.String(), Stderr: out.stderr.String()}
	if res.Err != nil {
		g.Name, g.Value = res.Err.Name, res.Err.Value
		g.Traceback = strings.Join(res.Err.Traceback, "\n")
	}
	if res.Value != nil {
		g.Result = res.Value.Text()
	}
	return g, true
}

// describeFailure shows a failing sequence up to its first failure of
// check: the cells (probes left out) and what went wrong.
func describeFailure(seq cellseq.Sequence, rep cellseq.Report, class string) string {
	var f *cellseq.Failure
	for i := range rep.Failures {
		if rep.Failures[i].Class() == class {
			f = &rep.Failures[i]
			break
		}
	}
	if f == nil {
		return "(the shortest sequence did not fail again: a race?)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d, %d steps; cells up to the failure (probes left out):\n", seq.Seed, f.Cell.Step+1)
	for i, c := range seq.Cells[:f.Index] {
		if strings.HasPrefix(c.Kind, "probe") {
			continue
		}
		fmt.Fprintf(&b, "-- cell %d (%s, want %v)\n%s\n", i, c.Kind, c.Want, c.Code)
	}
	b.WriteString("-- failure: " + f.String() + "\n")
	return b.String()
}
