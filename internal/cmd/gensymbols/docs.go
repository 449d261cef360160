package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// pkgDoc mirrors interp.pkgDoc: what completion and inspection show of a
// package.
type pkgDoc struct {
	Path    string
	Doc     string
	Members map[string]memberDoc
}

type memberDoc struct {
	Kind    string
	Sig     string
	Doc     string
	Methods []string `json:",omitempty"`
}

// writeDocs extracts the documentation of pkgs from their sources into a
// zip archive of one JSON file per package.
func writeDocs(pkgs []string, out string) error {
	args := append([]string{"list", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \",\"}}"}, pkgs...)
	b, err := exec.Command("go", args...).Output()
	if err != nil {
		return fmt.Errorf("go list: %v", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			continue
		}
		d, err := packageDoc(f[0], f[1], strings.Split(f[2], ","))
		if err != nil {
			return fmt.Errorf("%s: %v", f[0], err)
		}
		w, err := zw.Create(f[0] + ".json")
		if err != nil {
			return err
		}
		if err := json.NewEncoder(w).Encode(d); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

func packageDoc(path, dir string, files []string) (*pkgDoc, error) {
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range files {
		if name == "" {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, f)
	}
	p, err := doc.NewFromFiles(fset, parsed, path)
	if err != nil {
		return nil, err
	}
	d := &pkgDoc{Path: path, Doc: p.Doc, Members: map[string]memberDoc{}}
	print := func(n any) string {
		var b bytes.Buffer
		printer.Fprint(&b, fset, n)
		return b.String()
	}
	fn := func(f *doc.Func) memberDoc {
		decl := *f.Decl
		decl.Body, decl.Doc = nil, nil
		return memberDoc{Kind: "func", Sig: print(&decl), Doc: f.Doc}
	}
	values := func(vs []*doc.Value, kind string) {
		for _, v := range vs {
			for _, sp := range v.Decl.Specs {
				vs := sp.(*ast.ValueSpec)
				for _, n := range vs.Names {
					if !n.IsExported() {
						continue
					}
					one := *vs
					one.Doc, one.Comment = nil, nil
					doc := v.Doc
					if vs.Doc != nil {
						doc = vs.Doc.Text()
					}
					sig := kind + " " + print(&one)
					if len(sig) > 200 {
						sig = sig[:200] + "..."
					}
					d.Members[n.Name] = memberDoc{Kind: kind, Sig: sig, Doc: doc}
				}
			}
		}
	}
	values(p.Consts, "const")
	values(p.Vars, "var")
	for _, f := range p.Funcs {
		d.Members[f.Name] = fn(f)
	}
	for _, t := range p.Types {
		values(t.Consts, "const")
		values(t.Vars, "var")
		for _, f := range t.Funcs {
			d.Members[f.Name] = fn(f)
		}
		spec := *t.Decl
		spec.Doc = nil
		m := memberDoc{Kind: "type", Sig: print(&spec), Doc: t.Doc}
		for _, f := range t.Methods {
			md := fn(f)
			md.Kind = "method"
			d.Members[t.Name+"."+f.Name] = md
			m.Methods = append(m.Methods, f.Name)
		}
		d.Members[t.Name] = m
	}
	return d, nil
}
