// Package kernel speaks the Jupyter messaging protocol 5.4 over ZeroMQ
// (github.com/go-zeromq/zmq4). It is the part of Methodic that must never
// fail, and it knows nothing of Go evaluation: it drives an Interpreter,
// which answers in the protocol's terms ("run this", "complete this").
//
// A program reads the connection file Jupyter wrote and runs the kernel:
//
//	info, err := kernel.ReadConnectionFile(path)
//	...
//	restart, err := kernel.Run(ctx, info, interp, kernel.Options{HandleSIGINT: true})
//
// # Wire
//
// Codec turns frames into verified messages and back: identities,
// <IDS|MSG>, an HMAC signature (signature_scheme, hmac-sha256 by default;
// an empty key means unsigned), header, parent_header, metadata, content
// and binary buffers. Signatures are compared in constant time, and a
// ReplayGuard rejects a signature seen before (it remembers the last 2^16,
// 32 bytes each). JSON goes out without HTML escapes, so SVG and HTML
// outputs keep their size.
//
// # Transport
//
// The sockets listen through a thin layer under zmq4 (see listen.go) that
// fixes four things measured against zmq4 v0.17.0: a peer that connects
// and never speaks no longer blocks every later connection (zmq4 runs the
// handshake on its accept goroutine, with no deadline); a frame header
// claiming more than 256 MiB ends that connection instead of crashing the
// process in zmq4's allocation; a peer that stops reading is disconnected
// after 10 s instead of stalling the socket for everyone (zmq4's PUB
// writes to subscribers in turn, behind an unbounded queue); and each
// message is written with one system call and read through a buffer,
// where zmq4 makes two per frame.
//
// # Goroutines
//
// Each socket has one reading goroutine, since zmq4 has no poller and Recv
// blocks (teardown unblocks them by closing the sockets). The heartbeat
// ROUTER echoes on its own goroutine. One goroutine alone writes to IOPub;
// everyone else hands it messages, and it merges stream writes that queue
// up behind each other. Cells run one at a time on a single execution
// goroutine, fed by an unbounded queue, so the shell and control readers
// keep answering kernel_info, complete, inspect, is_complete, history,
// interrupt and shutdown while a cell runs.
//
// # Choices where the spec is silent
//
//   - Every request that decodes, including an unknown one, is answered
//     between status busy and status idle with the request as parent. An
//     unknown *_request gets a *_reply with status "error" and ename
//     "UnknownMessageType", so that a client does not wait for nothing;
//     other unknown messages are logged and dropped. A message that fails
//     to decode (bad signature, replay, missing frames, bad JSON) is logged
//     and dropped without any status.
//   - After an execution fails with stop_on_error (the default), every
//     execute_request already queued is answered with status "aborted", as
//     ipykernel does; later ones run.
//   - The execution count grows for each execution that is not silent and
//     stores history. A silent execution publishes no output at all.
//   - Every execution stored in history is kept for the kernel's lifetime
//     in one session (Options.HistorySession). Search patterns are globs
//     matched against the whole input, as SQLite's GLOB (used by IPython)
//     does; unique keeps the latest of equal inputs; n keeps the last n.
//     With output, an entry's output is the text/plain of the result or
//     null.
//   - The kernel has no comm targets: comm_open is answered with comm_close.
//   - shutdown_request is honoured on shell as on control, at once: the
//     running cell is cancelled, queued executions are answered "aborted".
//   - IOPub topics are "kernel.<session>.status", "stream.stdout" and so on;
//     front ends subscribe to everything.
//   - zmq4's PUB socket has no flush: at shutdown the kernel hands every
//     IOPub message to it, then waits 20 ms before closing it.
package kernel
