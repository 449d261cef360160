package storetest

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Server is a PostgreSQL server of a test's own: a cluster made by
// initdb in a temporary folder, listening on a Unix socket in that
// folder only (no TCP port, so it clashes with nothing), removed when the
// test ends. Unlike the shared server of Postgres, a test may stop it and
// start it again, to see what a study does when its database goes away.
type Server struct {
	// URL reaches the server's postgres database as user postgres.
	URL string

	t    testing.TB
	bin  string // folder of initdb, pg_ctl
	dir  string // data folder
	log  string
	cred *syscall.Credential // the postgres user, when the test runs as root
}

// NewServer starts a throwaway PostgreSQL server. Without the server's
// programs (initdb) the test is skipped with a message saying what to
// install, or fails when Required. As root, the server runs as the
// postgres user, since PostgreSQL refuses to run as root.
func NewServer(t testing.TB) *Server {
	t.Helper()
	bin := serverBin()
	if bin == "" {
		if Required() {
			t.Fatal("no PostgreSQL server programs (initdb): install postgresql")
		}
		t.Skip("no PostgreSQL server programs (initdb): install postgresql to run this test")
	}
	base, err := os.MkdirTemp("", "methodic-pg-")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, bin: bin, dir: filepath.Join(base, "data"), log: filepath.Join(base, "server.log")}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root, the server needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		s.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(base, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		s.pgctl("stop", "-m", "immediate")
		os.RemoveAll(base)
	})
	if out, err := s.command("initdb", "-D", s.dir, "-A", "trust", "-U", "postgres", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	q := url.Values{"host": {base}, "sslmode": {"disable"}}
	s.URL = "postgres://postgres@/postgres?" + q.Encode()
	s.Start()
	return s
}

// Start starts the server and returns once it accepts connections.
func (s *Server) Start() {
	s.t.Helper()
	opts := fmt.Sprintf("-c listen_addresses='' -k %s -c fsync=off -c max_connections=50", filepath.Dir(s.dir))
	if out, err := s.pgctl("start", "-w", "-l", s.log, "-o", opts); err != nil {
		log, _ := os.ReadFile(s.log)
		s.t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
}

// Stop stops the server (pg_ctl stop -m fast: clients are disconnected)
// and returns once it is down.
func (s *Server) Stop() {
	s.t.Helper()
	if out, err := s.pgctl("stop", "-m", "fast"); err != nil {
		s.t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

func (s *Server) pgctl(args ...string) ([]byte, error) {
	return s.command("pg_ctl", append([]string{"-D", s.dir, "-w"}, args...)...).CombinedOutput()
}

func (s *Server) command(prog string, args ...string) *exec.Cmd {
	c := exec.Command(filepath.Join(s.bin, prog), args...)
	if s.cred != nil {
		c.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	c.Dir = filepath.Dir(s.dir)
	return c
}

// serverBin finds the folder of initdb and pg_ctl: on the PATH, or
// Debian's /usr/lib/postgresql/VERSION/bin, the newest.
func serverBin() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) < version(dirs[j]) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i]
		}
	}
	return ""
}

func version(binDir string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSpace(filepath.Base(filepath.Dir(binDir))), 64)
	return v
}
