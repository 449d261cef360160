package metrics

import (
	"fmt"
	"strings"
)

// ClassificationReport is scikit-learn's classification_report: per class
// precision, recall, F1 and support, the accuracy, and the macro and
// weighted averages. It renders as an HTML table in a notebook.
type ClassificationReport struct {
	// Names of the classes, in the order of Classes.
	Names []string
	// Classes holds each class's scores (F is F1).
	Classes []Scores
	// Accuracy over all examples.
	Accuracy float64
	// Macro and Weighted averages of the per-class scores.
	Macro, Weighted Scores
	// Total is the total weight of the examples.
	Total float64
}

// Report returns c's classification report.
func (c *ConfusionMatrix) Report() *ClassificationReport {
	per, _ := c.PerClass(1) // beta 1 is valid
	r := &ClassificationReport{
		Names:    append([]string(nil), c.names()...),
		Classes:  per,
		Accuracy: c.Accuracy(),
		Total:    c.total,
	}
	r.Macro, _ = c.Average(Macro, 1)
	r.Weighted, _ = c.Average(Weighted, 1)
	return r
}

// Report returns the classification report of yPred against yTrue;
// names, when not nil, name the classes in sorted label order. It panics
// and fails as Confusion does.
func Report(yTrue, yPred []int, weights []float64, names []string) (*ClassificationReport, error) {
	c, err := Confusion(yTrue, yPred, weights, nil)
	if err != nil {
		return nil, err
	}
	if names != nil {
		if len(names) != len(c.Labels) {
			panic(fmt.Sprintf("metrics: %d names for %d classes", len(names), len(c.Labels)))
		}
		c.Names = names
	}
	return c.Report(), nil
}

// String lays the report out as scikit-learn prints it.
func (r *ClassificationReport) String() string {
	w := len("weighted avg")
	for _, n := range r.Names {
		w = max(w, len(n))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%*s %9s %9s %9s %9s\n\n", w, "", "precision", "recall", "f1-score", "support")
	for i, s := range r.Classes {
		fmt.Fprintf(&b, "%*s %9.3f %9.3f %9.3f %9s\n", w, r.Names[i], s.Precision, s.Recall, s.F, support(s.Support))
	}
	fmt.Fprintf(&b, "\n%*s %9s %9s %9.3f %9s\n", w, "accuracy", "", "", r.Accuracy, support(r.Total))
	fmt.Fprintf(&b, "%*s %9.3f %9.3f %9.3f %9s\n", w, "macro avg", r.Macro.Precision, r.Macro.Recall, r.Macro.F, support(r.Total))
	fmt.Fprintf(&b, "%*s %9.3f %9.3f %9.3f %9s", w, "weighted avg", r.Weighted.Precision, r.Weighted.Recall, r.Weighted.F, support(r.Total))
	return b.String()
}

// support prints a weight as an integer when it is one.
func support(v float64) string { return formatCell(v, Counts) }
