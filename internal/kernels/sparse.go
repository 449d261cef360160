package kernels

// Sparse is a matrix in compressed sparse row form whose column indices
// are stored premultiplied by the stride of the dense matrix it will
// multiply: row i holds the terms q in [Ptr[i], Ptr[i+1]) with value
// Val[q] at element offset Off[q] = column·ldb of that matrix.
// Col holds the column index of each term (saving a division when
// transposing).
type Sparse[T Float] struct {
	Ptr []int
	Val []T
	Off []int
	Col []int32

	next []int // scratch of Transpose
}

// Reset empties s, keeping its storage.
func (s *Sparse[T]) Reset() {
	s.Ptr = append(s.Ptr[:0], 0)
	s.Val = s.Val[:0]
	s.Off = s.Off[:0]
	s.Col = s.Col[:0]
}

// Rows returns the number of rows.
func (s *Sparse[T]) Rows() int { return len(s.Ptr) - 1 }

// AppendDense appends the nonzero elements of row as a new row, with
// offsets column·ldb.
func (s *Sparse[T]) AppendDense(row []T, ldb int) {
	for j, v := range row {
		if v != 0 {
			s.Val = append(s.Val, v)
			s.Off = append(s.Off, j*ldb)
			s.Col = append(s.Col, int32(j))
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
}

// Transpose sets s to the transpose of the rows of t listed in rows (all
// of t's rows when rows is nil), a matrix of cols columns, with offsets
// i·ldb for the i-th listed row. Within each row of s the terms come in
// the order of rows.
func (s *Sparse[T]) Transpose(t *Sparse[T], rows []int, cols, ldb int) {
	n := len(rows)
	if rows == nil {
		n = t.Rows()
	}
	row := func(i int) int {
		if rows == nil {
			return i
		}
		return rows[i]
	}
	nnz := 0
	s.Ptr = resize(s.Ptr, cols+1)
	clear(s.Ptr)
	for i := 0; i < n; i++ {
		r := row(i)
		nnz += t.Ptr[r+1] - t.Ptr[r]
		for _, j := range t.Col[t.Ptr[r]:t.Ptr[r+1]] {
			s.Ptr[j+1]++
		}
	}
	for j := 0; j < cols; j++ {
		s.Ptr[j+1] += s.Ptr[j]
	}
	s.Val = resize(s.Val, nnz)
	s.Off = resize(s.Off, nnz)
	s.Col = resize(s.Col, nnz)
	next := resize(s.next, cols)
	s.next = next
	copy(next, s.Ptr[:cols])
	for i := 0; i < n; i++ {
		off := i * ldb
		r := row(i)
		for q := t.Ptr[r]; q < t.Ptr[r+1]; q++ {
			j := t.Col[q]
			d := next[j]
			s.Val[d], s.Off[d], s.Col[d] = t.Val[q], off, int32(i)
			next[j]++
		}
	}
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
			for _, off := range s32.Off[q0:q1] {
				_ = b32[off+n-1]
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
			Axpy(s.Val[q], b[s.Off[q]:s.Off[q]+n], ci)
		}
	}
}
