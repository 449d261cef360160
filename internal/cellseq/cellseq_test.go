package cellseq

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a := Generate(Config{Seed: 7, Steps: 40})
	b := Generate(Config{Seed: 7, Steps: 40})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two sequences of one seed differ")
	}
	c := Generate(Config{Seed: 8, Steps: 40})
	if reflect.DeepEqual(a.Cells, c.Cells) {
		t.Fatal("seeds 7 and 8 give the same sequence")
	}
	// A shorter sequence of the same seed is a prefix of the longer one.
	p := Generate(Config{Seed: 7, Steps: 10})
	if !reflect.DeepEqual(p.Cells, a.Cells[:len(p.Cells)]) {
		t.Fatal("10 steps of seed 7 are not a prefix of its 40 steps")
	}
}

func TestEveryKindAppears(t *testing.T) {
	seen := map[string]bool{}
	for seed := range uint64(200) {
		for _, c := range Generate(Config{Seed: seed}).Cells {
			seen[c.Kind] = true
		}
	}
	for _, k := range Kinds() {
		if !seen[k] && !slices.Contains(DefaultExclude, k) {
			t.Errorf("kind %s never generated in 200 sequences", k)
		}
	}
	for _, k := range DefaultExclude {
		if seen[k] {
			t.Errorf("kind %s is excluded by default but was generated", k)
		}
	}
}

func TestOnly(t *testing.T) {
	for _, c := range Generate(Config{Seed: 1, Only: []string{"declVar", "trailing"}}).Cells {
		if !slices.Contains([]string{"declVar", "trailing", "probeUsable", "probeValues"}, c.Kind) {
			t.Fatalf("kind %s generated with Only declVar, trailing", c.Kind)
		}
	}
}

// perfect answers every cell as the model says.
func perfect(seq Sequence) []Got {
	var got []Got
	for _, c := range seq.Cells {
		g := Got{Stdout: c.Stdout, Result: c.Result}
		switch c.Want {
		case CompileError:
			g.Name = "CompileError"
		case Panic:
			g.Name = "Panic"
		case RuntimeError:
			g.Name = "RuntimeError"
		case Interrupted:
			g.Name = "Interrupted"
		case AnyError:
			g.Name = "RuntimeError"
		}
		got = append(got, g)
	}
	return got
}

func TestCheckPerfectKernel(t *testing.T) {
	for seed := range uint64(50) {
		seq := Generate(Config{Seed: seed})
		if r := Check(seq, perfect(seq), nil); len(r.Failures) > 0 {
			t.Fatalf("seed %d: a kernel that does what the model says fails:\n%v", seed, r.Failures[0])
		}
	}
}

func TestCheckFindsBrokenInvariants(t *testing.T) {
	seq := Generate(Config{Seed: 3, Steps: 40})
	index := func(kind string) int {
		for i, c := range seq.Cells {
			if c.Kind == kind {
				return i
			}
		}
		t.Fatalf("no %s cell in seed 3", kind)
		return -1
	}
	for _, tc := range []struct {
		check string
		at    int
		edit  func(*Got)
	}{
		{CheckInternal, index("declVar"), func(g *Got) { g.Name, g.Value = "InternalError", "nil reflect type" }},
		{CheckInternal, index("declVar"), func(g *Got) { g.Name = "RuntimeError" }},
		{CheckInternal, index("declVar"), func(g *Got) { g.Stderr = "2026/01/01 00:00:00 nil type\n" }},
		{CheckOutcome, index("failArity"), func(g *Got) { g.Name = "" }},
		{CheckUsable, index("probeUsable"), func(g *Got) { g.Name = "CompileError" }},
		{CheckValues, lastValues(seq), func(g *Got) { g.Stdout = strings.Replace(g.Stdout, " ", " 1", 1) }},
		{CheckValues, index("declVar"), func(g *Got) { g.Stderr = "note: variable v9 was dropped: its type int changed\n" }},
	} {
		got := perfect(seq)
		tc.edit(&got[tc.at])
		r := Check(seq, got, nil)
		if len(r.Failures) == 0 || r.Failures[0].Check != tc.check || r.Failures[0].Index != tc.at {
			t.Errorf("cell %d (%s) broken for %s: %v", tc.at, seq.Cells[tc.at].Kind, tc.check, r.Failures)
		}
		if r := Check(seq, got, []string{"none"}); len(r.Failures) > 0 {
			t.Errorf("with no check enabled: %v", r.Failures)
		}
	}
	// A kernel that dies: the cells after it are an internal failure.
	if r := Check(seq, perfect(seq)[:5], nil); len(r.Failures) != 1 || r.Failures[0].Check != CheckInternal {
		t.Errorf("a kernel that stopped after 5 cells: %v", r.Failures)
	}
}

func lastValues(seq Sequence) int {
	for i := len(seq.Cells) - 1; i >= 0; i-- {
		if seq.Cells[i].Kind == "probeValues" && strings.Count(seq.Cells[i].Stdout, "\n") > 2 {
			return i
		}
	}
	return -1
}

// After a cell Go runs fails, the model no longer describes the session:
// that failure is reported, later differences of outcome and values are
// not, internal failures still are.
func TestCheckStopsAfterDivergence(t *testing.T) {
	seq := Generate(Config{Seed: 3, Steps: 40})
	first := -1
	for i, c := range seq.Cells {
		if c.Kind == "declVar" {
			first = i
			break
		}
	}
	got := perfect(seq)
	got[first].Name = "CompileError"
	last := lastValues(seq)
	got[last].Stdout = "values\nwrong\n"
	r := Check(seq, got, nil)
	if len(r.Failures) != 1 || r.Failures[0].Index != first || r.Failures[0].Check != CheckOutcome {
		t.Errorf("failures %v, want the outcome of cell %d only", r.Failures, first)
	}
	got[last].Name = "InternalError"
	if r := Check(seq, got, nil); len(r.Failures) != 2 || r.Failures[1].Check != CheckInternal {
		t.Errorf("an internal failure after the divergence: %v", r.Failures)
	}
}

// TestGenericStepsKeepOtherDraws checks what generic.go promises: the
// generic steps come from a stream of their own, so that the other steps
// of a seed are the same with them and without them.
func TestGenericStepsKeepOtherDraws(t *testing.T) {
	var generic []string
	for _, s := range genericSteps {
		generic = append(generic, s.name)
	}
	main := func(seq Sequence) []Cell {
		var out []Cell
		for _, c := range seq.Cells {
			if c.Kind == "probeUsable" || c.Kind == "probeValues" || slices.Contains(generic, c.Kind) {
				continue
			}
			c.Step = 0
			out = append(out, c)
		}
		return out
	}
	seen := 0
	for seed := range uint64(40) {
		with := Generate(Config{Seed: seed})
		without := Generate(Config{Seed: seed, Exclude: generic})
		if !reflect.DeepEqual(main(with), main(without)) {
			t.Fatalf("seed %d: the generic steps changed the other steps", seed)
		}
		if len(with.Cells) > len(without.Cells) {
			seen++
		}
		if len(main(without))*3 != len(without.Cells) {
			t.Fatalf("seed %d: a generic step without the generic kinds", seed)
		}
	}
	if seen < 30 {
		t.Errorf("generic steps in %d of 40 sequences only", seen)
	}
}
