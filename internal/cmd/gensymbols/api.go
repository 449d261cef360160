package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// packageList is the content of packages.txt: one import path a line,
// followed for the packages of this module by a hash of their exported
// API, so that a check can tell, without type checking anything, that a
// table no longer matches its package.
func packageList(pkgs []string) (string, error) {
	var local []string
	for _, p := range pkgs {
		if strings.HasPrefix(p, modulePrefix) {
			local = append(local, p)
		}
	}
	hashes := map[string]string{}
	if len(local) > 0 {
		args := append([]string{"list", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \",\"}}"}, local...)
		out, err := exec.Command("go", args...).Output()
		if err != nil {
			return "", fmt.Errorf("go list: %v", err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := strings.Split(line, "\t")
			if len(f) != 3 {
				continue
			}
			h, err := apiHash(f[1], strings.Split(f[2], ","))
			if err != nil {
				return "", fmt.Errorf("%s: %v", f[0], err)
			}
			hashes[f[0]] = h
		}
	}
	var b strings.Builder
	for _, p := range pkgs {
		b.WriteString(p)
		if h, ok := hashes[p]; ok {
			b.WriteString(" api:" + h)
		}
		b.WriteString("\n")
	}
	return b.String(), nil
}

// apiHash hashes the exported declarations of a package (signatures, not
// bodies or comments).
func apiHash(dir string, files []string) (string, error) {
	fset := token.NewFileSet()
	var decls []string
	print := func(n any) string {
		var b bytes.Buffer
		printer.Fprint(&b, fset, n)
		return b.String()
	}
	for _, name := range files {
		if name == "" {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			return "", err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv != nil && len(d.Recv.List) > 0 && !ast.IsExported(recvName(d.Recv.List[0].Type)) {
					continue
				}
				c := *d
				c.Body, c.Doc = nil, nil
				decls = append(decls, print(&c))
			case *ast.GenDecl:
				if d.Tok == token.IMPORT {
					continue
				}
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						if sp.Name.IsExported() {
							c := *sp
							c.Doc, c.Comment = nil, nil
							decls = append(decls, "type "+print(&c))
						}
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							if n.IsExported() {
								t := ""
								if sp.Type != nil {
									t = print(sp.Type)
								}
								decls = append(decls, d.Tok.String()+" "+n.Name+" "+t)
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(decls)
	sum := sha256.Sum256([]byte(strings.Join(decls, "\n")))
	return fmt.Sprintf("%x", sum[:8]), nil
}

func recvName(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}
