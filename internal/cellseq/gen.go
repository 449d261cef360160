package cellseq

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config says what to generate.
type Config struct {
	Seed uint64
	// Steps is the number of steps drawn from the kinds of the
	// generator's main stream, each followed by two probe cells; zero
	// means 30. The generic steps (generic.go), drawn by a stream of
	// their own, come between them, with their probes too.
	Steps int
	// Only, when not empty, limits the steps to these kinds.
	Only []string
	// Exclude leaves these kinds out.
	Exclude []string
	// All includes the kinds of DefaultExclude.
	All bool
}

// DefaultExclude are kinds left out unless Config.All is set: they can
// hang a kernel for good today (an endless recursion whose stack-overflow
// report blocks the kernel).
var DefaultExclude = []string{"overflow"}

// Sequence is a generated list of cells.
type Sequence struct {
	Seed  uint64
	Cells []Cell
}

// step is one kind of generated step. gen returns false when the model
// has nothing it applies to.
type step struct {
	name   string
	weight int
	fails  bool // the cell fails (it is never part of a combo)
	output bool // the cell prints or has a result (never part of a combo)
	gen    func(g *generator) (Cell, bool)
}

// Kinds lists the kinds of steps the generator knows.
func Kinds() []string {
	var out []string
	for _, s := range append(slices.Clone(steps), genericSteps...) {
		out = append(out, s.name)
	}
	return out
}

type generator struct {
	rng  *rand.Rand
	m    *model
	pool []step // the kinds of steps the config allows
	// gx draws the generic steps (generic.go), from gpool, the generic
	// kinds the config allows.
	gx    *rand.Rand
	gpool []step
}

// Generate makes the sequence of a seed.
func Generate(c Config) Sequence {
	n := c.Steps
	if n == 0 {
		n = 30
	}
	g := &generator{rng: rand.New(rand.NewPCG(c.Seed, 0x5eed)), m: newModel(),
		gx: rand.New(rand.NewPCG(c.Seed, 0x6e7e71c))}
	allowed := func(s step) bool {
		if len(c.Only) > 0 && !slices.Contains(c.Only, s.name) {
			return false
		}
		return !slices.Contains(c.Exclude, s.name) && (c.All || !slices.Contains(DefaultExclude, s.name))
	}
	var pool []step
	total := 0
	for _, s := range steps {
		if allowed(s) {
			pool = append(pool, s)
			total += s.weight
		}
	}
	g.pool = pool
	gtotal := 0
	for _, s := range genericSteps {
		if allowed(s) {
			g.gpool = append(g.gpool, s)
			gtotal += s.weight
		}
	}
	seq := Sequence{Seed: c.Seed}
	if total == 0 && gtotal == 0 {
		return seq
	}
	add := func(cell Cell) {
		i := len(seq.Cells) / 3
		cell.Step = i
		seq.Cells = append(seq.Cells, cell)
		seq.Cells = append(seq.Cells, Cell{
			Kind: "probeUsable", Step: i, Known: true,
			Code:   fmt.Sprintf("fmt.Println(\"probe\", %d)", i),
			Stdout: fmt.Sprintf("probe %d\n", i),
		})
		code, out, deps := g.m.probe()
		seq.Cells = append(seq.Cells, Cell{Kind: "probeValues", Step: i, Known: true, Code: code, Stdout: out, Deps: deps})
	}
	for i := 0; i < n; i++ {
		if gtotal > 0 && (total == 0 || g.gx.Float64() < genericRate) {
			if cell, ok := draw(g, g.gx, g.gpool, gtotal, 20); ok {
				add(cell)
			}
			if total == 0 {
				continue
			}
		}
		cell, _ := draw(g, g.rng, pool, total, -1)
		add(cell)
	}
	return seq
}

// draw draws steps of pool with rng until one applies (at most tries
// times, when tries is not negative).
func draw(g *generator, rng *rand.Rand, pool []step, total, tries int) (Cell, bool) {
	for ; tries != 0; tries-- {
		r := rng.IntN(total)
		var s step
		for _, s = range pool {
			if r < s.weight {
				break
			}
			r -= s.weight
		}
		if cell, ok := s.gen(g); ok {
			cell.Kind = s.name
			return cell, true
		}
	}
	return Cell{}, false
}

// Helpers for picking.

func (g *generator) pick(names []string) (string, bool) {
	if len(names) == 0 {
		return "", false
	}
	return names[g.rng.IntN(len(names))], true
}

func (g *generator) name(prefix string, n int) string {
	return fmt.Sprintf("%s%d", prefix, 1+g.rng.IntN(n))
}

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

var words = []string{"a", "bc", "go", "x_y", "ml", ""}

func (g *generator) value(typ string) any {
	switch typ {
	case "int":
		return g.rng.IntN(150) - 50
	case "string":
		return words[g.rng.IntN(len(words))]
	case "float64":
		return []float64{0.5, 1.25, -3.5, 2, 1e-3}[g.rng.IntN(5)]
	case "bool":
		return g.chance(0.5)
	case "[]int":
		s := []int{}
		for range g.rng.IntN(4) {
			s = append(s, g.rng.IntN(10))
		}
		return s
	case "map[string]int":
		m := map[string]int{}
		for range g.rng.IntN(3) {
			m[words[g.rng.IntN(4)]] = g.rng.IntN(10)
		}
		return m
	}
	panic("cellseq: no values of " + typ)
}

var varTypes = []string{"int", "int", "string", "float64", "bool", "[]int", "map[string]int"}

func ok(code string) Cell { return Cell{Code: code, Want: OK, Known: true} }

func fails(code string, want Outcome) Cell { return Cell{Code: code, Want: want} }

// A name a failing cell declares: an existing variable, which must keep
// its value, or a fresh name, which must stay undefined.
func (g *generator) failName() string {
	if vs := g.m.names(kVar); len(vs) > 0 && g.chance(0.4) {
		n, _ := g.pick(vs)
		return n
	}
	n := g.name("x", 4)
	if !slices.Contains(g.m.tried, n) {
		g.m.tried = append(g.m.tried, n)
	}
	return n
}

var steps []step

func init() {
	steps = []step{
		{name: "declVar", weight: 8, gen: (*generator).declVar},
		{name: "assignVar", weight: 4, gen: (*generator).assignVar},
		{name: "declConst", weight: 4, gen: (*generator).declConst},
		{name: "constToVar", weight: 1, gen: (*generator).constToVar},
		{name: "declFunc", weight: 5, gen: (*generator).declFunc},
		{name: "declType", weight: 3, gen: (*generator).declType},
		{name: "declMethods", weight: 2, gen: (*generator).declMethods},
		{name: "declStruct", weight: 3, gen: (*generator).declStruct},
		{name: "setField", weight: 2, gen: (*generator).setField},
		{name: "declMethodValue", weight: 2, gen: (*generator).declMethodValue},
		{name: "declClosure", weight: 2, gen: (*generator).declClosure},
		{name: "callClosure", weight: 3, output: true, gen: (*generator).callClosure},
		{name: "declPointer", weight: 2, gen: (*generator).declPointer},
		{name: "writePointer", weight: 2, gen: (*generator).writePointer},
		{name: "readPointer", weight: 2, output: true, gen: (*generator).readPointer},
		{name: "declChan", weight: 1, gen: (*generator).declChan},
		{name: "chanSend", weight: 2, gen: (*generator).chanSend},
		{name: "chanRecv", weight: 2, output: true, gen: (*generator).chanRecv},
		{name: "goValue", weight: 2, gen: (*generator).goValue},
		{name: "goWaitGroup", weight: 2, gen: (*generator).goWaitGroup},
		{name: "goPrint", weight: 1, output: true, gen: (*generator).goPrint},
		{name: "funcSlice", weight: 1, gen: (*generator).funcSlice},
		{name: "callFuncSlice", weight: 1, gen: (*generator).callFuncSlice},
		{name: "trailing", weight: 4, output: true, gen: (*generator).trailing},
		{name: "print", weight: 2, output: true, gen: (*generator).print},
		{name: "combo", weight: 2, gen: (*generator).combo},
		{name: "failArity", weight: 3, fails: true, gen: (*generator).failArity},
		{name: "failConversion", weight: 2, fails: true, gen: (*generator).failConversion},
		{name: "failMember", weight: 2, fails: true, gen: (*generator).failMember},
		{name: "failConstant", weight: 2, fails: true, gen: (*generator).failConstant},
		{name: "failMisc", weight: 2, fails: true, gen: (*generator).failMisc},
		{name: "failGroupedVar", weight: 1, fails: true, gen: (*generator).failGroupedVar},
		{name: "failSyntax", weight: 1, fails: true, gen: (*generator).failSyntax},
		{name: "panic", weight: 2, fails: true, gen: (*generator).panicStep},
		{name: "panicDefine", weight: 1, fails: true, gen: (*generator).panicDefine},
		{name: "runtimeError", weight: 2, fails: true, gen: (*generator).runtimeError},
		{name: "assignThenPanic", weight: 1, fails: true, gen: (*generator).assignThenPanic},
		{name: "interrupt", weight: 1, fails: true, gen: (*generator).interrupt},
		{name: "undefined", weight: 1, fails: true, gen: (*generator).undefined},
		{name: "overflow", weight: 1, fails: true, gen: (*generator).overflow},
	}
}

// Steps that succeed.

func (g *generator) declVar() (Cell, bool) {
	n := g.name("v", 6)
	typ := varTypes[g.rng.IntN(len(varTypes))]
	e := g.m.ents[n]
	if e != nil && e.pins > 0 {
		typ = e.typ
	}
	v := g.value(typ)
	var code string
	switch g.rng.IntN(3) {
	case 0:
		code = fmt.Sprintf("var %s = %s", n, literal(v))
	case 1:
		if typ == "int" || typ == "string" || typ == "bool" {
			code = fmt.Sprintf("var %s %s = %s", n, typ, literal(v))
			break
		}
		fallthrough
	default:
		code = fmt.Sprintf("%s := %s", n, literal(v))
	}
	if e != nil && e.kind == kVar {
		e.typ, e.val = typ, v
	} else {
		g.m.forget(n)
		g.m.ents[n] = &entity{kind: kVar, typ: typ, val: v}
	}
	return ok(code), true
}

func (g *generator) assignVar() (Cell, bool) {
	n, found := g.pick(g.m.names(kVar))
	if !found {
		return Cell{}, false
	}
	e := g.m.ents[n]
	switch e.typ {
	case "int":
		d := g.rng.IntN(9) + 1
		e.val = e.val.(int) + d
		return ok(fmt.Sprintf("%s += %d", n, d)), true
	case "[]int":
		x := g.rng.IntN(10)
		e.val = append(slices.Clone(e.val.([]int)), x)
		return ok(fmt.Sprintf("%s = append(%s, %d)", n, n, x)), true
	case "map[string]int":
		k, x := words[g.rng.IntN(4)], g.rng.IntN(10)
		m := map[string]int{}
		for kk, vv := range e.val.(map[string]int) {
			m[kk] = vv
		}
		m[k] = x
		e.val = m
		return ok(fmt.Sprintf("%s[%q] = %d", n, k, x)), true
	}
	v := g.value(e.typ)
	e.val = v
	return ok(fmt.Sprintf("%s = %s", n, literal(v))), true
}

func (g *generator) declConst() (Cell, bool) {
	n := g.name("c", 3)
	e := g.m.ents[n]
	typ := []string{"int", "int", "string", "float64"}[g.rng.IntN(4)]
	if e != nil && e.pins > 0 {
		typ = "int"
	}
	v := g.value(typ)
	g.m.forget(n)
	g.m.ents[n] = &entity{kind: kConst, typ: typ, val: v}
	if e != nil {
		g.m.ents[n].pins = e.pins
	}
	return ok(fmt.Sprintf("const %s = %s", n, literal(v))), true
}

// constToVar redeclares an unpinned constant as a variable.
func (g *generator) constToVar() (Cell, bool) {
	var cands []string
	for _, n := range g.m.names(kConst) {
		if g.m.ents[n].pins == 0 {
			cands = append(cands, n)
		}
	}
	n, found := g.pick(cands)
	if !found {
		return Cell{}, false
	}
	v := g.value("string")
	g.m.forget(n)
	g.m.ents[n] = &entity{kind: kVar, typ: "string", val: v}
	return ok(fmt.Sprintf("%s := %s", n, literal(v))), true
}

func (g *generator) declFunc() (Cell, bool) {
	n := g.name("f", 3)
	g.m.forget(n)
	e := &entity{kind: kFunc}
	var code string
	if g.chance(0.7) {
		e.sig, e.k = "int", g.rng.IntN(9)+1
		var consts []string
		for _, c := range g.m.names(kConst) {
			if g.m.ents[c].typ == "int" {
				consts = append(consts, c)
			}
		}
		if c, found := g.pick(consts); found && g.chance(0.6) {
			e.add = c
			g.m.pin(c, 1)
			code = fmt.Sprintf("func %s(x int) int { return x*%d + %s }", n, e.k, c)
		} else {
			code = fmt.Sprintf("func %s(x int) int { return x*%d + %d }", n, e.k, e.k)
		}
	} else {
		e.sig, e.suffix = "string", words[g.rng.IntN(5)]
		code = fmt.Sprintf("func %s(s string) string { return s + %q }", n, e.suffix)
	}
	g.m.ents[n] = e
	return ok(code), true
}

var extraFields = []string{"", "B string", "B string; C float64", "C []int", "D bool"}

func (g *generator) declType() (Cell, bool) {
	n := g.name("T", 2)
	e := g.m.ents[n]
	f := extraFields[g.rng.IntN(len(extraFields))]
	var drops []string
	if e == nil {
		e = &entity{kind: kType}
		g.m.ents[n] = e
	} else if e.fields != f {
		// The kernel drops the variables of a struct type redeclared
		// with other fields, with a note (interp's doc.go), and so the
		// method values bound to them.
		for _, s := range g.m.names(kStruct) {
			if g.m.ents[s].tname != n {
				continue
			}
			for _, mv := range g.m.names(kMethod) {
				if g.m.ents[mv].target == s {
					g.m.forget(mv)
					drops = append(drops, mv)
				}
			}
			g.m.forget(s)
			drops = append(drops, s)
		}
	}
	e.fields = f
	code := fmt.Sprintf("type %s struct{ A int }", n)
	if f != "" {
		code = fmt.Sprintf("type %s struct {\n\tA int\n\t%s\n}", n, strings.ReplaceAll(f, "; ", "\n\t"))
	}
	c := ok(code)
	c.Drops = drops
	return c, true
}

func (g *generator) declMethods() (Cell, bool) {
	n, found := g.pick(g.m.names(kType))
	if !found {
		return Cell{}, false
	}
	e := g.m.ents[n]
	e.hasGet, e.hasTwin = true, true
	return ok(fmt.Sprintf("func (t *%s) Get() int { return t.A }\nfunc (t %s) Twice() int { return t.A * 2 }", n, n)), true
}

func (g *generator) declStruct() (Cell, bool) {
	t, found := g.pick(g.m.names(kType))
	if !found {
		return Cell{}, false
	}
	n := g.name("s", 3)
	a := g.rng.IntN(100)
	if e := g.m.ents[n]; e != nil && e.kind == kStruct && e.pins > 0 {
		// Method values hold it: keep its type, assign its field.
		e.a = a
		return ok(fmt.Sprintf("%s.A = %d", n, a)), true
	}
	g.m.forget(n)
	g.m.ents[n] = &entity{kind: kStruct, tname: t, a: a}
	g.m.pin(t, 1)
	return ok(fmt.Sprintf("%s := %s{A: %d}", n, t, a)), true
}

func (g *generator) setField() (Cell, bool) {
	n, found := g.pick(g.m.names(kStruct))
	if !found {
		return Cell{}, false
	}
	a := g.rng.IntN(100)
	g.m.ents[n].a = a
	return ok(fmt.Sprintf("%s.A = %d", n, a)), true
}

func (g *generator) declMethodValue() (Cell, bool) {
	var cands []string
	for _, s := range g.m.names(kStruct) {
		if g.m.ents[g.m.ents[s].tname].hasGet {
			cands = append(cands, s)
		}
	}
	s, found := g.pick(cands)
	if !found {
		return Cell{}, false
	}
	n := g.name("m", 2)
	g.m.forget(n)
	e := &entity{kind: kMethod}
	var code string
	if g.chance(0.5) {
		e.target = s
		g.m.pin(s, 1)
		code = fmt.Sprintf("%s := %s.Get", n, s)
	} else {
		e.bound = g.m.ents[s].a * 2
		code = fmt.Sprintf("%s := %s.Twice", n, s)
	}
	g.m.ents[n] = e
	return ok(code), true
}

func (g *generator) declClosure() (Cell, bool) {
	v, found := g.pick(g.m.intVars())
	if !found {
		return Cell{}, false
	}
	n := g.name("inc", 2)
	g.m.forget(n)
	d := g.rng.IntN(5) + 1
	g.m.ents[n] = &entity{kind: kClosure, target: v, delta: d}
	g.m.pin(v, 1)
	return ok(fmt.Sprintf("%s := func() int {\n\t%s += %d\n\treturn %s\n}", n, v, d, v)), true
}

func (g *generator) callClosure() (Cell, bool) {
	n, found := g.pick(g.m.names(kClosure))
	if !found {
		return Cell{}, false
	}
	e := g.m.ents[n]
	t := g.m.ents[e.target]
	t.val = t.val.(int) + e.delta
	c := ok(n + "()")
	c.Result = strconv.Itoa(t.val.(int))
	c.Uses = []string{e.target}
	return c, true
}

func (g *generator) declPointer() (Cell, bool) {
	v, found := g.pick(g.m.intVars())
	if !found {
		return Cell{}, false
	}
	n := g.name("p", 2)
	g.m.forget(n)
	g.m.ents[n] = &entity{kind: kPtr, target: v}
	g.m.pin(v, 1)
	return ok(fmt.Sprintf("%s := &%s", n, v)), true
}

func (g *generator) writePointer() (Cell, bool) {
	n, found := g.pick(g.m.names(kPtr))
	if !found {
		return Cell{}, false
	}
	x := g.rng.IntN(100)
	g.m.ents[g.m.ents[n].target].val = x
	return ok(fmt.Sprintf("*%s = %d", n, x)), true
}

func (g *generator) readPointer() (Cell, bool) {
	n, found := g.pick(g.m.names(kPtr))
	if !found {
		return Cell{}, false
	}
	c := ok("*" + n)
	c.Result = strconv.Itoa(g.m.intValue(g.m.ents[n].target))
	c.Uses = []string{n, g.m.ents[n].target}
	return c, true
}

func (g *generator) declChan() (Cell, bool) {
	n := g.name("ch", 2)
	g.m.forget(n)
	g.m.ents[n] = &entity{kind: kChan}
	return ok(fmt.Sprintf("%s := make(chan int, 8)", n)), true
}

func (g *generator) chanSend() (Cell, bool) {
	var cands []string
	for _, n := range g.m.names(kChan) {
		if len(g.m.ents[n].queue) < 8 {
			cands = append(cands, n)
		}
	}
	n, found := g.pick(cands)
	if !found {
		return Cell{}, false
	}
	x := g.rng.IntN(100)
	e := g.m.ents[n]
	e.queue = append(e.queue, x)
	return ok(fmt.Sprintf("%s <- %d", n, x)), true
}

func (g *generator) chanRecv() (Cell, bool) {
	var cands []string
	for _, n := range g.m.names(kChan) {
		if len(g.m.ents[n].queue) > 0 {
			cands = append(cands, n)
		}
	}
	n, found := g.pick(cands)
	if !found {
		return Cell{}, false
	}
	e := g.m.ents[n]
	x := e.queue[0]
	e.queue = e.queue[1:]
	c := ok("<-" + n)
	c.Result = strconv.Itoa(x)
	c.Uses = []string{n}
	return c, true
}

// setVar records that n is now an int variable of value v.
func (g *generator) setVar(n string, v int) {
	if e := g.m.ents[n]; e != nil && e.kind == kVar {
		e.typ, e.val = "int", v
		return
	}
	g.m.forget(n)
	g.m.ents[n] = &entity{kind: kVar, typ: "int", val: v}
}

// intTarget is a variable name to define as an int: one that is not
// pinned with another type.
func (g *generator) intTarget() string {
	n := g.name("v", 6)
	if e := g.m.ents[n]; e != nil && e.pins > 0 && e.typ != "int" {
		return g.name("w", 2)
	}
	return n
}

func (g *generator) goValue() (Cell, bool) {
	n := g.intTarget()
	x := g.rng.IntN(50)
	g.setVar(n, x*2)
	return ok(fmt.Sprintf("%s := func() int {\n\tch := make(chan int)\n\tgo func() { ch <- %d }()\n\treturn <-ch * 2\n}()", n, x)), true
}

func (g *generator) goWaitGroup() (Cell, bool) {
	n := g.intTarget()
	k, m := g.rng.IntN(5)+2, g.rng.IntN(4)+1
	g.setVar(n, m*k*(k-1)/2)
	return ok(fmt.Sprintf(`%s := func() int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := range %d {
		wg.Go(func() {
			mu.Lock()
			total += i * %d
			mu.Unlock()
		})
	}
	wg.Wait()
	return total
}()`, n, k, m)), true
}

func (g *generator) goPrint() (Cell, bool) {
	w := words[g.rng.IntN(4)]
	c := ok(fmt.Sprintf("{\n\tdone := make(chan string)\n\tgo func() { done <- %q }()\n\tfmt.Println(\"got\", <-done)\n}", w))
	c.Stdout = "got " + w + "\n"
	return c, true
}

func (g *generator) funcSlice() (Cell, bool) {
	n := "acc1"
	g.m.forget(n)
	k := g.rng.IntN(3) + 1
	e := &entity{kind: kFuncSlice}
	var parts []string
	for range k {
		x := g.rng.IntN(20)
		e.fvals = append(e.fvals, x)
		parts = append(parts, fmt.Sprintf("func() int { return %d }", x))
	}
	g.m.ents[n] = e
	return ok(fmt.Sprintf("%s := []func() int{%s}", n, strings.Join(parts, ", "))), true
}

func (g *generator) callFuncSlice() (Cell, bool) {
	e := g.m.ents["acc1"]
	if e == nil || e.kind != kFuncSlice {
		return Cell{}, false
	}
	i := g.rng.IntN(len(e.fvals))
	n := g.intTarget()
	v := e.fvals[i]
	g.setVar(n, v)
	return ok(fmt.Sprintf("%s := acc1[%d]()", n, i)), true
}

func (g *generator) trailing() (Cell, bool) {
	type cand struct {
		code, result string
		uses         []string
	}
	var cands []cand
	for _, n := range g.m.intVars() {
		d := g.rng.IntN(5)
		cands = append(cands, cand{fmt.Sprintf("%s + %d", n, d), strconv.Itoa(g.m.intValue(n) + d), []string{n}})
	}
	for _, n := range g.m.names(kVar) {
		if e := g.m.ents[n]; e.typ == "[]int" {
			cands = append(cands, cand{fmt.Sprintf("len(%s)", n), strconv.Itoa(len(e.val.([]int))), []string{n}})
		}
	}
	for _, n := range g.m.names(kFunc) {
		if e := g.m.ents[n]; e.sig == "int" {
			cands = append(cands, cand{n + "(3)", g.m.funcResult(e), []string{n, e.add}})
		}
	}
	for _, n := range g.m.names(kConst) {
		if e := g.m.ents[n]; e.typ == "int" {
			cands = append(cands, cand{n + " * 2", strconv.Itoa(e.val.(int) * 2), []string{n}})
		}
	}
	for _, n := range g.m.names(kMethod) {
		if e := g.m.ents[n]; e.target != "" {
			cands = append(cands, cand{n + "()", strconv.Itoa(g.m.ents[e.target].a), []string{n, e.target}})
		}
	}
	if len(cands) == 0 {
		return Cell{}, false
	}
	c := cands[g.rng.IntN(len(cands))]
	cell := ok(c.code)
	cell.Result = c.result
	cell.Uses = c.uses
	return cell, true
}

func (g *generator) print() (Cell, bool) {
	n, found := g.pick(append(g.m.names(kVar), g.m.names(kConst)...))
	if !found {
		return Cell{}, false
	}
	c := ok(fmt.Sprintf("fmt.Printf(\"%%v|%%T\\n\", %s, %s)", n, n))
	e := g.m.ents[n]
	c.Stdout = fmt.Sprintf("%v|%s\n", e.val, typeOf(e.val))
	c.Uses = []string{n}
	return c, true
}

// combo joins two or three succeeding steps without output into one
// cell, as users mix declarations and statements.
func (g *generator) combo() (Cell, bool) {
	var pool []step
	for _, s := range g.pool {
		if !s.fails && !s.output && s.name != "combo" && s.name != "undefined" {
			pool = append(pool, s)
		}
	}
	if len(pool) == 0 {
		return Cell{}, false
	}
	var codes, drops []string
	for range 2 + g.rng.IntN(2) {
		for tries := 0; tries < 10; tries++ {
			s := pool[g.rng.IntN(len(pool))]
			if c, found := s.gen(g); found {
				// Go refuses a cell declaring one name twice at package
				// level: an earlier part that only declares the name a
				// later one declares again is left out, which leaves the
				// model as it is (the later declaration is its state).
				if n := declaredName(c.Code); n != "" {
					codes = slices.DeleteFunc(codes, func(code string) bool { return declaredName(code) == n })
				}
				codes = append(codes, c.Code)
				drops = append(drops, c.Drops...)
				break
			}
		}
	}
	if len(codes) < 2 {
		return Cell{}, false
	}
	c := ok(strings.Join(codes, "\n"))
	c.Drops = drops
	return c, true
}

// declaredName returns the name code declares when it is one const,
// type or function declaration and nothing else, or "".
func declaredName(code string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+code, 0)
	if err != nil || len(f.Decls) != 1 {
		return ""
	}
	switch d := f.Decls[0].(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			return d.Name.Name
		}
	case *ast.GenDecl:
		if (d.Tok == token.CONST || d.Tok == token.TYPE) && len(d.Specs) == 1 {
			switch sp := d.Specs[0].(type) {
			case *ast.ValueSpec:
				if len(sp.Names) == 1 {
					return sp.Names[0].Name
				}
			case *ast.TypeSpec:
				return sp.Name.Name
			}
		}
	}
	return ""
}

// Steps that fail.

func (g *generator) failArity() (Cell, bool) {
	n := g.failName()
	forms := []string{
		n + ` := strings.Repeat("a")`,
		n + `, _ := strconv.Atoi("1", 2)`,
		n + `, _ := metrics.PR([]int{1, 0}, []float64{0.5, 0.2})`,
	}
	if f, found := g.pick(g.m.names(kFunc)); found {
		forms = append(forms, fmt.Sprintf("%s := %s(1, 2)", n, f))
	}
	return fails(forms[g.rng.IntN(len(forms))], CompileError), true
}

func (g *generator) failConversion() (Cell, bool) {
	n := g.failName()
	forms := []string{
		n + ` := int("a")`,
		n + ` := string(1.5)`,
		n + ` := []int("ab")`,
		n + ` := display.Table(1)`,
		`var ` + n + ` int = "s"`,
	}
	return fails(forms[g.rng.IntN(len(forms))], CompileError), true
}

func (g *generator) failMember() (Cell, bool) {
	n := g.failName()
	forms := []string{
		n + ` := strings.NoSuchFunc("a")`,
		n + ` := metrics.NoSuchThing`,
		n + ` := display.NoSuchThing(1)`,
		n + ` := math.Pi.X`,
	}
	if s, found := g.pick(g.m.names(kStruct)); found {
		forms = append(forms, fmt.Sprintf("%s := %s.NoField", n, s))
	}
	if v, found := g.pick(g.m.intVars()); found {
		forms = append(forms, fmt.Sprintf("%s := %s.Len()", n, v))
	}
	return fails(forms[g.rng.IntN(len(forms))], CompileError), true
}

func (g *generator) failConstant() (Cell, bool) {
	n := g.failName()
	forms := []string{
		n + ` := 1 / 0`,
		n + ` := 10 % 0`,
		n + ` := 1.5 / 0`,
		`var ` + n + ` uint8 = 256`,
		`func ` + g.name("bad", 2) + `() int { return 1 / 0 }`,
	}
	return fails(forms[g.rng.IntN(len(forms))], CompileError), true
}

func (g *generator) failMisc() (Cell, bool) {
	n := g.failName()
	forms := []string{
		n + ` := len(1)`,
		n + ` := 1 + "a"`,
		n + ` := undefinedName + 1`,
	}
	if c, found := g.pick(g.m.names(kConst)); found {
		forms = append(forms, fmt.Sprintf("%s := &%s", n, c), c+"++")
	}
	if v, found := g.pick(g.m.intVars()); found {
		forms = append(forms, fmt.Sprintf("%s := %s[0]", n, v), fmt.Sprintf("%s = \"s\"", v))
	}
	if t, found := g.pick(g.m.names(kType)); found {
		forms = append(forms, t)
	}
	return fails(forms[g.rng.IntN(len(forms))], CompileError), true
}

func (g *generator) failGroupedVar() (Cell, bool) {
	first := g.failName()
	v := g.value("int")
	if e := g.m.ents[first]; e != nil {
		v = g.value(e.typ)
	}
	second := g.name("x", 4)
	if !slices.Contains(g.m.tried, second) {
		g.m.tried = append(g.m.tried, second)
	}
	if second == first {
		return Cell{}, false
	}
	return fails(fmt.Sprintf("var (\n\t%s = %s\n\t%s = strings.Repeat(\"a\")\n)", first, literal(v), second), CompileError), true
}

func (g *generator) failSyntax() (Cell, bool) {
	n := g.failName()
	forms := []string{n + " := (1 + ", "func (", n + " := []int{1, 2"}
	return fails(forms[g.rng.IntN(len(forms))], CompileError), true
}

func (g *generator) panicStep() (Cell, bool) {
	forms := []string{`panic("boom")`, `panic(fmt.Sprint("boom ", 7))`, `func() { panic("inner") }()`, `panic(errors.New("an error"))`}
	return fails(forms[g.rng.IntN(len(forms))], Panic), true
}

func (g *generator) panicDefine() (Cell, bool) {
	n := g.failName()
	return fails(fmt.Sprintf("%s := func() int { panic(\"no\") }()", n), Panic), true
}

func (g *generator) runtimeError() (Cell, bool) {
	forms := []string{
		"{\n\tvar m map[string]int\n\tm[\"a\"] = 1\n}",
		"{\n\ts := []int{}\n\ti := 3\n\t_ = s[i]\n}",
		"{\n\tvar p *struct{ A int }\n\t_ = p.A\n}",
		"{\n\tz := 0\n\t_ = 10 / z\n}",
	}
	return fails(forms[g.rng.IntN(len(forms))], RuntimeError), true
}

// assignThenPanic assigns a variable, then panics: the assignment stays.
func (g *generator) assignThenPanic() (Cell, bool) {
	n, found := g.pick(g.m.names(kVar))
	if !found {
		return Cell{}, false
	}
	e := g.m.ents[n]
	v := g.value(e.typ)
	e.val = v
	return fails(fmt.Sprintf("%s = %s\npanic(\"after\")", n, literal(v)), Panic), true
}

func (g *generator) interrupt() (Cell, bool) {
	// Endless, and no deadlock: a cell whose goroutines all wait on
	// channels is one in Go, and the kernel reports it as such.
	forms := []string{"for {\n}", "for {\n\ttime.Sleep(time.Millisecond)\n}", "{\n\ttick := time.NewTicker(time.Millisecond)\n\tfor range tick.C {\n\t}\n}"}
	c := fails(forms[g.rng.IntN(len(forms))], Interrupted)
	c.Timeout = 300 * time.Millisecond
	return c, true
}

// undefined checks that a name only failing cells declared is undefined.
func (g *generator) undefined() (Cell, bool) {
	var cands []string
	for _, n := range g.m.tried {
		if g.m.ents[n] == nil {
			cands = append(cands, n)
		}
	}
	n, found := g.pick(cands)
	if !found {
		return Cell{}, false
	}
	return fails("_ = "+n, CompileError), true
}

func (g *generator) overflow() (Cell, bool) {
	c := fails("func rec(n int) int { return rec(n+1) + 1 }\nrec(0)", AnyError)
	c.Timeout = 20 * time.Second
	return c, true
}
