// select: default when nothing is ready, a ready channel among nil ones,
// sends and receives, a timeout.
package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan int, 1)
	select {
	case v := <-ch:
		fmt.Println("got", v)
	default:
		fmt.Println("empty")
	}
	select {
	case ch <- 5:
		fmt.Println("sent")
	default:
		fmt.Println("full")
	}
	select {
	case ch <- 6:
		fmt.Println("sent again")
	default:
		fmt.Println("full")
	}
	var nilCh chan int
	select {
	case <-nilCh:
		fmt.Println("never")
	case v := <-ch:
		fmt.Println("got", v)
	}
	never := make(chan int)
	select {
	case <-never:
		fmt.Println("never")
	case <-time.After(5 * time.Millisecond):
		fmt.Println("timeout")
	}
	results := make(chan string)
	quit := make(chan bool)
	go func() {
		for i := range 3 {
			results <- fmt.Sprint("r", i)
		}
		quit <- true
	}()
	for {
		select {
		case r := <-results:
			fmt.Print(r, " ")
		case <-quit:
			fmt.Println("quit")
			return
		}
	}
}
