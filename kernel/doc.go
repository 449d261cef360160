// Package kernel speaks the Jupyter messaging protocol 5.4 over ZeroMQ.
//
// It knows nothing of Go evaluation: it drives an Interpreter.
package kernel
