package metrics

import (
	"strings"
	"testing"

	"github.com/methodic-go/methodic/display"
)

// TestRenderOddValues renders zero values, nil curves inside collections,
// and a matrix whose exported fields a user set wrongly: each must render
// as something readable, never as a panic.
func TestRenderOddValues(t *testing.T) {
	y := []int{0, 1, 2, 1}
	cm, err := Confusion(y, []int{0, 1, 1, 1}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cm.Names = []string{"only one"}
	cm.Show = Normalize(42)
	values := map[string]any{
		"ConfusionMatrix{}":      &ConfusionMatrix{},
		"bad names and Show":     cm,
		"PRCurve{}":              &PRCurve{},
		"ROCCurve{}":             &ROCCurve{},
		"CoverageCurve{}":        &CoverageCurve{},
		"ClassificationReport{}": &ClassificationReport{},
		"PRCurves{nil}":          PRCurves{nil},
		"ROCCurves{nil}":         ROCCurves{nil},
		"CoverageCurves{nil}":    CoverageCurves{nil},
		"PRCurves{}":             PRCurves{},
		"Scores{}":               Scores{},
		"OperatingPoint{}":       OperatingPoint{},
		"ROCPoint{}":             ROCPoint{},
		"CoveragePoint{}":        CoveragePoint{},
	}
	for name, v := range values {
		b := display.Render(v)
		text := b.Text()
		if strings.Contains(text, "panicked") || text == "" {
			t.Errorf("%s renders as %q", name, text)
		}
	}
	if s := cm.String(); !strings.Contains(s, "Names") {
		t.Errorf("a matrix with the wrong number of names does not say so:\n%s", s)
	}
}
