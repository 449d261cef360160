package interp

import (
	"sort"
	"strings"
)

// A snapshot is what completion and inspection know of the session's
// declarations and imports; its variables are in the session's varIndex
// (vars.go). It is rebuilt on the execution goroutine when a cell changes
// the declarations or imports, and read from any goroutine, so that
// completion and inspection never call into yaegi while a cell runs
// (yaegi's Eval is not safe for concurrent use: see interp/testdata/README.md,
// "answers while a cell runs").
type snapshot struct {
	decls   map[string]*declEntry
	imports map[string]string // bound name -> path
	dots    []string
	methods map[string][]*declEntry // type name -> its methods
	key     snapshotKey
}

// snapshotKey says which state of the store a snapshot shows.
type snapshotKey struct {
	store   *store
	seq     int
	imports int
	decls   int
}

func (s *Session) storeKey() snapshotKey {
	return snapshotKey{store: s.store, seq: s.store.seq, imports: len(s.store.importList), decls: len(s.store.decls)}
}

// updateSnapshot publishes the declarations and imports of the store when
// they changed since the last snapshot; a cell that declares none costs
// nothing here.
func (s *Session) updateSnapshot() {
	key := s.storeKey()
	if old := s.snap.Load(); old != nil && old.key == key {
		return
	}
	snap := &snapshot{
		decls:   map[string]*declEntry{},
		imports: map[string]string{},
		methods: map[string][]*declEntry{},
		key:     key,
	}
	for k, e := range s.store.decls {
		if e.kind == "prelude" {
			continue
		}
		snap.decls[k] = e
		if e.kind == "method" {
			t := strings.SplitN(k, ".", 2)[0]
			snap.methods[t] = append(snap.methods[t], e)
		}
	}
	for n, p := range s.store.imports {
		snap.imports[n] = p
	}
	for p := range s.store.dotImports {
		snap.dots = append(snap.dots, p)
	}
	sort.Strings(snap.dots)
	s.snap.Store(snap)
}
