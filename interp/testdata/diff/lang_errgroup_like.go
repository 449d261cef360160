// The first error of several goroutines, with the others cancelled
// through a context.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

func run(ctx context.Context, tasks []func(context.Context) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for _, t := range tasks {
		wg.Go(func() {
			if err := t(ctx); err != nil {
				once.Do(func() {
					first = err
					cancel(err)
				})
			}
		})
	}
	wg.Wait()
	return first
}

func main() {
	started := make(chan struct{})
	err := run(context.Background(), []func(context.Context) error{
		func(ctx context.Context) error {
			close(started)
			<-ctx.Done()
			return nil
		},
		func(ctx context.Context) error {
			<-started
			return errors.New("task 2 failed")
		},
	})
	fmt.Println(err)
	fmt.Println(run(context.Background(), nil))
}
