package display

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// LogTicks marks a logarithmic axis (plot.LogScale) for reading: a tick at
// 1 to 9 times each power of ten, the powers of ten labelled when at least
// two lie on the axis, and 1, 2 and 5 times them labelled too when fewer
// do, so that an axis spanning less than a decade (learning rates from
// 0.002 to 0.009) still has numbers. An axis too narrow for two labels
// gets its ends labelled. Labels are the shortest decimal form of each
// value (0.05, 200, 1e-5).
//
// gonum's plot.LogTicks labels only the powers of ten, leaving a narrow
// axis blank, and reaches them by repeated multiplication, which can label
// 1e-5 as 9.999999999999999e-06.
type LogTicks struct{}

// Ticks implements plot.Ticker for the range [min, max], min > 0.
func (LogTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0 && max >= min) || math.IsInf(max, 0) {
		return plot.LogTicks{}.Ticks(min, max) // panics as gonum's does
	}
	inside := func(v float64) bool { return v >= min*(1-1e-9) && v <= max*(1+1e-9) }
	type mark struct {
		v float64
		m int
	}
	var marks []mark
	powers := 0
	for e := int(math.Floor(math.Log10(min))); e <= int(math.Ceil(math.Log10(max))); e++ {
		for m := 1; m <= 9; m++ {
			// Parsed rather than multiplied, so that 1e-5 is the
			// float64 nearest to it.
			v, _ := strconv.ParseFloat(fmt.Sprintf("%de%d", m, e), 64)
			if !inside(v) {
				continue
			}
			if m == 1 {
				powers++
			}
			marks = append(marks, mark{v, m})
		}
	}
	ticks := make([]plot.Tick, 0, len(marks)+2)
	labels := 0
	for _, k := range marks {
		t := plot.Tick{Value: k.v}
		if k.m == 1 || (powers < 2 && (k.m == 2 || k.m == 5)) {
			t.Label = tickLabel(k.v)
			labels++
		}
		ticks = append(ticks, t)
	}
	if labels < 2 {
		ticks = append(ticks, plot.Tick{Value: min, Label: tickLabel(min)}, plot.Tick{Value: max, Label: tickLabel(max)})
	}
	return ticks
}

// tickLabel writes v briefly: 200, 0.05, 0.0001, 0.00235, 1e-5, 2.5e6.
func tickLabel(v float64) string {
	if s := strconv.FormatFloat(v, 'g', -1, 64); !strings.Contains(s, "e") && len(s) <= 7 {
		return s
	}
	if s := strconv.FormatFloat(v, 'g', 3, 64); !strings.Contains(s, "e") {
		return s
	}
	// 1.50e-05 -> 1.5e-5
	m, e, _ := strings.Cut(strconv.FormatFloat(v, 'e', 2, 64), "e")
	m = strings.TrimSuffix(strings.TrimRight(m, "0"), ".")
	sign := strings.TrimPrefix(e[:1], "+")
	return m + "e" + sign + strings.TrimLeft(e[1:], "0")
}
