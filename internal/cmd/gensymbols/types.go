package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"os/exec"

	"golang.org/x/tools/go/gcexportdata"
)

// writeTypes writes the type information of pkgs into a zip archive of
// one entry per import path, in the indexed export data format of
// golang.org/x/tools/go/gcexportdata: what the kernel's type checker
// imports when a cell uses a package (interp/typecheck.go). The compiler
// writes the export data (`go list -export`); it is read into go/types
// and written again without the function bodies the compiler keeps for
// inlining, which makes it about a tenth of the size. Each entry holds
// what it needs of the packages it depends on.
//
// The archive also holds list, the content of packages.txt it was made
// for, under the name packages.txt: TestFresh in package symbols compares
// the two, so that tables regenerated without it are seen to be stale.
func writeTypes(pkgs []string, list, out string) error {
	args := append([]string{"list", "-export", "-deps", "-json=ImportPath,Export"}, pkgs...)
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go list -export: %v: %s", err, stderr.String())
	}
	exports := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var p struct{ ImportPath, Export string }
		if err := dec.Decode(&p); err != nil {
			return fmt.Errorf("go list -export: %v", err)
		}
		exports[p.ImportPath] = p.Export
	}
	fset := token.NewFileSet()
	imports := map[string]*types.Package{}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range pkgs {
		file := exports[p]
		if file == "" {
			return fmt.Errorf("%s: no export data", p)
		}
		pkg, err := readExport(fset, imports, p, file)
		if err != nil {
			return err
		}
		w, err := zw.Create(p)
		if err != nil {
			return err
		}
		if err := gcexportdata.Write(w, fset, pkg); err != nil {
			return fmt.Errorf("%s: writing export data: %v", p, err)
		}
	}
	w, err := zw.Create("packages.txt")
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(list)); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// readExport reads the compiler's export data of one package.
func readExport(fset *token.FileSet, imports map[string]*types.Package, path, file string) (*types.Package, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// go list -export names the compiler's archives, which NewReader
	// reads until Go 1.29; move to Read on cmd/export files before then.
	//lint:ignore SA1019 the export files are compiler archives (see above)
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	pkg, err := gcexportdata.Read(r, fset, imports, path)
	if err != nil {
		return nil, fmt.Errorf("%s: reading export data: %v", path, err)
	}
	return pkg, nil
}
