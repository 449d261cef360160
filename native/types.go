package native

import (
	"context"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"strings"
)

// Types returns the type information of a compiled cell's top-level
// names, read from the export data the go command left in its build
// cache: what a type checker of later interpreted cells needs to know
// about them (signatures, the fields and methods of types). A function
// is a *types.Func, a type a *types.TypeName, a constant a *types.Const,
// a variable a *types.Var, each in package cell.Path. It costs one
// `go list -export` and is computed only when asked for.
func (c *Compiler) Types(ctx context.Context, fset *token.FileSet, cell *Cell) (map[string]types.Object, error) {
	args := append([]string{"list", "-export", "-buildmode=plugin", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}, c.kernel.buildFlags()...)
	args = append(args, fmt.Sprintf("./p%d", cell.N))
	out, err := c.goCmd(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("native: go list -export: %v: %s", err, strings.TrimSpace(out))
	}
	exports := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if p, f, ok := strings.Cut(l, "\t"); ok && f != "" {
			exports[p] = f
		}
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("native: no export data for %s", path)
		}
		return os.Open(f)
	})
	pkg, err := imp.Import(cell.Path)
	if err != nil {
		return nil, fmt.Errorf("native: types of %s: %w", cell.Path, err)
	}
	// Export data holds the exported aliases of exports.go (X__f, X__T,
	// X__K, X__v): unexported names are in it only when something
	// exported needs them.
	objs := map[string]types.Object{}
	for _, d := range cell.Decls {
		if d.Generic {
			continue
		}
		o := pkg.Scope().Lookup("X__" + d.Name)
		if o == nil {
			continue
		}
		switch d.Kind {
		case Func:
			if sig, ok := o.Type().(*types.Signature); ok {
				objs[d.Name] = types.NewFunc(o.Pos(), pkg, d.Name, sig)
			}
		case Type:
			if n, ok := types.Unalias(o.Type()).(*types.Named); ok {
				objs[d.Name] = n.Obj()
			}
		case Const:
			if k, ok := o.(*types.Const); ok {
				objs[d.Name] = types.NewConst(o.Pos(), pkg, d.Name, k.Type(), k.Val())
			}
		case Var:
			if p, ok := o.Type().(*types.Pointer); ok {
				objs[d.Name] = types.NewVar(o.Pos(), pkg, d.Name, p.Elem())
			}
		}
	}
	return objs, nil
}
