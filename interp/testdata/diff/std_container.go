// container/heap as a priority queue, container/list and container/ring.
package main

import (
	"container/heap"
	"container/list"
	"container/ring"
	"fmt"
)

type task struct {
	name string
	prio int
}

type pq []task

func (p pq) Len() int           { return len(p) }
func (p pq) Less(i, j int) bool { return p[i].prio > p[j].prio }
func (p pq) Swap(i, j int)      { p[i], p[j] = p[j], p[i] }
func (p *pq) Push(x any)        { *p = append(*p, x.(task)) }
func (p *pq) Pop() any {
	old := *p
	t := old[len(old)-1]
	*p = old[:len(old)-1]
	return t
}

func main() {
	q := &pq{{"low", 1}, {"high", 9}}
	heap.Init(q)
	heap.Push(q, task{"mid", 5})
	heap.Push(q, task{"urgent", 10})
	for q.Len() > 0 {
		fmt.Print(heap.Pop(q).(task).name, " ")
	}
	fmt.Println()
	l := list.New()
	l.PushBack(1)
	l.PushFront(0)
	e := l.PushBack(3)
	l.InsertBefore(2, e)
	for x := l.Front(); x != nil; x = x.Next() {
		fmt.Print(x.Value, " ")
	}
	fmt.Println(l.Len())
	r := ring.New(4)
	for i := range 4 {
		r.Value = i
		r = r.Next()
	}
	sum := 0
	r.Do(func(v any) { sum += v.(int) })
	fmt.Println(sum)
}
