// Package kerneltest runs Jupyter kernels in process and talks to them
// over real ZeroMQ sockets on 127.0.0.1, as net/http/httptest does for
// HTTP servers. Any package can test an Interpreter (or the whole
// methodic binary) against the live protocol:
//
//	srv := kerneltest.Start(t, interp) // a kernel on free ports, closed at cleanup
//	c := srv.Client(t)                  // a connected, ready client
//	e, err := c.Execute(`fmt.Println("hi")`)
//	// e.Reply.Status == "ok", e.Stdout() == "hi\n"
//
// Client also connects to a kernel in another process (Dial with that
// kernel's connection info), sends any request on shell, control or stdin,
// answers input_request, pings the heartbeat, and sends raw frames for
// tests of malformed messages.
package kerneltest
