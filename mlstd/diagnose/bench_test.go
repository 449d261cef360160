package diagnose

import (
	"context"
	"testing"
	"time"

	"github.com/methodic-go/methodic/mlstd/data"
	"github.com/methodic-go/methodic/mlstd/models"
)

// BenchmarkLearningCurveDigits is the figure: a learning curve of
// 5 sizes x 3 repeats on digits (train on 80%, validate on 20%) with the
// default MLP (100 ReLU units, Adam, 100 epochs), on all cores; the
// one-worker run shows what the parallel fits gain. cpu-s/op is the CPU
// time of the process: on a busy machine the wall time says little, and
// CPU time over the number of cores bounds what a quiet machine takes.
//
//	go test ./mlstd/diagnose/ -run '^$' -bench LearningCurveDigits -benchtime 1x
func BenchmarkLearningCurveDigits(b *testing.B) {
	sp, err := data.TrainTest(data.Digits().Scaled(1.0/16), data.SplitOptions{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range []struct {
		name    string
		workers int
	}{{"all-cores", 0}, {"one-worker", 1}} {
		b.Run(w.name, func(b *testing.B) {
			c0 := cpuTime()
			for b.Loop() {
				c, err := LearningCurve(context.Background(), func(seed uint64) models.Model {
					return models.NewMLP(models.MLPOptions{Seed: seed})
				}, sp.Train, sp.Test, CurveOptions{Quiet: true, Workers: w.workers})
				if err != nil {
					b.Fatal(err)
				}
				if len(c.Points) != 5 || len(c.Points[0].Val) != 3 {
					b.Fatalf("%d points", len(c.Points))
				}
			}
			b.ReportMetric((cpuTime()-c0).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// BenchmarkMonitorOverhead trains the default MLP on digits for 20 epochs
// with and without a Monitor recording every 50 steps, alternating the
// two so that a change in the machine's load hits both, and reports the
// monitored run's extra wall time as "overhead-%" and extra CPU time as
// "cpu-overhead-%" (steadier on a busy machine).
//
//	go test ./mlstd/diagnose/ -run '^$' -bench MonitorOverhead -benchtime 10x
func BenchmarkMonitorOverhead(b *testing.B) {
	d := data.Digits().Scaled(1.0 / 16)
	train := func(watch bool) (time.Duration, time.Duration) {
		m := models.NewMLP(models.MLPOptions{Epochs: 20, Quiet: true, Seed: 1})
		var mon *Monitor
		if watch {
			mon = Watch(m, MonitorOptions{Every: 50})
		}
		start, c0 := time.Now(), cpuTime()
		if _, err := m.Fit(context.Background(), d, nil); err != nil {
			b.Fatal(err)
		}
		elapsed, cpu := time.Since(start), cpuTime()-c0
		if watch && len(mon.Records()) == 0 {
			b.Fatal("nothing recorded")
		}
		return elapsed, cpu
	}
	var plain, watched, plainCPU, watchedCPU time.Duration
	for b.Loop() {
		w, c := train(false)
		plain, plainCPU = plain+w, plainCPU+c
		w, c = train(true)
		watched, watchedCPU = watched+w, watchedCPU+c
	}
	b.ReportMetric(100*(float64(watched)/float64(plain)-1), "overhead-%")
	if plainCPU > 0 {
		b.ReportMetric(100*(float64(watchedCPU)/float64(plainCPU)-1), "cpu-overhead-%")
	}
	b.ReportMetric(float64(plain.Milliseconds())/float64(b.N), "plain-ms/fit")
}
