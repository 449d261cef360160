// context: cancellation seen by goroutines, values, deadlines already
// past, the cause of a cancellation.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type ctxKey string

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		<-ctx.Done()
		done <- ctx.Err()
	}()
	cancel()
	fmt.Println(<-done)
	vctx := context.WithValue(context.Background(), ctxKey("user"), "ann")
	fmt.Println(vctx.Value(ctxKey("user")), vctx.Value(ctxKey("other")))
	dctx, dcancel := context.WithTimeout(context.Background(), -time.Second)
	defer dcancel()
	<-dctx.Done()
	fmt.Println(dctx.Err(), errors.Is(dctx.Err(), context.DeadlineExceeded))
	cctx, ccancel := context.WithCancelCause(context.Background())
	ccancel(errors.New("my cause"))
	fmt.Println(cctx.Err(), context.Cause(cctx))
}
