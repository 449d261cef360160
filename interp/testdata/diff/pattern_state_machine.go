// A state machine with states as a typed enum and a transition table.
package main

import "fmt"

type State int

const (
	Idle State = iota
	Running
	Paused
	Stopped
)

func (s State) String() string { return [...]string{"Idle", "Running", "Paused", "Stopped"}[s] }

type Event string

var transitions = map[State]map[Event]State{
	Idle:    {"start": Running},
	Running: {"pause": Paused, "stop": Stopped},
	Paused:  {"resume": Running, "stop": Stopped},
}

func step(s State, e Event) (State, error) {
	if next, ok := transitions[s][e]; ok {
		return next, nil
	}
	return s, fmt.Errorf("cannot %s when %v", e, s)
}

func main() {
	s := Idle
	for _, e := range []Event{"start", "pause", "start", "resume", "stop", "resume"} {
		next, err := step(s, e)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("%v --%s--> %v\n", s, e, next)
		s = next
	}
}
