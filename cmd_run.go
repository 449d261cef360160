package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/methodic-go/methodic/internal/atomicfile"
	"github.com/methodic-go/methodic/interp"
	"github.com/methodic-go/methodic/notebooks"
)

func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "methodic run NOTEBOOK.ipynb [-o OUT.ipynb | --inplace] [--allow-errors] [--timeout D] [--html OUT.html] [--as-go]", stderr)
	out := fs.String("o", "", "write the executed notebook to `OUT.ipynb` (default: NOTEBOOK.out.ipynb beside the input)")
	inplace := fs.Bool("inplace", false, "overwrite the input notebook with the executed one")
	allowErrors := fs.Bool("allow-errors", false, "go on after a failing cell (the error is saved in it)")
	timeout := fs.Duration("timeout", 0, "interrupt a cell that runs longer than `D` (e.g. 2m; 0 means no limit)")
	htmlOut := fs.String("html", "", "also write the run as a static, self-contained HTML page to `OUT.html`")
	asGo := fs.Bool("as-go", false, "run the cells as Go even if the notebook's kernelspec names another language")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return usageError{"run takes exactly one notebook"}
	}
	in := pos[0]
	if *inplace && *out != "" {
		return usageError{"-o and --inplace exclude each other"}
	}
	if *timeout < 0 {
		return usageError{fmt.Sprintf("--timeout %v is negative (0 means no limit)", *timeout)}
	}
	dst := *out
	switch {
	case *inplace:
		dst = in
	case dst == "":
		dst = strings.TrimSuffix(in, ".ipynb") + ".out.ipynb"
	}

	nb, err := notebooks.ReadFile(in)
	if err != nil {
		return err
	}
	if err := nb.CheckLanguage(); err != nil && !*asGo {
		return fmt.Errorf("%s: %w; methodic runs Go cells (--as-go runs them as Go anyway)", in, err)
	}
	// Find out now, not after the last cell, whether the results can be
	// saved.
	for _, path := range []string{dst, *htmlOut} {
		if path == "" {
			continue
		}
		if err := atomicfile.Check(path); err != nil {
			return fmt.Errorf("%w (nothing was run)", err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	s, err := interp.New(interp.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	// The session now owns file descriptors 1 and 2 for cell output; our
	// own lines go to the standard error the process started with.
	if stderr == os.Stderr {
		stderr = interp.RealStderr()
	}
	fmt.Fprintf(stderr, "running %s\n", in)
	sum, runErr := notebooks.Run(ctx, nb, notebooks.RunOptions{
		AllowErrors: *allowErrors,
		Timeout:     *timeout,
		Progress:    stderr,
		Session:     s,
		AnyLanguage: *asGo,
	})
	if err := nb.WriteFile(dst); err != nil {
		return errors.Join(runErr, err)
	}
	if *htmlOut != "" {
		if err := writeHTML(nb, *htmlOut); err != nil {
			return errors.Join(runErr, err)
		}
		fmt.Fprintf(stderr, "wrote %s\n", *htmlOut)
	}
	fmt.Fprintf(stderr, "%d of %d code cells ran, %d failed, in %s; wrote %s\n",
		sum.Ran, sum.Cells, sum.Failed, sum.Duration.Round(time.Millisecond), dst)
	return runErr
}

// writeHTML writes the page through a temporary file and a rename, as
// notebooks are written.
func writeHTML(nb *notebooks.Notebook, path string) error {
	var b bytes.Buffer
	if err := nb.WriteHTML(&b, notebooks.HTMLOptions{}); err != nil {
		return err
	}
	return atomicfile.Write(path, b.Bytes(), 0o644)
}
