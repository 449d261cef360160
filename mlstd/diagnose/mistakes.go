package diagnose

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"
	"strings"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
	"gonum.org/v1/gonum/mat"
)

// Example is one row of a data set as a model sees it.
type Example struct {
	// Index is the row in the data set.
	Index int
	// True is the label, Pred the most probable class.
	True, Pred int
	// PTrue is the probability of the true class, Confidence that of the
	// predicted class.
	PTrue, Confidence float64
	// Loss is the cross-entropy -log(PTrue) (PTrue clipped at 1e-15).
	Loss float64
}

// Correct reports whether the prediction is right.
func (e Example) Correct() bool { return e.True == e.Pred }

// ConfusedPair is a pair of classes the model mixes up: Count examples of
// class True predicted as Pred.
type ConfusedPair struct {
	True, Pred int
	Count      int
}

// Mistakes holds the k examples of a data set with the highest loss
// (the lowest probability of the true class), worst first, and the most
// confused pairs of classes: fastai's plot_top_losses and most_confused.
// It renders as a grid of the images, captioned with the true label, the
// prediction and its confidence, or for tabular data as a table of the
// rows.
type Mistakes struct {
	// Data is the data set the examples index.
	Data *data.Dataset
	// Examples are the k highest-loss examples, worst first (ties in
	// row order).
	Examples []Example
	// Errors is the number of misclassified rows of Data.
	Errors int
	// Confused are the most frequent pairs of (true, predicted) classes
	// among the errors, most frequent first.
	Confused Confusions
}

// Confusions lists confused pairs of classes, most frequent first. It
// renders as a table.
type Confusions struct {
	Classes []string
	Pairs   []ConfusedPair
	// Total is the number of rows counted.
	Total int
}

// predictions scores every row of d with m.
func predictions(m models.Model, d *data.Dataset, who string) (ex []Example, err error) {
	if m == nil {
		panic("diagnose: " + who + ": nil model")
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("diagnose: %s: %w", who, err)
	}
	var proba *mat.Dense
	if err := protect(func() error { proba = m.PredictProba(d.X); return nil }); err != nil {
		return nil, fmt.Errorf("diagnose: %s: %w", who, err)
	}
	r, k := proba.Dims()
	if r != d.Len() || k < d.NumClasses() {
		return nil, fmt.Errorf("diagnose: %s: the model gives %d x %d probabilities for %d rows of %d classes", who, r, k, d.Len(), d.NumClasses())
	}
	ex = make([]Example, r)
	for i := range r {
		row := proba.RawRowView(i)
		pred := 0
		for j, p := range row {
			if p > row[pred] {
				pred = j
			}
		}
		y := d.Y[i]
		ex[i] = Example{Index: i, True: y, Pred: pred, PTrue: row[y], Confidence: row[pred], Loss: -math.Log(math.Max(row[y], 1e-15))}
	}
	return ex, nil
}

// WorstMistakes returns the k examples of d on which m has the highest
// loss, worst first, with the most confused class pairs (at most 10). The
// highest-loss examples are mostly misclassified ones, but a correct
// prediction made with little confidence ranks among them too when there
// are fewer than k errors. Looking at them finds mislabelled examples and
// preprocessing bugs (the book's example: house numbers cropped too
// tightly). It returns an error when d is invalid.
func WorstMistakes(m models.Model, d *data.Dataset, k int) (*Mistakes, error) {
	if k < 0 {
		panic(fmt.Sprintf("diagnose: WorstMistakes: negative k %d", k))
	}
	ex, err := predictions(m, d, "WorstMistakes")
	if err != nil {
		return nil, err
	}
	mk := &Mistakes{Data: d}
	for _, e := range ex {
		if !e.Correct() {
			mk.Errors++
		}
	}
	mk.Confused = confusions(ex, d.Classes, 10)
	sorted := append([]Example(nil), ex...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Loss > sorted[j].Loss })
	mk.Examples = sorted[:min(k, len(sorted))]
	return mk, nil
}

// MostConfused returns the n (0 means 10) most frequent pairs of true and
// predicted class among the rows of d that m gets wrong.
func MostConfused(m models.Model, d *data.Dataset, n int) (Confusions, error) {
	ex, err := predictions(m, d, "MostConfused")
	if err != nil {
		return Confusions{}, err
	}
	if n <= 0 {
		n = 10
	}
	return confusions(ex, d.Classes, n), nil
}

func confusions(ex []Example, classes []string, n int) Confusions {
	counts := map[[2]int]int{}
	for _, e := range ex {
		if !e.Correct() {
			counts[[2]int{e.True, e.Pred}]++
		}
	}
	c := Confusions{Classes: classes, Total: len(ex)}
	for k, v := range counts {
		c.Pairs = append(c.Pairs, ConfusedPair{True: k[0], Pred: k[1], Count: v})
	}
	sort.Slice(c.Pairs, func(i, j int) bool {
		a, b := c.Pairs[i], c.Pairs[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.True != b.True {
			return a.True < b.True
		}
		return a.Pred < b.Pred
	})
	if len(c.Pairs) > n {
		c.Pairs = c.Pairs[:n]
	}
	return c
}

func className(classes []string, i int) string {
	if i >= 0 && i < len(classes) {
		return classes[i]
	}
	return fmt.Sprint(i)
}

// Table returns the pairs as a table.
func (c Confusions) Table() *display.Table {
	t := display.NewTable("true", "predicted", "count", "share of rows")
	t.Caption = "Most confused classes"
	for _, p := range c.Pairs {
		t.AddRow(className(c.Classes, p.True), className(c.Classes, p.Pred), p.Count, fmt.Sprintf("%.2f%%", 100*float64(p.Count)/float64(max(1, c.Total))))
	}
	return t
}

// String returns the table as text.
func (c Confusions) String() string {
	if len(c.Pairs) == 0 {
		return "no confused classes"
	}
	return c.Table().String()
}

// HTML returns the table as HTML.
func (c Confusions) HTML() string {
	if len(c.Pairs) == 0 {
		return "<p>No confused classes.</p>"
	}
	return c.Table().HTML()
}

// caption describes an example briefly: "true 3, pred 8 (97%)".
func caption(e Example, classes []string) string {
	if e.Correct() {
		return fmt.Sprintf("✓ %s (%.0f%%)", className(classes, e.Pred), 100*e.Confidence)
	}
	return fmt.Sprintf("✗ %s (%.0f%%), true %s (%.0f%%)", className(classes, e.Pred), 100*e.Confidence, className(classes, e.True), 100*e.PTrue)
}

// framed returns row i of d as an image enlarged to about 32 pixels wide,
// with a border of colour c.
func framed(d *data.Dataset, i int, c color.Color) image.Image {
	g := d.Image(i)
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	k := max(1, (32+w-1)/w)
	const border = 2
	out := image.NewRGBA(image.Rect(0, 0, w*k+2*border, h*k+2*border))
	for y := range out.Bounds().Dy() {
		for x := range out.Bounds().Dx() {
			if x < border || y < border || x >= w*k+border || y >= h*k+border {
				out.Set(x, y, c)
				continue
			}
			out.Set(x, y, g.At(g.Bounds().Min.X+(x-border)/k, g.Bounds().Min.Y+(y-border)/k))
		}
	}
	return out
}

// exampleTable lists examples of tabular data with their features.
func exampleTable(d *data.Dataset, ex []Example, caption string) *display.Table {
	const maxFeatures = 8
	cols := []string{"row", "true", "predicted", "confidence", "p(true)", "loss"}
	nf := d.NumFeatures()
	for j := range min(nf, maxFeatures) {
		name := fmt.Sprintf("x%d", j)
		if j < len(d.Features) {
			name = d.Features[j]
		}
		cols = append(cols, name)
	}
	if nf > maxFeatures {
		cols = append(cols, "…")
	}
	t := display.NewTable(cols...)
	t.Caption = caption
	for _, e := range ex {
		row := []any{e.Index, className(d.Classes, e.True), className(d.Classes, e.Pred), fmt.Sprintf("%.3f", e.Confidence), fmt.Sprintf("%.3f", e.PTrue), fmt.Sprintf("%.3f", e.Loss)}
		for j := range min(nf, maxFeatures) {
			row = append(row, fmt.Sprintf("%.4g", d.X.At(e.Index, j)))
		}
		if nf > maxFeatures {
			row = append(row, "…")
		}
		t.AddRow(row...)
	}
	return t
}

// Grid returns the examples as a grid of framed images (red: wrong,
// grey: right but unsure) with captions, or nil when d's rows are not
// images.
func (mk *Mistakes) Grid() *display.Grid {
	if !mk.Data.IsImage() {
		return nil
	}
	g := display.NewGrid(8)
	g.Caption = fmt.Sprintf("The %d examples with the highest loss (%d errors in %d rows)", len(mk.Examples), mk.Errors, mk.Data.Len())
	for _, e := range mk.Examples {
		c := color.Color(badColor)
		if e.Correct() {
			c = markColor
		}
		g.Add(framed(mk.Data, e.Index, c), caption(e, mk.Data.Classes))
	}
	return g
}

// Table returns the examples as a table with their features.
func (mk *Mistakes) Table() *display.Table {
	return exampleTable(mk.Data, mk.Examples, fmt.Sprintf("The %d examples with the highest loss (%d errors in %d rows)", len(mk.Examples), mk.Errors, mk.Data.Len()))
}

// String lists the examples and the confused pairs as text.
func (mk *Mistakes) String() string {
	var b strings.Builder
	t := mk.Table()
	t.Caption = ""
	fmt.Fprintf(&b, "worst mistakes on %s: %d errors in %d rows\n%s\n%s", mk.Data.Name, mk.Errors, mk.Data.Len(), t, mk.Confused)
	return b.String()
}

// MIMEBundle renders the grid of images (or the table of rows) and the
// table of confused pairs.
func (mk *Mistakes) MIMEBundle() display.Bundle {
	var b strings.Builder
	b.WriteString("<div>")
	if g := mk.Grid(); g != nil {
		b.WriteString(g.HTML())
	} else {
		b.WriteString(mk.Table().HTML())
	}
	b.WriteString(mk.Confused.HTML())
	b.WriteString("</div>")
	return display.Bundle{}.Set(display.MIMEText, mk.String()).Set(display.MIMEHTML, b.String())
}

// Gallery is a random sample of a data set with the model's predictions:
// "see the model in action". It renders as a grid of the images framed in
// green (right) or red (wrong), or a table for tabular data.
type Gallery struct {
	Data     *data.Dataset
	Examples []Example
	// Correct counts the right predictions among Examples.
	Correct int
}

// InAction draws n random rows of d (seeded) and shows m's prediction
// for each, right ones and wrong ones marked: the first debugging step of
// section 11.5 of the book, since a good score can hide a broken model and
// a bad one can be a broken metric. It returns an error when d is invalid.
func InAction(m models.Model, d *data.Dataset, n int, seed uint64) (*Gallery, error) {
	if n < 0 {
		panic(fmt.Sprintf("diagnose: InAction: negative n %d", n))
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("diagnose: InAction: %w", err)
	}
	idx := data.NewRand(seed).Perm(d.Len())[:min(n, d.Len())]
	sub := d.Subset(idx)
	ex, err := predictions(m, sub, "InAction")
	if err != nil {
		return nil, err
	}
	g := &Gallery{Data: d}
	for i := range ex {
		ex[i].Index = idx[i]
		if ex[i].Correct() {
			g.Correct++
		}
	}
	g.Examples = ex
	return g, nil
}

// Grid returns the examples as framed images with captions, or nil when
// the rows are not images.
func (g *Gallery) Grid() *display.Grid {
	if !g.Data.IsImage() {
		return nil
	}
	gr := display.NewGrid(8)
	gr.Caption = fmt.Sprintf("%d random examples of %s: %d right, %d wrong", len(g.Examples), g.Data.Name, g.Correct, len(g.Examples)-g.Correct)
	for _, e := range g.Examples {
		c := goodColor
		if !e.Correct() {
			c = badColor
		}
		gr.Add(framed(g.Data, e.Index, c), caption(e, g.Data.Classes))
	}
	return gr
}

// Table returns the examples as a table.
func (g *Gallery) Table() *display.Table {
	return exampleTable(g.Data, g.Examples, fmt.Sprintf("%d random examples of %s: %d right, %d wrong", len(g.Examples), g.Data.Name, g.Correct, len(g.Examples)-g.Correct))
}

// String lists the examples as text.
func (g *Gallery) String() string {
	return g.Table().String()
}

// MIMEBundle renders the grid (or the table).
func (g *Gallery) MIMEBundle() display.Bundle {
	h := ""
	if gr := g.Grid(); gr != nil {
		h = gr.HTML()
	} else {
		h = g.Table().HTML()
	}
	return display.Bundle{}.Set(display.MIMEText, g.String()).Set(display.MIMEHTML, h)
}
