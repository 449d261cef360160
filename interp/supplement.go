package interp

// The generic standard library as the cells see it. yaegi v0.16.1
// compiles slices, maps and cmp from their Go 1.22 sources and has no
// iter; the checker knows Go 1.26's. The kernel adds what is missing as
// interpreted source: sorting, Min, Max, BinarySearch and the iterator
// functions of slices (All, Values, Backward, Collect, Sorted, Chunk,
// ...), maps' iterator functions (Keys, Values, All, Insert, Collect),
// and a package iter (Seq, Seq2, Pull, Pull2). yaegi cannot infer E
// through the core type of S ~[]E: fix explicit-instantiation gives every
// call of these packages' generic functions the type arguments the
// checker inferred, so each function here keeps Go's type parameter list
// (same count, same order). The iterator types are written as func types
// (iter.Seq[E] is func(yield func(E) bool)), which assign both ways.
// Type parameters are named _E, _T: a dot import in a cell (of math,
// whose E is a constant) would otherwise capture them. The slices and
// maps files share their package's existing imports (cmp), which yaegi
// keys by file name. Positions in them read as line 5000+n (slices),
// 6000+n (maps), 7000+n (iter) of the prelude.

const slicesSupplement = `package slices
//line _.go:5001:1

import "sort"

func Sort[_S ~[]_E, _E cmp.Ordered](x _S) {
	sort.Slice(x, func(i, j int) bool { return cmp.Less(x[i], x[j]) })
}

func SortFunc[_S ~[]_E, _E any](x _S, c func(a, b _E) int) {
	sort.Slice(x, func(i, j int) bool { return c(x[i], x[j]) < 0 })
}

func SortStableFunc[_S ~[]_E, _E any](x _S, c func(a, b _E) int) {
	sort.SliceStable(x, func(i, j int) bool { return c(x[i], x[j]) < 0 })
}

func IsSorted[_S ~[]_E, _E cmp.Ordered](x _S) bool {
	for i := 1; i < len(x); i++ {
		if cmp.Less(x[i], x[i-1]) {
			return false
		}
	}
	return true
}

func IsSortedFunc[_S ~[]_E, _E any](x _S, c func(a, b _E) int) bool {
	for i := 1; i < len(x); i++ {
		if c(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

func Min[_S ~[]_E, _E cmp.Ordered](x _S) _E {
	if len(x) == 0 {
		panic("slices.Min: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if cmp.Less(v, m) {
			m = v
		}
	}
	return m
}

func Max[_S ~[]_E, _E cmp.Ordered](x _S) _E {
	if len(x) == 0 {
		panic("slices.Max: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if cmp.Less(m, v) {
			m = v
		}
	}
	return m
}

func MinFunc[_S ~[]_E, _E any](x _S, c func(a, b _E) int) _E {
	if len(x) == 0 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if c(v, m) < 0 {
			m = v
		}
	}
	return m
}

func MaxFunc[_S ~[]_E, _E any](x _S, c func(a, b _E) int) _E {
	if len(x) == 0 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if c(v, m) > 0 {
			m = v
		}
	}
	return m
}

func BinarySearch[_S ~[]_E, _E cmp.Ordered](x _S, target _E) (int, bool) {
	i := sort.Search(len(x), func(i int) bool { return !cmp.Less(x[i], target) })
	return i, i < len(x) && cmp.Compare(x[i], target) == 0
}

func BinarySearchFunc[_S ~[]_E, _E, _T any](x _S, target _T, c func(_E, _T) int) (int, bool) {
	i := sort.Search(len(x), func(i int) bool { return c(x[i], target) >= 0 })
	return i, i < len(x) && c(x[i], target) == 0
}

func All[_S ~[]_E, _E any](s _S) func(yield func(int, _E) bool) {
	return func(yield func(int, _E) bool) {
		for i, v := range s {
			if !yield(i, v) {
				return
			}
		}
	}
}

func Backward[_S ~[]_E, _E any](s _S) func(yield func(int, _E) bool) {
	return func(yield func(int, _E) bool) {
		for i := len(s) - 1; i >= 0; i-- {
			if !yield(i, s[i]) {
				return
			}
		}
	}
}

func Values[_S ~[]_E, _E any](s _S) func(yield func(_E) bool) {
	return func(yield func(_E) bool) {
		for _, v := range s {
			if !yield(v) {
				return
			}
		}
	}
}

func AppendSeq[_S ~[]_E, _E any](s _S, seq func(yield func(_E) bool)) _S {
	seq(func(v _E) bool {
		s = append(s, v)
		return true
	})
	return s
}

func Collect[_E any](seq func(yield func(_E) bool)) []_E {
	var s []_E
	seq(func(v _E) bool {
		s = append(s, v)
		return true
	})
	return s
}

func Sorted[_E cmp.Ordered](seq func(yield func(_E) bool)) []_E {
	s := Collect[_E](seq)
	Sort[[]_E, _E](s)
	return s
}

func SortedFunc[_E any](seq func(yield func(_E) bool), c func(_E, _E) int) []_E {
	s := Collect[_E](seq)
	SortFunc[[]_E, _E](s, c)
	return s
}

func SortedStableFunc[_E any](seq func(yield func(_E) bool), c func(_E, _E) int) []_E {
	s := Collect[_E](seq)
	SortStableFunc[[]_E, _E](s, c)
	return s
}

func Chunk[_S ~[]_E, _E any](s _S, n int) func(yield func(_S) bool) {
	if n < 1 {
		panic("cannot be less than 1")
	}
	return func(yield func(_S) bool) {
		for i := 0; i < len(s); i += n {
			end := i + n
			if end > len(s) {
				end = len(s)
			}
			if !yield(s[i:end:end]) {
				return
			}
		}
	}
}

func Repeat[_S ~[]_E, _E any](x _S, count int) _S {
	if count < 0 {
		panic("cannot be negative")
	}
	out := make(_S, 0, len(x)*count)
	for i := 0; i < count; i++ {
		out = append(out, x...)
	}
	return out
}
`

const mapsSupplement = `package maps
//line _.go:6001:1

func All[_M ~map[_K]_V, _K comparable, _V any](m _M) func(yield func(_K, _V) bool) {
	return func(yield func(_K, _V) bool) {
		for k, v := range m {
			if !yield(k, v) {
				return
			}
		}
	}
}

func Keys[_M ~map[_K]_V, _K comparable, _V any](m _M) func(yield func(_K) bool) {
	return func(yield func(_K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func Values[_M ~map[_K]_V, _K comparable, _V any](m _M) func(yield func(_V) bool) {
	return func(yield func(_V) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

func Insert[_M ~map[_K]_V, _K comparable, _V any](m _M, seq func(yield func(_K, _V) bool)) {
	seq(func(k _K, v _V) bool {
		m[k] = v
		return true
	})
}

func Collect[_K comparable, _V any](seq func(yield func(_K, _V) bool)) map[_K]_V {
	m := map[_K]_V{}
	seq(func(k _K, v _V) bool {
		m[k] = v
		return true
	})
	return m
}
`

// iterSource is the package iter, which yaegi v0.16.1 lacks. Pull and
// Pull2 run the sequence in a goroutine that hands each value over a
// channel (Go runs it as a coroutine): the values and their order are
// Go's, and a panic of the sequence is raised again by next, in its
// caller, as Go does.
const iterSource = `package iter
//line _.go:7001:1

type Seq[_V any] func(yield func(_V) bool)

type Seq2[_K, _V any] func(yield func(_K, _V) bool)

// closeAfter ends a pulled sequence's goroutine: it keeps a panic of the
// sequence, which next raises again in its caller (the goroutine must not
// end the process), and closes the channel of values.
func closeAfter[_T any](out chan _T, p *any) {
	if r := recover(); r != nil {
		*p = r
	}
	close(out)
}

func Pull[_V any](seq Seq[_V]) (func() (_V, bool), func()) {
	req := make(chan bool)
	out := make(chan _V)
	done, started := false, false
	var panicked any
	run := func() {
		defer closeAfter(out, &panicked)
		if <-req {
			seq(func(v _V) bool {
				out <- v
				more := <-req
				return more
			})
		}
	}
	next := func() (_V, bool) {
		var zero _V
		if done {
			return zero, false
		}
		if !started {
			started = true
			go run()
		}
		req <- true
		v, ok := <-out
		if !ok {
			done = true
			if panicked != nil {
				panic(panicked)
			}
			return zero, false
		}
		return v, true
	}
	stop := func() {
		if done {
			return
		}
		done = true
		if started {
			req <- false
			for range out {
			}
		}
	}
	return next, stop
}

type pair[_K, _V any] struct {
	k _K
	v _V
}

func Pull2[_K, _V any](seq Seq2[_K, _V]) (func() (_K, _V, bool), func()) {
	req := make(chan bool)
	out := make(chan pair[_K, _V])
	done, started := false, false
	var panicked any
	run := func() {
		defer closeAfter(out, &panicked)
		if <-req {
			seq(func(k _K, v _V) bool {
				out <- pair[_K, _V]{k, v}
				more := <-req
				return more
			})
		}
	}
	next := func() (_K, _V, bool) {
		var zk _K
		var zv _V
		if done {
			return zk, zv, false
		}
		if !started {
			started = true
			go run()
		}
		req <- true
		p, ok := <-out
		if !ok {
			done = true
			if panicked != nil {
				panic(panicked)
			}
			return zk, zv, false
		}
		return p.k, p.v, true
	}
	stop := func() {
		if done {
			return
		}
		done = true
		if started {
			req <- false
			for range out {
			}
		}
	}
	return next, stop
}
`
