package kernels

import "math"

// Sparse is a matrix in compressed sparse row form whose column indices
// are stored premultiplied by the stride of the dense matrix it will
// multiply: row i holds the terms q in [Ptr[i], Ptr[i+1]) with value
// Val[q] at element offset Off[q] = column·ldb of that matrix (int32, to
// halve the memory the products read).
// Col holds the column index of each term (saving a division when
// transposing).
type Sparse[T Float] struct {
	Ptr []int
	Val []T
	Off []int32
	Col []int32

	// MaxOff bounds the offsets (every Off is in [0, MaxOff]); the
	// builders keep it, MulSparse checks B against it once.
	MaxOff int

	next, all []int // scratch of Transpose
}

// Reset empties s, keeping its storage.
func (s *Sparse[T]) Reset() {
	s.Ptr = append(s.Ptr[:0], 0)
	s.Val = s.Val[:0]
	s.Off = s.Off[:0]
	s.Col = s.Col[:0]
	s.MaxOff = 0
}

// Rows returns the number of rows.
func (s *Sparse[T]) Rows() int { return len(s.Ptr) - 1 }

// AppendDense appends the nonzero elements of row as a new row, with
// offsets column·ldb.
func (s *Sparse[T]) AppendDense(row []T, ldb int) {
	for j, v := range row {
		if v != 0 {
			s.Val = append(s.Val, v)
			s.Off = append(s.Off, offset(j, ldb))
			s.Col = append(s.Col, int32(j))
			s.MaxOff = max(s.MaxOff, j*ldb)
		}
	}
	s.Ptr = append(s.Ptr, len(s.Val))
}

// AppendRow appends row i of t as a new row of s.
func (s *Sparse[T]) AppendRow(t *Sparse[T], i int) {
	s.Val = append(s.Val, t.Val[t.Ptr[i]:t.Ptr[i+1]]...)
	s.Off = append(s.Off, t.Off[t.Ptr[i]:t.Ptr[i+1]]...)
	s.Col = append(s.Col, t.Col[t.Ptr[i]:t.Ptr[i+1]]...)
	s.Ptr = append(s.Ptr, len(s.Val))
	s.MaxOff = max(s.MaxOff, t.MaxOff)
}

// Transpose sets s to the transpose of the rows of t listed in rows (all
// of t's rows when rows is nil), a matrix of cols columns, with offsets
// i·ldb for the i-th listed row. Within each row of s the terms come in
// the order of rows.
func (s *Sparse[T]) Transpose(t *Sparse[T], rows []int, cols, ldb int) {
	if rows == nil {
		rows = resize(s.all, t.Rows())
		for i := range rows {
			rows[i] = i
		}
		s.all = rows
	}
	ptr := resize(s.Ptr, cols+1)
	clear(ptr)
	count := ptr[1:]
	nnz := 0
	for _, r := range rows {
		q0, q1 := t.Ptr[r], t.Ptr[r+1]
		nnz += q1 - q0
		for _, j := range t.Col[q0:q1] {
			count[j]++
		}
	}
	for j := 0; j < cols; j++ {
		ptr[j+1] += ptr[j]
	}
	val := resize(s.Val, nnz)
	off := resize(s.Off, nnz)
	col := resize(s.Col, nnz)
	next := resize(s.next, cols)
	copy(next, ptr[:cols])
	for i, r := range rows {
		q0, q1 := t.Ptr[r], t.Ptr[r+1]
		o := offset(i, ldb)
		tv := t.Val[q0:q1]
		for k, j := range t.Col[q0:q1] {
			d := next[j]
			next[j] = d + 1
			val[d], off[d], col[d] = tv[k], o, int32(i)
		}
	}
	s.Ptr, s.Val, s.Off, s.Col, s.next = ptr, val, off, col, next
	s.MaxOff = max(0, len(rows)-1) * ldb
}

// offset returns i·ldb as an int32 offset, panicking if it does not fit
// (a matrix of more than 2³¹ elements).
func offset(i, ldb int) int32 {
	o := i * ldb
	if o < 0 || o > math.MaxInt32 {
		panic("kernels: sparse offset overflows int32")
	}
	return int32(o)
}

func resize[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n)
	}
	return s[:n]
}

// MulSparse sets rows i0 <= i < i1 of C = S·B (or adds S·B when acc is
// set), for n columns of the dense B whose offsets S holds, C with stride
// ldc. Row i of C is computed from row rows[i] of S (row i when rows is
// nil), so that a batch is a list of row numbers, not a copy. Terms of a
// row are summed in their order in S.
func MulSparse[T Float](i0, i1, n int, s *Sparse[T], rows []int, b []T, c []T, ldc int, acc bool) {
	if c32, ok := any(c).([]float32); ok && useAVX2 {
		s32 := any(s).(*Sparse[float32])
		b32 := any(b).([]float32)
		_ = b32[s32.MaxOff+n-1] // every row the kernel reads is inside b
		ac := 0
		if acc {
			ac = 1
		}
		for i := i0; i < i1; i++ {
			ci := c32[i*ldc : i*ldc+n]
			r := i
			if rows != nil {
				r = rows[i]
			}
			q0, q1 := s32.Ptr[r], s32.Ptr[r+1]
			if q0 == q1 {
				if !acc {
					clear(ci)
				}
				continue
			}
			rowSparse32(ci, s32.Val[q0:q1], s32.Off[q0:q1], b32, ac)
		}
		return
	}
	for i := i0; i < i1; i++ {
		ci := c[i*ldc : i*ldc+n]
		if !acc {
			clear(ci)
		}
		r := i
		if rows != nil {
			r = rows[i]
		}
		for q := s.Ptr[r]; q < s.Ptr[r+1]; q++ {
			off := int(s.Off[q])
			Axpy(s.Val[q], b[off:off+n], ci)
		}
	}
}
