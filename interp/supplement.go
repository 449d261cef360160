package interp

// slicesSupplement completes the interpreted slices package that yaegi
// v0.16.1 compiles from Go 1.22 sources, which stop short of sorting and
// of Min and Max. These are the kernel's own implementations, on top of
// the compiled sort package. They take []E rather than S ~[]E: yaegi
// cannot infer E through the core type of S. The file shares the
// package's existing import of cmp, which yaegi keys by file name. Type
// parameters are named _E, _T: a dot import in a cell (of math, whose E
// is a constant) would otherwise capture them. Positions in it read as
// line 5000+n of the prelude.
const slicesSupplement = `package slices
//line _.go:5001:1

import "sort"

func Sort[_E cmp.Ordered](x []_E) {
	sort.Slice(x, func(i, j int) bool { return cmp.Less(x[i], x[j]) })
}

func SortFunc[_E any](x []_E, c func(a, b _E) int) {
	sort.Slice(x, func(i, j int) bool { return c(x[i], x[j]) < 0 })
}

func SortStableFunc[_E any](x []_E, c func(a, b _E) int) {
	sort.SliceStable(x, func(i, j int) bool { return c(x[i], x[j]) < 0 })
}

func IsSorted[_E cmp.Ordered](x []_E) bool {
	for i := 1; i < len(x); i++ {
		if cmp.Less(x[i], x[i-1]) {
			return false
		}
	}
	return true
}

func IsSortedFunc[_E any](x []_E, c func(a, b _E) int) bool {
	for i := 1; i < len(x); i++ {
		if c(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

func Min[_E cmp.Ordered](x []_E) _E {
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

func Max[_E cmp.Ordered](x []_E) _E {
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

func MinFunc[_E any](x []_E, c func(a, b _E) int) _E {
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

func MaxFunc[_E any](x []_E, c func(a, b _E) int) _E {
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

func BinarySearch[_E cmp.Ordered](x []_E, target _E) (int, bool) {
	i := sort.Search(len(x), func(i int) bool { return !cmp.Less(x[i], target) })
	return i, i < len(x) && cmp.Compare(x[i], target) == 0
}

func BinarySearchFunc[_E, _T any](x []_E, target _T, c func(_E, _T) int) (int, bool) {
	i := sort.Search(len(x), func(i int) bool { return c(x[i], target) >= 0 })
	return i, i < len(x) && c(x[i], target) == 0
}
`
