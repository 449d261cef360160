package diagnose

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/methodic-go/methodic/display"
)

// Case is the situation that training, validation and test error point
// to, in the terms of sections 11.3 and 11.5 of the book.
type Case int

const (
	// TargetMet: the validation (and test) error meets the target.
	TargetMet Case = iota
	// Underfitting: the training error itself is too high (the avoidable
	// bias outweighs the gap to validation).
	Underfitting
	// Overfitting: the training error is low but the validation error is
	// well above it.
	Overfitting
	// LikelyBug: the numbers are implausible for a working pipeline: no
	// better than chance on the training data, or far better on held-out
	// data than on the training data.
	LikelyBug
	// DataMismatch: validation error close to training error but test
	// error well above both: the test data differs from the training and
	// validation data (another distribution, other preprocessing), or its
	// error is computed differently.
	DataMismatch
)

// String names the case.
func (c Case) String() string {
	switch c {
	case TargetMet:
		return "target met"
	case Underfitting:
		return "underfitting"
	case Overfitting:
		return "overfitting"
	case LikelyBug:
		return "likely a bug"
	case DataMismatch:
		return "likely a data mismatch"
	}
	return fmt.Sprintf("Case(%d)", int(c))
}

// ReasonOptions gives Reason what it knows beyond training and validation
// error. Error rates are in [0, 1]; 0 means unknown (no target, no test
// set measured, ...).
type ReasonOptions struct {
	// Test is the error on the test set (0: not measured).
	Test float64
	// Target is the error the project aims for (0: none).
	Target float64
	// Human is the human-level error, an estimate of the Bayes error: the
	// training error cannot be expected to go below it (0: unknown, taken
	// as 0).
	Human float64
	// Chance is the error of a model that ignores the features, such as
	// models.Dummy or 1 - 1/classes (0: unknown).
	Chance float64
	// Tol is the difference between two error rates that counts as real:
	// 0 means 0.01 (one percentage point).
	Tol float64
}

// Reasoning is what Reason concludes: the case, the numbers behind it and
// the next steps the book recommends for it. It renders as text.
type Reasoning struct {
	Train, Val, Test float64
	Options          ReasonOptions
	// Case is the diagnosis; Why explains it with the numbers.
	Case Case
	Why  string
	// Bias is the avoidable bias (training error minus human level),
	// Variance the gap from training to validation error, Mismatch the gap
	// from validation to test error (NaN without a test error).
	Bias, Variance, Mismatch float64
	// Steps are the next steps, most promising first.
	Steps []string
}

// Reason says which of the chapter's cases the errors point to and what to
// do next: underfitting (the training error itself is too high), overfitting
// (a large gap from training to validation error), a likely bug (chance-level
// training error, held-out error far below training error, or a low
// training error with a validation error no better than chance, the mark
// of validation data processed differently), a likely data
// mismatch (test error far above a validation error that is close to the
// training error), or the target met. train and val are error rates
// (1 - accuracy, or any error measure in [0, 1]).
//
// The decision compares the avoidable bias (train - Human) with the
// variance (val - train), as Ng's recipe that the chapter adapts does:
// the larger one is the problem to work on first.
func Reason(train, val float64, o ReasonOptions) *Reasoning {
	for _, v := range []float64{train, val, o.Test, o.Target, o.Human, o.Chance} {
		if !(v >= 0 && v <= 1) {
			panic(fmt.Sprintf("diagnose: Reason: error rate %g outside [0, 1]", v))
		}
	}
	tol := orDefault(o.Tol, 0.01)
	r := &Reasoning{Train: train, Val: val, Test: o.Test, Options: o, Mismatch: math.NaN()}
	r.Bias = gap(train, o.Human)
	r.Variance = gap(val, train)
	if o.Test > 0 {
		r.Mismatch = gap(o.Test, val)
	}
	ref := "the target"
	goal := o.Target
	if goal == 0 && o.Human > 0 {
		ref, goal = "human-level error", o.Human
	}
	switch {
	case o.Chance > 0 && train >= o.Chance-tol:
		r.Case = LikelyBug
		r.Why = fmt.Sprintf("The training error %.3g is no better than chance (%.3g): the model has learnt nothing from the features, which a working pipeline does on almost any data.", train, o.Chance)
		r.Steps = []string{
			"Fit a tiny dataset (FitTiny): a model that cannot memorise ten examples has a bug.",
			"Check the gradients against finite differences (GradientCheck).",
			"Look at the inputs and labels the model sees: are the labels aligned with the rows, the features scaled, nothing constant?",
			"Run a learning-rate range test (LRRangeTest): a rate far too small or too large also learns nothing.",
		}
	case train-val > max(tol, 0.5*train) && train > 2*tol:
		r.Case = LikelyBug
		r.Why = fmt.Sprintf("The validation error %.3g is far below the training error %.3g. Held-out data should not be easier than training data.", val, train)
		r.Steps = []string{
			"Check that validation examples have not leaked into training or been duplicated.",
			"Check how the training error is measured: with dropout or other training-only noise switched on it is pessimistic.",
			"Look for a difference in preprocessing or labelling between the two sets (WorstMistakes on the training set).",
		}
	case o.Chance > 0 && val >= o.Chance-max(tol, 0.1*o.Chance) && train < o.Chance/2:
		r.Case = LikelyBug
		r.Why = fmt.Sprintf("The training error %.3g is low but the validation error %.3g is no better than chance (%.3g): a model that fits its training data does not guess on data like it. Suspect the evaluation before regularising: validation data processed differently from the training data is the usual cause.", train, val, o.Chance)
		r.Steps = []string{
			"Compare the inputs of the two sets (means and ranges of the features): scaling fitted on the training part must be applied to every part, the feature order and encoding the same.",
			"Check that the labels are aligned with the rows and use the same class order in both sets.",
			"Check the code that computes the validation error: the same as the training error's.",
		}
	case goal > 0 && val <= goal && (o.Test == 0 || o.Test <= goal+tol):
		r.Case = TargetMet
		r.Why = fmt.Sprintf("The validation error %.3g meets %s (%.3g).", val, ref, goal)
		r.Steps = []string{
			"Measure the test error once, if not done yet, and stop tuning on it.",
			"Look at the worst mistakes (WorstMistakes) to check that the remaining errors are acceptable ones.",
			"If the target was easy to meet, raise it, or trade error for cost (a smaller model, less data).",
		}
	case o.Test > 0 && r.Mismatch > tol && r.Mismatch > r.Variance && r.Mismatch > r.Bias:
		r.Case = DataMismatch
		r.Why = fmt.Sprintf("Training (%.3g) and validation (%.3g) errors are close, but the test error %.3g is %.3g higher: the test data is not like the data the model was tuned on, or is processed or scored differently.", train, val, o.Test, r.Mismatch)
		r.Steps = []string{
			"Compare the preprocessing of the test data with that of the training data (scaling fitted on the training part only, the same feature order and encoding).",
			"Check the code that computes the test error (the same metric, the same label order).",
			"Look at the test examples with the highest loss (WorstMistakes on the test set): what sets them apart?",
			"If the test distribution really differs, gather training data like it, or hold out validation data drawn from it.",
		}
	case r.Bias >= r.Variance:
		r.Case = Underfitting
		if goal > 0 {
			r.Why = fmt.Sprintf("The training error %.3g is above %s (%.3g), and the avoidable bias (%.3g) is at least the gap to validation (%.3g): the model does not fit even the training data well enough.", train, ref, goal, r.Bias, r.Variance)
		} else {
			r.Why = fmt.Sprintf("The training error %.3g (avoidable bias %.3g) is at least the gap to validation (%.3g): the model does not fit the training data well; give a Target or Human level to judge how far it is from good enough.", train, r.Bias, r.Variance)
		}
		r.Steps = []string{
			"Make sure the optimiser works: tune the learning rate first (LRRangeTest, ValidationCurve over the rate).",
			"Grow the model: more hidden units or layers.",
			"Loosen the regularisation: less weight decay, less dropout.",
			"Rule out a bug: fit a tiny dataset (FitTiny) and check the gradients (GradientCheck); with both errors high, a bug and underfitting look alike.",
			"If a large, well-tuned model still fails, the data is the problem: noisy labels, or features that do not carry the information; gather cleaner data or better features.",
		}
	default:
		r.Case = Overfitting
		r.Why = fmt.Sprintf("The training error %.3g is low but the validation error %.3g is %.3g higher: the gap, not the fit, is the problem.", train, val, r.Variance)
		if goal > 0 {
			r.Why += fmt.Sprintf(" The validation error misses %s (%.3g).", ref, goal)
		}
		r.Steps = []string{
			"Gather more data if it is cheap: a learning curve (LearningCurve) says whether it would help.",
			"Regularise: weight decay, dropout, a smaller model, early stopping, data augmentation.",
			"Rule out a bug in the evaluation: the validation error computed with the same code as the training error, the validation data preprocessed the same way.",
		}
	}
	return r
}

// gap returns a - b, with the rounding noise of two equal error rates
// (0.1+0.2 against 0.3) shown as the 0 it is, not as 5.55e-17.
func gap(a, b float64) float64 {
	d := a - b
	if math.Abs(d) < 1e-12 {
		return 0
	}
	return d
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.3g", v)
}

func (r *Reasoning) rows() [][2]string {
	rows := [][2]string{{"training error", pct(r.Train)}, {"validation error", pct(r.Val)}}
	if r.Test > 0 {
		rows = append(rows, [2]string{"test error", pct(r.Test)})
	}
	if r.Options.Target > 0 {
		rows = append(rows, [2]string{"target", pct(r.Options.Target)})
	}
	if r.Options.Human > 0 {
		rows = append(rows, [2]string{"human level", pct(r.Options.Human)})
	}
	if r.Options.Chance > 0 {
		rows = append(rows, [2]string{"chance", pct(r.Options.Chance)})
	}
	rows = append(rows, [2]string{"avoidable bias (train − human)", pct(r.Bias)}, [2]string{"variance (val − train)", pct(r.Variance)})
	if r.Test > 0 {
		rows = append(rows, [2]string{"mismatch (test − val)", pct(r.Mismatch)})
	}
	return rows
}

// String returns the diagnosis, its reasons and the next steps as text.
func (r *Reasoning) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Diagnosis: %v\n", r.Case)
	for _, row := range r.rows() {
		fmt.Fprintf(&b, "  %-32s %s\n", row[0], row[1])
	}
	b.WriteString(r.Why + "\nNext steps:\n")
	for i, s := range r.Steps {
		fmt.Fprintf(&b, "  %d. %s\n", i+1, s)
	}
	return b.String()
}

// Markdown returns the diagnosis as Markdown.
func (r *Reasoning) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Diagnosis: %v**\n\n| | error |\n|---|---|\n", r.Case)
	for _, row := range r.rows() {
		fmt.Fprintf(&b, "| %s | %s |\n", row[0], row[1])
	}
	b.WriteString("\n" + r.Why + "\n\nNext steps:\n\n")
	for i, s := range r.Steps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, s)
	}
	return b.String()
}

// HTML returns the diagnosis as HTML.
func (r *Reasoning) HTML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "<div><p><b>Diagnosis: %s</b></p>", html.EscapeString(r.Case.String()))
	// A display.Table aligns its cells with attributes that untrusted
	// notebooks keep (they strip style=).
	t := display.NewTable("", "error rate")
	t.Align("", display.AlignLeft).Align("error rate", display.AlignRight)
	for _, row := range r.rows() {
		t.AddRow(row[0], row[1])
	}
	b.WriteString(t.HTML() + paragraph(r.Why) + "<p>Next steps:</p><ol>")
	for _, s := range r.Steps {
		b.WriteString("<li>" + html.EscapeString(s) + "</li>")
	}
	b.WriteString("</ol></div>")
	return b.String()
}

// MIMEBundle renders the diagnosis as HTML, Markdown and text.
func (r *Reasoning) MIMEBundle() display.Bundle {
	return display.Bundle{}.Set(display.MIMEText, r.String()).Set(display.MIMEHTML, r.HTML()).Set(display.MIMEMarkdown, r.Markdown())
}
