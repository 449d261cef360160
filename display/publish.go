package display

import (
	"fmt"
	"os"
	"sync"
)

// Publisher receives what a running cell shows. The interpreter installs
// one for the duration of each cell with SetPublisher.
type Publisher interface {
	// Display publishes b. A non-empty id names the output so that a later
	// call with update set replaces it in place (update_display_data).
	Display(b Bundle, id string, update bool)
	// Clear clears the cell's output; with wait set the clearing happens
	// when the next output arrives, which avoids flicker.
	Clear(wait bool)
}

var (
	pubMu sync.RWMutex
	pub   Publisher
)

// SetPublisher makes p the active publisher and returns the one it
// replaced. The interpreter calls it before and after each cell; library
// code has no reason to.
func SetPublisher(p Publisher) (previous Publisher) {
	pubMu.Lock()
	defer pubMu.Unlock()
	previous, pub = pub, p
	return previous
}

func active() Publisher {
	pubMu.RLock()
	defer pubMu.RUnlock()
	return pub
}

// Show renders each value and publishes it now, as IPython's display()
// does. Outside a cell it prints the text/plain form to standard output.
func Show(values ...any) {
	for _, v := range values {
		publish(Render(v), "", false)
	}
}

// Clear clears the output of the running cell. With wait set, the output
// is cleared only when new output arrives.
func Clear(wait bool) {
	if p := active(); p != nil {
		p.Clear(wait)
	}
}

func publish(b Bundle, id string, update bool) {
	if p := active(); p != nil {
		p.Display(b, id, update)
		return
	}
	fmt.Fprintln(os.Stdout, b.Text())
}
