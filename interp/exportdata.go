package interp

import (
	"archive/zip"
	"bytes"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"sync"

	"golang.org/x/tools/go/gcexportdata"

	"github.com/methodic-go/methodic/interp/symbols"
)

// exportImporter imports packages for go/types from the export data that
// gensymbols embeds in package symbols (types.zip): the same packages, of
// the same Go, as the symbol tables yaegi runs. A package is read when a
// check first needs it (fmt alone takes about 0.2 ms, the usual imports of
// a notebook a few ms), and kept for the life of the process: imported
// packages do not change, and every session shares them.
type exportImporter struct {
	mu    sync.Mutex
	fset  *token.FileSet
	files map[string]*zip.File
	pkgs  map[string]*types.Package
	err   error
}

// packageTypes is the process's importer.
var packageTypes = &exportImporter{}

func (im *exportImporter) init() error {
	if im.files != nil || im.err != nil {
		return im.err
	}
	data := symbols.Types()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		im.err = fmt.Errorf("interp: reading the embedded export data: %w", err)
		return im.err
	}
	im.fset = token.NewFileSet()
	im.files = make(map[string]*zip.File, len(zr.File))
	im.pkgs = map[string]*types.Package{}
	for _, f := range zr.File {
		im.files[f.Name] = f
	}
	return nil
}

// Import implements types.Importer.
func (im *exportImporter) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	if err := im.init(); err != nil {
		return nil, err
	}
	if p := im.pkgs[path]; p != nil && p.Complete() {
		return p, nil
	}
	f, ok := im.files[path]
	if !ok {
		return nil, fmt.Errorf("package %s is not available: a cell can import the standard library and the preloaded packages (gonum, gonum/plot, display, mlstd)", path)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("interp: export data of %s: %w", path, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("interp: export data of %s: %w", path, err)
	}
	p, err := gcexportdata.Read(bytes.NewReader(data), im.fset, im.pkgs, path)
	if err != nil {
		return nil, fmt.Errorf("interp: export data of %s: %w", path, err)
	}
	return p, nil
}

// has reports whether the export data holds path.
func (im *exportImporter) has(path string) bool {
	if path == "unsafe" {
		return true
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.init() != nil {
		return false
	}
	_, ok := im.files[path]
	return ok
}
