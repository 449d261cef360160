package display

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// ProgressOptions sets how a Progress shows. The zero value is a good
// default.
type ProgressOptions struct {
	// Label names the work ("epochs", "trials"); Unit names one step
	// (default "it").
	Label, Unit string
	// Interval is the shortest time between two updates of the display
	// (default DefaultInterval, 10 a second).
	Interval time.Duration
	// Now is the clock (default time.Now); tests inject their own.
	Now func() time.Time
	// Writer receives the text line outside a notebook (default
	// os.Stderr).
	Writer io.Writer
}

// Progress is a progress bar: a count towards a total with its rate and
// the time left. In a notebook it is an HTML bar updated in place (no
// script, so the saved notebook shows its last state); elsewhere it is a
// text line rewritten with a carriage return.
//
// Add and Set are cheap (a lock and a clock read) and may be called from
// a tight loop and from several goroutines: the display is updated at
// most once per Interval, and Done shows the final state. No timer runs
// behind the caller's back, so between two calls the display may lag the
// count by up to Interval; call Done when the work ends. Add, Set,
// SetTotal, SetStatus, Count and Done do nothing on a nil *Progress, so a
// library can take one as optional.
type Progress struct {
	mu       sync.Mutex
	o        ProgressOptions
	total    int
	count    int
	status   string
	start    time.Time
	now      time.Time // time of the last Add, Set or Done
	done     bool
	throttle throttle
	handle   *Handle // nil outside a notebook
	textLen  int     // length of the last text line written
}

// NewProgress starts a progress bar towards total steps (zero or less
// when the total is unknown) and shows it.
func NewProgress(total int, o ProgressOptions) *Progress {
	if o.Unit == "" {
		o.Unit = "it"
	}
	if o.Writer == nil {
		o.Writer = os.Stderr
	}
	p := &Progress{o: o, total: total, throttle: newThrottle(o.Interval, o.Now)}
	p.start = p.throttle.now()
	p.now = p.start
	p.throttle.allow(p.start)
	if active() != nil {
		p.handle = newHandle()
		p.handle.show(p.MIMEBundle(), false)
	} else {
		p.writeText()
	}
	return p
}

// Add advances the count by n.
func (p *Progress) Add(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.count += n
	p.tickLocked()
	p.mu.Unlock()
}

// Set sets the count to n.
func (p *Progress) Set(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.count = n
	p.tickLocked()
	p.mu.Unlock()
}

// SetTotal changes the total (zero or less: unknown).
func (p *Progress) SetTotal(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.total = n
	p.tickLocked()
	p.mu.Unlock()
}

// SetStatus sets a short text shown after the figures, such as
// "loss=0.231". It is shown with the next update.
func (p *Progress) SetStatus(s string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.status = s
	p.mu.Unlock()
}

// Count returns the current count.
func (p *Progress) Count() int {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count
}

// Done shows the final state now, whatever the throttle says, and ends
// the text line outside a notebook. Later calls do nothing.
func (p *Progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.now = p.throttle.now()
	p.done = true
	p.publishLocked()
	if p.handle == nil {
		fmt.Fprintln(p.o.Writer)
	}
}

// tickLocked publishes when the throttle allows.
func (p *Progress) tickLocked() {
	if p.done {
		return
	}
	now := p.throttle.now()
	if !p.throttle.allow(now) {
		return
	}
	p.now = now
	p.publishLocked()
}

func (p *Progress) publishLocked() {
	if p.handle != nil {
		var b Bundle
		p.handle.show(b.Set(MIMEHTML, p.htmlLocked()).Set(MIMEText, p.textLocked()), true)
		return
	}
	p.writeTextLocked()
}

func (p *Progress) writeText() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.writeTextLocked()
}

func (p *Progress) writeTextLocked() {
	line := p.textLocked()
	n := len([]rune(line))
	pad := ""
	if n < p.textLen {
		pad = strings.Repeat(" ", p.textLen-n)
	}
	p.textLen = n
	fmt.Fprint(p.o.Writer, "\r"+line+pad)
}

// figures returns the text after the bar: counts, times and rate.
func (p *Progress) figuresLocked() string {
	elapsed := p.now.Sub(p.start)
	var rate float64
	if elapsed > 0 {
		rate = float64(p.count) / elapsed.Seconds()
	}
	var b strings.Builder
	if p.total > 0 {
		fmt.Fprintf(&b, "%d/%d [%s<%s, %s]", p.count, p.total, clock(elapsed), p.etaLocked(rate), rateText(rate, p.o.Unit))
	} else {
		fmt.Fprintf(&b, "%d %s [%s, %s]", p.count, p.o.Unit, clock(elapsed), rateText(rate, p.o.Unit))
	}
	if p.status != "" {
		b.WriteString(" ")
		b.WriteString(p.status)
	}
	return b.String()
}

func (p *Progress) etaLocked(rate float64) string {
	left := p.total - p.count
	switch {
	case left <= 0:
		return clock(0)
	case rate <= 0:
		return "?"
	}
	return clock(time.Duration(float64(left) / rate * float64(time.Second)))
}

func (p *Progress) fractionLocked() float64 {
	if p.total <= 0 {
		return 0
	}
	return min(max(float64(p.count)/float64(p.total), 0), 1)
}

// textLocked is the one-line text form:
//
//	epochs  45%|█████████▌           | 45/100 [00:09<00:11, 4.95 it/s]
func (p *Progress) textLocked() string {
	var b strings.Builder
	if p.o.Label != "" {
		b.WriteString(p.o.Label)
		b.WriteString(" ")
	}
	if p.total > 0 {
		const width = 20
		f := p.fractionLocked()
		fmt.Fprintf(&b, "%3d%%|", int(f*100))
		eighths := int(f * width * 8)
		b.WriteString(strings.Repeat("█", eighths/8))
		if r := eighths % 8; r > 0 {
			b.WriteRune([]rune(" ▏▎▍▌▋▊▉")[r])
		}
		b.WriteString(strings.Repeat(" ", width-(eighths+7)/8))
		b.WriteString("| ")
	}
	b.WriteString(p.figuresLocked())
	return b.String()
}

// htmlLocked is the HTML form: a <progress> element, which front ends
// keep when they sanitize an untrusted notebook.
func (p *Progress) htmlLocked() string {
	var b strings.Builder
	b.WriteString(`<div class="methodic-progress">`)
	if p.o.Label != "" {
		fmt.Fprintf(&b, "<span>%s</span> ", html.EscapeString(p.o.Label))
	}
	if p.total > 0 {
		fmt.Fprintf(&b, `<progress value="%d" max="%d" style="width:20em"></progress> <span>%d%%</span> `,
			min(max(p.count, 0), p.total), p.total, int(p.fractionLocked()*100))
	} else if p.done {
		fmt.Fprintf(&b, `<progress value="1" max="1" style="width:20em"></progress> `)
	} else {
		b.WriteString(`<progress style="width:20em"></progress> `)
	}
	fmt.Fprintf(&b, `<code>%s</code></div>`, html.EscapeString(p.figuresLocked()))
	return b.String()
}

// String returns the text line.
func (p *Progress) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.textLocked()
}

// HTML returns the HTML form.
func (p *Progress) HTML() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.htmlLocked()
}

// MIMEBundle renders the bar's current state as HTML and text.
func (p *Progress) MIMEBundle() Bundle {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b Bundle
	return b.Set(MIMEHTML, p.htmlLocked()).Set(MIMEText, p.textLocked())
}

// clock formats d, truncated to the second, as mm:ss, or h:mm:ss from an
// hour on.
func clock(d time.Duration) string {
	s := int(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

func rateText(rate float64, unit string) string {
	switch {
	case rate <= 0:
		return "? " + unit + "/s"
	case rate < 1:
		return fmt.Sprintf("%.2f s/%s", 1/rate, unit)
	}
	return fmt.Sprintf("%.2f %s/s", rate, unit)
}
