package interp

// slicesSupplement completes the interpreted slices package that yaegi
// v0.16.1 compiles from Go 1.22 sources, which stop short of sorting and
// of Min and Max. These are the kernel's own implementations, on top of
// the compiled sort package. They take []E rather than S ~[]E: yaegi
// cannot infer E through the core type of S. The file shares the
// package's existing import of cmp, which yaegi keys by file name.
const slicesSupplement = `package slices

import "sort"

func Sort[E cmp.Ordered](x []E) {
	sort.Slice(x, func(i, j int) bool { return cmp.Less(x[i], x[j]) })
}

func SortFunc[E any](x []E, c func(a, b E) int) {
	sort.Slice(x, func(i, j int) bool { return c(x[i], x[j]) < 0 })
}

func SortStableFunc[E any](x []E, c func(a, b E) int) {
	sort.SliceStable(x, func(i, j int) bool { return c(x[i], x[j]) < 0 })
}

func IsSorted[E cmp.Ordered](x []E) bool {
	for i := 1; i < len(x); i++ {
		if cmp.Less(x[i], x[i-1]) {
			return false
		}
	}
	return true
}

func IsSortedFunc[E any](x []E, c func(a, b E) int) bool {
	for i := 1; i < len(x); i++ {
		if c(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

func Min[E cmp.Ordered](x []E) E {
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

func Max[E cmp.Ordered](x []E) E {
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

func MinFunc[E any](x []E, c func(a, b E) int) E {
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

func MaxFunc[E any](x []E, c func(a, b E) int) E {
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

func BinarySearch[E cmp.Ordered](x []E, target E) (int, bool) {
	i := sort.Search(len(x), func(i int) bool { return !cmp.Less(x[i], target) })
	return i, i < len(x) && cmp.Compare(x[i], target) == 0
}

func BinarySearchFunc[E, T any](x []E, target T, c func(E, T) int) (int, bool) {
	i := sort.Search(len(x), func(i int) bool { return c(x[i], target) >= 0 })
	return i, i < len(x) && c(x[i], target) == 0
}
`
