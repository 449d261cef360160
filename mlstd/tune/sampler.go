package tune

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"math/rand/v2"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// History is what a sampler or a pruner knows of a study: its direction
// and its other trials, by number (finished, running, paused and waiting).
type History struct {
	Direction store.Direction
	Trials    []store.Trial
}

// Sampler chooses hyperparameters. A study calls a sampler from one
// goroutine at a time, so a sampler needs no locking of its own.
//
// Relative is called once when a trial starts and may choose several
// parameters jointly; it returns them with the distributions it assumed
// (nil when it has nothing to say). A relative value is used only if the
// objective then asks for the same distribution. Sample chooses one
// parameter that Relative did not, with the distribution the objective
// asked for; it returns the value in the stored form (the number, or the
// index of a choice).
type Sampler interface {
	Relative(h History, trial int) map[string]store.Param
	Sample(h History, trial int, name string, d store.Dist) float64
}

// Random samples every parameter independently and uniformly: log-uniform
// for log-scale parameters, as the chapter's log_learning_rate ~ U(-5, -1)
// asks. Random search beats grid search when only a few of many
// hyperparameters matter (Bergstra and Bengio, 2012), because each trial
// tries a new value of every one.
//
// A value is a function of the seed, the trial's number and the
// parameter's name alone, not of the order in which trials ask: trial 7
// draws the same learning rate whether one worker or eight run the study,
// and whichever finishes first. So a seeded search gives the same trials
// with any number of workers.
type Random struct {
	seed uint64
}

// NewRandom returns a random sampler drawing from a generator seeded with
// seed: the same seed gives the same trials.
func NewRandom(seed uint64) *Random { return &Random{seed: seed} }

func (r *Random) historyFree() {}

// Relative implements Sampler: Random chooses nothing jointly.
func (r *Random) Relative(History, int) map[string]store.Param { return nil }

// Sample implements Sampler.
func (r *Random) Sample(_ History, trial int, name string, d store.Dist) float64 {
	return sampleUniform(keyedRand(r.seed, trial, name), d)
}

// keyedRand returns a generator for one draw of parameter name in trial:
// a ChaCha8 stream keyed by the SHA-256 of the seed, the trial and the
// name, so that the draws of different names, trials and seeds are
// independent. (A PCG seeded with the seed and a hash of the rest gives
// first outputs that move together across names.)
func keyedRand(seed uint64, trial int, name string) *rand.Rand {
	h := sha256.New()
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], seed)
	binary.LittleEndian.PutUint64(b[8:], uint64(trial))
	h.Write(b[:])
	h.Write([]byte(name))
	var key [32]byte
	copy(key[:], h.Sum(nil))
	return rand.New(rand.NewChaCha8(key))
}

// sampleUniform draws from d's prior: uniform, or log-uniform.
func sampleUniform(rng *rand.Rand, d store.Dist) float64 {
	switch d.Kind {
	case store.Choice:
		return float64(rng.IntN(len(d.Choices)))
	case store.Int:
		lo, hi := d.Lo-0.5, d.Hi+0.5
		var v float64
		if d.Log {
			v = math.Exp(math.Log(lo) + rng.Float64()*(math.Log(hi)-math.Log(lo)))
		} else {
			v = lo + rng.Float64()*(hi-lo)
		}
		return math.Max(d.Lo, math.Min(d.Hi, math.Round(v)))
	default:
		if d.Log {
			return math.Max(d.Lo, math.Min(d.Hi, math.Exp(math.Log(d.Lo)+rng.Float64()*(math.Log(d.Hi)-math.Log(d.Lo)))))
		}
		return d.Lo + rng.Float64()*(d.Hi-d.Lo)
	}
}
