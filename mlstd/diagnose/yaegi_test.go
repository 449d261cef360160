package diagnose_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/diagnose"
	"github.com/methodic-go/methodic/mlstd/models"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// newInterpreter returns a yaegi interpreter that can import the symbols
// the cells below use, as the kernel's generated tables (interp/symbols)
// provide them.
func newInterpreter(t *testing.T) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	err := i.Use(interp.Exports{
		"github.com/methodic-go/methodic/mlstd/diagnose/diagnose": {
			"LearningCurve":    reflect.ValueOf(diagnose.LearningCurve),
			"ValidationCurve":  reflect.ValueOf(diagnose.ValidationCurve),
			"FitTiny":          reflect.ValueOf(diagnose.FitTiny),
			"GradientCheck":    reflect.ValueOf(diagnose.GradientCheck),
			"Watch":            reflect.ValueOf(diagnose.Watch),
			"Reason":           reflect.ValueOf(diagnose.Reason),
			"CurveOptions":     reflect.ValueOf((*diagnose.CurveOptions)(nil)),
			"TinyOptions":      reflect.ValueOf((*diagnose.TinyOptions)(nil)),
			"GradCheckOptions": reflect.ValueOf((*diagnose.GradCheckOptions)(nil)),
			"MonitorOptions":   reflect.ValueOf((*diagnose.MonitorOptions)(nil)),
			"ReasonOptions":    reflect.ValueOf((*diagnose.ReasonOptions)(nil)),
			"Curve":            reflect.ValueOf((*diagnose.Curve)(nil)),
		},
		"github.com/methodic-go/methodic/mlstd/models/models": {
			"Model":           reflect.ValueOf((*models.Model)(nil)),
			"NewLogistic":     reflect.ValueOf(models.NewLogistic),
			"LogisticOptions": reflect.ValueOf((*models.LogisticOptions)(nil)),
			"NewMLP":          reflect.ValueOf(models.NewMLP),
			"MLPOptions":      reflect.ValueOf((*models.MLPOptions)(nil)),
		},
		"github.com/methodic-go/methodic/mlstd/data/data": {
			"Moons":        reflect.ValueOf(data.Moons),
			"Iris":         reflect.ValueOf(data.Iris),
			"TrainValTest": reflect.ValueOf(data.TrainValTest),
			"SplitOptions": reflect.ValueOf((*data.SplitOptions)(nil)),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// TestCellsCallDiagnose runs the package's entry points from interpreted
// code, as notebook cells call them: a model factory declared in a cell is
// called by compiled code, and every result renders.
func TestCellsCallDiagnose(t *testing.T) {
	i := newInterpreter(t)
	cell := `
import (
	"context"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/diagnose"
	"github.com/methodic-go/methodic/mlstd/models"
)

var ctx = context.Background()
var sp, _ = data.TrainValTest(data.Moons(600, 0.3, 1), data.SplitOptions{})

func linear(seed uint64) models.Model { return models.NewLogistic(models.LogisticOptions{}) }

var curve, curveErr = diagnose.LearningCurve(ctx, linear, sp.Train, sp.Val, diagnose.CurveOptions{Quiet: true, Repeats: 2})
var sweep, sweepErr = diagnose.ValidationCurve(ctx, func(c float64, seed uint64) models.Model {
	return models.NewLogistic(models.LogisticOptions{C: c})
}, []float64{0.01, 1}, sp.Train, sp.Val, diagnose.CurveOptions{Quiet: true})
var mlp = models.NewMLP(models.MLPOptions{Hidden: []int{8}})
var tiny, tinyErr = diagnose.FitTiny(ctx, mlp, data.Iris(), diagnose.TinyOptions{})
var grad, gradErr = diagnose.GradientCheck(ctx, mlp, data.Iris(), diagnose.GradCheckOptions{})
var mon = diagnose.Watch(mlp, diagnose.MonitorOptions{Every: 5})
var why = diagnose.Reason(0.2, 0.21, diagnose.ReasonOptions{Target: 0.05})
`
	if _, err := i.Eval(cell); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"curveErr", "sweepErr", "tinyErr", "gradErr"} {
		v, err := i.Eval(name)
		if err != nil {
			t.Fatal(err)
		}
		if !v.IsNil() {
			t.Errorf("%s = %v", name, v.Interface())
		}
	}
	for _, c := range []struct{ name, want string }{
		{"curve", "more data will not help"},
		{"sweep", "hyperparameter = 1"},
		{"tiny", "fit a tiny dataset"},
		{"grad", "Gradient check passed"},
		{"why", "underfitting"},
	} {
		v, err := i.Eval(c.name)
		if err != nil {
			t.Fatal(err)
		}
		b := display.Render(v.Interface())
		if !strings.Contains(b.Text(), c.want) {
			t.Errorf("%s renders as\n%s\nwant it to mention %q", c.name, b.Text(), c.want)
		}
	}
}
