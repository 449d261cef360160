package models

import (
	"encoding/base64"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gonum.org/v1/plot/cmpimg"
)

// Golden images live in testdata/NAME_golden.png; `go test -regen`
// (cmpimg's flag) rewrites them from the current rendering.

// sampleHistory is a fixed history with a validation curve that turns up
// (overfitting) and a best epoch.
func sampleHistory() *History {
	h := &History{Model: "sample", BestEpoch: 12, Stopped: "early stopping"}
	for e := 1; e <= 20; e++ {
		x := float64(e)
		h.Epochs = append(h.Epochs, Epoch{
			Epoch: e, TrainLoss: 2 * math.Exp(-x/4), TrainAccuracy: 1 - 0.9*math.Exp(-x/4),
			ValLoss: 2*math.Exp(-x/4) + 0.002*(x-12)*(x-12) + 0.1, ValAccuracy: 0.95 - 0.85*math.Exp(-x/4) - 0.001*(x-12)*(x-12),
			LearningRate: 0.001, Time: time.Second,
		})
	}
	return h
}

func TestGoldenHistory(t *testing.T) {
	cmpimg.CheckPlotApprox(func() {
		b := sampleHistory().MIMEBundle()
		raw, err := base64.StdEncoding.DecodeString(b.Data["image/png"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", "history.png"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		if b.Text() == "" {
			t.Error("history bundle lacks text")
		}
	}, t, 0.02, "history.png")
}
