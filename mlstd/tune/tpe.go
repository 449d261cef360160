package tune

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// TPEOptions sets the TPE sampler. The zero value is a good default.
type TPEOptions struct {
	// Startup is how many trials are sampled at random before the model
	// is used. Zero: 10.
	Startup int
	// Candidates is how many points are drawn from the good-trials model
	// to pick the best ratio from. Zero: 24.
	Candidates int
	// Independent models each parameter on its own. By default the
	// parameters every complete trial has are modelled jointly
	// (multivariate TPE), which finds correlated optima (Branin's valleys)
	// sooner; conditional parameters are always modelled on their own.
	Independent bool
	// NoLiar turns off the constant liar: by default the points of running
	// trials count as bad ones, so parallel workers do not all try the same
	// promising point.
	NoLiar bool
}

// TPE is the tree-structured Parzen estimator of Bergstra et al. (2011),
// the model-based sampler Optuna and Hyperopt use. It splits the trials
// into the best fraction (gamma: 10%, at most 25) and the rest, fits a
// density l(x) to the good parameters and g(x) to the others (a mixture of
// truncated Gaussians on each parameter's scale, log for log parameters,
// plus a broad prior), draws candidates from l and keeps the one with the
// largest l(x)/g(x), which maximises expected improvement under the model.
// See the package documentation for why TPE rather than a Gaussian
// process.
type TPE struct {
	o    TPEOptions
	rng  *rand.Rand
	seed uint64
}

// NewTPE returns a TPE sampler drawing from a generator seeded with seed.
func NewTPE(seed uint64, o TPEOptions) *TPE {
	if o.Startup <= 0 {
		o.Startup = 10
	}
	if o.Candidates <= 0 {
		o.Candidates = 24
	}
	return &TPE{o: o, rng: rand.New(rand.NewPCG(seed, 0x7470_6521)), seed: seed}
}

// Relative implements Sampler: the parameters that every complete trial
// has, with the same distribution, are sampled jointly.
func (s *TPE) Relative(h History, _ int) map[string]store.Param {
	if s.o.Independent {
		return nil
	}
	var space []store.Param
	complete := 0
	for _, t := range h.Trials {
		if t.State != store.Complete {
			continue
		}
		if complete == 0 {
			space = append(space, t.Params...)
		} else {
			kept := space[:0]
			for _, p := range space {
				if q, ok := t.Param(p.Name); ok && q.Dist.Equal(p.Dist) {
					kept = append(kept, p)
				}
			}
			space = kept
		}
		complete++
	}
	if complete < s.o.Startup || len(space) < 2 {
		return nil
	}
	dists := make([]store.Dist, len(space))
	names := make([]string, len(space))
	for i, p := range space {
		dists[i], names[i] = p.Dist, p.Name
	}
	below, above := s.split(h, names, dists)
	if len(below) == 0 {
		return nil
	}
	x := s.choose(dists, below, above)
	out := make(map[string]store.Param, len(space))
	for i, n := range names {
		out[n] = store.Param{Name: n, Dist: dists[i], Value: x[i]}
	}
	return out
}

// Sample implements Sampler: one parameter on its own. Start-up draws
// are Random's (keyed by the seed, the trial's number and the name), so a
// search resumed in a new session draws new points, not its first
// session's again.
func (s *TPE) Sample(h History, trial int, name string, d store.Dist) float64 {
	complete := 0
	for _, t := range h.Trials {
		if t.State == store.Complete {
			complete++
		}
	}
	if complete < s.o.Startup || (d.Kind != store.Choice && d.Lo == d.Hi) {
		return sampleUniform(keyedRand(s.seed, trial, name), d)
	}
	below, above := s.split(h, []string{name}, []store.Dist{d})
	if len(below) == 0 {
		return sampleUniform(keyedRand(s.seed, trial, name), d)
	}
	return s.choose([]store.Dist{d}, below, above)[0]
}

// split returns the observed points (in the order of dists) of the good
// trials and of the others. Complete trials rank by value, then pruned
// ones by how far they got and their last value; running trials (the
// constant liar) count as bad.
func (s *TPE) split(h History, names []string, dists []store.Dist) (below, above [][]float64) {
	type obs struct {
		x     []float64
		value float64
		step  int
		state store.State
	}
	var ranked []obs
	var running [][]float64
	for _, t := range h.Trials {
		if t.State != store.Complete && t.State != store.Pruned && t.State != store.Running {
			continue
		}
		if t.State == store.Running && s.o.NoLiar {
			continue
		}
		x := make([]float64, len(names))
		ok := true
		for i, n := range names {
			p, has := t.Param(n)
			if !has || !p.Dist.Equal(dists[i]) {
				ok = false
				break
			}
			x[i] = p.Value
		}
		if !ok {
			continue
		}
		switch t.State {
		case store.Running:
			running = append(running, x)
		case store.Complete:
			v := t.Value
			if math.IsNaN(v) {
				continue
			}
			ranked = append(ranked, obs{x: x, value: v, state: t.State})
		case store.Pruned:
			last, ok := t.Last()
			if !ok || math.IsNaN(last.Value) {
				running = append(running, x) // no information but "bad"
				continue
			}
			ranked = append(ranked, obs{x: x, value: last.Value, step: last.Step, state: t.State})
		}
	}
	dir := h.Direction
	sort.SliceStable(ranked, func(i, j int) bool {
		a, b := ranked[i], ranked[j]
		if a.state != b.state {
			return a.state == store.Complete
		}
		if a.state == store.Pruned && a.step != b.step {
			return a.step > b.step
		}
		return dir.Better(a.value, b.value)
	})
	n := len(ranked)
	nBelow := min(int(math.Ceil(0.1*float64(n))), 25)
	for i, o := range ranked {
		if i < nBelow {
			below = append(below, o.x)
		} else {
			above = append(above, o.x)
		}
	}
	above = append(above, running...)
	return below, above
}

// choose draws candidates from the good-trials density and returns the
// one with the largest log l(x) - log g(x).
func (s *TPE) choose(dists []store.Dist, below, above [][]float64) []float64 {
	l := newParzen(dists, below)
	g := newParzen(dists, above)
	var bestX []float64
	bestScore := math.Inf(-1)
	for c := 0; c < s.o.Candidates; c++ {
		x := l.sample(s.rng)
		score := l.logPDF(x) - g.logPDF(x)
		if bestX == nil || score > bestScore {
			bestX, bestScore = x, score
		}
	}
	return bestX
}

// parzen is a product-kernel mixture: one component per observation plus a
// prior component, each a product over dimensions of a truncated Gaussian
// (numbers, on the log scale for log dimensions) or a peaked categorical
// (choices).
type parzen struct {
	dims []pdim
	// mus[j][d] and sigmas[j][d] for component j; the last is the prior.
	mus, sigmas [][]float64
	logw        []float64
}

// pdim is one dimension in the space the kernels live in.
type pdim struct {
	d      store.Dist
	lo, hi float64 // transformed bounds (log, and widened by 0.5 for ints)
}

func newPdim(d store.Dist) pdim {
	p := pdim{d: d, lo: d.Lo, hi: d.Hi}
	if d.Kind == store.Int {
		p.lo, p.hi = d.Lo-0.5, d.Hi+0.5
	}
	if d.Log {
		p.lo, p.hi = math.Log(p.lo), math.Log(p.hi)
	}
	return p
}

func (p pdim) fwd(v float64) float64 {
	if p.d.Log {
		return math.Log(v)
	}
	return v
}

func (p pdim) inv(u float64) float64 {
	v := u
	if p.d.Log {
		v = math.Exp(u)
	}
	if p.d.Kind == store.Int {
		v = math.Round(v)
	}
	return math.Max(p.d.Lo, math.Min(p.d.Hi, v))
}

func newParzen(dists []store.Dist, obs [][]float64) *parzen {
	n := len(obs)
	pz := &parzen{dims: make([]pdim, len(dists))}
	for d := range dists {
		pz.dims[d] = newPdim(dists[d])
	}
	pz.mus = make([][]float64, n+1)
	pz.sigmas = make([][]float64, n+1)
	for j := range pz.mus {
		pz.mus[j] = make([]float64, len(dists))
		pz.sigmas[j] = make([]float64, len(dists))
	}
	for d, pd := range pz.dims {
		if pd.d.Kind == store.Choice {
			for j := 0; j < n; j++ {
				pz.mus[j][d] = obs[j][d]
			}
			pz.mus[n][d] = -1 // the prior: uniform
			continue
		}
		// Bandwidths by distance to the neighbours among the sorted
		// observations and the prior's centre, clipped to a sensible
		// range (Bergstra et al.'s heuristic, as Hyperopt has it).
		prior := (pd.lo + pd.hi) / 2
		width := pd.hi - pd.lo
		us := make([]float64, n+1)
		for j := 0; j < n; j++ {
			us[j] = pd.fwd(obs[j][d])
		}
		us[n] = prior
		order := make([]int, n+1)
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return us[order[a]] < us[order[b]] })
		minSigma := width / math.Min(100, 1+float64(n))
		for k, j := range order {
			left, right := 0.0, 0.0
			if k > 0 {
				left = us[j] - us[order[k-1]]
			} else {
				left = us[j] - pd.lo
			}
			if k < n {
				right = us[order[k+1]] - us[j]
			} else {
				right = pd.hi - us[j]
			}
			sg := math.Max(left, right)
			sg = math.Max(minSigma, math.Min(width, sg))
			pz.mus[j][d], pz.sigmas[j][d] = us[j], sg
		}
		pz.sigmas[n][d] = width
	}
	// Equal weights for the observations and the prior.
	pz.logw = make([]float64, n+1)
	for j := range pz.logw {
		pz.logw[j] = -math.Log(float64(n + 1))
	}
	return pz
}

func (pz *parzen) sample(rng *rand.Rand) []float64 {
	j := rng.IntN(len(pz.logw))
	x := make([]float64, len(pz.dims))
	for d, pd := range pz.dims {
		mu, sg := pz.mus[j][d], pz.sigmas[j][d]
		if pd.d.Kind == store.Choice {
			x[d] = sampleChoice(rng, len(pd.d.Choices), int(mu))
			continue
		}
		if pd.hi == pd.lo {
			x[d] = pd.d.Lo
			continue
		}
		u := math.NaN()
		for try := 0; try < 100; try++ {
			if v := mu + sg*rng.NormFloat64(); v >= pd.lo && v <= pd.hi {
				u = v
				break
			}
		}
		if math.IsNaN(u) {
			u = pd.lo + rng.Float64()*(pd.hi-pd.lo)
		}
		x[d] = pd.inv(u)
	}
	return x
}

// choiceKernel is the probability a component centred on choice c gives
// to choice i among k: a peak at c over a uniform floor.
func choiceKernel(k, c, i int) float64 {
	if c < 0 {
		return 1 / float64(k)
	}
	const floor = 1.0 // uniform mass, in units of the peak's mass / k
	p := floor / float64(k)
	if i == c {
		p += 1
	}
	return p / (1 + floor)
}

func sampleChoice(rng *rand.Rand, k, c int) float64 {
	u := rng.Float64()
	for i := 0; i < k; i++ {
		u -= choiceKernel(k, c, i)
		if u < 0 {
			return float64(i)
		}
	}
	return float64(k - 1)
}

func (pz *parzen) logPDF(x []float64) float64 {
	lps := make([]float64, len(pz.logw))
	for j := range pz.logw {
		lp := pz.logw[j]
		for d, pd := range pz.dims {
			mu, sg := pz.mus[j][d], pz.sigmas[j][d]
			if pd.d.Kind == store.Choice {
				lp += math.Log(choiceKernel(len(pd.d.Choices), int(mu), int(x[d])))
				continue
			}
			if pd.hi == pd.lo {
				continue
			}
			lp += logTruncNormal(pd.fwd(x[d]), mu, sg, pd.lo, pd.hi)
		}
		lps[j] = lp
	}
	return logSumExp(lps)
}

func logTruncNormal(x, mu, sg, lo, hi float64) float64 {
	z := (x - mu) / sg
	mass := normCDF((hi-mu)/sg) - normCDF((lo-mu)/sg)
	if mass < 1e-300 {
		mass = 1e-300
	}
	return -0.5*z*z - math.Log(sg) - 0.5*math.Log(2*math.Pi) - math.Log(mass)
}

func normCDF(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

func logSumExp(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	if math.IsInf(m, -1) {
		return m
	}
	s := 0.0
	for _, x := range v {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}
