// Unbuffered and buffered channels, close, comma ok, len and cap.
package main

import "fmt"

func produce(n int, out chan<- int) {
	for i := range n {
		out <- i * i
	}
	close(out)
}

func main() {
	ch := make(chan int)
	go produce(5, ch)
	sum := 0
	for v := range ch {
		sum += v
	}
	fmt.Println(sum)
	b := make(chan string, 3)
	b <- "a"
	b <- "b"
	fmt.Println(len(b), cap(b))
	close(b)
	v, ok := <-b
	fmt.Println(v, ok)
	v, ok = <-b
	fmt.Println(v, ok)
	v, ok = <-b
	fmt.Printf("%q %v\n", v, ok)
	done := make(chan struct{})
	go func() {
		fmt.Println("in goroutine")
		close(done)
	}()
	<-done
	fmt.Println("after done")
}
