package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/internal/conninfo"
	"github.com/methodic-go/methodic/interp"
	"github.com/methodic-go/methodic/mlstd/tune"
	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// workerCmd runs trials of a shared study: it reads the cells the
// notebook stored with tune.Study.Share, checks their signature with the
// key (--key-file, else tune.DefaultKey), runs them in an interpreter as a
// notebook would, evaluates the objective, and calls Study.Work with the
// study's storage, so that nothing is compiled or copied by hand. Before
// it runs anything it prints the study, the digest of the search and
// where the key came from; a search that is unsigned, signed with another
// key or changed since is refused, and nothing of it runs.
//
// Work itself runs inside the interpreter (a cell calls it), because the
// objective is a value of the interpreter. The cell's ctx is never
// cancelled: an interrupt would make yaegi stop the objective dead,
// where SIGTERM must let it finish or hand it back; Work listens for
// SIGTERM and SIGINT itself (WorkOptions.Signals).
func workerCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("worker", "methodic worker --study NAME --storage URL [--n-trials N] [flags]", stderr)
	study := fs.String("study", "", "the `NAME` of the study to work on (shared from a notebook with Study.Share)")
	storage := fs.String("storage", "", "the study's storage `URL`: postgres://user@host/db, or sqlite:PATH for workers on one machine")
	nTrials := fs.Int("n-trials", 0, "run at most `N` trials, then exit (0: until the study is done)")
	heartbeat := fs.Duration("heartbeat", 5*time.Second, "how often the running trial's heartbeat is sent")
	staleAfter := fs.Duration("stale-after", 0, "a trial whose worker is silent this long is re-run (default 6 heartbeats)")
	poll := fs.Duration("poll", time.Second, "how often to look again when no trial waits but some still run")
	grace := fs.Duration("grace", 0, "on SIGTERM, how long the running trial may go on before it is handed back")
	name := fs.String("name", "", "this worker's name in the study (default host:pid:random)")
	quiet := fs.Bool("quiet", false, "do not log each trial on standard error")
	keyFile := fs.String("key-file", "", "the `FILE` of the key that signed the study (default: $"+tune.KeyEnv+", else the file methodic key prints)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0])}
	case *study == "":
		fs.Usage()
		return usageError{"--study is required"}
	case *storage == "":
		fs.Usage()
		return usageError{"--storage is required"}
	case *nTrials < 0:
		return usageError{"--n-trials must not be negative"}
	}

	if conninfo.HasPassword(*storage) {
		fmt.Fprintln(stderr, "methodic worker: warning: the --storage URL holds a password, which every user of this machine can read in the process list; put it in PGPASSWORD, ~/.pgpass or a service file instead")
	}
	key, keyExpr, err := workerKey(*keyFile)
	if err != nil {
		return fmt.Errorf("study %q: %w", *study, err)
	}

	ctx := context.Background()
	// Read and check the search before starting an interpreter: nothing
	// of a refused search runs, and a wrong name, URL or an unshared study
	// fails fast and clearly. The worker opens the storage itself (here
	// and in workCell): tune's warning about a password in a notebook's
	// URL is not for --storage, which has its own above.
	sto, err := store.Open(ctx, *storage)
	if err != nil {
		return fmt.Errorf("tune: %w", err)
	}
	st, err := tune.LoadStudy(ctx, *study, tune.StudyOptions{Storage: sto, Key: key})
	if err != nil {
		sto.Close()
		return err
	}
	sh, err := st.Shared(ctx)
	sto.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "methodic worker: study %q: code %s, signed with %v: running its %d cells\n", *study, sh.Digest, key, len(sh.Cells))

	s, err := interp.New(interp.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	// The session owns descriptors 1 and 2 now: cell output reaches them
	// through out, our own lines go to the real standard error.
	if stdout == os.Stdout {
		stdout = interp.RealStdout()
	}
	if stderr == os.Stderr {
		stderr = interp.RealStderr()
	}
	out := &workerOutput{stdout: stdout, stderr: stderr}
	for i, cell := range sh.Cells {
		if res := s.Execute(ctx, cell, out, interp.ExecOptions{}); res.Err != nil {
			return fmt.Errorf("cell %d of study %q: %s", i+1, *study, cellError(res.Err))
		}
	}
	code := workCell(*study, *storage, keyExpr, sh.Digest, sh.Objective, *name, *nTrials, *heartbeat, *staleAfter, *poll, *grace, *quiet)
	res := s.Execute(ctx, code, out, interp.ExecOptions{})
	if res.Err != nil {
		return fmt.Errorf("study %q: %s", *study, cellError(res.Err))
	}
	return nil
}

// workerKey reads the key a worker checks signatures with: the file
// given, else tune.DefaultKey. It also returns the Go expression that
// reads the same key inside the interpreter.
func workerKey(file string) (*tune.Key, string, error) {
	if file != "" {
		k, err := tune.LoadKey(file)
		return k, fmt.Sprintf("tune.LoadKey(%s)", strconv.Quote(file)), err
	}
	k, err := tune.DefaultKey()
	if errors.Is(err, tune.ErrNoKey) {
		path, _ := tune.DefaultKeyPath()
		err = fmt.Errorf("%w; copy the key file of the notebook's machine (methodic key prints its path) to %s, or set %s, or pass --key-file", err, path, tune.KeyEnv)
	}
	return k, "tune.DefaultKey()", err
}

// workCell is the cell that runs the study's trials with the objective
// the study's cells declared, checking the signature again with the same
// key and holding Work to the digest the worker printed. A failure panics
// with the error, which Execute returns.
func workCell(study, url, keyExpr, digest, objective, name string, n int, heartbeat, stale, poll, grace time.Duration, quiet bool) string {
	logTo := "os.Stderr"
	if quiet {
		logTo = "nil"
	}
	return fmt.Sprintf(`import (
	"os"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune"
	"github.com/methodic-go/methodic/mlstd/tune/store"
)

_methodicWorkErr := func() error {
	key, err := %s
	if err != nil {
		return err
	}
	sto, err := store.Open(ctx, %[3]s)
	if err != nil {
		return err
	}
	defer sto.Close()
	st, err := tune.LoadStudy(ctx, %[2]s, tune.StudyOptions{Storage: sto, Key: key})
	if err != nil {
		return err
	}
	defer st.Close()
	var obj tune.Objective = %[4]s
	return st.Work(ctx, obj, tune.WorkOptions{
		Trials:     %d,
		Worker:     %s,
		Heartbeat:  time.Duration(%d),
		StaleAfter: time.Duration(%d),
		Poll:       time.Duration(%d),
		Grace:      time.Duration(%d),
		Signals:    tune.StopSignals,
		Log:        %s,
		Digest:     %s,
	})
}()
if _methodicWorkErr != nil {
	panic(_methodicWorkErr.Error())
}
`, keyExpr, strconv.Quote(study), strconv.Quote(url), objective, n, strconv.Quote(name),
		int64(heartbeat), int64(stale), int64(poll), int64(grace), logTo, strconv.Quote(digest))
}

// cellError is a cell's error in one line: the panic's message when the
// work cell panicked with an error, else name and value.
func cellError(e *interp.Error) string {
	v := strings.TrimSpace(e.Value)
	if e.Name == "Panic" {
		return v
	}
	return e.Name + ": " + v
}

// workerOutput writes what the cells print to the process's standard
// output and error; displayed values print their text form.
type workerOutput struct {
	mu             sync.Mutex
	stdout, stderr io.Writer
}

func (o *workerOutput) Stream(name, text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if name == "stderr" {
		io.WriteString(o.stderr, text)
		return
	}
	io.WriteString(o.stdout, text)
}

func (o *workerOutput) Display(b display.Bundle, id string, update bool) {
	if t, ok := b.Data[display.MIMEText].(string); ok && !update {
		o.Stream("stdout", strings.TrimRight(t, "\n")+"\n")
	}
}

func (o *workerOutput) Clear(bool) {}

func (o *workerOutput) Input(string, bool) (string, error) {
	return "", errors.New("a worker has no standard input")
}
