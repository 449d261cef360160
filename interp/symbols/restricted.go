package symbols

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
)

// The extracted tables of os and log refer to these in place of the
// functions that would end or signal the kernel process: a cell that calls
// os.Exit or log.Fatal fails with an error and the kernel lives on.

// ExitError is the panic value of os.Exit called from a cell.
type ExitError struct{ Code int }

func (e ExitError) Error() string {
	return fmt.Sprintf("os.Exit(%d) called: the kernel does not exit", e.Code)
}

var errOwnProcess = errors.New("symbols: a cell may not signal the kernel's own process")

func osExit(code int) { panic(ExitError{code}) }

func osFindProcess(pid int) (*os.Process, error) {
	if pid == os.Getpid() {
		return nil, errOwnProcess
	}
	return os.FindProcess(pid)
}

func logFatal(v ...any)            { log.Panic(v...) }
func logFatalf(f string, v ...any) { log.Panicf(f, v...) }
func logFatalln(v ...any)          { log.Panicln(v...) }

// logLogger is log.Logger as cells see it: Fatal panics instead of
// exiting.
type logLogger struct{ l *log.Logger }

func logNew(out io.Writer, prefix string, flag int) *logLogger {
	return &logLogger{log.New(out, prefix, flag)}
}

func (l *logLogger) Fatal(v ...any)               { l.l.Panic(v...) }
func (l *logLogger) Fatalf(f string, v ...any)    { l.l.Panicf(f, v...) }
func (l *logLogger) Fatalln(v ...any)             { l.l.Panicln(v...) }
func (l *logLogger) Flags() int                   { return l.l.Flags() }
func (l *logLogger) Output(d int, s string) error { return l.l.Output(d+1, s) }
func (l *logLogger) Panic(v ...any)               { l.l.Panic(v...) }
func (l *logLogger) Panicf(f string, v ...any)    { l.l.Panicf(f, v...) }
func (l *logLogger) Panicln(v ...any)             { l.l.Panicln(v...) }
func (l *logLogger) Prefix() string               { return l.l.Prefix() }
func (l *logLogger) Print(v ...any)               { l.l.Print(v...) }
func (l *logLogger) Printf(f string, v ...any)    { l.l.Printf(f, v...) }
func (l *logLogger) Println(v ...any)             { l.l.Println(v...) }
func (l *logLogger) SetFlags(flag int)            { l.l.SetFlags(flag) }
func (l *logLogger) SetOutput(w io.Writer)        { l.l.SetOutput(w) }
func (l *logLogger) SetPrefix(p string)           { l.l.SetPrefix(p) }
func (l *logLogger) Writer() io.Writer            { return l.l.Writer() }

// StdLogger returns the *log.Logger behind a logger value of a cell: a
// *log.Logger (log.Default()) or what log.New made for the cell; nil for
// anything else.
func StdLogger(v any) *log.Logger {
	switch l := v.(type) {
	case *log.Logger:
		return l
	case *logLogger:
		if l != nil {
			return l.l
		}
	}
	return nil
}
