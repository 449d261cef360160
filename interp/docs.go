package interp

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"sync"

	"github.com/methodic-go/methodic/interp/symbols"
)

// pkgDoc is the documentation of one preloaded package, as gensymbols
// extracts it from the package's sources into symbols/docs.zip.
type pkgDoc struct {
	Path    string
	Doc     string
	Members map[string]memberDoc // "Name", and "Type.Method" for methods
}

type memberDoc struct {
	Kind    string // func, type, var, const, method
	Sig     string
	Doc     string
	Methods []string `json:",omitempty"`
}

var (
	docsMu    sync.Mutex
	docsZip   *zip.Reader
	docsCache = map[string]*pkgDoc{}
)

// docsFor returns the documentation of a package, reading it from the
// embedded archive on first use; nil when there is none.
func docsFor(importPath string) *pkgDoc {
	docsMu.Lock()
	defer docsMu.Unlock()
	if d, ok := docsCache[importPath]; ok {
		return d
	}
	if docsZip == nil {
		data := symbols.Docs()
		if len(data) == 0 {
			return nil
		}
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil
		}
		docsZip = z
	}
	var d *pkgDoc
	if f, err := docsZip.Open(importPath + ".json"); err == nil {
		b, err := io.ReadAll(f)
		f.Close()
		if err == nil {
			var pd pkgDoc
			if json.Unmarshal(b, &pd) == nil {
				d = &pd
			}
		}
	}
	docsCache[importPath] = d
	return d
}
