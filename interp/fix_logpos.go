package interp

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"io"
	"log"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/methodic-go/methodic/interp/symbols"
	yaegi "github.com/traefik/yaegi/interp"
)

// The fix log-position (see the table in fixes.go): log finds the file
// and line of Lshortfile and Llongfile with runtime.Caller, which in a
// cell names a frame of yaegi (value.go:586). A call of a log function or
// of a method of *log.Logger written in a cell is rewritten, after the
// type check, into a call of a kernel function that is told the call's
// position, as the cell's name and line ("In[3]:2", the cell's execution
// count as the notebook shows it):
//
//	log.Println(a, b)  →  _methodicLog("In[3]:2", log.Default(), "Println", a, b)
//	l.Printf(f, a)     →  _methodicLogf("In[3]:2", l, "Printf", f, a)
//	log.Output(1, s)   →  _methodicLogOutput("In[3]:2", log.Default(), s)
//
// The kernel function writes the line log would write, header included
// (prefix, Lmsgprefix, date, time, microseconds, UTC), with the position
// in place of the caller's file:line, in one Write to the logger's
// writer; it does not touch the logger's flags. Without a file flag it
// calls the logger's own method. Fatal panics with the message, as
// log.Fatal does in a cell (symbols/restricted.go); Panic panics with it.

// The cells' standard logger: yaegi gives each interpreter its own
// logger behind the functions of package log (writing to the
// interpreter's stderr), but leaves log.Default the process's logger. The
// session makes one logger, kept across rebuilds (so log.SetFlags
// outlasts a redefinition), and gives it to the cells as log.Default too,
// so that a rewritten call reaches it as log.Default().

// useLog gives interpreter i the session's standard logger.
func (s *Session) useLog(i *yaegi.Interpreter) error {
	if s.stdLog == nil {
		s.stdLog = log.New(&s.trace, "", log.LstdFlags)
	}
	l := s.stdLog
	syms := map[string]reflect.Value{
		"Default": reflect.ValueOf(func() *log.Logger { return l }),
		// Fatal panics in a cell: the kernel lives.
		"Fatal":     reflect.ValueOf(l.Panic),
		"Fatalf":    reflect.ValueOf(l.Panicf),
		"Fatalln":   reflect.ValueOf(l.Panicln),
		"Flags":     reflect.ValueOf(l.Flags),
		"Output":    reflect.ValueOf(l.Output),
		"Panic":     reflect.ValueOf(l.Panic),
		"Panicf":    reflect.ValueOf(l.Panicf),
		"Panicln":   reflect.ValueOf(l.Panicln),
		"Prefix":    reflect.ValueOf(l.Prefix),
		"Print":     reflect.ValueOf(l.Print),
		"Printf":    reflect.ValueOf(l.Printf),
		"Println":   reflect.ValueOf(l.Println),
		"SetFlags":  reflect.ValueOf(l.SetFlags),
		"SetOutput": reflect.ValueOf(l.SetOutput),
		"SetPrefix": reflect.ValueOf(l.SetPrefix),
		"Writer":    reflect.ValueOf(l.Writer),
	}
	mt := map[reflect.Value][]reflect.Type{}
	for _, k := range []string{"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln", "Print", "Printf", "Println"} {
		mt[syms[k]] = fmtInterfaces
	}
	return i.Use(yaegi.Exports{
		"log/log": syms,
		".":       {"MapTypes": reflect.ValueOf(mt)},
	})
}

// logPosFuncs are the functions of log and methods of *log.Logger the fix
// rewrites, with the kernel function that takes each.
var logPosFuncs = map[string]string{
	"Print": "_methodicLog", "Println": "_methodicLog",
	"Fatal": "_methodicLog", "Fatalln": "_methodicLog",
	"Panic": "_methodicLog", "Panicln": "_methodicLog",
	"Printf": "_methodicLogf", "Fatalf": "_methodicLogf", "Panicf": "_methodicLogf",
	"Output": "_methodicLogOutput",
}

// fixLogPosition rewrites a call of log written in a cell.
func fixLogPosition(f *fixer, n ast.Node) {
	call, ok := n.(*ast.CallExpr)
	if !ok || f.made[call] {
		return
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	kfn, ok := logPosFuncs[sel.Sel.Name]
	if !ok {
		return
	}
	var recv ast.Expr
	if s := f.selection(sel); s != nil {
		// A method of *log.Logger called on a pointer, not through an
		// embedded field.
		if s.Kind() != types.MethodVal || len(s.Index()) != 1 || !isLogFunc(s.Obj()) {
			return
		}
		if _, ptr := s.Recv().(*types.Pointer); !ptr {
			return
		}
		recv = sel.X
	} else if fn, ok := f.objectOf(sel.Sel).(*types.Func); !ok || !isLogFunc(fn) {
		return
	} else if pkg, ok := sel.X.(*ast.Ident); ok {
		// log.Default(), with the name the cell gives package log.
		recv = &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pkg.NamePos, Name: pkg.Name},
			Sel: &ast.Ident{NamePos: sel.Sel.NamePos, Name: "Default"}}, Lparen: call.Lparen, Rparen: call.Lparen}
	} else {
		return
	}
	args := call.Args
	if sel.Sel.Name == "Output" {
		// Output(1, s) names its caller, the call; a deeper calldepth
		// names a caller the kernel does not know: left alone.
		if len(args) != 2 || f.info == nil {
			return
		}
		c, ok := f.checked(args[0]).(ast.Expr)
		if !ok {
			return
		}
		tv := f.info.Types[c]
		if tv.Value == nil || tv.Value.Kind() != constant.Int {
			return
		}
		if d, exact := constant.Int64Val(tv.Value); !exact || d != 1 {
			return
		}
		args = args[1:]
	}
	p := f.s.fset.Position(call.Lparen)
	cellID, line := p.Line/lineBase, p.Line%lineBase
	if cellID <= 0 || cellID >= len(f.s.counts) {
		return // the kernel's own code
	}
	pos := fmt.Sprintf("In[%d]:%d", f.s.counts[cellID], line)
	head := []ast.Expr{&ast.BasicLit{ValuePos: call.Lparen, Kind: token.STRING, Value: strconv.Quote(pos)}, recv}
	if kfn != "_methodicLogOutput" {
		head = append(head, &ast.BasicLit{ValuePos: call.Lparen, Kind: token.STRING, Value: strconv.Quote(sel.Sel.Name)})
	}
	call.Fun = &ast.Ident{NamePos: call.Fun.Pos(), Name: kfn}
	call.Args = append(head, args...)
	if kfn != "_methodicLogOutput" && !call.Ellipsis.IsValid() {
		// Printed as fmt's arguments are (fix fmt-held-pairs).
		for i := len(head); i < len(call.Args); i++ {
			if t := f.typeOf(call.Args[i]); t != nil && emptyInterface(t) {
				f.heldArg(call, i)
			}
		}
	}
	if f.made == nil {
		f.made = map[ast.Node]bool{}
	}
	f.made[call] = true
}

// isLogFunc reports whether obj is a function or method of package log.
func isLogFunc(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "log"
}

// cellLogger is the *log.Logger behind l (nil for a nil logger: the
// call then fails as Go's does).
func cellLogger(l any) *log.Logger {
	return symbols.StdLogger(l)
}

const logFileFlags = log.Lshortfile | log.Llongfile

// cellLog is _methodicLog: Print, Println, Fatal, Fatalln, Panic and
// Panicln of log and of *log.Logger, called at pos.
func cellLog(pos string, l any, op string, v ...any) {
	lg := cellLogger(l)
	if s := heldSession(v); s != nil {
		v = s.cellTypeTable().printArgs(v, !strings.HasSuffix(op, "ln"), s.fmtPairs())
	}
	var msg string
	switch op {
	case "Println", "Fatalln", "Panicln":
		msg = fmt.Sprintln(v...)
	default:
		msg = fmt.Sprint(v...)
	}
	if lg.Flags()&logFileFlags == 0 {
		switch op {
		case "Print":
			lg.Print(v...)
		case "Println":
			lg.Println(v...)
		default:
			lg.Print(msg)
		}
	} else {
		writeLogLine(lg, pos, msg)
	}
	logEnd(op, msg)
}

// cellLogf is _methodicLogf: Printf, Fatalf and Panicf of log and of
// *log.Logger, called at pos.
func cellLogf(pos string, l any, op string, format string, v ...any) {
	lg := cellLogger(l)
	if s := heldSession(v); s != nil {
		format, v = s.cellTypeTable().cellArgs(format, v, s.fmtPairs())
	}
	msg := fmt.Sprintf(format, v...)
	if lg.Flags()&logFileFlags == 0 {
		if op == "Printf" {
			lg.Printf(format, v...)
		} else {
			lg.Print(msg)
		}
	} else {
		writeLogLine(lg, pos, msg)
	}
	logEnd(op, msg)
}

// cellLogOutput is _methodicLogOutput: Output(1, s) of log and of
// *log.Logger, called at pos.
func cellLogOutput(pos string, l any, s string) error {
	lg := cellLogger(l)
	if lg.Flags()&logFileFlags == 0 {
		return lg.Output(1, s)
	}
	return writeLogLine(lg, pos, s)
}

// logEnd ends a Fatal or Panic: both panic with the message in a cell.
func logEnd(op, msg string) {
	switch op {
	case "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln":
		panic(msg)
	}
}

// writeLogLine writes msg as lg would with its flags, pos standing for
// the caller's file:line.
func writeLogLine(lg *log.Logger, pos, msg string) error {
	w := lg.Writer()
	if w == io.Discard {
		return nil
	}
	now := time.Now()
	flag, prefix := lg.Flags(), lg.Prefix()
	var b []byte
	if flag&log.Lmsgprefix == 0 {
		b = append(b, prefix...)
	}
	if flag&(log.Ldate|log.Ltime|log.Lmicroseconds) != 0 {
		t := now
		if flag&log.LUTC != 0 {
			t = t.UTC()
		}
		if flag&log.Ldate != 0 {
			b = t.AppendFormat(b, "2006/01/02 ")
		}
		if flag&(log.Ltime|log.Lmicroseconds) != 0 {
			if flag&log.Lmicroseconds != 0 {
				b = t.AppendFormat(b, "15:04:05.000000 ")
			} else {
				b = t.AppendFormat(b, "15:04:05 ")
			}
		}
	}
	b = append(b, pos...)
	b = append(b, ": "...)
	if flag&log.Lmsgprefix != 0 {
		b = append(b, prefix...)
	}
	b = append(b, msg...)
	if len(b) == 0 || b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	_, err := w.Write(b)
	return err
}
