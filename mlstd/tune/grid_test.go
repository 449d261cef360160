package tune

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
)

func axisValues(t *testing.T, g *Grid, name string) []float64 {
	t.Helper()
	for _, a := range g.Axes() {
		if a.Name == name {
			return a.Values
		}
	}
	t.Fatalf("no axis %q", name)
	return nil
}

// The chapter's two examples: {-1, 0, 1} with the best at 1 moves to
// {1, 2, 3}; with the best at 0 it narrows to {-0.1, 0, 0.1}.
func TestRefineChapterExamples(t *testing.T) {
	g := NewGrid().Values("alpha", -1, 0, 1)
	if got, want := axisValues(t, g.Refine(map[string]float64{"alpha": 1}), "alpha"), []float64{1, 2, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("best at the edge: %v, want %v", got, want)
	}
	if got, want := axisValues(t, g.Refine(map[string]float64{"alpha": 0}), "alpha"), []float64{-0.1, 0, 0.1}; !reflect.DeepEqual(got, want) {
		t.Errorf("best inside: %v, want %v", got, want)
	}
	if got, want := axisValues(t, g.Refine(map[string]float64{"alpha": -1}), "alpha"), []float64{-3, -2, -1}; !reflect.DeepEqual(got, want) {
		t.Errorf("best at the bottom edge: %v, want %v", got, want)
	}
	// The original grid is unchanged.
	if got := axisValues(t, g, "alpha"); !reflect.DeepEqual(got, []float64{-1, 0, 1}) {
		t.Errorf("Refine changed its receiver: %v", got)
	}
}

func TestRefineLog(t *testing.T) {
	g := NewGrid().LogValues("lr", 0.001, 0.01, 0.1).LogInts("units", 50, 100, 200).Choices("act", "relu", "tanh").Ints("layers", 1, 2, 3)
	r := g.Refine(map[string]float64{"lr": 0.1, "units": 100, "act": 1, "layers": 2})
	if got, want := axisValues(t, r, "lr"), []float64{0.1, 1, 10}; !reflect.DeepEqual(got, want) {
		t.Errorf("log edge: %v, want %v", got, want)
	}
	// Inside on a log scale: ten times narrower in log10 around 100
	// (spacing log10(2)/10), rounded to integers.
	units := axisValues(t, r, "units")
	want := []float64{math.Round(100 / math.Pow(2, 0.1)), 100, math.Round(100 * math.Pow(2, 0.1))}
	if !reflect.DeepEqual(units, want) {
		t.Errorf("log int inside: %v, want %v", units, want)
	}
	// An integer axis cannot narrow below a step of one.
	if got := axisValues(t, r, "layers"); !reflect.DeepEqual(got, []float64{1, 2, 3}) {
		t.Errorf("int inside: %v, want [1 2 3]", got)
	}
	for _, a := range r.Axes() {
		if a.Name == "act" && !reflect.DeepEqual(a.Labels, []string{"relu", "tanh"}) {
			t.Errorf("choice axis changed: %v", a.Labels)
		}
	}
	lr := axisValues(t, g.Refine(map[string]float64{"lr": 0.01}), "lr")
	if len(lr) != 3 || math.Abs(math.Log10(lr[0])+2.1) > 1e-9 || lr[1] != 0.01 || math.Abs(math.Log10(lr[2])+1.9) > 1e-9 {
		t.Errorf("log inside: %v, want 10^-2.1, 0.01, 10^-1.9", lr)
	}
	// Iterating: best at the new edge moves again.
	if got := axisValues(t, r.Refine(map[string]float64{"lr": 10}), "lr"); !reflect.DeepEqual(got, []float64{10, 100, 1000}) {
		t.Errorf("second refinement: %v", got)
	}
}

func TestGridPoints(t *testing.T) {
	g := NewGrid().Values("a", 1, 2).Choices("b", "x", "y", "z")
	if g.Size() != 6 {
		t.Fatalf("Size = %d, want 6", g.Size())
	}
	pts := g.Points()
	var got []string
	for _, pt := range pts {
		got = append(got, pt[0].Label()+pt[1].Label())
	}
	if want := []string{"1x", "1y", "1z", "2x", "2y", "2z"}; !reflect.DeepEqual(got, want) {
		t.Errorf("points %v, want %v", got, want)
	}
	for _, f := range []func(){
		func() { NewGrid().Values("a") },
		func() { NewGrid().Values("a", 1).Values("a", 2) },
		func() { NewGrid().LogValues("a", 0, 1) },
		func() { NewGrid().Values("a", math.NaN()) },
		func() { g.RefineBy(nil, 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("misuse did not panic")
				}
			}()
			f()
		}()
	}
}

// A grid search runs every point once, and a refined grid run in the same
// study adds only its new points; the refined search finds a better point.
func TestGridSearchRefined(t *testing.T) {
	ctx := context.Background()
	st, err := NewStudy(ctx, "grid", StudyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	obj := func(ctx context.Context, tr *Trial) (float64, error) {
		calls++
		x := tr.Float("alpha", -1, 1)
		lr := tr.LogFloat("lr", 1e-4, 1)
		return (x-2.2)*(x-2.2) + math.Pow(math.Log10(lr)+2, 2), nil
	}
	g := NewGrid().Values("alpha", -1, 0, 1).LogValues("lr", 1e-3, 1e-2, 1e-1)
	if err := st.Optimize(ctx, obj, Options{Sampler: g, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if calls != 9 {
		t.Fatalf("%d calls, want 9", calls)
	}
	b, _ := st.Best(ctx)
	if v := ParamValues(b); v["alpha"] != 1 || v["lr"] != 0.01 {
		t.Fatalf("best of the first grid = %v", v)
	}
	g2 := g.Refine(ParamValues(b))
	if err := st.Optimize(ctx, obj, Options{Sampler: g2, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	// {1,2,3} x {10^-2.1, 0.01, 10^-1.9}: (1, 0.01) was run already.
	if calls != 9+8 {
		t.Errorf("%d calls after refining, want 17", calls)
	}
	b2, _ := st.Best(ctx)
	if v := ParamValues(b2); v["alpha"] != 2 || v["lr"] != 0.01 {
		t.Errorf("best of the refined grid = %v, want alpha 2 (outside the objective's declared range)", v)
	}
	// A grid with a parameter the objective does not suggest is fine; an
	// objective suggesting one the grid lacks fails clearly.
	bad := func(ctx context.Context, tr *Trial) (float64, error) { return tr.Float("beta", 0, 1), nil }
	st2, _ := NewStudy(ctx, "bad", StudyOptions{})
	err = st2.Optimize(ctx, bad, Options{Sampler: NewGrid().Values("alpha", 1), Quiet: true})
	if err == nil || !strings.Contains(err.Error(), `parameter "beta" is not in the grid`) {
		t.Errorf("err = %v", err)
	}
}
