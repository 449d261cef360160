package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/methodic-go/methodic/native"
)

// checkCompiled says whether %%compile cells can be built on this machine
// (package native), and with warm set builds a cell that imports the
// preloaded packages, which compiles them for plugins once (minutes the
// first time) so that the first %%compile of a notebook is fast.
func checkCompiled(ctx context.Context, stdout io.Writer, warm bool) {
	where, err := native.Ready(ctx)
	var te *native.ToolchainError
	switch {
	case errors.As(err, &te):
		fmt.Fprintf(stdout, "%%%%compile cells: not available: %s.\n  fix: %s.\n  Everything interpreted works without it.\n", te.Problem, te.Fix)
		return
	case err != nil:
		fmt.Fprintf(stdout, "%%%%compile cells: not available: %v\n", err)
		return
	}
	fmt.Fprintf(stdout, "%%%%compile cells: ready (%s)\n", where)
	if !warm {
		fmt.Fprintf(stdout, "  the first %%%%compile after an update of Go or of the kernel builds the kernel's packages for plugins (a minute or two); methodic install --warm does it now\n")
		return
	}
	c := native.New(native.Options{})
	defer c.Close()
	t := time.Now()
	cell, err := c.Compile(ctx, probeCell, 1, 1)
	if err != nil {
		fmt.Fprintf(stdout, "%%%%compile cells: a probe cell failed: %v\n", err)
		return
	}
	if got := cell.Symbols["methodicInstallProbe"].Call(nil)[0].Int(); got != 42 {
		fmt.Fprintf(stdout, "%%%%compile cells: the probe cell returned %d, want 42\n", got)
		return
	}
	fmt.Fprintf(stdout, "  a probe cell was compiled and loaded in %s\n", time.Since(t).Round(time.Millisecond))
}

// probeCell imports the preloaded packages, so that building it builds
// them for plugins, as the first compiled cell that uses one would.
const probeCell = `import (
	_ "github.com/methodic-go/methodic/display"
	_ "github.com/methodic-go/methodic/mlstd/diagnose"
	_ "github.com/methodic-go/methodic/mlstd/tune"
	_ "gonum.org/v1/gonum/stat/distuv"
	_ "gonum.org/v1/plot/plotutil"
)

func methodicInstallProbe() int { return 42 }
`
