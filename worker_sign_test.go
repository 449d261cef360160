package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/tune"
	"github.com/methodic-go/methodic/mlstd/tune/store"
	"github.com/methodic-go/methodic/mlstd/tune/store/storetest"
	"github.com/methodic-go/methodic/notebooks"
)

// testKeyEnv is the key TestMain puts in tune.KeyEnv, so that the tests
// of this package, and the workers they start, sign and check with it
// unless a test says otherwise.
const testKeyEnv = "methodic-main-test-key-0123456789abcdef"

// newKeyFile makes a key file in a directory of the test's.
func newKeyFile(t *testing.T, name string) (string, *tune.Key) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	k, err := tune.CreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, k
}

// workerEnv is this process's environment without tune.KeyEnv and with
// the HOME and configuration directory of the test (so that no default
// key file is found unless the test makes one), plus extra.
func workerEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	home := t.TempDir()
	var env []string
	for _, e := range os.Environ() {
		k, _, _ := strings.Cut(e, "=")
		if k != tune.KeyEnv && k != "HOME" && k != "XDG_CONFIG_HOME" {
			env = append(env, e)
		}
	}
	return append(append(env, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config")), extra...)
}

// startWorkerEnv starts a worker process with the environment env.
func startWorkerEnv(t *testing.T, env []string, url, study string, args ...string) *proc {
	t.Helper()
	args = append([]string{"worker", "--study", study, "--storage", url}, args...)
	cmd := exec.Command(methodicBinary(t), args...)
	cmd.Env = env
	p := &proc{cmd: cmd, out: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// markedCell is an objective cell that, when a worker runs it, leaves a
// file named after the worker's process in dir: the proof that a worker
// ran the cells of a search.
func markedCell(dir string) string {
	return fmt.Sprintf(`//tune:worker
import (
	"os"
	"path/filepath"
	"strconv"

	"github.com/methodic-go/methodic/mlstd/tune"
)

markErr := os.WriteFile(filepath.Join(%q, "ran-"+strconv.Itoa(os.Getpid())), nil, 0o644)
if markErr != nil {
	panic(markErr)
}

func objective(ctx context.Context, t *tune.Trial) (float64, error) {
	x := t.Float("x", 0, 1)
	t.Report(1, x)
	return x, nil
}
`, dir)
}

// marks lists the files markedCell left in dir.
func marks(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// untouched checks that no trial of the study was claimed, sampled or
// finished.
func untouched(t *testing.T, st *tune.Study, n int) {
	t.Helper()
	ts, err := st.Trials(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != n {
		t.Errorf("%d trials, want the %d Share laid out", len(ts), n)
	}
	for _, tr := range ts {
		if tr.State != store.Waiting || tr.Worker != "" || len(tr.Params) != 0 || len(tr.Intermediate) != 0 {
			t.Errorf("trial %d is %v under %q with %v: a refused search ran", tr.Number, tr.State, tr.Worker, tr.Params)
		}
	}
}

// execSQL runs a statement on the test's database, as someone with
// access to it (and without the key) would, and checks it changed one
// row.
func execSQL(t *testing.T, url, q string, args ...any) {
	t.Helper()
	db := storetest.OpenDB(t, url)
	defer db.Close()
	res, err := db.Exec(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%s changed %d rows, want 1", q, n)
	}
}

// TestWorkerRefuses: what the signing issue asks a worker to refuse, on
// PostgreSQL with real worker processes. In each case every worker exits
// 1 with one line naming the study and saying why, without running a
// cell (no mark file) or touching a trial.
func TestWorkerRefuses(t *testing.T) {
	url := storetest.Postgres(t)
	keyA, kA := newKeyFile(t, "a.key")
	_, kB := newKeyFile(t, "b.key")
	cases := []struct {
		name string
		// change is what someone with write access to the database
		// does after the notebook shared the study.
		change func(t *testing.T, study string)
		env    []string
		args   []string
		want   string
	}{
		{
			name: "cell changed",
			change: func(t *testing.T, study string) {
				// One character of the cell: "ran-" becomes "run-".
				execSQL(t, url, `UPDATE study_attrs SET value = replace(value, 'ran-', 'run-')
					WHERE key = $1 AND study_id = (SELECT id FROM studies WHERE name = $2)`, tune.AttrShared, study)
			},
			args: []string{"--key-file", keyA},
			want: `refused: its shared search was changed after it was signed (the signature does not match key ` + kA.ID() + ` (file ` + keyA + `))`,
		},
		{
			name: "other key",
			env:  []string{tune.KeyEnv + "=" + strings.TrimSpace(readFile(t, keyFileOf(t, kB)))},
			want: `refused: its shared search was signed with key ` + kA.ID() + `, and this is key ` + kB.ID() + ` (environment ` + tune.KeyEnv + `)`,
		},
		{
			name: "unsigned",
			change: func(t *testing.T, study string) {
				// A search in the form Share wrote before it signed, as
				// an attacker would write it.
				dir := t.TempDir()
				unsigned, _ := json.Marshal(map[string]any{
					"cells":     []string{markedCell(dir)},
					"objective": "objective",
					"sampler":   map[string]any{"kind": "random", "seed": 1},
				})
				execSQL(t, url, `UPDATE study_attrs SET value = $1
					WHERE key = $2 AND study_id = (SELECT id FROM studies WHERE name = $3)`, string(unsigned), tune.AttrShared, study)
			},
			args: []string{"--key-file", keyA},
			want: `refused: its shared search is not signed; share it again from the notebook (Study.Share signs it)`,
		},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			study := fmt.Sprint("refuse-", i)
			dir := t.TempDir()
			st, err := tune.NewStudy(ctx, study, tune.StudyOptions{URL: url, Key: kA})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.Share(ctx, tune.Shared{Cells: []string{markedCell(dir)}, Objective: "objective", Trials: 6, Sampler: tune.NewRandom(1)}); err != nil {
				t.Fatal(err)
			}
			if c.change != nil {
				c.change(t, study)
			}
			var ps []*proc
			for w := 0; w < 3; w++ {
				ps = append(ps, startWorkerEnv(t, workerEnv(t, c.env...), url, study, c.args...))
			}
			line := `methodic worker: tune: study "` + study + `": ` + c.want + "\n"
			for _, p := range ps {
				err := p.wait(t, 60*time.Second)
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
					t.Errorf("worker %d exited with %v, want status 1", p.cmd.Process.Pid, err)
				}
				if out := p.out.String(); out != line {
					t.Errorf("worker %d said\n%s\nwant the one line\n%s", p.cmd.Process.Pid, out, line)
				}
			}
			if m := marks(t, dir); len(m) != 0 {
				t.Errorf("the study's cells ran in %v", m)
			}
			untouched(t, st, 6)
		})
	}
}

// keyFileOf finds the file a key was read from (its Source).
func keyFileOf(t *testing.T, k *tune.Key) string {
	t.Helper()
	path, ok := strings.CutPrefix(k.Source(), "file ")
	if !ok {
		t.Fatalf("key %v is not from a file", k)
	}
	return path
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWorkerSigned: the happy path, with the key from --key-file, from
// the environment, and from the default key file. Each worker first
// prints the study, the digest of the search (the one Study.Shared
// returns and Watch shows) and where its key came from, then runs the
// cells and the trials.
func TestWorkerSigned(t *testing.T) {
	url := storetest.Postgres(t)
	keyPath, key := newKeyFile(t, "tune.key")
	secret := strings.TrimSpace(readFile(t, keyPath))
	// A home whose default key file is a copy of the key.
	home := t.TempDir()
	defPath := filepath.Join(home, ".config", "methodic", "tune.key")
	os.MkdirAll(filepath.Dir(defPath), 0o700)
	if err := os.WriteFile(defPath, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct {
		name   string
		env    []string
		args   []string
		source string
	}{
		{"key file", nil, []string{"--key-file", keyPath}, "file " + keyPath},
		{"environment", []string{tune.KeyEnv + "=" + secret}, nil, "environment " + tune.KeyEnv},
		{"default key file", []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, ".config")}, nil, "file " + defPath},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			study := fmt.Sprint("signed-", i)
			dir := t.TempDir()
			st, err := tune.NewStudy(ctx, study, tune.StudyOptions{URL: url, Key: key})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.Share(ctx, tune.Shared{Cells: []string{markedCell(dir)}, Objective: "objective", Trials: 6, Sampler: tune.NewRandom(1)}); err != nil {
				t.Fatal(err)
			}
			sh, err := st.Shared(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ps := []*proc{
				startWorkerEnv(t, workerEnv(t, c.env...), url, study, append(c.args, "--poll", "50ms")...),
				startWorkerEnv(t, workerEnv(t, c.env...), url, study, append(c.args, "--poll", "50ms")...),
			}
			banner := fmt.Sprintf("methodic worker: study %q: code %s, signed with key %s (%s): running its 1 cells\n", study, sh.Digest, key.ID(), c.source)
			trialLine := regexp.MustCompile(`(?m)^.*: trial \d+ `)
			for _, p := range ps {
				if err := p.wait(t, 90*time.Second); err != nil {
					t.Fatalf("worker %d: %v\n%s", p.cmd.Process.Pid, err, p.out.String())
				}
				out := p.out.String()
				if !strings.HasPrefix(out, banner) {
					t.Errorf("worker %d began with\n%s\nwant\n%s", p.cmd.Process.Pid, out, banner)
				}
				if loc := trialLine.FindStringIndex(out); loc != nil && loc[0] < len(banner) {
					t.Errorf("worker %d logged a trial before its banner:\n%s", p.cmd.Process.Pid, out)
				}
			}
			if m := marks(t, dir); len(m) != 2 {
				t.Errorf("the cells ran in %v; want both workers", m)
			}
			sn, _ := st.Snapshot(ctx)
			if c := sn.Counts(); c[store.Complete] != 6 {
				t.Errorf("trials %v; want 6 complete", c)
			}
		})
	}
}

// TestWorkerKeyErrors: a worker without a key, or with a key file others
// may read, says so and stops before it reads the study.
func TestWorkerKeyErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv(tune.KeyEnv, "")
	os.Unsetenv(tune.KeyEnv)
	code, _, stderr := runCLI("worker", "--study", "s", "--storage", db)
	if code != 1 || !strings.Contains(stderr, `study "s": tune: no key`) || !strings.Contains(stderr, "--key-file") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("no key: %d %q", code, stderr)
	}
	path, _ := newKeyFile(t, "open.key")
	os.Chmod(path, 0o644)
	code, _, stderr = runCLI("worker", "--study", "s", "--storage", db, "--key-file", path)
	if code != 1 || !strings.Contains(stderr, "chmod 600 "+path) {
		t.Errorf("a key file others may read: %d %q", code, stderr)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the worker opened the storage without a key: %v", err)
	}
}

// TestKeyCommand: methodic key creates the default key file (mode 0600)
// once, prints its ID and path but never the secret, and reports the
// environment's key when there is one.
func TestKeyCommand(t *testing.T) {
	conf := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", conf)
	t.Setenv(tune.KeyEnv, "")
	os.Unsetenv(tune.KeyEnv)
	path := filepath.Join(conf, "methodic", "tune.key")
	code, stdout, stderr := runCLI("key")
	if code != 0 || !strings.Contains(stderr, "created "+path) {
		t.Fatalf("first methodic key: %d %q %q", code, stdout, stderr)
	}
	k, err := tune.LoadKey(path)
	if err != nil {
		t.Fatal(err)
	}
	want := k.String() + "\n"
	if stdout != want || strings.Contains(stdout+stderr, strings.TrimSpace(readFile(t, path))) {
		t.Errorf("methodic key printed %q; want %q and never the secret", stdout, want)
	}
	if code, again, stderr := runCLI("key"); code != 0 || again != want || stderr != "" {
		t.Errorf("second methodic key: %d %q %q", code, again, stderr)
	}
	other := filepath.Join(t.TempDir(), "other.key")
	if code, out, _ := runCLI("key", "--file", other); code != 0 || !strings.Contains(out, "file "+other) {
		t.Errorf("methodic key --file: %d %q", code, out)
	}
	t.Setenv(tune.KeyEnv, testKeyEnv)
	if code, out, _ := runCLI("key"); code != 0 || !strings.Contains(out, "(environment "+tune.KeyEnv+")") {
		t.Errorf("methodic key with %s set: %d %q", tune.KeyEnv, code, out)
	}
}

// TestStoragePassword: a worker warns when its --storage URL holds a
// password (any user can read a command line), once (tune's own warning
// about notebooks' URLs is not repeated), and never prints it. Which URLs
// hold one: internal/conninfo's TestHasPassword.
func TestStoragePassword(t *testing.T) {
	t.Setenv(tune.KeyEnv, testKeyEnv)
	code, _, stderr := runCLI("worker", "--study", "s", "--storage", "postgres://tuner:s3cret@127.0.0.1:1/studies?connect_timeout=1")
	if code != 1 || !strings.Contains(stderr, "warning: the --storage URL holds a password") || strings.Count(stderr, "warning") != 1 || strings.Contains(stderr, "s3cret") {
		t.Errorf("a password in the URL: %d %q", code, stderr)
	}
	code, _, stderr = runCLI("worker", "--study", "s", "--storage", "postgres://tuner@127.0.0.1:1/studies?connect_timeout=1")
	if code != 1 || strings.Contains(stderr, "warning") {
		t.Errorf("no password in the URL: %d %q", code, stderr)
	}
}

// TestNotebookStoragePassword: a notebook cell that opens a study with a
// password in its PostgreSQL URL gets a warning in its output (the
// password is saved with the notebook), without the password; a URL
// without one gets none.
func TestNotebookStoragePassword(t *testing.T) {
	in := writeNotebook(t,
		`_, err := tune.NewStudy(ctx, "pw", tune.StudyOptions{URL: "postgres://tuner:s3cret@127.0.0.1:1/studies?connect_timeout=1"})
fmt.Println("opened:", err == nil)`,
		`_, err = tune.LoadStudy(ctx, "pw", tune.StudyOptions{URL: "postgresql://tuner@127.0.0.1:1/studies?password=s3cret&connect_timeout=1"})
fmt.Println("loaded:", err == nil)`,
		`_, err = tune.NewStudy(ctx, "nopw", tune.StudyOptions{URL: "postgres://tuner@127.0.0.1:1/studies?connect_timeout=1"})
fmt.Println("opened:", err == nil)`)
	out := filepath.Join(t.TempDir(), "out.ipynb")
	if code, _, stderr := runCLI("run", in, "-o", out); code != 0 {
		t.Fatalf("run: %d\n%s", code, stderr)
	}
	nb, err := notebooks.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range nb.Cells {
		var stdout, stderr strings.Builder
		for _, o := range c.Outputs {
			if o.Name == "stderr" {
				stderr.WriteString(o.Text)
			} else {
				stdout.WriteString(o.Text)
			}
		}
		warned := strings.Contains(stderr.String(), `tune: warning: the storage URL of study "pw" holds a password`)
		if warned != (i < 2) || strings.Contains(stdout.String()+stderr.String(), "s3cret") || !strings.Contains(stdout.String(), ": false") {
			t.Errorf("cell %d: stdout %q, stderr %q", i+1, stdout.String(), stderr.String())
		}
	}
}

// TestNotebookSignsTheSame: a notebook with a //tune:worker cell, run
// twice by methodic run (each run a new process), stores the same
// signature: the first run creates the default key, the second reuses
// it, and the notebook's file laid out differently the second time (its
// cells' source as one string or as lines, other indentation and key
// order) changes nothing, since what is signed is the cells' text. A
// worker with the created key then runs the search.
func TestNotebookSignsTheSame(t *testing.T) {
	url := storetest.Postgres(t)
	dir := t.TempDir()
	nbPath := filepath.Join(dir, "search.ipynb")
	cell := objectiveCell(1, 1)
	share := fmt.Sprintf(`st, err := tune.NewStudy(ctx, "twice", tune.StudyOptions{URL: %q})
if err != nil { panic(err) }
cells, err := tune.NotebookCells(%q)
if err != nil { panic(err) }
err = st.Share(ctx, tune.Shared{Cells: cells, Objective: "objective", Trials: 4, Sampler: tune.NewTPE(5, tune.TPEOptions{Startup: 2}), Pruner: tune.Median{}})
if err != nil { panic(err) }`, url, nbPath)
	lines := func(s string) []string { return strings.SplitAfter(s, "\n") }
	// First run: sources as strings, compact JSON.
	nb1, _ := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{},
		"cells": []any{
			map[string]any{"id": "objective", "cell_type": "code", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil, "source": cell},
			map[string]any{"id": "share", "cell_type": "code", "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil, "source": share},
		}})
	// Second run: sources as lists of lines, indented, keys in another
	// order.
	nb2 := fmt.Sprintf(`{
    "cells": [
        {
            "source": %s,
            "outputs": [],
            "id": "objective",
            "metadata": {},
            "execution_count": null,
            "cell_type": "code"
        },
        {
            "source": %s,
            "outputs": [],
            "metadata": {"tags": []},
            "id": "share",
            "execution_count": null,
            "cell_type": "code"
        }
    ],
    "nbformat_minor": 5,
    "nbformat": 4,
    "metadata": {"kernelspec": {"name": "methodic", "display_name": "Go (Methodic)"}}
}`, mustJSON(t, lines(cell)), mustJSON(t, lines(share)))
	env := workerEnv(t)
	stored := func() string {
		db := storetest.OpenDB(t, url)
		defer db.Close()
		var v string
		if err := db.QueryRow(`SELECT value FROM study_attrs WHERE key = $1`, tune.AttrShared).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	var runs []string
	for i, nb := range []string{string(nb1), nb2} {
		if err := os.WriteFile(nbPath, []byte(nb), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(methodicBinary(t), "run", nbPath, "-o", filepath.Join(dir, fmt.Sprint("out", i, ".ipynb")))
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("run %d: %v\n%s", i+1, err, out)
		}
		// Share says so in the cell's output when it creates the key.
		saved := readFile(t, filepath.Join(dir, fmt.Sprint("out", i, ".ipynb")))
		if created := strings.Contains(saved, "tune: created "); created != (i == 0) {
			t.Errorf("run %d: created a key %v; want only in the first run\n%s", i+1, created, saved)
		}
		runs = append(runs, stored())
	}
	if runs[0] != runs[1] {
		t.Errorf("the two runs stored\n%s\nand\n%s", runs[0], runs[1])
	}
	var env1 struct {
		HMAC string `json:"hmac_sha256"`
	}
	if err := json.Unmarshal([]byte(runs[0]), &env1); err != nil || len(env1.HMAC) != 64 {
		t.Errorf("stored search %s: %v", runs[0], err)
	}
	p := startWorkerEnv(t, env, url, "twice", "--poll", "50ms")
	if err := p.wait(t, 90*time.Second); err != nil || !strings.Contains(p.out.String(), "signed with key") {
		t.Errorf("a worker with the notebook's key: %v\n%s", err, p.out.String())
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// passwordGroup is the PostgreSQL role whose members must give a
// password: .ci/run puts the line
//
//	host all +methodic_password 127.0.0.1/32 scram-sha-256
//
// first in the test server's pg_hba.conf, which otherwise trusts everyone.
// The test creates the group if it is missing and leaves it (roles belong
// to the whole server, not to the test's schema); the login role it makes
// is dropped.
const passwordGroup = "methodic_password"

// TestWorkerPassword: a worker connects as a role that must give a
// password, with no password on its command line: it reads it from
// PGPASSWORD, from ~/.pgpass, or from a service file, as libpq does. It
// refuses to start without one.
func TestWorkerPassword(t *testing.T) {
	url := storetest.Postgres(t)
	db := storetest.OpenDB(t, url)
	defer db.Close()
	var b [6]byte
	rand.Read(b[:])
	role, password := "methodic_pw_"+hex.EncodeToString(b[:]), "pw-"+hex.EncodeToString(b[:])+"-secret"
	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatalf("the test server's URL must be a postgres:// URL: %v", err)
	}
	schema := u.Query().Get("search_path")
	for _, q := range []string{
		`DO $$ BEGIN CREATE ROLE ` + passwordGroup + ` NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
		`CREATE ROLE ` + role + ` LOGIN PASSWORD '` + password + `' IN ROLE ` + passwordGroup,
		`GRANT USAGE, CREATE ON SCHEMA ` + schema + ` TO ` + role,
	} {
		if _, err := db.Exec(q); err != nil {
			if storetest.Required() {
				t.Fatalf("%s: %v", q, err)
			}
			t.Skipf("cannot make a role with a password on the test server: %s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		db := storetest.OpenDB(t, url)
		defer db.Close()
		for _, q := range []string{`DROP OWNED BY ` + role, `DROP ROLE ` + role} {
			if _, err := db.Exec(q); err != nil {
				t.Logf("%s: %v", q, err)
			}
		}
	})
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "5432"
	}
	noPassword := *u
	noPassword.User = neturl.User(role)
	withPassword := *u
	withPassword.User = neturl.UserPassword(role, password)

	// The notebook's side, in process (no command line to read).
	ctx := context.Background()
	st, err := tune.NewStudy(ctx, "password", tune.StudyOptions{URL: withPassword.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Share(ctx, tune.Shared{Cells: []string{objectiveCell(1, 1)}, Objective: "objective", Trials: 3, Sampler: tune.NewRandom(1)}); err != nil {
		t.Fatal(err)
	}

	// Without a password the server refuses the worker.
	env := workerEnv(t, tune.KeyEnv+"="+testKeyEnv)
	for i, e := range env {
		if strings.HasPrefix(e, "PGPASSWORD=") || strings.HasPrefix(e, "PGSERVICE") || strings.HasPrefix(e, "PGPASSFILE=") {
			env[i] = "METHODIC_TEST_UNSET=1"
		}
	}
	p := startWorkerEnv(t, env, noPassword.String(), "password", "--n-trials", "1")
	if err := p.wait(t, 60*time.Second); err == nil {
		if storetest.Required() {
			t.Fatalf("the server let %s in without a password: is the pg_hba.conf line of .ci/run missing?\n%s", role, p.out.String())
		}
		t.Skipf("the test server does not ask members of %s for a password (see .ci/run's pg_hba.conf line)", passwordGroup)
	}
	if out := p.out.String(); !strings.Contains(out, "password") || strings.Contains(out, password) {
		t.Errorf("a worker without a password said:\n%s", out)
	}

	home := t.TempDir()
	pgpass := filepath.Join(home, ".pgpass")
	if err := os.WriteFile(pgpass, []byte(fmt.Sprintf("%s:%s:*:%s:%s\n", host, port, role, password)), 0o600); err != nil {
		t.Fatal(err)
	}
	services := filepath.Join(t.TempDir(), "services.conf")
	if err := os.WriteFile(services, []byte(fmt.Sprintf("[studies]\nhost=%s\nport=%s\nuser=%s\npassword=%s\ndbname=%s\n",
		host, port, role, password, strings.TrimPrefix(u.Path, "/"))), 0o600); err != nil {
		t.Fatal(err)
	}
	viaService := neturl.URL{Scheme: "postgres", Path: "/", RawQuery: neturl.Values{"service": {"studies"}, "search_path": {schema}}.Encode()}
	for _, c := range []struct {
		name, url string
		env       []string
	}{
		{"PGPASSWORD", noPassword.String(), []string{"PGPASSWORD=" + password}},
		{"pgpass", noPassword.String(), []string{"HOME=" + home}},
		{"service file", viaService.String(), []string{"PGSERVICEFILE=" + services}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if strings.Contains(c.url, password) {
				t.Fatalf("the worker's URL %s holds the password", c.url)
			}
			p := startWorkerEnv(t, append(append([]string(nil), env...), c.env...), c.url, "password", "--n-trials", "1")
			if err := p.wait(t, 60*time.Second); err != nil {
				t.Fatalf("worker: %v\n%s", err, p.out.String())
			}
			if out := p.out.String(); strings.Contains(out, "warning") || strings.Contains(out, password) || !strings.Contains(out, "trial") {
				t.Errorf("the worker said:\n%s", out)
			}
		})
	}
	sn, err := st.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := sn.Counts(); c[store.Complete] != 3 {
		t.Errorf("trials %v; want the 3 each worker ran complete", c)
	}
}

// TestWorkerRefusesParams: the parameters of waiting trials live in the
// database unsigned; someone who changes them there (x = 3 becomes 2.5 on
// five grid points) gets those trials failed, not run, while the worker
// runs the rest of the signed grid.
func TestWorkerRefusesParams(t *testing.T) {
	url := storetest.Postgres(t)
	ctx := context.Background()
	st := shareStudy(t, url, "params", tune.Shared{Cells: []string{objectiveCell(1, 1)}, Sampler: grid30(), KeepGoing: true})
	db := storetest.OpenDB(t, url)
	defer db.Close()
	res, err := db.Exec(`UPDATE params SET value = 2.5 WHERE name = 'x' AND value = 3
		AND trial_id IN (SELECT id FROM trials WHERE state = 'waiting')`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 5 {
		t.Fatalf("changed %d parameters, want 5", n)
	}
	p := startWorker(t, url, "params", "--poll", "50ms")
	if err := p.wait(t, 90*time.Second); err != nil {
		t.Fatalf("worker: %v\n%s", err, p.out.String())
	}
	if n := strings.Count(p.out.String(), `the stored value 2.5 of "x" is not on the signed grid: refused`); n != 5 {
		t.Errorf("the worker refused %d trials, want 5:\n%s", n, p.out.String())
	}
	ts, err := st.Trials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	count := map[store.State]int{}
	for _, tr := range ts {
		count[tr.State]++
		x := tr.Params[0]
		if x.Name != "x" {
			t.Fatalf("trial %d's first parameter is %s", tr.Number, x.Name)
		}
		if tr.State == store.Complete && x.Value == 2.5 {
			t.Errorf("trial %d ran with x = 2.5", tr.Number)
		}
		if tr.State == store.Failed && (x.Value != 2.5 || len(tr.Intermediate) != 0) {
			t.Errorf("trial %d failed with x = %v and %d reports", tr.Number, x.Value, len(tr.Intermediate))
		}
	}
	if count[store.Complete] != 25 || count[store.Failed] != 5 {
		t.Errorf("trials %v; want 25 complete and the 5 changed ones failed", count)
	}
}
