package diagnose

import (
	"context"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/gonum/mat"
)

// tableModel answers with fixed probabilities, row by row: a model whose
// losses the test knows.
type tableModel struct{ proba *mat.Dense }

func (t tableModel) Fit(context.Context, *data.Dataset, *data.Dataset) (*models.History, error) {
	return &models.History{}, nil
}

func (t tableModel) PredictProba(*mat.Dense) *mat.Dense { return mat.DenseCopyOf(t.proba) }

func (t tableModel) Predict(*mat.Dense) []int {
	r, _ := t.proba.Dims()
	out := make([]int, r)
	for i := range out {
		row := t.proba.RawRowView(i)
		for j, p := range row {
			if p > row[out[i]] {
				out[i] = j
			}
		}
	}
	return out
}

func (t tableModel) Score(d *data.Dataset) float64 {
	n := 0
	for i, p := range t.Predict(nil) {
		if p == d.Y[i] {
			n++
		}
	}
	return float64(n) / float64(d.Len())
}

func TestWorstMistakesKnownLosses(t *testing.T) {
	// Six rows of three classes; p(true) per row: 0.5, 0.1, 0.7, 0.1, 0.05, 0.9.
	d := &data.Dataset{Name: "toy", X: mat.NewDense(6, 2, nil), Y: []int{0, 1, 2, 0, 1, 2}, Classes: []string{"a", "b", "c"}}
	proba := mat.NewDense(6, 3, []float64{
		0.5, 0.3, 0.2, // right, unsure
		0.8, 0.1, 0.1, // wrong: b taken for a
		0.2, 0.1, 0.7, // right
		0.1, 0.1, 0.8, // wrong: a taken for c
		0.9, 0.05, 0.05, // wrong: b taken for a, worst
		0.05, 0.05, 0.9, // right, sure
	})
	mk, err := WorstMistakes(tableModel{proba}, d, 4)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, e := range mk.Examples {
		got = append(got, e.Index)
	}
	// Losses: row 4 (-log 0.05), rows 1 and 3 tie (-log 0.1, row order),
	// then row 0 (-log 0.5), a right but unsure answer.
	want := []int{4, 1, 3, 0}
	if !equalInts(got, want) {
		t.Fatalf("worst rows %v, want %v", got, want)
	}
	if e := mk.Examples[0]; e.Pred != 0 || e.True != 1 || math.Abs(e.Loss+math.Log(0.05)) > 1e-12 || e.Confidence != 0.9 {
		t.Errorf("worst example %+v", e)
	}
	if mk.Errors != 3 {
		t.Errorf("%d errors, want 3", mk.Errors)
	}
	pairs := mk.Confused.Pairs
	if len(pairs) != 2 || pairs[0] != (ConfusedPair{True: 1, Pred: 0, Count: 2}) || pairs[1] != (ConfusedPair{True: 0, Pred: 2, Count: 1}) {
		t.Errorf("confused pairs %+v", pairs)
	}
	if s := mk.String(); !strings.Contains(s, "3 errors in 6 rows") {
		t.Errorf("text:\n%s", s)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWorstMistakesAreHighestLoss(t *testing.T) {
	d := data.Digits().Scaled(1.0 / 16)
	sp, err := data.TrainTest(d, data.SplitOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m := models.NewMLP(models.MLPOptions{Hidden: []int{16}, Epochs: 5, Quiet: true, Seed: 1})
	if _, err := m.Fit(context.Background(), sp.Train, nil); err != nil {
		t.Fatal(err)
	}
	const k = 25
	mk, err := WorstMistakes(m, sp.Test, k)
	if err != nil {
		t.Fatal(err)
	}
	// Brute force: the loss of every test row from the probabilities.
	proba := m.PredictProba(sp.Test.X)
	loss := make([]float64, sp.Test.Len())
	for i := range loss {
		loss[i] = -math.Log(math.Max(proba.At(i, sp.Test.Y[i]), 1e-15))
	}
	order := make([]int, len(loss))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return loss[order[a]] > loss[order[b]] })
	if len(mk.Examples) != k {
		t.Fatalf("%d examples, want %d", len(mk.Examples), k)
	}
	for i, e := range mk.Examples {
		if e.Index != order[i] || e.Loss != loss[order[i]] {
			t.Errorf("example %d is row %d (loss %g), want row %d (loss %g)", i, e.Index, e.Loss, order[i], loss[order[i]])
		}
	}
	errs := 0
	for i, p := range m.Predict(sp.Test.X) {
		if p != sp.Test.Y[i] {
			errs++
		}
	}
	if mk.Errors != errs {
		t.Errorf("%d errors, want %d", mk.Errors, errs)
	}
	g := mk.Grid()
	if g == nil || len(g.Items) != k || !strings.Contains(g.Items[0].Caption, "true") {
		t.Fatalf("grid %+v", g)
	}
	b := mk.MIMEBundle()
	if h, _ := b.Data["text/html"].(string); strings.Count(h, "<img") != k {
		t.Errorf("the HTML holds %d images, want %d", strings.Count(h, "<img"), k)
	}
}

func TestInAction(t *testing.T) {
	d := data.Digits().Scaled(1.0 / 16)
	m := models.NewLogistic(models.LogisticOptions{MaxIter: 20})
	if _, err := m.Fit(context.Background(), d, nil); err != nil {
		t.Fatal(err)
	}
	g, err := InAction(m, d, 16, 7)
	if err != nil {
		t.Fatal(err)
	}
	pred := m.Predict(d.X)
	right := 0
	seen := map[int]bool{}
	for _, e := range g.Examples {
		if seen[e.Index] {
			t.Errorf("row %d drawn twice", e.Index)
		}
		seen[e.Index] = true
		if e.Pred != pred[e.Index] || e.True != d.Y[e.Index] {
			t.Errorf("example %+v: model predicts %d, label %d", e, pred[e.Index], d.Y[e.Index])
		}
		if e.Correct() {
			right++
		}
	}
	if len(g.Examples) != 16 || g.Correct != right {
		t.Errorf("%d examples, %d right, want 16 and %d", len(g.Examples), g.Correct, right)
	}
	again, _ := InAction(m, d, 16, 7)
	if again.Examples[0] != g.Examples[0] {
		t.Errorf("the same seed drew other rows")
	}
	iris := irisStd(t)
	li := models.NewLogistic(models.LogisticOptions{})
	if _, err := li.Fit(context.Background(), iris, nil); err != nil {
		t.Fatal(err)
	}
	tab, err := InAction(li, iris, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Grid() != nil || !strings.Contains(tab.String(), "petal") {
		t.Errorf("tabular data should render as a table with the features:\n%s", tab)
	}
}

func TestWorstMistakesInvalidData(t *testing.T) {
	d := data.Iris()
	bad := d.Subset([]int{0, 1, 2})
	bad.X.Set(1, 2, math.NaN())
	if _, err := WorstMistakes(tableModel{mat.NewDense(3, 3, nil)}, bad, 2); err == nil || !strings.HasPrefix(err.Error(), "diagnose:") {
		t.Errorf("err = %v, want a diagnose error", err)
	}
}
