package interp

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/methodic-go/methodic/native/interrupt"
)

// An endless recursion in a cell must be the cell's error, not the end of
// the kernel. yaegi runs an interpreted call as nested Go calls, about
// 560 bytes of goroutine stack per level, and Go kills the whole process
// when a goroutine's stack passes 1 GB ("fatal error: stack overflow"),
// which no recover can stop; the kernel hung instead, its fatal report
// blocked on its own output pipe.
//
// So while a cell runs, a watch looks every 10 ms at how much memory the
// goroutine stacks of the process hold (runtime/metrics, a few
// microseconds). Past 256 MB it looks at the goroutines themselves
// (runtime.Stack): one whose stack holds more than 400,000 frames (about
// 200,000 interpreted calls deep) is an endless recursion, and the watch
// stops the cell as an interrupt does, with a stack-overflow error. A
// stack doubles as it grows, so from 256 MB the recursion has to fill
// three quarters of a gigabyte more before Go's limit, which takes it
// most of a second: the watch has a hundred chances. Many goroutines with
// small stacks are not a recursion: the watch then waits for the stacks
// to double again before it looks again.

// errStackOverflow is the cause of a cell stopped by the watch.
var errStackOverflow = errors.New("stack overflow: a goroutine's stack passed 256 MB, more than 200,000 interpreted calls or millions of compiled ones deep (an endless recursion?); the cell was stopped before Go's limit of 1 GB, which ends the process")

const (
	watchEvery      = 10 * time.Millisecond
	watchStackBytes = 256 << 20
	watchFrames     = 400000
)

// watchCell watches the running cell until stop is called, and cancels
// its context with errStackOverflow when it recurses without end, or
// with errDeadlock when its goroutines are all asleep (deadlock.go). A
// cell shorter than the first tick costs a timer, no goroutine.
func watchCell(cancel context.CancelCauseFunc, t *timers, interp string) (stop func()) {
	quit := make(chan struct{})
	done := make(chan struct{})
	var stopped atomic.Bool
	timer := time.AfterFunc(watchEvery, func() {
		defer close(done)
		tick := time.NewTicker(watchEvery)
		defer tick.Stop()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/stacks:bytes"}}
		trigger := uint64(watchStackBytes)
		start := time.Now()
		var asleep []int64
		nextLook := start.Add(time.Second)
		for {
			if now := time.Now(); now.After(nextLook) {
				nextLook = now.Add(500 * time.Millisecond)
				ids, deferHang := deadlockLook(interp, t)
				if ids != nil && slices.Equal(ids, asleep) {
					t.noteStuck(ids)
					if deferHang {
						cancel(errDeferClosure)
					} else {
						cancel(errDeadlock)
					}
					return
				}
				asleep = ids
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			if used := sample[0].Value.Uint64(); used >= trigger {
				if deepestStack() >= watchFrames {
					stopped.Store(true)
					// A compiled recursion stops at its next call once
					// native/interrupt is raised. The cancellation
					// raises it too, but from a goroutine of its own
					// (Execute's context.AfterFunc), which a machine
					// busy with the recursion and these looks may not
					// run for minutes (TestCompiledRecursion once hung
					// with that goroutine runnable throughout).
					interrupt.Raise()
					cancel(errStackOverflow)
					return
				}
				trigger = 2 * used
			}
			select {
			case <-quit:
				return
			case <-tick.C:
			}
		}
	})
	return func() {
		if timer.Stop() {
			return // the watch never started
		}
		close(quit)
		<-done
		if stopped.Load() {
			// The interpreter returns from a stopped cell before its
			// goroutine has unwound the recursion: wait for it, so that
			// the next cell's watch does not find it and stop that cell
			// instead. Each look stops the world while it walks the deep
			// stack (seconds, for the millions of frames of a compiled
			// recursion), and the goroutine unwinds only between looks:
			// the pause after a look is twice the look, so that the
			// unwinding gets most of the time.
			for end := time.Now().Add(time.Minute); time.Now().Before(end); {
				start := time.Now()
				if deepestStack() < watchFrames {
					break
				}
				time.Sleep(max(20*time.Millisecond, 2*time.Since(start)))
			}
		}
	}
}

// runtimeStack writes the traceback of every goroutine into buf.
func runtimeStack(buf []byte) int { return runtime.Stack(buf, true) }

// deepestStack returns the most frames one goroutine of the process has,
// as the runtime's traceback counts them: it prints the first and last
// frames of a deep stack and "...N frames elided..." between them.
func deepestStack() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) || len(buf) >= 64<<20 {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	deepest := 0
	const marker = " frames elided..."
	for {
		i := bytes.Index(buf, []byte(marker))
		if i < 0 {
			return deepest
		}
		j := bytes.LastIndex(buf[:i], []byte("..."))
		if j >= 0 {
			if n, err := strconv.Atoi(string(buf[j+3 : i])); err == nil && n > deepest {
				deepest = n
			}
		}
		buf = buf[i+len(marker):]
	}
}
