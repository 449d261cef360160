package interp

import (
	"io"
	"log"
	"strings"
	"sync"
	"sync/atomic"
)

// The fix yaegi-log (see the table in fixes.go): when yaegi v0.16.1
// cannot build the type of an expression it calls log.Panic("nil type")
// (or "nil reflect type"), which writes a time-stamped line to the
// standard logger, that is to the cell's stderr, before the panic the
// kernel turns into the cell's error. The standard logger's output is
// wrapped, once, in a filter that drops those two lines while yaegi
// compiles; everything else, the cells' own log lines included, passes.

// yaegiCompiling counts the compilations under way (generation.compile).
var yaegiCompiling atomic.Int32

var yaegiLogOnce sync.Once

// filterYaegiLog wraps the standard logger's output in a yaegiLogFilter.
// A cell that sets the logger's output later replaces the filter.
func filterYaegiLog() {
	yaegiLogOnce.Do(func() { log.SetOutput(yaegiLogFilter{w: log.Writer()}) })
}

// yaegiLogFilter drops yaegi's log lines written while it compiles.
type yaegiLogFilter struct{ w io.Writer }

func (f yaegiLogFilter) Write(p []byte) (int, error) {
	if yaegiCompiling.Load() > 0 {
		line := strings.TrimSuffix(string(p), "\n")
		if strings.HasSuffix(line, "nil type") || strings.HasSuffix(line, "nil reflect type") {
			return len(p), nil
		}
	}
	return f.w.Write(p)
}
