package interp

import (
	"go/ast"
	"go/parser"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// Fix type-param-names: yaegi declares the type parameters of a generic
// function in the scope the function is declared in (type.go, nodeType of
// a funcType), so that after func Id[T any] the package scope's T is a
// type parameter: a later `type T int` of the cells only updates that
// symbol, and `var x T = 1` fails ("reflect.Type is nil"). In one file,
// two generic functions with a type parameter of one name fail the same
// way ("undefined type for T"). The kernel gives yaegi every type
// parameter of the cells under a name of its own, typeParamPrefix and
// the name, which no cell declares.

// typeParamPrefix starts the names yaegi sees for the type parameters of
// the cells' generic declarations.
const typeParamPrefix = "_methodictp_"

// typeParamName is the name yaegi sees for the type parameter name.
func typeParamName(name string) string {
	if name == "_" {
		return name
	}
	return typeParamPrefix + name
}

// renameTypeParams gives the type parameters of the generic declarations
// in n, and their uses, the names of typeParamName. It runs before the
// other rewrites, so that whatever they copy or write (typeExpr) names
// the type parameters as yaegi will see them.
func (f *fixer) renameTypeParams(n ast.Node) {
	var decls []ast.Decl
	switch n := n.(type) {
	case *ast.File:
		decls = n.Decls
	case ast.Decl:
		decls = []ast.Decl{n}
	default:
		return // statements declare no generic
	}
	for _, d := range decls {
		if !isGenericDecl(d) {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			if tn, ok := f.objectOf(id).(*types.TypeName); ok {
				if _, ok := tn.Type().(*types.TypeParam); ok {
					id.Name = typeParamName(tn.Name())
				}
			}
			return true
		})
	}
}

// isGenericDecl reports whether d declares a generic function or type,
// or a method of a generic type.
func isGenericDecl(d ast.Decl) bool {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Type.TypeParams != nil && len(d.Type.TypeParams.List) > 0 {
			return true
		}
		if d.Recv != nil && len(d.Recv.List) == 1 {
			switch t := ast.Unparen(d.Recv.List[0].Type).(type) {
			case *ast.StarExpr:
				switch ast.Unparen(t.X).(type) {
				case *ast.IndexExpr, *ast.IndexListExpr:
					return true
				}
			case *ast.IndexExpr, *ast.IndexListExpr:
				return true
			}
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			if ts, ok := sp.(*ast.TypeSpec); ok && ts.TypeParams != nil && len(ts.TypeParams.List) > 0 {
				return true
			}
		}
	}
	return false
}

// typeParamsOf returns the names of the type parameters t mentions.
func typeParamsOf(t types.Type) map[string]bool {
	var names map[string]bool
	typeHas(t, func(t types.Type) (bool, bool) {
		if tp, ok := t.(*types.TypeParam); ok {
			if names == nil {
				names = map[string]bool{}
			}
			names[tp.Obj().Name()] = true
			return false, false
		}
		return false, true
	})
	return names
}

// mainMarker qualifies the cells' own types in the spelling typeExpr
// parses when the type mentions type parameters, so that a type of the
// cells and a type parameter of one name can be told apart.
const mainMarker = "_methodicmain"

// typeExprParams is typeExpr for a type mentioning the type parameters
// params: they are written with the names of typeParamName.
func typeExprParams(t types.Type, params map[string]bool, qualify func(*types.Package) string) (ast.Expr, error) {
	src := types.TypeString(t, func(p *types.Package) string {
		if q := qualify(p); q != "" || p.Path() != "main" {
			return q
		}
		return mainMarker
	})
	x, err := parser.ParseExpr(src)
	if err != nil {
		return nil, err
	}
	names := map[*ast.Ident]bool{} // of fields, parameters and methods
	ast.Inspect(x, func(n ast.Node) bool {
		if f, ok := n.(*ast.Field); ok {
			for _, id := range f.Names {
				names[id] = true
			}
		}
		return true
	})
	out := astutil.Apply(x, func(c *astutil.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.SelectorExpr:
			if id, ok := n.X.(*ast.Ident); ok && id.Name == mainMarker {
				c.Replace(n.Sel)
			}
			return false // a qualified name is no type parameter
		case *ast.Ident:
			if params[n.Name] && !names[n] && !strings.HasPrefix(n.Name, typeParamPrefix) {
				n.Name = typeParamName(n.Name)
			}
		}
		return true
	}, nil)
	return out.(ast.Expr), nil
}
