package interp

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// TestYaegiCanaries runs, for each fix of fixes.go that has a canary, the
// program testdata/yaegi/<fix>.go (or the sequence of evaluations
// <fix>.txt) on bare yaegi, with yaegi's own standard library, and
// compares what it prints with the two outputs written at the end of the
// file: what Go prints, and what yaegi v0.16.1 prints. The day yaegi
// prints what Go prints, the fix may go: the test says so. When yaegi
// prints something else again, the bug changed and the fix must be
// looked at.
func TestYaegiCanaries(t *testing.T) {
	seen := map[string]bool{}
	for _, fx := range fixes {
		if !fx.canary {
			continue
		}
		t.Run(fx.name, func(t *testing.T) {
			path := filepath.Join("testdata", "yaegi", fx.name+".go")
			src, err := os.ReadFile(path)
			if err != nil {
				path = strings.TrimSuffix(path, ".go") + ".txt"
				if src, err = os.ReadFile(path); err != nil {
					t.Fatalf("fix %s has no canary: %v", fx.name, err)
				}
			}
			seen[filepath.Base(path)] = true
			code, goOut, yaegiOut := canaryParts(t, string(src))
			got := runBare(code, strings.HasSuffix(path, ".txt"))
			switch {
			case got == goOut:
				t.Errorf("yaegi fixed %s (%s): delete fix %s", fx.issue, path, fx.name)
			case got != yaegiOut:
				t.Errorf("%s: bare yaegi prints\n%s\nthe canary expects\n%s\n(the bug changed: look at fix %s)", path, got, yaegiOut, fx.name)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "yaegi", "*.*"))
	for _, f := range files {
		if !seen[filepath.Base(f)] && !t.Failed() {
			t.Errorf("%s is the canary of no fix of fixes.go", f)
		}
	}
}

// canaryParts cuts a canary into its code and the two outputs that end
// it, each after a line "// Go prints:" or "// yaegi v0.16.1 prints:",
// one "// "-prefixed line per line of output.
func canaryParts(t *testing.T, src string) (code, goOut, yaegiOut string) {
	i := strings.Index(src, "\n// Go prints:\n")
	j := strings.Index(src, "\n// yaegi v0.16.1 prints:\n")
	if i < 0 || j < i {
		t.Fatal("a canary ends with \"// Go prints:\" and \"// yaegi v0.16.1 prints:\" blocks")
	}
	block := func(s string) string {
		var lines []string
		for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
			l = strings.TrimPrefix(strings.TrimPrefix(l, "//"), " ")
			lines = append(lines, l)
		}
		return strings.Join(lines, "\n")
	}
	return src[:i+1], block(src[i+len("\n// Go prints:\n") : j]), block(src[j+len("\n// yaegi v0.16.1 prints:\n"):])
}

// runBare runs code on a new yaegi interpreter and returns what it
// printed; a sequence is evaluated piece by piece (pieces separated by
// "// ----" lines; "// ---- show" also prints the value Eval returns),
// with an error printed as "error: ..." (its position left out).
func runBare(code string, sequence bool) string {
	var out bytes.Buffer
	i := yaegi.New(yaegi.Options{Stdout: &out, Stderr: &out})
	if err := i.Use(stdlib.Symbols); err != nil {
		return "error: " + err.Error()
	}
	pieces := []string{code}
	if sequence {
		pieces = strings.Split(code, "\n// ----")
	}
	for _, p := range pieces {
		show := strings.HasPrefix(p, " show\n")
		if show {
			p = p[len(" show\n"):]
		}
		v, err := func() (v any, err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			rv, err := i.Eval(p)
			if err == nil && rv.IsValid() && rv.CanInterface() {
				v = rv.Interface()
			}
			return v, err
		}()
		if err != nil {
			msg := err.Error()
			if _, _, rest, ok := splitPos(msg); ok {
				msg = rest
			} else if k := strings.Index(msg, ": "); k > 0 && strings.Count(msg[:k], ":") >= 1 {
				msg = msg[k+2:]
			}
			fmt.Fprintf(&out, "error: %s\n", msg)
			break
		}
		if show {
			fmt.Fprintf(&out, "value: %T\n", v)
		}
	}
	// yaegi logs some errors with the standard logger's time stamp.
	return strings.TrimSpace(logStamp.ReplaceAllString(out.String(), "log: "))
}

var logStamp = regexp.MustCompile(`(?m)^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d `)

// TestFixTable checks that every fix of fixes.go says what it is: its
// upstream issue, the bug, where it lives (a rewrite of the table, or a
// file of the package), and a script or test under the package that
// shows it at work.
func TestFixTable(t *testing.T) {
	names := map[string]bool{}
	for _, fx := range fixes {
		if names[fx.name] {
			t.Errorf("two fixes named %s", fx.name)
		}
		names[fx.name] = true
		if fx.issue == "" || fx.what == "" || fx.script == "" {
			t.Errorf("fix %s lacks its issue, what or script", fx.name)
		}
		if fx.stmt == nil && fx.node == nil && fx.where == "" {
			t.Errorf("fix %s is no rewrite and says not where it is", fx.name)
		}
		script := strings.Fields(fx.script)[0]
		if _, err := os.Stat(filepath.Join("testdata", script)); err != nil {
			if _, err := os.Stat(script); err != nil {
				t.Errorf("fix %s: no script or test %s", fx.name, script)
			}
		}
		for _, w := range strings.Split(fx.where, ",") {
			fs := strings.Fields(w)
			if len(fs) == 0 || strings.Contains(fs[0], "(") {
				continue
			}
			w = fs[0]
			if _, err := os.Stat(w); err != nil && !strings.HasSuffix(w, "/") {
				t.Errorf("fix %s lives in %s, which is not a file of the package", fx.name, w)
			}
		}
	}
	if fixByName("range-int").node == nil {
		t.Error("range-int is a rewrite")
	}
}
