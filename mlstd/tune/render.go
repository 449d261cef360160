package tune

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// Snapshot is a study's trials as read at one moment: what renders as the
// table and the plots.
type Snapshot struct {
	Name      string
	Direction Direction
	Trials    []store.Trial
	// Objective and Step name the objective and an intermediate step
	// on the charts' axes (StudyOptions); empty means "objective value"
	// and "epoch".
	Objective, Step string
	err             error
}

// objectiveLabel is the axis label of the objective.
func (sn *Snapshot) objectiveLabel() string {
	if sn.Objective == "" {
		return "objective value"
	}
	return sn.Objective
}

// stepLabel is the axis label of an intermediate value's step.
func (sn *Snapshot) stepLabel() string {
	if sn.Step == "" {
		return "epoch"
	}
	return sn.Step
}

// Err is the error met reading the study, if any; a snapshot with an error
// renders as that error.
func (sn *Snapshot) Err() error { return sn.err }

// Best returns the complete trial with the best value.
func (sn *Snapshot) Best() (store.Trial, error) {
	if sn.err != nil {
		return store.Trial{}, sn.err
	}
	return best(sn.Direction, sn.Trials)
}

// Counts returns how many trials are in each state.
func (sn *Snapshot) Counts() map[store.State]int {
	c := map[store.State]int{}
	for _, t := range sn.Trials {
		c[t.State]++
	}
	return c
}

// ParamNames lists the parameters of the study in the order they were
// first suggested.
func (sn *Snapshot) ParamNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, t := range sn.Trials {
		for _, p := range t.Params {
			if !seen[p.Name] {
				seen[p.Name] = true
				names = append(names, p.Name)
			}
		}
	}
	return names
}

// String summarises the study in one line: trials by state and the best.
func (sn *Snapshot) String() string {
	if sn.err != nil {
		return sn.err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "study %q: %d trials", sn.Name, len(sn.Trials))
	c := sn.Counts()
	var parts []string
	for s := store.Waiting; s <= store.Interrupted; s++ {
		if c[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %v", c[s], s))
		}
	}
	if len(parts) > 0 {
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	if bt, err := sn.Best(); err == nil {
		fmt.Fprintf(&b, "; best %s = %s (trial %d: %s)", dirWord(sn.Direction), fmtValue(bt.Value), bt.Number, paramText(bt))
	}
	return b.String()
}

func dirWord(d Direction) string {
	if d == Maximize {
		return "max"
	}
	return "min"
}

func paramText(t store.Trial) string {
	parts := make([]string, len(t.Params))
	for i, p := range t.Params {
		parts[i] = p.Name + "=" + p.Label()
	}
	return strings.Join(parts, ", ")
}

func fmtValue(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.6g", v)
}

func fmtDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "–"
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// TableRows is how many trials the HTML table shows; the rest are counted
// in its last line.
const TableRows = 50

// HTML renders the study as a table, best first: number, state, value,
// each parameter, intermediate steps reported, and duration. Pruned,
// failed and interrupted trials are greyed, the best is bold.
func (sn *Snapshot) HTML() string {
	if sn.err != nil {
		return `<pre style="color:#b00">` + html.EscapeString(sn.err.Error()) + `</pre>`
	}
	ts := append([]store.Trial(nil), sn.Trials...)
	sortBest(sn.Direction, ts)
	names := sn.ParamNames()
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="methodic-study"><div><b>%s</b></div>`, html.EscapeString(sn.String()))
	// A display.Table aligns its cells with attributes that untrusted
	// notebooks keep (they strip style=); the best trial is bold, the
	// stopped ones grey where styles are shown.
	t := display.NewTable(append([]string{"#", "state", "value"}, append(names, "steps", "duration")...)...)
	for _, c := range []string{"#", "value", "steps", "duration"} {
		t.Align(c, display.AlignRight)
	}
	t.Align("state", display.AlignLeft)
	t.MaxRows = -1
	bt, bestErr := sn.Best()
	for i, tr := range ts {
		if i == TableRows {
			break
		}
		wrap := func(s string) display.HTML { return display.HTML(html.EscapeString(s)) }
		switch {
		case bestErr == nil && tr.ID == bt.ID:
			wrap = func(s string) display.HTML { return display.HTML("<b>" + html.EscapeString(s) + "</b>") }
		case tr.State != store.Complete && tr.State != store.Running:
			wrap = func(s string) display.HTML {
				return display.HTML(`<span style="color:#999">` + html.EscapeString(s) + "</span>")
			}
		}
		state := wrap(tr.State.String())
		if tr.Note != "" {
			state = display.HTML(`<span title="` + html.EscapeString(tr.Note) + `">` + string(state) + "</span>")
		}
		row := []any{wrap(fmt.Sprint(tr.Number)), state, wrap(fmtValue(tr.Value))}
		for _, n := range names {
			if p, ok := tr.Param(n); ok {
				row = append(row, wrap(p.Label()))
			} else {
				row = append(row, wrap(""))
			}
		}
		steps := ""
		if last, ok := tr.Last(); ok {
			steps = fmt.Sprint(last.Step)
		}
		t.AddRow(append(row, wrap(steps), wrap(fmtDuration(tr.Duration())))...)
	}
	b.WriteString(t.HTML())
	if len(ts) > TableRows {
		fmt.Fprintf(&b, `<div>… and %d more trials</div>`, len(ts)-TableRows)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// MIMEBundle renders the table as HTML and the summary line as text.
func (sn *Snapshot) MIMEBundle() display.Bundle {
	return display.Bundle{}.Set(display.MIMEHTML, sn.HTML()).Set(display.MIMEText, sn.Table())
}

// Table is the text form of the table, best first.
func (sn *Snapshot) Table() string {
	if sn.err != nil {
		return sn.err.Error()
	}
	ts := append([]store.Trial(nil), sn.Trials...)
	sortBest(sn.Direction, ts)
	names := sn.ParamNames()
	rows := [][]string{append([]string{"#", "state", "value"}, append(names, "steps", "duration")...)}
	for i, t := range ts {
		if i == TableRows {
			break
		}
		row := []string{fmt.Sprint(t.Number), t.State.String(), fmtValue(t.Value)}
		for _, n := range names {
			if p, ok := t.Param(n); ok {
				row = append(row, p.Label())
			} else {
				row = append(row, "")
			}
		}
		steps := ""
		if last, ok := t.Last(); ok {
			steps = fmt.Sprint(last.Step)
		}
		rows = append(rows, append(row, steps, fmtDuration(t.Duration())))
	}
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for j, c := range r {
			widths[j] = max(widths[j], len([]rune(c)))
		}
	}
	var b strings.Builder
	b.WriteString(sn.String() + "\n")
	for _, r := range rows {
		for j, c := range r {
			if j > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c + strings.Repeat(" ", widths[j]-len([]rune(c))))
		}
		b.WriteString("\n")
	}
	if len(ts) > TableRows {
		fmt.Fprintf(&b, "… and %d more trials\n", len(ts)-TableRows)
	}
	return strings.TrimRight(b.String(), "\n")
}

// HTML renders the study's trials as a table, best first (see
// Snapshot.HTML): a Study as the last expression of a cell shows it.
func (s *Study) HTML() string { return s.snapshot().HTML() }

// String summarises the study in one line.
func (s *Study) String() string { return s.snapshot().String() }

// History plots the objective of each trial against its number, and the
// best so far (optimisation history).
func (s *Study) History() *Chart { return s.snapshot().History() }

// Slice plots the objective against each named parameter (all of them when
// none is named), each on its own scale.
func (s *Study) Slice(names ...string) *Chart { return s.snapshot().Slice(names...) }

// Intermediate plots the intermediate values every trial reported, with
// pruned trials greyed.
func (s *Study) Intermediate() *Chart { return s.snapshot().Intermediate() }
