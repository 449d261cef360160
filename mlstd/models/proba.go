package models

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// ClassProba returns m's predicted probability of class (a column of
// PredictProba) for each row of x: the scores that metrics.PR, metrics.ROC
// and the other curves of a binary decision take, with class the positive
// one.
//
//	scores := models.ClassProba(model, val.X, 1)
//	pr, err := metrics.PR(val.Y, scores, nil)
//
// It panics, as PredictProba does, if the model is not fitted or x has the
// wrong number of columns, and if class is not a column of PredictProba.
func ClassProba(m Model, x *mat.Dense, class int) []float64 {
	p := m.PredictProba(x)
	r, c := p.Dims()
	if class < 0 || class >= c {
		panic(fmt.Sprintf("models: ClassProba: class %d is not one of the model's %d classes", class, c))
	}
	return mat.Col(make([]float64, r), class, p)
}
