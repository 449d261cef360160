package display

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ChartOptions sets how a Chart looks and how often it redraws. The zero
// value is a good default.
type ChartOptions struct {
	Title, XLabel, YLabel string
	// LogY puts the y axis on a log scale (losses often want one); points
	// with y <= 0 are then left out.
	LogY bool
	// AutoLogY puts the y axis on a log scale when every y is positive
	// and they span a factor of ten or more: the values of a search where
	// a few trials diverged would otherwise squash the others at the
	// bottom.
	AutoLogY bool
	// Points names the series drawn as points without lines: values of
	// separate trials, not a curve, which no line should join.
	Points []string
	// Steps names the series drawn as steps (a best-so-far value, which
	// holds until the next point).
	Steps []string
	// Plot sets the size and formats of each rendering.
	Plot PlotOptions
	// Interval is the shortest time between two redraws (default
	// DefaultInterval, 10 a second).
	Interval time.Duration
	// Now is the clock (default time.Now); tests inject their own.
	Now func() time.Time
}

// Chart is a live line chart that grows as points arrive: training and
// validation curves, a search's best score so far. In a notebook it shows
// when it is made and redraws in place (update_display_data) at most once
// per Interval, counted from the end of the previous drawing so that
// drawing never takes more than about half the caller's time. Live
// drawings are SVG only, which is cheap; Done draws the final state in the
// options' format (PNG by default), which is what the saved notebook
// keeps. Outside a notebook Done
// prints a one-line summary of each series.
//
// Several named series share the axes, each in its own colour, in the
// order they first appear. Points that are NaN or infinite (a diverged
// loss) are left out. Methods may be called from several goroutines. Add,
// Flush, Done and Len do nothing on a nil *Chart, so a library can take
// one as optional.
type Chart struct {
	mu       sync.Mutex
	o        ChartOptions
	names    []string
	series   map[string]plotter.XYs
	throttle throttle
	handle   *Handle // nil outside a notebook
	pending  bool    // points arrived since the last drawing
	done     bool
}

// NewChart makes an empty chart and shows it.
func NewChart(o ChartOptions) *Chart {
	c := &Chart{o: o, series: map[string]plotter.XYs{}, throttle: newThrottle(o.Interval, o.Now)}
	c.throttle.allow(c.throttle.now())
	if active() != nil {
		c.handle = newHandle()
		o := c.o.Plot
		o.Format = FormatSVG // cheap to draw while the chart grows
		b := Plot(c.plotLocked(), o)
		c.handle.show(b.Set(MIMEText, c.textLocked()), false)
		c.throttle.last = c.throttle.now()
	}
	return c
}

// Add appends the point (x, y) to the named series, creating the series
// on first use, and redraws if the last drawing is older than Interval.
func (c *Chart) Add(series string, x, y float64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.series[series]; !ok {
		c.names = append(c.names, series)
	}
	c.series[series] = append(c.series[series], plotter.XY{X: x, Y: y})
	c.pending = true
	if !c.done && c.throttle.allow(c.throttle.now()) {
		c.drawLocked(false)
	}
}

// Flush redraws now if points arrived since the last drawing.
func (c *Chart) Flush() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending && !c.done {
		c.drawLocked(false)
	}
}

// Done draws the final state (outside a notebook: prints the summary).
// Points added later are kept but not drawn.
func (c *Chart) Done() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done {
		return
	}
	c.done = true
	if c.handle == nil {
		fmt.Println(c.textLocked())
		return
	}
	c.drawLocked(true)
}

// drawLocked redraws the chart in place: SVG only while live, the options'
// format when final.
func (c *Chart) drawLocked(final bool) {
	c.pending = false
	if c.handle == nil {
		return
	}
	o := c.o.Plot
	if !final {
		o.Format = FormatSVG // cheap to draw while the chart grows
	}
	b := Plot(c.plotLocked(), o)
	c.handle.show(b.Set(MIMEText, c.textLocked()), true)
	c.throttle.last = c.throttle.now()
}

// Len returns the number of points in the named series.
func (c *Chart) Len(series string) int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.series[series])
}

// Plot returns a gonum plot of the chart's current points, to style
// further or to save to a file.
func (c *Chart) Plot() *plot.Plot {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.plotLocked()
}

func (c *Chart) plotLocked() *plot.Plot {
	p := NewPlot(c.o.Title, c.o.XLabel, c.o.YLabel)
	logY := c.o.LogY || (c.o.AutoLogY && c.spansDecade())
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = LogTicks{}
	}
	drawn := 0
	var all []plotter.XYs
	for i, name := range c.names {
		pts := c.finite(c.series[name], logY)
		if len(pts) == 0 {
			continue
		}
		drawn += len(pts)
		all = append(all, pts)
		col := Color(i)
		if slices.Contains(c.o.Points, name) {
			s, err := plotter.NewScatter(pts)
			if err != nil {
				continue
			}
			s.Color = col
			s.Shape = draw.CircleGlyph{}
			s.Radius = vg.Points(2.5)
			p.Add(s)
			if name != "" {
				p.Legend.Add(name, s)
			}
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			continue
		}
		l.Color = col
		l.Width = LineWidth
		if slices.Contains(c.o.Steps, name) {
			l.StepStyle = plotter.PostStep
		}
		p.Add(l)
		if len(pts) <= 30 && l.StepStyle == plotter.NoStep {
			s, err := plotter.NewScatter(pts)
			if err == nil {
				s.Color = l.Color
				s.Shape = draw.CircleGlyph{}
				s.Radius = vg.Points(2)
				p.Add(s)
			}
		}
		if name != "" {
			p.Legend.Add(name, l)
		}
	}
	if logY && drawn == 0 {
		// A log axis over no data has no range: fall back to linear.
		p.Y.Scale = plot.LinearScale{}
		p.Y.Tick.Marker = Ticks{}
	}
	PlaceLegend(p, false, logY && drawn > 0, all...)
	return p
}

// spansDecade reports whether every finite y of the chart is positive and
// the largest is at least ten times the smallest.
func (c *Chart) spansDecade() bool {
	lo, hi := math.Inf(1), 0.0
	for _, name := range c.names {
		for _, q := range c.series[name] {
			if math.IsNaN(q.Y) || math.IsInf(q.Y, 0) {
				continue
			}
			if q.Y <= 0 {
				return false
			}
			lo, hi = math.Min(lo, q.Y), math.Max(hi, q.Y)
		}
	}
	return hi >= 10*lo
}

// emptiestCorner returns the corner of the data area that the lines cross
// least, for the legend: top right unless a curve runs there (a rising
// accuracy ends in the top right, a falling loss starts in the top left).
// Each corner is the outer 40% of the width by 30% of the height.
func emptiestCorner(series []plotter.XYs, logX, logY bool) (top, left bool) {
	nan := math.NaN()
	top, left, _ = emptiestCornerSized(series, logX, logY, 0.4, 0.3, nan, nan, nan, nan)
	return top, left
}

// emptiestCornerSized is emptiestCorner for corners of fw by fh of the
// axes, whose ranges are the data's unless x0..x1 and y0..y1 are finite
// and wider; clear reports whether the corner chosen holds no data. The
// lines are sampled along their segments, so a sparse line crossing a
// corner counts too.
func emptiestCornerSized(series []plotter.XYs, logX, logY bool, fw, fh, x0, x1, y0, y1 float64) (top, left, clear bool) {
	y := func(v float64) float64 {
		if logY {
			return math.Log10(v)
		}
		return v
	}
	x := func(v float64) float64 {
		if logX {
			return math.Log10(v)
		}
		return v
	}
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, pts := range series {
		for _, q := range pts {
			if !usable(q, logX, logY) {
				continue
			}
			xmin, xmax = math.Min(xmin, x(q.X)), math.Max(xmax, x(q.X))
			ymin, ymax = math.Min(ymin, y(q.Y)), math.Max(ymax, y(q.Y))
		}
	}
	widen := func(lo, hi float64, a, b float64, tr func(float64) float64, log bool) (float64, float64) {
		if !math.IsNaN(a) && !math.IsInf(a, 0) && (!log || a > 0) {
			lo = math.Min(lo, tr(a))
		}
		if !math.IsNaN(b) && !math.IsInf(b, 0) && (!log || b > 0) {
			hi = math.Max(hi, tr(b))
		}
		return lo, hi
	}
	xmin, xmax = widen(xmin, xmax, x0, x1, x, logX)
	ymin, ymax = widen(ymin, ymax, y0, y1, y, logY)
	if !(xmax > xmin) || !(ymax > ymin) {
		return true, false, true
	}
	// counts of samples in the corners: top right, top left, bottom
	// right, bottom left (the order of preference on a tie).
	var counts [4]int
	add := func(x, v float64) {
		fx, fy := (x-xmin)/(xmax-xmin), (v-ymin)/(ymax-ymin)
		right, left := fx >= 1-fw, fx <= fw
		upper, lower := fy >= 1-fh, fy <= fh
		if upper && right {
			counts[0]++
		}
		if upper && left {
			counts[1]++
		}
		if lower && right {
			counts[2]++
		}
		if lower && left {
			counts[3]++
		}
	}
	const steps = 8
	for _, pts := range series {
		for i, q := range pts {
			if !usable(q, logX, logY) {
				continue
			}
			add(x(q.X), y(q.Y))
			if i == 0 || !usable(pts[i-1], logX, logY) {
				continue
			}
			a := pts[i-1]
			for k := 1; k < steps; k++ {
				f := float64(k) / steps
				add(x(a.X)+f*(x(q.X)-x(a.X)), y(a.Y)+f*(y(q.Y)-y(a.Y)))
			}
		}
	}
	best := 0
	for i, n := range counts {
		if n < counts[best] {
			best = i
		}
	}
	return best < 2, best == 1 || best == 3, counts[best] == 0
}

// usable reports whether q can be drawn on the axes.
func usable(q plotter.XY, logX, logY bool) bool {
	if math.IsNaN(q.X) || math.IsInf(q.X, 0) || math.IsNaN(q.Y) || math.IsInf(q.Y, 0) {
		return false
	}
	return (!logX || q.X > 0) && (!logY || q.Y > 0)
}

// finite drops the points that cannot be drawn.
func (c *Chart) finite(pts plotter.XYs, logY bool) plotter.XYs {
	out := make(plotter.XYs, 0, len(pts))
	for _, q := range pts {
		if math.IsNaN(q.X) || math.IsInf(q.X, 0) || math.IsNaN(q.Y) || math.IsInf(q.Y, 0) {
			continue
		}
		if logY && q.Y <= 0 {
			continue
		}
		out = append(out, q)
	}
	return out
}

func (c *Chart) bundleLocked() Bundle {
	b := Plot(c.plotLocked(), c.o.Plot)
	return b.Set(MIMEText, c.textLocked())
}

// textLocked summarizes each series: its length and last point.
func (c *Chart) textLocked() string {
	var b strings.Builder
	b.WriteString("<chart")
	if c.o.Title != "" {
		fmt.Fprintf(&b, " %q", c.o.Title)
	}
	if len(c.names) == 0 {
		b.WriteString(": no points")
	}
	for i, name := range c.names {
		pts := c.series[name]
		sep := ","
		if i == 0 {
			sep = ":"
		}
		last := pts[len(pts)-1]
		fmt.Fprintf(&b, "%s %s %d points, last (%.4g, %.4g)", sep, name, len(pts), last.X, last.Y)
	}
	b.WriteString(">")
	return b.String()
}

// String summarizes each series: its length and last point.
func (c *Chart) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.textLocked()
}

// MIMEBundle renders the chart's current points in the options' format.
func (c *Chart) MIMEBundle() Bundle {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bundleLocked()
}
