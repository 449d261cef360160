// Package native compiles notebook cells with the Go toolchain and loads
// them into the running kernel, so that the functions they declare run at
// native speed when interpreted cells call them (the %%compile magic of
// package interp).
//
// # The route: a Go plugin per compiled cell
//
// A compiled cell becomes a package of a work module, built with
// `go build -buildmode=plugin` and opened with plugin.Open. Its top-level
// names are handed to the interpreter as reflect.Values (yaegi's Use), so
// an interpreted cell calls a compiled function directly and the two
// share memory: a slice, a map, a string, a *mat.Dense, an mlstd model or
// a value of a type declared in a compiled cell passes both ways as
// itself, never copied.
//
// The other route was a compiled companion process holding the compiled
// state, called over a pipe. Measured side by side on the project's
// 2-core machine, under a load average of about 20 (go test -run '^$'
// -bench Call ./native):
//
//	                                 plugin (in process)   companion (pipe)
//	call with one float64                  0.38 µs              81 µs
//	call with 64,000 float64 (512 KB)      the work only        +0.7 ms of copying, each way
//	compile round trip, warm cache         the same: a go build and a link per cell
//
// A pipe costs two context switches per call and a copy of every
// argument and result; values of types declared in compiled cells would
// have to live in the companion and reach the interpreter as handles,
// with no fields and no methods. That breaks the requirement that values
// pass both ways without copying, and a loop calling a small compiled
// function a million times would spend 81 s in the pipe. A plugin has
// neither cost. What a plugin costs instead is stated below: it must
// match the kernel exactly, it cannot be unloaded, and code in it cannot
// be killed.
//
// # Matching the kernel
//
// The runtime refuses a plugin unless it was built by the same Go and
// every package it shares with the kernel is the same build of the same
// source. ReadKernel reads the running binary's build information
// (debug.ReadBuildInfo): its Go version, its module and version, the
// version of every module linked into it, and the build settings that
// change what a package compiles to (-trimpath, -tags, -gcflags, -race,
// GOAMD64, CGO_*). The work module requires the kernel's module and pins
// every one of those modules at the kernel's version; the go command is
// run with the same settings, and with the module cache the kernel's
// dependencies were compiled from, which the file names of the binary's
// line table give: a compiled package records the paths of its sources,
// so gonum downloaded again into another module cache (a kernel that
// Jupyter starts with another HOME) is another package to the runtime. The kernel's sources are found where the
// compiler saw them (the path of this package's source in the binary's
// symbol table: the checkout for go build and go test, the module cache
// for go install), or in $METHODIC_SOURCE. This works for a kernel built
// from a checkout, for one installed with go install (e2e's
// TestCompiledCellsGoInstall installs it from a module proxy on disk and
// compiles a cell that imports mlstd/metrics), and for a test binary (as
// long as the plugin imports no package under test).
//
// What cannot be matched is said, with the fix (ToolchainError): no go
// command, or one of another version (FindToolchain looks in the GOROOT
// the kernel was built with, then on PATH); a kernel built without cgo;
// sources that are gone, or that changed since the kernel was built (the
// runtime names the package that differs, and the error says whose copy
// of it: the kernel's sources, a module cache, a replaced directory, the
// Go installation); a module asked for by %go get
// that needs a newer version of a module the kernel contains (Get
// refuses it and leaves the work module as it was). Everything
// interpreted works without any of this.
//
// # What a plugin keeps
//
// A Go plugin cannot be unloaded. Every compiled version of a cell keeps
// its code mapped (a plugin holds its own copy of every package it links
// that the kernel lacks: 3 MB for a cell that imports math, 6-8 MB with
// gonum) and its package-level variables until the kernel exits.
// Options.MaxCode bounds the total (1 GiB by default); past it Compile
// fails and says to restart the kernel, and every compile says how much
// the session holds.
//
// # Interrupts
//
// Compiled code cannot be stopped from outside, so each compiled cell
// stops itself: the native package inserts a dereference of
// interrupt.Live at the top of every function and loop body, which the
// kernel makes nil when the cell is interrupted (package interrupt: it
// costs a loop summing 1..1e7 about 2%, where a test-and-panic costs it
// 2x). A call into library code that does not watch ctx (a huge
// mat.Dense product) runs on until it returns; the kernel says what is
// still running.
//
// # Compiled cells and each other
//
// Each compiled cell is a package, methodic.cells/sN/cK. A later compiled
// cell sees the functions, types and constants of earlier ones under
// their own names, through forwarding declarations in its own package
// (var f = c1.X__f, type T = c1.X__T, const K = c1.X__K); a function is
// forwarded through a variable, so that redefining it repoints the
// forwards of cells compiled before. The limits follow from packages:
// see Compile for what a compiled cell cannot do.
package native
