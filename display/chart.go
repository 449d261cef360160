package display

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
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
	p := plot.New()
	p.Title.Text = c.o.Title
	p.X.Label.Text = c.o.XLabel
	p.Y.Label.Text = c.o.YLabel
	if c.o.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = LogTicks{}
	}
	p.Add(plotter.NewGrid())
	drawn := 0
	var all []plotter.XYs
	for i, name := range c.names {
		pts := c.finite(c.series[name])
		if len(pts) == 0 {
			continue
		}
		drawn += len(pts)
		all = append(all, pts)
		l, err := plotter.NewLine(pts)
		if err != nil {
			continue
		}
		l.Color = plotutil.Color(i)
		l.Width = vg.Points(1.5)
		p.Add(l)
		if len(pts) <= 30 {
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
	if c.o.LogY && drawn == 0 {
		// A log axis over no data has no range: fall back to linear.
		p.Y.Scale = plot.LinearScale{}
		p.Y.Tick.Marker = plot.DefaultTicks{}
	}
	p.Legend.Top, p.Legend.Left = emptiestCorner(all, c.o.LogY && drawn > 0)
	return p
}

// emptiestCorner returns the corner of the data area that the lines cross
// least, for the legend: top right unless a curve runs there (a rising
// accuracy ends in the top right, a falling loss starts in the top left).
// Each corner is the outer 40% of the width by 30% of the height; the
// lines are sampled along their segments, so a sparse line crossing a
// corner counts too.
func emptiestCorner(series []plotter.XYs, logY bool) (top, left bool) {
	y := func(v float64) float64 {
		if logY {
			return math.Log10(v)
		}
		return v
	}
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, pts := range series {
		for _, q := range pts {
			xmin, xmax = math.Min(xmin, q.X), math.Max(xmax, q.X)
			ymin, ymax = math.Min(ymin, y(q.Y)), math.Max(ymax, y(q.Y))
		}
	}
	if !(xmax > xmin) || !(ymax > ymin) {
		return true, false
	}
	// counts of samples in the corners: top right, top left, bottom
	// right, bottom left (the order of preference on a tie).
	var counts [4]int
	add := func(x, v float64) {
		fx, fy := (x-xmin)/(xmax-xmin), (v-ymin)/(ymax-ymin)
		right, left := fx >= 0.6, fx <= 0.4
		upper, lower := fy >= 0.7, fy <= 0.3
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
			add(q.X, y(q.Y))
			if i == 0 {
				continue
			}
			a := pts[i-1]
			for k := 1; k < steps; k++ {
				f := float64(k) / steps
				add(a.X+f*(q.X-a.X), y(a.Y)+f*(y(q.Y)-y(a.Y)))
			}
		}
	}
	best := 0
	for i, n := range counts {
		if n < counts[best] {
			best = i
		}
	}
	return best < 2, best == 1 || best == 3
}

// finite drops the points that cannot be drawn.
func (c *Chart) finite(pts plotter.XYs) plotter.XYs {
	out := make(plotter.XYs, 0, len(pts))
	for _, q := range pts {
		if math.IsNaN(q.X) || math.IsInf(q.X, 0) || math.IsNaN(q.Y) || math.IsInf(q.Y, 0) {
			continue
		}
		if c.o.LogY && q.Y <= 0 {
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
