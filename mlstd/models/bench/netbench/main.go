// Command netbench trains an mlstd network on MNIST (or Fashion-MNIST),
// or a GRU on the 3-bit flip-flop sequences, the way nets_vs_pytorch.py
// trains the same network with PyTorch, and prints one JSON object:
// per-epoch wall and processor times, test accuracy, and the peak
// resident memory of the process.
//
//	go run ./mlstd/models/bench/netbench -model conv -epochs 3
//	go run ./mlstd/models/bench/netbench -model gru -lr 0.003
//
// With -dump FILE (gru only) it writes the flip-flop sets it would train
// on and exits, so that PyTorch trains on the same rows: for the
// training set then the test set, the row count n, steps and features as
// three little-endian int64, n·steps·features float32 values (rows one
// after the other, step after step), and n int64 classes.
package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
)

func main() {
	model := flag.String("model", "conv", "mlp (784-128-10), conv (3x3 conv 16, pool, 3x3 conv 32, pool, dense 10) or gru (GRU units -> 8 classes, on the flip-flop)")
	which := flag.String("data", "mnist", "mnist or fashion (mlp, conv); gru trains on data.FlipFlop")
	seqs := flag.Int("n", 20000, "gru: training sequences (the test set has a fifth as many)")
	steps := flag.Int("steps", 30, "gru: steps of a sequence")
	units := flag.Int("units", 32, "gru: units of the recurrent state")
	dump := flag.String("dump", "", "gru: write the flip-flop sets to this file and exit")
	epochs := flag.Int("epochs", 3, "epochs")
	batch := flag.Int("batch", 64, "batch size")
	lr := flag.Float64("lr", 0.001, "Adam's learning rate")
	seed := flag.Uint64("seed", 0, "seed of the model")
	workers := flag.Int("workers", 0, "goroutines (0: GOMAXPROCS)")
	padding := flag.Int("padding", 1, "padding of the convolutions")
	decay := flag.Bool("decay", false, "decay the learning rate linearly to 1% over the epochs")
	exp := flag.Float64("exp", 0, "decay the learning rate by this factor each epoch (exponential schedule)")
	bn := flag.Bool("batchnorm", false, "batch normalisation")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the training to this file")
	flag.Parse()

	var train, test *data.Dataset
	var err error
	switch {
	case *model == "gru":
		*which = "flipflop"
		train, test = data.FlipFlop(*seqs, *steps, 1), data.FlipFlop(max(*seqs/5, 1), *steps, 2)
		if *dump != "" {
			if err := dumpSets(*dump, train, test); err != nil {
				fail(err)
			}
			return
		}
	case *which == "mnist":
		train, test, err = data.MNIST(context.Background())
	case *which == "fashion":
		train, test, err = data.FashionMNIST()
	default:
		err = fmt.Errorf("unknown data %q", *which)
	}
	if err != nil {
		fail(err)
	}
	var sched models.Schedule
	if *decay {
		sched = models.Schedule{Kind: models.Linear}
	}
	if *exp > 0 {
		sched = models.Schedule{Kind: models.Exponential, Factor: *exp}
	}
	var m models.Iterative
	switch *model {
	case "mlp":
		m = models.NewMLP(models.MLPOptions{Hidden: []int{128}, BatchSize: *batch, LearningRate: *lr, Schedule: sched, Epochs: *epochs, BatchNorm: *bn, Patience: -1, Seed: *seed, Workers: *workers, Quiet: true})
	case "conv":
		m = models.NewConvNet(models.ConvNetOptions{
			Conv:      []models.Conv{{Filters: 16, Padding: *padding, Pool: 2}, {Filters: 32, Padding: *padding, Pool: 2}},
			BatchSize: *batch, LearningRate: *lr, Schedule: sched, Epochs: *epochs, BatchNorm: *bn, Patience: -1, Seed: *seed, Workers: *workers, Quiet: true,
		})
	case "gru":
		m = models.NewGRU(models.GRUOptions{Units: *units, BatchSize: *batch, LearningRate: *lr, Schedule: sched, Epochs: *epochs, Patience: -1, Seed: *seed, Workers: *workers, Quiet: true})
	default:
		fail(fmt.Errorf("unknown model %q", *model))
	}
	if err := m.Begin(train, nil); err != nil {
		fail(err)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fail(err)
		}
		pprof.StartCPUProfile(f)
	}
	var wall, cpu []float64
	for e := 0; e < *epochs; e++ {
		c0, t0 := cpuTime(), time.Now()
		if _, err := m.TrainEpoch(context.Background()); err != nil {
			fail(err)
		}
		wall = append(wall, time.Since(t0).Seconds())
		cpu = append(cpu, (cpuTime() - c0).Seconds())
	}
	pprof.StopCPUProfile()
	r, c := train.X.Dims()
	out := map[string]any{
		"model": fmt.Sprint(m), "data": *which, "epochs": *epochs, "epoch_seconds": wall, "epoch_cpu_seconds": cpu,
		"test_accuracy": m.Score(test), "train_loss": m.History().Last().TrainLoss,
		"gomaxprocs": runtime.GOMAXPROCS(0), "max_rss_mb": peakMemory(),
		"train_float64_mb": float64(r*c*8) / (1 << 20),
	}
	json.NewEncoder(os.Stdout).Encode(out)
}

// dumpSets writes the sets for nets_vs_pytorch.py (see the command's doc).
func dumpSets(path string, sets ...*data.Dataset) error {
	var b []byte
	for _, d := range sets {
		n, c := d.X.Dims()
		for _, v := range []int{n, d.Steps, c / d.Steps} {
			b = binary.LittleEndian.AppendUint64(b, uint64(v))
		}
		for i := 0; i < n; i++ {
			for _, v := range d.X.RawRowView(i) {
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(v)))
			}
		}
		for _, y := range d.Y {
			b = binary.LittleEndian.AppendUint64(b, uint64(y))
		}
	}
	return os.WriteFile(path, b, 0o644)
}

// peakMemory returns the peak resident memory of the process in MB: VmHWM
// of /proc/self/status, which starts afresh at exec (getrusage's maxrss
// would count a parent's memory at fork, such as the Python process that
// runs this command).
func peakMemory() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return math.NaN()
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return math.NaN()
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
	fmt.Fprintln(os.Stderr, "netbench:", err)
	os.Exit(1)
}
