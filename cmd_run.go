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
	"sync/atomic"
	"syscall"
	"time"

	"github.com/methodic-go/methodic/internal/atomicfile"
	"github.com/methodic-go/methodic/internal/children"
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
	// SIGINT (Ctrl-C) and SIGTERM (kill, a CI's cancel) interrupt the
	// running cell; the notebook is written with what ran, and the exit
	// status says which signal it was. A second signal is not caught:
	// it ends the process at once.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var caught atomic.Value
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		select {
		case sig := <-sigs:
			signal.Stop(sigs)
			caught.Store(sig)
			cancel()
		case <-ctx.Done():
		}
	}()
	// A process a cell started whose parent died is reparented to us,
	// so that it still ends with its cell (notebooks.RunOptions.EndProcesses).
	children.Adopt()
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
		AllowErrors:  *allowErrors,
		Timeout:      *timeout,
		Progress:     stderr,
		Session:      s,
		AnyLanguage:  *asGo,
		EndProcesses: true,
	})
	if sig, ok := caught.Load().(os.Signal); ok {
		runErr = signalError{sig}
	}
	if err := nb.WriteFile(dst); err != nil {
		return errors.Join(runErr, err)
	}
	if *htmlOut != "" {
		if err := writeHTML(nb, *htmlOut); err != nil {
			return errors.Join(runErr, err)
		}
		fmt.Fprintf(stderr, "wrote %s\n", *htmlOut)
	}
	kept := ""
	if n := sum.Cells - sum.Ran; n > 0 && runErr != nil {
		kept = fmt.Sprintf(" (the %d not run keep their earlier outputs)", n)
	}
	fmt.Fprintf(stderr, "%d of %d code cells ran%s, %d failed, in %s; wrote %s\n",
		sum.Ran, sum.Cells, kept, sum.Failed, sum.Duration.Round(time.Millisecond), dst)
	return runErr
}

// signalError is a run stopped by a signal: exit status 128 plus the
// signal's number, as shells report a process the signal killed (130 for
// SIGINT, 143 for SIGTERM).
type signalError struct{ sig os.Signal }

func (e signalError) Error() string {
	return fmt.Sprintf("stopped by %v: the notebook holds what ran, the interrupted cell says so", e.sig)
}

func (e signalError) exitCode() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
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
