package interp

import (
	"errors"
	"io"
	"sync"
)

// stdinReader is standard input as cells see it: os.Stdin, fmt.Scan,
// fmt.Scanln and bufio readers on os.Stdin all read here. When its buffer
// is empty it asks the running cell's Output for a line; when the front
// end does not allow input, or no cell runs, the read fails with a clear
// error instead of waiting for ever.
type stdinReader struct {
	mu  sync.Mutex
	out Output
	buf []byte
}

// ErrNoInput is returned by reads of standard input when the front end
// does not allow input.
var ErrNoInput = errors.New("interp: standard input is not available: the front end does not allow input")

func (r *stdinReader) begin(out Output) {
	r.mu.Lock()
	r.out, r.buf = out, nil
	r.mu.Unlock()
}

func (r *stdinReader) end() {
	r.mu.Lock()
	r.out, r.buf = nil, nil
	r.mu.Unlock()
}

// reader returns r as the io.Reader that cells see as os.Stdin.
func (r *stdinReader) reader() io.Reader { return r }

func (r *stdinReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) == 0 {
		if r.out == nil {
			return 0, ErrNoInput
		}
		// What the cell printed (a prompt, typically) must show before
		// the input box does.
		if sk := std.sink.Load(); sk != nil {
			sk.sendAfterOutput(func() {})
		}
		line, err := r.out.Input("", false)
		if err != nil {
			return 0, errors.Join(ErrNoInput, err)
		}
		r.buf = append([]byte(line), '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}
