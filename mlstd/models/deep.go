package models

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/methodic-go/methodic/mlstd/data"
	"gonum.org/v1/gonum/mat"
)

// deep is the training and prediction machinery that ConvNet and GRU
// share: the float32 network and its float64 twin, the training data in
// float32, the batches, and the trainer. (The MLP has its own, which reads
// its input in sparse form.)
type deep struct {
	kind     string // "ConvNet", "GRU": for messages
	classes  []string
	features int
	fit      fitOptions
	init     Init
	act      Activation
	net      *stack[float32]
	check    *stack[float64] // the float64 twin for Loss and Gradient
	build64  func() *stack[float64]
	tr       trainer

	xTrain, xVal        []float32
	yTrain, yVal, order []int
	yb                  []int
	xb                  []float32
	describe            func() string
	trainName           string

	// outs holds the number of classes of each softmax output of a
	// network with several (a ConvNet with Heads), nil for one; labels
	// then returns a data set's labels, len(outs) per row.
	outs   []int
	labels func(*data.Dataset) []int
}

// nout returns the number of labels per row: the number of outputs.
func (d *deep) nout() int { return max(1, len(d.outs)) }

// labelsOf returns the labels of d's rows that training reads (a copy).
func (d *deep) labelsOf(ds *data.Dataset) []int {
	if d.labels != nil {
		return d.labels(ds)
	}
	return append([]int(nil), ds.Y...)
}

// begin prepares training of the network net (just built for the data's
// shape) on train, watching val: it converts the data to float32, draws
// fresh weights from the seed and resets the trainer.
func (d *deep) begin(net *stack[float32], train, val *data.Dataset) {
	d.net, d.check = net, nil
	d.tr.begin(d.fit, net.params, net.grads, val != nil, func() [][]float32 { return d.net.running() })
	net.init(d.tr.rng, d.init, d.act)
	d.xTrain, d.yTrain = toFloat32(train.X), d.labelsOf(train)
	d.xVal, d.yVal = nil, nil
	if val != nil {
		d.xVal, d.yVal = toFloat32(val.X), d.labelsOf(val)
	}
	d.trainName = train.Name
	d.yb, d.xb = nil, nil // sized for the rows of this data by trainEpoch
	d.order = make([]int, train.Len())
	for i := range d.order {
		d.order[i] = i
	}
	d.tr.hist.Model = d.describe()
}

func (d *deep) mustBegun(who string) error {
	if d.net == nil || d.xTrain == nil {
		return fmt.Errorf("models: %s.%s: call Begin or Fit first", d.kind, who)
	}
	return nil
}

// trainEpoch trains one epoch over the shuffled training rows.
func (d *deep) trainEpoch(ctx context.Context) (Epoch, error) {
	if err := d.mustBegun("TrainEpoch"); err != nil {
		return Epoch{}, err
	}
	start := time.Now()
	t := &d.tr
	e := len(t.hist.Epochs) + 1
	lr := t.epochLR(e)
	n, nf, h := len(d.order), d.features, d.nout()
	bs := min(d.fit.batchSize(), n)
	t.rng.Shuffle(n, func(i, j int) { d.order[i], d.order[j] = d.order[j], d.order[i] })
	if len(d.xb) < bs*nf {
		d.yb = make([]int, bs*h)
		d.xb = make([]float32, bs*nf)
	}
	var lossSum float64
	correct, batch := 0, 0
	for b0 := 0; b0 < n; b0 += bs {
		if err := ctx.Err(); err != nil {
			return Epoch{}, err
		}
		rows := min(bs, n-b0)
		for i, r := range d.order[b0 : b0+rows] {
			if h == 1 {
				d.yb[i] = d.yTrain[r]
			} else {
				copy(d.yb[i*h:(i+1)*h], d.yTrain[r*h:(r+1)*h])
			}
			copy(d.xb[i*nf:(i+1)*nf], d.xTrain[r*nf:(r+1)*nf])
		}
		d.net.forward(d.xb, rows, training, t.rng)
		l, c := d.net.lossCorrect(d.yb, rows)
		lossSum += l
		correct += c
		tracing := t.tracing()
		var before []float32
		if tracing {
			before = append([]float32(nil), d.net.params...)
		}
		t.prepareStep(lr)
		d.net.backward(d.xb, d.yb, rows)
		t.applyAll(0, len(d.net.params))
		if tracing {
			t.hook(d.trace(e, batch, rows, l/float64(rows), lr, before))
		}
		batch++
	}
	rec := Epoch{Epoch: e, TrainLoss: lossSum/float64(n) + d.net.penalty(), TrainAccuracy: float64(correct) / float64(n), LearningRate: lr, ValLoss: math.NaN(), ValAccuracy: math.NaN()}
	if d.xVal != nil {
		rec.ValLoss, rec.ValAccuracy = d.evaluate(d.xVal, d.yVal)
	}
	t.afterEpoch(rec)
	rec.Time = time.Since(start)
	t.hist.Epochs = append(t.hist.Epochs, rec)
	return rec, nil
}

// chunk returns the rows of one inference pass: the batch size, so that
// predicting never needs larger buffers than training.
func (d *deep) chunk() int { return d.fit.batchSize() }

// evaluate returns the mean cross-entropy (without penalty) and accuracy
// of the network in inference mode on x, y (with several outputs: the
// mean of the summed cross-entropies, and the share of rows whose every
// labelled output is right).
func (d *deep) evaluate(x []float32, y []int) (float64, float64) {
	h, nf := d.nout(), d.features
	n := len(y) / h
	chunk := d.chunk()
	var loss float64
	correct := 0
	for i0 := 0; i0 < n; i0 += chunk {
		rows := min(chunk, n-i0)
		d.net.forward(x[i0*nf:(i0+rows)*nf], rows, inference, nil)
		l, c := d.net.lossCorrect(y[i0*h:(i0+rows)*h], rows)
		loss += l
		correct += c
	}
	return loss / float64(n), float64(correct) / float64(n)
}

// predictProba is PredictProba for either model: the probabilities of
// the (first) output.
func (d *deep) predictProba(who string, x *mat.Dense) *mat.Dense {
	return d.predictOutputs(who, x)[0]
}

// predictOutputs returns the probabilities of each output of the network
// on the rows of x.
func (d *deep) predictOutputs(who string, x *mat.Dense) []*mat.Dense {
	checkPredict(d.kind+"."+who, d.net != nil, d.features, x)
	chunk := d.chunk()
	r, _ := x.Dims()
	outs := d.outs
	if outs == nil {
		outs = []int{len(d.classes)}
	}
	width := 0
	res := make([]*mat.Dense, len(outs))
	for h, k := range outs {
		res[h] = mat.NewDense(r, k, nil)
		width += k
	}
	buf := make([]float32, chunk*d.features)
	for i0 := 0; i0 < r; i0 += chunk {
		rows := min(chunk, r-i0)
		for i := 0; i < rows; i++ {
			dst := buf[i*d.features : (i+1)*d.features]
			for j, v := range x.RawRowView(i0 + i) {
				dst[j] = float32(v)
			}
		}
		d.net.forward(buf, rows, inference, nil)
		p := d.net.probs()
		for i := 0; i < rows; i++ {
			c := i * width
			for _, out := range res {
				dst := out.RawRowView(i0 + i)
				for j := range dst {
					dst[j] = float64(p[c+j])
				}
				c += len(dst)
			}
		}
	}
	return res
}

func (d *deep) mustBuilt(who string) {
	if d.net == nil {
		panic(fmt.Sprintf("models: %s.%s: the network is not built: call Begin or Fit first", d.kind, who))
	}
}

func (d *deep) paramLayout() []ParamBlock {
	d.mustBuilt("ParamLayout")
	return d.net.layout()
}

func (d *deep) params() []float64 {
	d.mustBuilt("Params")
	out := make([]float64, len(d.net.params))
	for i, v := range d.net.params {
		out[i] = float64(v)
	}
	return out
}

func (d *deep) setParams(p []float64) {
	d.mustBuilt("SetParams")
	if len(p) != len(d.net.params) {
		panic(fmt.Sprintf("models: %s.SetParams: %d values for %d parameters", d.kind, len(p), len(d.net.params)))
	}
	for i, v := range p {
		d.net.params[i] = float32(v)
	}
}

// lossGrad is Loss and Gradient: the float64 twin in checking mode.
func (d *deep) lossGrad(who string, p []float64, x *mat.Dense, y []int, grad bool) (float64, []float64) {
	d.mustBuilt(who)
	if len(p) != len(d.net.params) {
		panic(fmt.Sprintf("models: %s.%s: %d values for %d parameters", d.kind, who, len(p), len(d.net.params)))
	}
	checkPredict(d.kind+"."+who, true, d.features, x)
	r, _ := x.Dims()
	h := d.nout()
	if len(y) != r*h {
		panic(fmt.Sprintf("models: %s.%s: %d labels for %d rows of %d outputs", d.kind, who, len(y), r, h))
	}
	for i, c := range y {
		if k := d.outs; k == nil && (c < 0 || c >= len(d.classes)) {
			panic(fmt.Sprintf("models: %s.%s: label %d of row %d out of range [0, %d)", d.kind, who, c, i, len(d.classes)))
		} else if k != nil && (c < -1 || c >= k[i%h]) {
			panic(fmt.Sprintf("models: %s.%s: label %d of row %d, output %d, out of range [-1, %d)", d.kind, who, c, i/h, i%h, k[i%h]))
		}
	}
	if d.check == nil {
		d.check = d.build64()
	}
	n := d.check
	copy(n.params, p)
	xs := make([]float64, 0, r*d.features)
	for i := 0; i < r; i++ {
		xs = append(xs, x.RawRowView(i)...)
	}
	n.forward(xs, r, checking, data.NewRand(d.fit.Seed^0x5eed))
	l, _ := n.lossCorrect(y, r)
	loss := l/float64(r) + n.penalty()
	if !grad {
		return loss, nil
	}
	n.backward(xs, y, r)
	return loss, append([]float64(nil), n.grads...)
}

// gradient32 returns the float32 network's loss and gradient on x, y at
// the current parameters, in checking mode: the fast kernels' answer,
// which tests compare with Gradient.
func (d *deep) gradient32(x *mat.Dense, y []int) (float64, []float64) {
	r, _ := x.Dims()
	xs := toFloat32(x)
	d.net.forward(xs, r, checking, data.NewRand(d.fit.Seed^0x5eed))
	l, _ := d.net.lossCorrect(y, r)
	d.net.backward(xs, y, r)
	g := make([]float64, len(d.net.grads))
	for i, v := range d.net.grads {
		g[i] = float64(v)
	}
	return l/float64(r) + d.net.penalty(), g
}

// trace builds a hook's record of the step just taken.
func (d *deep) trace(epoch, batch, rows int, loss, lr float64, before []float32) *Trace {
	t := &Trace{Epoch: epoch, Batch: batch, Step: d.tr.step, Loss: loss, LearningRate: lr, Chance: d.net.tail.chance(d.yb, rows)}
	names := d.net.layerNames()
	var lts []LayerTrace
	for _, c := range d.net.convs {
		lts = append(lts, c.trace(rows))
	}
	if d.net.gru != nil {
		lts = append(lts, d.net.gru.trace(rows))
	}
	lts = append(lts, d.net.tail.traceLayers(rows)...)
	layout := d.net.layout()
	k := 0
	for i := range lts {
		lts[i].Layer, lts[i].Name = i, names[i]
		for k < len(layout) && layout[k].Layer < i {
			k++
		}
		// the first block of each layer is its input weights
		b := layout[k]
		up := mat.NewDense(b.Rows, b.Cols, nil)
		raw := up.RawMatrix().Data
		for j := range raw {
			raw[j] = float64(d.net.params[b.Offset+j]) - float64(before[b.Offset+j])
		}
		lts[i].Update = up
	}
	t.Layers = lts
	return t
}

// tensors returns the network's parameters and batch-norm statistics as
// the file format names them.
func (d *deep) tensors() []fileTensor {
	var out []fileTensor
	for _, b := range d.net.layout() {
		out = append(out, f32Tensor(fmt.Sprintf("%s/%s", b.Name, b.Kind), []int{b.Rows, b.Cols}, d.net.params[b.Offset:b.Offset+b.Size()]))
	}
	for _, r := range d.net.runningByLayer() {
		out = append(out, f32Tensor(r.name+"/running_mean", []int{1, len(r.mean)}, r.mean), f32Tensor(r.name+"/running_var", []int{1, len(r.vr)}, r.vr))
	}
	return out
}

// setTensors fills the network (just built) from a file's tensors.
func (d *deep) setTensors(tensors map[string]fileTensor) error {
	for _, b := range d.net.layout() {
		name := fmt.Sprintf("%s/%s", b.Name, b.Kind)
		v, err := tensors[name].float32s()
		if err != nil || len(v) != b.Size() {
			return fmt.Errorf("models: Load: tensor %q missing or not %dx%d", name, b.Rows, b.Cols)
		}
		copy(d.net.params[b.Offset:], v)
	}
	for _, r := range d.net.runningByLayer() {
		mean, err1 := tensors[r.name+"/running_mean"].float32s()
		vr, err2 := tensors[r.name+"/running_var"].float32s()
		if err1 != nil || err2 != nil || len(mean) != len(r.mean) || len(vr) != len(r.vr) {
			return fmt.Errorf("models: Load: running statistics of %s missing", r.name)
		}
		copy(r.mean, mean)
		copy(r.vr, vr)
	}
	return nil
}
