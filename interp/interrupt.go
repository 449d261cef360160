package interp

import (
	"context"
	"reflect"
	"runtime"

	yaegi "github.com/traefik/yaegi/interp"
)

// How an interrupt stops a cell's statements (E26). yaegi's
// ExecuteWithContext runs a program on a goroutine of its own, which
// first reads the interpreter's run number (Interpreter.id) into the
// global frame; a cancellation increments that number, and code whose
// frame carries another one returns at its next step. A cancellation
// that comes before that goroutine has read the number (an interrupt
// while the statements compile, or before the goroutine was scheduled,
// which under load takes long) is lost: the goroutine reads the new
// number and runs the whole program, unstoppable, after the cell has
// replied Interrupted. Statements locking a mutex twice so came to wait
// in it after the cell had stopped looking at them, and every later cell
// waited for them.
//
// So the function that runs a cell's statements (runWrapped) begins with
// _methodicBegin(run), which ends its goroutine at once, its deferred
// calls run, when the cell was interrupted before or the session no
// longer waits for that run: nothing of the statements runs.

// execute runs a compiled program under ctx. When ctx is cancelled the
// interpreter is told to stop: interpreted code stops at its next
// statement, a compiled call runs on until it returns (fix cancel).
// yaegi's ExecuteWithContext runs the program on a goroutine of its own
// and returns at once on cancellation. A program that ends although ctx
// was cancelled while it ran (stopped by _methodicBegin, or done before
// the interrupt was seen) reports the cancellation: the cell goes no
// further.
func (s *Session) execute(ctx context.Context, p *yaegi.Program) (v reflect.Value, err error) {
	s.refreshCellTypes()
	s.gen.resume() // after an interrupt: the earlier cells' closures run again
	s.trace.begin()
	s.place.Store(0) // fix straight-line-checks
	defer func() {
		if r := recover(); r != nil {
			v, err = reflect.Value{}, yaegi.Panic{Value: r}
		}
	}()
	if s.testHookExecute != nil {
		s.testHookExecute()
	}
	v, err = s.gen.i.ExecuteWithContext(ctx, p)
	if err == nil && ctx.Err() != nil {
		return reflect.Value{}, ctx.Err()
	}
	return v, err
}

// beginRun is _methodicBegin: the first call of the function that runs
// statements run (runWrapped). It ends the calling goroutine when the
// cell was interrupted before the statements began, or the session no
// longer waits for them (it left them for stopped): yaegi would run them
// all, unstoppable. runtime.Goexit runs the deferred calls, yaegi's and
// _methodicDone, which tells the session they have ended.
func (s *Session) beginRun(run int64) {
	if run == s.runDoneID.Load() && s.ctxValue().Err() == nil {
		return
	}
	runtime.Goexit()
}
