package models

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/mat"
)

// withTargets returns d with two further targets that are functions of
// its digit class: "parity" (unlabelled for multiples of 3) and "high"
// (5 and up, three classes: low, high, 9).
func withTargets(d *data.Dataset) *data.Dataset {
	out := d.Subset(seqTo(d.Len()))
	out.Name = d.Name
	parity := data.Target{Name: "parity", Classes: []string{"even", "odd"}, Y: make([]int, d.Len())}
	high := data.Target{Name: "high", Classes: []string{"low", "high", "nine"}, Y: make([]int, d.Len())}
	for i, c := range d.Y {
		parity.Y[i] = c % 2
		if c%3 == 0 {
			parity.Y[i] = -1
		}
		high.Y[i] = min(2, c/5+c/9)
	}
	out.Targets = []data.Target{parity, high}
	return out
}

var headsOptions = ConvNetOptions{Conv: []Conv{{Filters: 4, Padding: 1, Pool: 2}, {Filters: 6, Padding: 1, Pool: 2}}, Hidden: []int{12}, Heads: []string{"parity", "high"}, Quiet: true}

// TestHeadsGradientFiniteDifferences checks every parameter of networks
// with heads (the trunk, whose gradient sums the heads', and the output
// layer's columns of every head) against central differences of Loss,
// with rows unlabelled for a head.
func TestHeadsGradientFiniteDifferences(t *testing.T) {
	imgs := withTargets(smallImages())
	for i, o := range convGradCases {
		o.Heads = []string{"parity", "high"}
		if i%2 == 1 {
			o.Heads = []string{"high"}
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkGradient(t, NewConvNet(o), imgs) })
	}
}

// TestHeadsLossIsTheSum: the loss is the mean over rows of the summed
// cross-entropies of the outputs a row is labelled for, computed from
// PredictOutputs' probabilities; the float32 path agrees with the float64
// twin; History records that loss and the share of rows whose every
// labelled output is right, which Score also gives.
func TestHeadsLossIsTheSum(t *testing.T) {
	sp := digitsSplit(t)
	train, val := withTargets(sp.Train), withTargets(sp.Val)
	o := headsOptions
	o.Epochs, o.Seed, o.LearningRate = 40, 1, 0.003
	m := NewConvNet(o)
	h, err := m.Fit(context.Background(), train, val)
	if err != nil {
		t.Fatal(err)
	}
	probs := m.PredictOutputs(val.X)
	if len(probs) != 3 {
		t.Fatalf("%d outputs, want 3", len(probs))
	}
	if !mat.Equal(probs[0], m.PredictProba(val.X)) {
		t.Error("PredictOutputs' first output is not PredictProba")
	}
	labels := [][]int{val.Y, val.Targets[0].Y, val.Targets[1].Y}
	var sum float64
	right := 0
	for r := range val.Len() {
		all := true
		for o, p := range probs {
			c := labels[o][r]
			if c < 0 {
				continue
			}
			row := p.RawRowView(r)
			sum -= math.Log(row[c])
			all = all && argmaxRows(mat.NewDense(1, len(row), row))[0] == c
		}
		if all {
			right++
		}
	}
	want := sum / float64(val.Len())
	last := h.Best() // the weights early stopping kept
	if math.Abs(last.ValLoss-want) > 1e-4*want {
		t.Errorf("validation loss %v, the summed cross-entropies give %v", last.ValLoss, want)
	}
	if l := m.Loss(m.Params(), val.X, m.Labels(val)); math.Abs(l-want) > 1e-4*want {
		t.Errorf("Loss %v, the summed cross-entropies give %v", l, want)
	}
	acc := float64(right) / float64(val.Len())
	if last.ValAccuracy != acc || m.Score(val) != acc {
		t.Errorf("validation accuracy %v, Score %v; rows with every output right: %v", last.ValAccuracy, m.Score(val), acc)
	}
	// Each output learns its target; the parity output is scored only on
	// the rows labelled for it.
	scores := m.ScoreOutputs(val)
	for o, s := range scores {
		if s < 0.8 {
			t.Errorf("output %d: validation accuracy %.3f", o, s)
		}
	}
	if acc > scores[0] || acc > scores[1] || acc > scores[2] {
		t.Errorf("whole-row accuracy %v above an output's %v", acc, scores)
	}
	l64, g64 := m.Gradient(m.Params(), train.X, m.Labels(train))
	l32, g32 := m.d.gradient32(train.X, m.Labels(train))
	if math.Abs(l64-l32) > 1e-4*l64 {
		t.Errorf("loss float32 %v, float64 %v", l32, l64)
	}
	for j := range g64 {
		if math.Abs(g64[j]-g32[j]) > 1e-4*math.Max(1e-2, math.Abs(g64[j])) {
			t.Errorf("gradient %d: float32 %v, float64 %v", j, g32[j], g64[j])
			break
		}
	}
	if got := m.String(); !strings.Contains(got, "→ 12 → 10+2+3 relu") {
		t.Errorf("String: %s", got)
	}
}

// TestHeadsUnlabelledAddNothing: a network with heads whose rows have no
// head labels has the loss and, on the trunk and Y's output, the gradient
// of the same network without heads; the heads' weights get no gradient.
func TestHeadsUnlabelledAddNothing(t *testing.T) {
	d := withTargets(smallImages())
	for i := range d.Targets {
		for r := range d.Targets[i].Y {
			d.Targets[i].Y[r] = -1
		}
	}
	o := ConvNetOptions{Conv: []Conv{{Filters: 3, Padding: 1, Pool: 2}}, Hidden: []int{5}, L2: 0.01}
	single := NewConvNet(o)
	o.Heads = []string{"parity", "high"}
	multi := NewConvNet(o)
	for _, m := range []*ConvNet{single, multi} {
		if err := m.Begin(d, nil); err != nil {
			t.Fatal(err)
		}
	}
	// The single network's parameters are the multi's without the heads'
	// columns of output/W and output/b (output/W is hidden x 10+2+3).
	pm := multi.Params()
	var ps []float64
	for _, b := range multi.ParamLayout() {
		v := pm[b.Offset : b.Offset+b.Size()]
		if b.Name != "output" {
			ps = append(ps, v...)
			continue
		}
		for r := range b.Rows {
			ps = append(ps, v[r*b.Cols:r*b.Cols+10]...)
		}
	}
	single.SetParams(ps)
	ps = single.Params()
	lm, gm := multi.Gradient(pm, d.X, multi.Labels(d))
	ls, gs := single.Gradient(ps, d.X, d.Y)
	// L2 counts the heads' weights too
	var heads float64
	for _, b := range multi.ParamLayout() {
		if b.Name == "output" && b.Kind == "W" {
			for r := range b.Rows {
				for _, w := range pm[b.Offset+r*b.Cols+10 : b.Offset+(r+1)*b.Cols] {
					heads += w * w
				}
			}
		}
	}
	if want := ls + 0.5*0.01*heads; math.Abs(lm-want) > 1e-12 {
		t.Errorf("loss with unlabelled heads %v, without heads %v", lm, want)
	}
	k := 0
	for _, b := range multi.ParamLayout() {
		g := gm[b.Offset : b.Offset+b.Size()]
		for j, v := range g {
			r, c := j/b.Cols, j%b.Cols
			if b.Name == "output" && c >= 10 {
				if b.Kind == "W" {
					v -= 0.01 * pm[b.Offset+j] // the L2 term alone
				}
				if math.Abs(v) > 1e-15 {
					t.Fatalf("%s/%s[%d,%d]: gradient %v from unlabelled rows", b.Name, b.Kind, r, c, v)
				}
				continue
			}
			if math.Abs(v-gs[k]) > 1e-12 {
				t.Fatalf("%s/%s[%d,%d]: gradient %v, without heads %v", b.Name, b.Kind, r, c, v, gs[k])
			}
			k++
		}
	}
}

// TestHeadsReproducible: with heads, a seeded run gives the same weights
// with 1 and 3 workers; 2+2 epochs with a pause equal 4 at once; early
// stopping on the summed validation loss restores the best epoch.
func TestHeadsReproducible(t *testing.T) {
	sp := digitsSplit(t)
	train, val := withTargets(sp.Train), withTargets(sp.Val)
	run := func(workers int) *ConvNet {
		o := headsOptions
		o.Conv = []Conv{{Filters: 32, Padding: 1, Pool: 2}, {Filters: 48, Padding: 1, Pool: 2}}
		o.Dropout, o.BatchNorm, o.Epochs, o.Seed, o.Workers = 0.2, true, 2, 7, workers
		m := NewConvNet(o)
		if _, err := m.Fit(context.Background(), train, val); err != nil {
			t.Fatal(err)
		}
		return m
	}
	if !paramsEqual(run(1).Params(), run(3).Params()) {
		t.Error("weights differ between 1 and 3 workers")
	}
	o := headsOptions
	o.Optimizer, o.Schedule, o.Patience = Nesterov, Schedule{Kind: Exponential}, -1
	a, b := NewConvNet(o), NewConvNet(o)
	for _, m := range []*ConvNet{a, b} {
		if err := m.Begin(train, val); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.Continue(context.Background(), 4); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Continue(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	_ = b.ScoreOutputs(val)
	if _, err := b.Continue(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	if !paramsEqual(a.Params(), b.Params()) {
		t.Error("paused and resumed training differs from uninterrupted training")
	}

	small, _ := data.Subsample(train, 100, 1)
	o = headsOptions
	o.LearningRate, o.Epochs, o.Patience = 0.01, 300, 3
	m := NewConvNet(o)
	h, err := m.Fit(context.Background(), small, val)
	if err != nil {
		t.Fatal(err)
	}
	if h.Stopped != "early stopping" || h.BestEpoch != len(h.Epochs)-3 {
		t.Fatalf("did not stop early with patience 3: %v", h)
	}
	loss, _ := m.d.evaluate(m.d.xVal, m.d.yVal)
	if math.Abs(loss-h.Best().ValLoss) > 1e-12 {
		t.Errorf("restored weights give val loss %v, best epoch had %v", loss, h.Best().ValLoss)
	}
}

// TestHeadsHooks: the output layer's trace holds every head's units.
func TestHeadsHooks(t *testing.T) {
	sp := digitsSplit(t)
	o := headsOptions
	o.Epochs = 1
	m := NewConvNet(o)
	var last *Trace
	m.SetHook(1, func(tr *Trace) { last = tr })
	if _, err := m.Fit(context.Background(), withTargets(sp.Train), nil); err != nil {
		t.Fatal(err)
	}
	out := last.Layers[len(last.Layers)-1]
	if _, c := out.Activation.Dims(); out.Name != "output" || c != 15 {
		t.Errorf("output layer %q has %d units, want 10+2+3", out.Name, c)
	}
	// The loss at chance sums ln K over the outputs a row is labelled
	// for: ln 10 + ln 3 always, ln 2 on the rows with a parity.
	if last.Chance <= math.Log(30) || last.Chance >= math.Log(60) {
		t.Errorf("trace's loss at chance %v, want between ln 30 and ln 60", last.Chance)
	}
	d := withTargets(sp.Val)
	want, labelled := math.Log(30), 0
	for _, c := range d.Targets[0].Y {
		if c >= 0 {
			labelled++
		}
	}
	want += math.Log(2) * float64(labelled) / float64(d.Len())
	if got := m.d.net.tail.chance(m.Labels(d), d.Len()); math.Abs(got-want) > 1e-12 {
		t.Errorf("loss at chance %v, want %v", got, want)
	}
	// each head's probabilities sum to one
	row := out.Activation.RawRowView(0)
	for _, seg := range [][2]int{{0, 10}, {10, 12}, {12, 15}} {
		s := 0.0
		for _, v := range row[seg[0]:seg[1]] {
			s += v
		}
		if math.Abs(s-1) > 1e-5 {
			t.Errorf("output units %v sum to %v", seg, s)
		}
	}
}

// TestHeadsSaveLoad: a network with heads round-trips through version 2
// of the file format; a version 1 file (no heads) still loads; a file
// whose heads disagree with its options is refused.
func TestHeadsSaveLoad(t *testing.T) {
	sp := digitsSplit(t)
	train := withTargets(sp.Train)
	o := headsOptions
	o.Epochs, o.BatchNorm = 2, true
	m := NewConvNet(o)
	if _, err := m.Fit(context.Background(), train, nil); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Save(&buf, m); err != nil {
		t.Fatal(err)
	}
	doc := readModelFile(t, buf.Bytes())
	if doc["version"] != float64(2) || doc["heads"] == nil {
		t.Errorf("file version %v, heads %v", doc["version"], doc["heads"])
	}
	m2, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	a, b := m.PredictOutputs(sp.Val.X), m2.(*ConvNet).PredictOutputs(sp.Val.X)
	for i := range a {
		if !mat.Equal(a[i], b[i]) {
			t.Errorf("output %d differs after Save and Load", i)
		}
	}
	if m.String() != m2.(*ConvNet).String() || m2.Score(train) != m.Score(train) {
		t.Errorf("loaded %v, saved %v", m2, m)
	}

	// A version 1 file: a single-output ConvNet written before heads.
	single := NewConvNet(ConvNetOptions{Conv: []Conv{{Filters: 2, Pool: 2}}, Epochs: 1, Quiet: true})
	if _, err := single.Fit(context.Background(), sp.Train, nil); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := Save(&buf, single); err != nil {
		t.Fatal(err)
	}
	v1 := readModelFile(t, buf.Bytes())
	v1["version"] = 1
	opts := v1["options"].(map[string]any)
	delete(opts, "Heads") // version 1 options had no such field
	old, err := Load(writeModelFile(t, v1))
	if err != nil {
		t.Fatalf("version 1 file: %v", err)
	}
	if !mat.Equal(old.PredictProba(sp.Val.X), single.PredictProba(sp.Val.X)) {
		t.Error("a version 1 file predicts otherwise")
	}

	bad := readModelFile(t, func() []byte { var b bytes.Buffer; _ = Save(&b, m); return b.Bytes() }())
	bad["heads"] = bad["heads"].([]any)[:1]
	if _, err := Load(writeModelFile(t, bad)); err == nil || !strings.Contains(err.Error(), "name 2 heads, the file has 1") {
		t.Errorf("heads missing from the file: %v", err)
	}
	bad["version"] = 3
	if _, err := Load(writeModelFile(t, bad)); err == nil || !strings.Contains(err.Error(), "reads up to 2") {
		t.Errorf("version 3: %v", err)
	}
}

func readModelFile(t *testing.T, b []byte) map[string]any {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.NewDecoder(zr).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func writeModelFile(t *testing.T, doc map[string]any) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(doc); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// TestHeadsBadInput: heads that name no target, targets missing from the
// validation data or of another size, and repeated heads are named in
// the error; Score on data without the targets panics with a message.
func TestHeadsBadInput(t *testing.T) {
	sp := digitsSplit(t)
	train, val := withTargets(sp.Train), withTargets(sp.Val)
	fewer := withTargets(sp.Val)
	fewer.Targets[1].Classes = []string{"low", "high"}
	for i := range fewer.Targets[1].Y {
		fewer.Targets[1].Y[i] = min(1, fewer.Targets[1].Y[i])
	}
	cases := []struct {
		heads      []string
		train, val *data.Dataset
		want       string
	}{
		{[]string{"colour"}, train, val, `head "colour": training data digits/train has no target of that name (it has "parity", "high")`},
		{[]string{"high"}, sp.Train, nil, "it has none"},
		{[]string{"high"}, train, sp.Val, `validation data digits/val has no target`},
		{[]string{"high"}, train, fewer, "validation data digits/val has 2 classes, training data digits/train has 3"},
		{[]string{"high", "high"}, train, val, `head 2: every head names a target of its own, got "high"`},
		{[]string{""}, train, val, `head 1: every head names a target of its own, got ""`},
	}
	for _, c := range cases {
		o := headsOptions
		o.Heads = c.heads
		_, err := NewConvNet(o).Fit(context.Background(), c.train, c.val)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "models: ") {
			t.Errorf("heads %q: err = %v, want %q", c.heads, err, c.want)
		}
	}
	o := headsOptions
	o.Epochs = 1
	m := NewConvNet(o)
	if _, err := m.Fit(context.Background(), train, nil); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r, _ := recover().(string); !strings.Contains(r, `head "parity": digits/test has no target`) {
			t.Errorf("Score without targets: panic %q", r)
		}
	}()
	m.Score(sp.Test)
}
