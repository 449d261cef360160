package diagnose_test

import (
	"context"
	"fmt"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/diagnose"
	"github.com/methodic-go/methodic/mlstd/models"
)

// Would more data help a linear model on the two moons? The curves meet
// early: no, a model that can bend is needed.
func ExampleLearningCurve() {
	sp, _ := data.TrainValTest(data.Moons(3000, 0.3, 1), data.SplitOptions{Seed: 1})
	c, err := diagnose.LearningCurve(context.Background(), func(seed uint64) models.Model {
		return models.NewLogistic(models.LogisticOptions{})
	}, sp.Train, sp.Val, diagnose.CurveOptions{Quiet: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range c.Points {
		fmt.Printf("%d examples: validation error %.2f\n", int(p.X), p.ValMean)
	}
	fmt.Println(c.Verdict)
	// Output:
	// 180 examples: validation error 0.13
	// 320 examples: validation error 0.13
	// 569 examples: validation error 0.13
	// 1012 examples: validation error 0.13
	// 1800 examples: validation error 0.13
	// more data will not help
}

// The capacity curve of logistic regression's inverse regularisation C:
// too strong a penalty underfits.
func ExampleValidationCurve() {
	sp, _ := data.TrainValTest(data.Digits().Scaled(1.0/16), data.SplitOptions{Seed: 1})
	c, err := diagnose.ValidationCurve(context.Background(), func(v float64, seed uint64) models.Model {
		return models.NewLogistic(models.LogisticOptions{C: v, MaxIter: 100})
	}, []float64{1e-4, 1e-2, 1}, sp.Train, sp.Val, diagnose.CurveOptions{Param: "C", Quiet: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("log axis:", c.LogX)
	fmt.Println("best C:", c.Points[c.Best].X)
	fmt.Println("C = 1e-4 underfits:", c.Points[0].TrainMean > 0.1)
	// Output:
	// log axis: true
	// best C: 1
	// C = 1e-4 underfits: true
}

// Find a learning rate for SGD with momentum before training.
func ExampleLRRangeTest() {
	d := data.Digits().Scaled(1.0 / 16)
	m := models.NewMLP(models.MLPOptions{Optimizer: models.Momentum, Seed: 1})
	if err := m.Begin(d, nil); err != nil {
		fmt.Println(err)
		return
	}
	r, err := diagnose.LRRangeTest(context.Background(), m, d, diagnose.LRRangeOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("diverged at the end:", r.Diverged)
	fmt.Println("suggestion between 1e-3 and 1:", r.Suggested > 1e-3 && r.Suggested < 1)
	// Output:
	// diverged at the end: true
	// suggestion between 1e-3 and 1: true
}

// Low training error, high validation error: overfitting.
func ExampleReason() {
	r := diagnose.Reason(0.01, 0.12, diagnose.ReasonOptions{Target: 0.05})
	fmt.Println(r.Case)
	fmt.Println(r.Steps[0])
	// Output:
	// overfitting
	// Gather more data if it is cheap: a learning curve (LearningCurve) says whether it would help.
}

// A healthy MLP memorises twenty digits.
func ExampleFitTiny() {
	t, err := diagnose.FitTiny(context.Background(), models.NewMLP(models.MLPOptions{}), data.Digits().Scaled(1.0/16), diagnose.TinyOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(t.Rows, "examples, passed:", t.Passed, "accuracy:", t.Accuracy)
	// Output:
	// 20 examples, passed: true accuracy: 1
}

// Check the MLP's back-propagation at its initial weights.
func ExampleGradientCheck() {
	d := data.Digits().Scaled(1.0 / 16)
	m := models.NewMLP(models.MLPOptions{Hidden: []int{16}, Activation: models.Tanh})
	if err := m.Begin(d, nil); err != nil {
		fmt.Println(err)
		return
	}
	g, err := diagnose.GradientCheck(context.Background(), m, d, diagnose.GradCheckOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range g.Blocks {
		fmt.Println(b.Name, b.Checked, b.Passed)
	}
	// Output:
	// hidden 1/W 30 true
	// hidden 1/b 16 true
	// output/W 30 true
	// output/b 10 true
}

// Watch a network whose first hidden layer starts with dead ReLUs.
func ExampleWatch() {
	d := data.Digits().Scaled(1.0 / 16)
	m := models.NewMLP(models.MLPOptions{Hidden: []int{32}, Seed: 1, Quiet: true})
	if err := m.Begin(d, nil); err != nil {
		fmt.Println(err)
		return
	}
	p := m.Params()
	for _, b := range m.ParamLayout() {
		if b.Name == "hidden 1" && b.Kind == "b" {
			for j := range 16 {
				p[b.Offset+j] = -50 // half the units never fire
			}
		}
	}
	m.SetParams(p)
	mon := diagnose.Watch(m, diagnose.MonitorOptions{Every: 25})
	for range 2 {
		if _, err := m.TrainEpoch(context.Background()); err != nil {
			fmt.Println(err)
			return
		}
	}
	for _, w := range mon.Warnings() {
		fmt.Println(w.Layer, w.Kind, w.Count, "records")
	}
	// Output:
	// hidden 1 dead units 3 records
}

// Record traces by hand, for a model that calls a hook of its own.
func ExampleNewMonitor() {
	mon := diagnose.NewMonitor(diagnose.MonitorOptions{})
	m := models.NewMLP(models.MLPOptions{Hidden: []int{8}, Quiet: true, Epochs: 1})
	m.SetHook(10, mon.Record)
	if _, err := m.Fit(context.Background(), data.Iris(), nil); err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range mon.Records() {
		fmt.Println("step", r.Step, "layers", len(r.Layers))
	}
	// Output:
	// step 1 layers 2
}

func fitDigits() (models.Model, *data.Split) {
	sp, _ := data.TrainTest(data.Digits().Scaled(1.0/16), data.SplitOptions{Seed: 1})
	m := models.NewLogistic(models.LogisticOptions{MaxIter: 30})
	m.Fit(context.Background(), sp.Train, nil)
	return m, sp
}

// The eight test digits the model finds hardest, and the classes it
// mixes up.
func ExampleWorstMistakes() {
	m, sp := fitDigits()
	mk, err := diagnose.WorstMistakes(m, sp.Test, 8)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(mk.Examples), "examples, worst first:", mk.Examples[0].Loss >= mk.Examples[7].Loss)
	fmt.Println("as an image grid:", mk.Grid() != nil)
	// Output:
	// 8 examples, worst first: true
	// as an image grid: true
}

// The pairs of classes a model confuses most.
func ExampleMostConfused() {
	m, sp := fitDigits()
	c, err := diagnose.MostConfused(m, sp.Test, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(c.Pairs) <= 3)
	// Output:
	// true
}

// Sixteen random test digits with the model's answers.
func ExampleInAction() {
	m, sp := fitDigits()
	g, err := diagnose.InAction(m, sp.Test, 16, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(g.Examples), "examples,", g.Correct >= 12, "mostly right")
	// Output:
	// 16 examples, true mostly right
}
