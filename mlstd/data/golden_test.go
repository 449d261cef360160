package data

import (
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"
)

// Golden images live in testdata/NAME_golden.png; `go test -regen`
// (cmpimg's flag) rewrites them from the current rendering.

func TestGoldenImages(t *testing.T) {
	cmpimg.CheckPlotApprox(func() {
		d := Digits()
		if err := os.WriteFile(filepath.Join("testdata", "digits.png"), d.ImagesPNG([]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 4), 0o644); err != nil {
			t.Fatal(err)
		}
	}, t, 0.01, "digits.png")
}
