// Command gensymbols writes the yaegi symbol tables of interp/symbols: the
// standard library of the Go that runs it, gonum, gonum/plot, display and
// every package under mlstd/, listed afresh on each run so that a new mlstd
// package is picked up without a hand edit.
//
// It runs from `go generate ./interp/...` (the directive sits in
// interp/symbols/symbols.go) with interp/symbols as its working directory:
//
//	gensymbols            regenerate the tables and packages.txt
//	gensymbols -check     exit non-zero when packages.txt is stale
//
// Each table is produced by yaegi's extract package and then rewritten so
// that the map of a package is built only when an interpreter first imports
// it (see symbols.Load), which keeps the start-up of the kernel cheap.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/traefik/yaegi/extract"
)

// thirdParty are the preloaded packages outside the standard library and
// outside mlstd.
var thirdParty = []string{
	"github.com/methodic-go/methodic/display",
	"gonum.org/v1/gonum/mat",
	"gonum.org/v1/gonum/stat",
	"gonum.org/v1/gonum/floats",
	"gonum.org/v1/gonum/stat/distuv",
	"gonum.org/v1/plot",
	"gonum.org/v1/plot/plotter",
	"gonum.org/v1/plot/plotutil",
	"gonum.org/v1/plot/vg",
	"gonum.org/v1/plot/vg/draw",
	"gonum.org/v1/plot/vg/vgimg",
	"gonum.org/v1/plot/vg/vgsvg",
}

// stdExcluded are standard packages left out: unsafe or process-wide
// machinery a cell has no business touching, packages with no symbols, and
// packages whose import registers HTTP handlers in the kernel process.
var stdExcluded = map[string]bool{
	"unsafe": true, "syscall": true, "plugin": true,
	"runtime/cgo": true, "runtime/race": true, "runtime/coverage": true,
	"time/tzdata": true, "embed": true, "structs": true,
	"net/http/pprof": true, "expvar": true,
	"testing/cryptotest": true, "crypto/mlkem/mlkemtest": true,
}

const mlstdPrefix = "github.com/methodic-go/methodic/mlstd/"

func main() {
	check := flag.Bool("check", false, "only verify that packages.txt lists the current packages")
	docsOnly := flag.Bool("docs", false, "only rewrite docs.zip and packages.txt (after regenerating single packages)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gensymbols: ")

	pkgs, err := packages()
	if err != nil {
		log.Fatal(err)
	}
	list := strings.Join(pkgs, "\n") + "\n"
	if *docsOnly {
		if err := writeDocs(pkgs, "docs.zip"); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile("packages.txt", []byte(list), 0o644); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *check {
		old, _ := os.ReadFile("packages.txt")
		if string(old) != list {
			log.Fatal("interp/symbols is stale: run go generate ./interp/...")
		}
		return
	}

	if flag.NArg() > 0 {
		// Regenerate only the named packages (for development).
		pkgs = flag.Args()
	} else {
		old, _ := filepath.Glob("z_*.go")
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				log.Fatal(err)
			}
		}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []string
		sem  = make(chan struct{}, 2)
	)
	for _, p := range pkgs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := extractOne(p); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Sprintf("%s: %v", p, err))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		sort.Strings(errs)
		log.Fatal(strings.Join(errs, "\n"))
	}
	if flag.NArg() > 0 {
		return
	}
	if err := writeDocs(pkgs, "docs.zip"); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("packages.txt", []byte(list), 0o644); err != nil {
		log.Fatal(err)
	}
}

// packages lists every package to extract, sorted.
func packages() ([]string, error) {
	std, err := goList("std", "{{if not .Error}}{{.ImportPath}}{{end}}")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range std {
		if strings.Contains(p, "internal") || strings.HasPrefix(p, "vendor/") ||
			strings.HasPrefix(p, "cmd/") || stdExcluded[p] {
			continue
		}
		out = append(out, p)
	}
	out = append(out, thirdParty...)
	ml, err := goList(mlstdPrefix+"...", `{{if not .Error}}{{if ne .Name "main"}}{{.ImportPath}}{{end}}{{end}}`)
	if err != nil && !strings.Contains(err.Error(), "matched no packages") {
		return nil, err
	}
	for _, p := range ml {
		// Commands and test helpers (storetest) are not for cells.
		if !strings.Contains(p, "/internal") && !strings.HasSuffix(p, "test") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out, nil
}

func goList(pattern, format string) ([]string, error) {
	cmd := exec.Command("go", "list", "-e", "-f", format, pattern)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %v: %s", pattern, err, stderr.String())
	}
	if strings.Contains(stderr.String(), "matched no packages") {
		return nil, nil
	}
	return strings.Fields(string(b)), nil
}

// extractOne writes z_<path>.go for one package.
func extractOne(path string) error {
	var buf bytes.Buffer
	e := extract.Extractor{Dest: "symbols"}
	if _, err := e.Extract(path, "", &buf); err != nil {
		return err
	}
	src, err := makeLazy(buf.Bytes())
	if err != nil {
		return err
	}
	name := "z_" + strings.NewReplacer("/", "_", ".", "_", "-", "_").Replace(path) + ".go"
	return os.WriteFile(name, src, 0o644)
}

// makeLazy turns the init function that extract writes, which fills
// Symbols at program start, into one that registers a constructor.
func makeLazy(src []byte) ([]byte, error) {
	s := string(src)
	const head = "func init() {\n\tSymbols["
	i := strings.Index(s, head)
	if i < 0 {
		return nil, fmt.Errorf("unexpected extract output: no init")
	}
	j := strings.Index(s[i:], "] = map[string]reflect.Value{")
	if j < 0 {
		return nil, fmt.Errorf("unexpected extract output: no map")
	}
	key := s[i+len(head) : i+j]
	end := strings.Index(s[i:], "\n}\n")
	if end < 0 {
		return nil, fmt.Errorf("unexpected extract output: no end of init")
	}
	body := s[i+j+len("] = ") : i+end]
	out := s[:i] + "func init() {\n\tregister(" + key + ", func() map[string]reflect.Value {\n\t\treturn " +
		body + "\n\t})\n}\n" + s[i+end+len("\n}\n"):]
	// extract writes a "+build" line for the Go version; the module's go
	// directive already pins the version.
	out = strings.Replace(out, "// Code generated by 'yaegi extract", "// Code generated by gensymbols with 'yaegi extract", 1)
	f, err := format.Source([]byte(out))
	if err != nil {
		return nil, fmt.Errorf("formatting: %v", err)
	}
	return f, nil
}
