package interp

import "context"

// runMagics handles a cell that is a magic command; ok is false for Go.
func (s *Session) runMagics(ctx context.Context, cellID int, code string, out Output) (Result, bool) {
	return Result{}, false
}
