// Command mlpbench trains models.MLP on digits or MNIST the way
// mlp_vs_sklearn.py trains scikit-learn's MLPClassifier, and prints one
// JSON object: per-epoch wall times, test accuracy, and the rows of the
// digits split so that the Python side uses the same split.
//
//	go run ./mlstd/models/bench/mlpbench -data digits -epochs 30
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
)

func main() {
	which := flag.String("data", "digits", "digits or mnist")
	epochs := flag.Int("epochs", 30, "epochs")
	hidden := flag.Int("hidden", 128, "units of the hidden layer")
	batch := flag.Int("batch", 64, "batch size")
	alpha := flag.Float64("alpha", 1e-4, "scikit-learn's alpha (L2 = alpha/batch)")
	seed := flag.Uint64("seed", 0, "seed of the split and the model")
	workers := flag.Int("workers", 0, "goroutines (0: GOMAXPROCS)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of Fit to this file")
	dense := flag.Bool("dense", false, "add 1e-6 to every feature, so that no input is zero (measures what skipping zeros buys)")
	flag.Parse()

	var train, test *data.Dataset
	var trainIdx, testIdx []int
	switch *which {
	case "digits":
		d := data.Digits().Scaled(1.0 / 16)
		sp, err := splitWithRows(d, *seed)
		if err != nil {
			fail(err)
		}
		train, test, trainIdx, testIdx = sp.train, sp.test, sp.trainRows, sp.testRows
	case "mnist":
		var err error
		train, test, err = data.MNIST(context.Background())
		if err != nil {
			fail(err)
		}
	default:
		fail(fmt.Errorf("unknown data %q", *which))
	}
	if *dense {
		train = train.Scaled(1)
		r, c := train.X.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				train.X.Set(i, j, train.X.At(i, j)+1e-6)
			}
		}
	}
	m := models.NewMLP(models.MLPOptions{
		Hidden: []int{*hidden}, BatchSize: *batch, Epochs: *epochs, L2: *alpha / float64(*batch),
		Patience: -1, Seed: *seed, Workers: *workers, Quiet: true,
	})
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fail(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	cpu0 := cpuTime()
	start := time.Now()
	h, err := m.Fit(context.Background(), train, nil)
	cpu := cpuTime() - cpu0
	if err != nil {
		fail(err)
	}
	total := time.Since(start)
	var times []float64
	for _, e := range h.Epochs {
		times = append(times, e.Time.Seconds())
	}
	out := map[string]any{
		"data": *which, "epochs": len(h.Epochs), "epoch_seconds": times,
		"fit_seconds": total.Seconds(), "fit_cpu_seconds": cpu.Seconds(), "test_accuracy": m.Score(test),
		"train_loss": h.Last().TrainLoss, "gomaxprocs": runtime.GOMAXPROCS(0),
		"train_rows": trainIdx, "test_rows": testIdx,
	}
	json.NewEncoder(os.Stdout).Encode(out)
	pprof.StopCPUProfile()
}

type rowSplit struct {
	train, test         *data.Dataset
	trainRows, testRows []int
}

// splitWithRows splits d 80/20 stratified with the seed, as data.TrainTest
// does, and recovers which rows went where by splitting a copy whose only
// feature is the row number.
func splitWithRows(d *data.Dataset, seed uint64) (*rowSplit, error) {
	sp, err := data.TrainTest(d, data.SplitOptions{Seed: seed})
	if err != nil {
		return nil, err
	}
	rows := d.Subset(seqInts(d.Len()))
	rows.Features = nil
	rows.ImageHeight, rows.ImageWidth = 0, 0
	rows.X = rowNumbers(d.Len())
	rsp, err := data.TrainTest(rows, data.SplitOptions{Seed: seed})
	if err != nil {
		return nil, err
	}
	col := func(x *data.Dataset) []int {
		out := make([]int, x.Len())
		for i := range out {
			out[i] = int(x.X.At(i, 0))
		}
		return out
	}
	return &rowSplit{sp.Train, sp.Test, col(rsp.Train), col(rsp.Test)}, nil
}

// cpuTime is the processor time (user and system) used by the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mlpbench:", err)
	os.Exit(1)
}
