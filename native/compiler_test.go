package native_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/native"
)

// newCompiler returns a Compiler, skipping the test when this machine
// cannot build plugins (the error says why).
func newCompiler(t *testing.T) *native.Compiler {
	t.Helper()
	c := native.New(native.Options{Packages: map[string]string{"mat": "gonum.org/v1/gonum/mat", "fmt": "fmt"}})
	t.Cleanup(func() { c.Close() })
	var te *native.ToolchainError
	if err := c.Check(context.Background()); errors.As(err, &te) && os.Getenv("METHODIC_REQUIRE_TOOLCHAIN") != "1" {
		t.Skipf("compiled cells are not available here: %v", err)
	} else if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCompileCall(t *testing.T) {
	c := newCompiler(t)
	ctx := context.Background()
	cell, err := c.Compile(ctx, "func sum(xs []float64) (s float64) {\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n\ntype Point struct{ X, Y float64 }\n\nconst K = 3\n\nvar hits int\n", 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	sum, ok := cell.Symbols["sum"].Interface().(func([]float64) float64)
	if !ok {
		t.Fatalf("sum is %v", cell.Symbols["sum"].Type())
	}
	if got := sum([]float64{1, 2, 3.5}); got != 6.5 {
		t.Errorf("sum = %v, want 6.5", got)
	}
	if typ := cell.Symbols["Point"].Type().Elem(); typ.Name() != "Point" || typ.NumField() != 2 {
		t.Errorf("Point is %v", typ)
	}
	if k := cell.Symbols["K"].Int(); k != 3 {
		t.Errorf("K = %d", k)
	}
	if !cell.Symbols["hits"].CanSet() {
		t.Errorf("hits is not settable")
	}

	// A later cell sees the earlier one's function, type and constant.
	cell2, err := c.Compile(ctx, "func norm1(p Point) float64 { return sum([]float64{p.X, p.Y}) * K }\n", 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	pt := cell.Symbols["Point"].Type().Elem()
	p := reflectNew(pt, 1, 2)
	out := cell2.Symbols["norm1"].Call([]reflectValue{p})
	if got := out[0].Float(); got != 9 {
		t.Errorf("norm1 = %v, want 9", got)
	}

	// Redefining sum repoints the earlier cell's calls.
	if _, err := c.Compile(ctx, "func sum(xs []float64) float64 { return -1 }\n", 1, 1); err != nil {
		t.Fatal(err)
	}
	out = cell2.Symbols["norm1"].Call([]reflectValue{p})
	if got := out[0].Float(); got != -3 {
		t.Errorf("after redefining sum, norm1 = %v, want -3", got)
	}
}

func TestCompileError(t *testing.T) {
	c := newCompiler(t)
	_, err := c.Compile(context.Background(), "func f() int {\n\treturn \"x\"\n}\n", 3, 1)
	var be *native.BuildError
	if !errors.As(err, &be) {
		t.Fatalf("err = %v (%T), want a BuildError", err, err)
	}
	if len(be.Errors) != 1 || be.Errors[0].Line != 4 || !strings.Contains(be.Errors[0].Msg, "cannot use") {
		t.Fatalf("errors = %+v\n%s", be.Errors, be.Output)
	}
}

// TestMaxCode: past Options.MaxCode bytes of plugins, Compile refuses and
// says to restart the kernel; what is loaded stays usable.
func TestMaxCode(t *testing.T) {
	c := native.New(native.Options{MaxCode: 1})
	defer c.Close()
	ctx := context.Background()
	if err := c.Check(ctx); err != nil {
		t.Skip(err)
	}
	cell, err := c.Compile(ctx, "func one() int { return 1 }\n", 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Compile(ctx, "func two() int { return 2 }\n", 1, 1); err == nil || !strings.Contains(err.Error(), "restart the kernel") {
		t.Fatalf("second compile past MaxCode: %v", err)
	}
	if n, size := c.Loaded(); n != 1 || size != cell.Size || size < 1<<20 {
		t.Errorf("Loaded() = %d cells, %d bytes; want 1 cell of %d bytes", n, size, cell.Size)
	}
	if got := cell.Symbols["one"].Call(nil)[0].Int(); got != 1 {
		t.Errorf("one() = %d", got)
	}
}
