package tune

import (
	"bytes"
	"context"
	"encoding/base64"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/display"
	"gonum.org/v1/plot/cmpimg"
)

// regen is cmpimg's -regen flag: go test -regen rewrites the golden images.
var regen = cmpimg.GenerateTestData

// uCurve is a deterministic study for the rendering tests: a validation
// error that is U-shaped in the log of the learning rate, falls with the
// epochs, and is pruned by the median rule.
func uCurve(t *testing.T) *Study {
	t.Helper()
	st := newStudy(t, "digits-mlp", StudyOptions{})
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		lr := tr.LogFloat("lr", 1e-5, 1)
		units := tr.LogInt("units", 8, 512)
		act := tr.Choice("act", "relu", "tanh", "sigmoid")
		final := 0.03 + 0.04*math.Pow(math.Log10(lr)+2.5, 2) + 0.02*math.Abs(math.Log2(float64(units))-6)/6
		if act == "sigmoid" {
			final += 0.05
		}
		var v float64
		for e := 1; e <= 12; e++ {
			v = final + (0.9-final)*math.Exp(-float64(e)/3)
			tr.Report(e, v)
			if tr.ShouldPrune() {
				return v, ErrPruned
			}
		}
		return v, nil
	}
	if err := st.Optimize(context.Background(), obj, Options{Trials: 40, Sampler: NewRandom(11), Pruner: Median{WarmupSteps: 2}, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	return st
}

func checkGolden(t *testing.T, name string, c *Chart) {
	t.Helper()
	got, err := c.PNG(1)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+"_golden.png")
	if *regen {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -regen to create it)", err)
	}
	ok, err := cmpimg.EqualApprox("png", got, want, 0.01)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		os.WriteFile(filepath.Join("testdata", name+"_got.png"), got, 0o644)
		t.Errorf("%s differs from its golden image; see testdata/%s_got.png", name, name)
	}
}

func TestChartsGolden(t *testing.T) {
	st := uCurve(t)
	checkGolden(t, "history", st.History())
	checkGolden(t, "slice", st.Slice())
	checkGolden(t, "slice_lr", st.Slice("lr"))
	checkGolden(t, "intermediate", st.Intermediate())
}

func TestRenderTable(t *testing.T) {
	st := uCurve(t)
	sn, err := st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := sn.Best()
	h := st.HTML()
	for _, want := range []string{`<table class="methodic-table">`, ">lr</div></th>", ">units</div></th>", ">act</div></th>", "pruned", "complete", "<b>" + itoa(b.Number) + "</b>"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	// Best first, in bold: the first row is the best trial.
	first := h[strings.Index(h, "<tbody>"):]
	if !strings.HasPrefix(first, `<tbody><tr><td style="text-align:right"><div align="right"><b>`+itoa(b.Number)+`</b>`) {
		t.Errorf("first row is not the best trial %d: %.160s", b.Number, first)
	}
	// Pruned rows are greyed, and aligned by attributes that untrusted
	// notebooks keep.
	if !strings.Contains(h, `<span style="color:#999">`) || !strings.Contains(h, `<div align="right">`) {
		t.Error("no greyed row, or no aligned cells")
	}
	txt := sn.Table()
	lines := strings.Split(txt, "\n")
	if len(lines) != 42 || !strings.HasPrefix(lines[0], `study "digits-mlp": 40 trials (`) || !strings.HasPrefix(strings.TrimSpace(lines[2]), itoa(b.Number)+" ") {
		t.Errorf("text table:\n%s", txt)
	}
	bundle := display.Render(st)
	if _, ok := bundle.Data[display.MIMEHTML]; !ok {
		t.Error("a Study does not render as HTML")
	}
	cb := display.Render(st.History())
	png, _ := base64.StdEncoding.DecodeString(cb.Data[display.MIMEPNG].(string))
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Error("a chart does not render as PNG")
	}
	// Errors render as errors, not panics.
	empty := newStudy(t, "empty", StudyOptions{})
	if c := empty.Slice(); c.Err() == nil {
		t.Error("Slice of a study with no parameters has no error")
	}
	if c := st.Slice("nope"); c.Err() == nil || !strings.Contains(display.Render(c).Text(), `no parameter "nope"`) {
		t.Errorf("Slice of an unknown parameter: %v", c.Err())
	}
	for _, c := range []*Chart{empty.History(), empty.Intermediate()} {
		if _, err := c.PNG(1); err != nil {
			t.Errorf("an empty study's chart: %v", err)
		}
	}
	if s := empty.String(); s != `study "empty": 0 trials` {
		t.Errorf("String = %q", s)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestSliceLogTickLabels checks that a log axis spanning many decades
// labels its powers of ten as such (gonum's LogTicks accumulates rounding
// error: 1e-7·10·10 prints as 9.999999999999999e-06), and that an axis
// spanning less than a decade still has labels (gonum's has none).
func TestSliceLogTickLabels(t *testing.T) {
	st := newStudy(t, "log-ticks", StudyOptions{})
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		return tr.LogFloat("l2", 1e-7, 1e-3), nil
	}
	grid := NewGrid().LogValues("l2", 1e-7, 1e-5, 1e-3)
	if err := st.Optimize(context.Background(), obj, Options{Sampler: grid, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	p := st.Slice("l2").Plots()[0][0]
	labels := func(min, max float64) []string {
		var out []string
		for _, tk := range p.X.Tick.Marker.Ticks(min, max) {
			if tk.Label != "" && tk.Value >= min && tk.Value <= max {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	for _, c := range []struct {
		min, max float64
		want     []string
	}{
		{1e-7, 1e-3, []string{"1e-7", "1e-6", "1e-5", "0.0001", "0.001"}},
		{0.0019, 0.009, []string{"0.002", "0.005"}},
		{195, 947, []string{"200", "500"}},
		{0.05, 2, []string{"0.1", "1"}},
	} {
		if got := labels(c.min, c.max); !slices.Equal(got, c.want) {
			t.Errorf("tick labels on [%g, %g]: %q, want %q", c.min, c.max, got, c.want)
		}
	}
}

// TestChartLabels: the charts name the objective and the step as the
// study's options say, and nothing reads "objective", "step" or
// "intermediate value" when they are given.
func TestChartLabels(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "labels", StudyOptions{Objective: "validation error", Step: "epoch of training"})
	if err := st.Optimize(ctx, Epochs(func(ctx context.Context, tr *Trial) (Step, error) {
		x := tr.Float("x", 0, 1)
		e := 0
		return func(context.Context) (float64, error) { e++; return x + 1/float64(e), nil }, nil
	}, 3), Options{Trials: 4, Quiet: true, Sampler: NewRandom(1)}); err != nil {
		t.Fatal(err)
	}
	sn, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*Chart{"history": sn.History(), "slice": sn.Slice("x"), "intermediate": sn.Intermediate()} {
		p := c.Plots()[0][0]
		if p.Y.Label.Text != "validation error" {
			t.Errorf("%s: y axis %q, want the objective's label", name, p.Y.Label.Text)
		}
		if name == "intermediate" && p.X.Label.Text != "epoch of training" {
			t.Errorf("intermediate: x axis %q, want the step's label", p.X.Label.Text)
		}
	}
}
