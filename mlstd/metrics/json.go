package metrics

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// jsonFloat is a float64 that JSON can carry whatever its value: finite
// numbers as numbers, and +Inf, -Inf and NaN, which JSON lacks, as the
// strings "+Inf", "-Inf" and "NaN" (the forms strconv.ParseFloat reads).
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return []byte(`"` + strconv.FormatFloat(v, 'g', -1, 64) + `"`), nil
	}
	return json.Marshal(v)
}

func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	var v float64
	if err := json.Unmarshal(b, &v); err == nil {
		*f = jsonFloat(v)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("metrics: threshold %s is neither a number nor \"+Inf\", \"-Inf\" or \"NaN\"", b)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(math.IsInf(v, 0) || math.IsNaN(v)) {
		return fmt.Errorf("metrics: threshold %q is neither a number nor \"+Inf\", \"-Inf\" or \"NaN\"", s)
	}
	*f = jsonFloat(v)
	return nil
}

func toJSONFloats(xs []float64) []jsonFloat {
	if xs == nil {
		return nil
	}
	out := make([]jsonFloat, len(xs))
	for i, x := range xs {
		out[i] = jsonFloat(x)
	}
	return out
}

func fromJSONFloats(xs []jsonFloat) []float64 {
	if xs == nil {
		return nil
	}
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

// rocJSON is ROCCurve with thresholds that may be +Inf.
type rocJSON struct {
	FPR, TPR             []float64
	Thresholds           []jsonFloat
	AUC                  float64
	Positives, Negatives float64
	Name                 string
	Marks                []ROCPoint
}

// MarshalJSON encodes the curve with the field names of its struct. The
// first threshold, +Inf, which JSON has no number for, is the string
// "+Inf"; UnmarshalJSON reads it back.
func (c *ROCCurve) MarshalJSON() ([]byte, error) {
	return json.Marshal(rocJSON{FPR: c.FPR, TPR: c.TPR, Thresholds: toJSONFloats(c.Thresholds), AUC: c.AUC,
		Positives: c.Positives, Negatives: c.Negatives, Name: c.Name, Marks: c.Marks})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (c *ROCCurve) UnmarshalJSON(b []byte) error {
	var r rocJSON
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	*c = ROCCurve{FPR: r.FPR, TPR: r.TPR, Thresholds: fromJSONFloats(r.Thresholds), AUC: r.AUC,
		Positives: r.Positives, Negatives: r.Negatives, Name: r.Name, Marks: r.Marks}
	return nil
}

type rocPointJSON struct {
	Threshold jsonFloat
	FPR, TPR  float64
	Label     string
}

// MarshalJSON encodes the point; a threshold of +Inf (the point that
// predicts every example negative) is the string "+Inf".
func (p ROCPoint) MarshalJSON() ([]byte, error) {
	return json.Marshal(rocPointJSON{Threshold: jsonFloat(p.Threshold), FPR: p.FPR, TPR: p.TPR, Label: p.Label})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (p *ROCPoint) UnmarshalJSON(b []byte) error {
	var r rocPointJSON
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	*p = ROCPoint{Threshold: float64(r.Threshold), FPR: r.FPR, TPR: r.TPR, Label: r.Label}
	return nil
}
