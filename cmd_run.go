package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/methodic-go/methodic/interp"
	"github.com/methodic-go/methodic/notebooks"
)

func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "methodic run NOTEBOOK.ipynb [-o OUT.ipynb | --inplace] [--allow-errors] [--timeout D]", stderr)
	out := fs.String("o", "", "write the executed notebook to `OUT.ipynb` (default: NOTEBOOK.out.ipynb beside the input)")
	inplace := fs.Bool("inplace", false, "overwrite the input notebook with the executed one")
	allowErrors := fs.Bool("allow-errors", false, "go on after a failing cell (the error is saved in it)")
	timeout := fs.Duration("timeout", 0, "interrupt a cell that runs longer than `D` (e.g. 2m; 0 means no limit)")
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
	})
	if err := nb.WriteFile(dst); err != nil {
		return errors.Join(runErr, err)
	}
	fmt.Fprintf(stderr, "%d of %d code cells ran, %d failed, in %s; wrote %s\n",
		sum.Ran, sum.Cells, sum.Failed, sum.Duration.Round(time.Millisecond), dst)
	return runErr
}
