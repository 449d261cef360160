package tune

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/methodic-go/methodic/display"
	"github.com/methodic-go/methodic/mlstd/tune/store"
)

// The keys of the tests. TestMain puts testKeyA in KeyEnv, so that the
// package's tests sign with it and never touch the developer's own key.
const (
	testKeyA = "methodic-test-key-A-0123456789abcdef"
	testKeyB = "methodic-test-key-B-0123456789abcdef"
)

func mustKey(t testing.TB, text string) *Key {
	t.Helper()
	k, err := newKey([]byte(text), "test")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// vectorSearch is the search of the test vector: every kind of field.
func vectorSearch() wireShared {
	return wireShared{
		Cells:     []string{"//tune:worker\nimport \"math\"\n", "func objective(ctx context.Context, t *tune.Trial) (float64, error) {\n\treturn math.Abs(t.Float(\"x\", -1, 1)) /* <&> */, nil\n}\n"},
		Objective: "objective",
		Trials:    30,
		Sampler:   samplerSpec{Kind: "tpe", Seed: 7, TPE: &TPEOptions{Startup: 4, Independent: true}},
		Pruner:    &prunerSpec{Halving: &Halving{Eta: 3, Brackets: 2}},
		KeepGoing: true,
	}
}

// TestSignVector pins the canonical encoding and the signature: the bytes
// are testdata/sign-v1.txt, and the HMAC and digest below were computed
// from that file by Python's hmac and hashlib:
//
//	python3 -c 'import hmac,hashlib;m=open("testdata/sign-v1.txt","rb").read();print(hmac.new(b"methodic-test-key-A-0123456789abcdef",m,hashlib.sha256).hexdigest(),hashlib.sha256(m).hexdigest())'
//
// If it fails, the signed format changed (a field of the search was added,
// renamed or moved, or encoding/json writes differently): searches that
// workers of the previous version signed would be refused. Bump signFormat
// and regenerate the file and the values.
func TestSignVector(t *testing.T) {
	want, err := os.ReadFile("testdata/sign-v1.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := canonical("vector", vectorSearch())
	if !bytes.Equal(got, want) {
		t.Fatalf("canonical encoding:\n%s\nwant testdata/sign-v1.txt:\n%s", got, want)
	}
	const (
		wantHMAC   = "20c7e80d44663f10372585d2719115b9bca688475e32850b686a124d9434e2d4"
		wantDigest = "sha256:dacf90d01f7e5ea9f39077d04bf577ffacd78fc072ee713028e5b62067ca445e"
	)
	if h := hexString(sign(mustKey(t, testKeyA), got)); h != wantHMAC {
		t.Errorf("HMAC-SHA256 = %s, want %s", h, wantHMAC)
	}
	if d := digest(got); d != wantDigest {
		t.Errorf("digest = %s, want %s", d, wantDigest)
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// rawShared returns the study's AttrShared as stored.
func rawShared(t *testing.T, st *Study) string {
	t.Helper()
	a, err := st.Attrs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return a[AttrShared]
}

func setRaw(t *testing.T, st *Study, raw string) {
	t.Helper()
	if err := st.SetAttr(context.Background(), AttrShared, raw); err != nil {
		t.Fatal(err)
	}
}

// relayout re-encodes JSON with indentation and its object keys in
// reverse order, as another program (or PostgreSQL's jsonb) might store
// it.
func relayout(t *testing.T, raw string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(v any, indent string)
	walk = func(v any, indent string) {
		switch x := v.(type) {
		case map[string]any:
			var keys []string
			for k := range x {
				keys = append(keys, k)
			}
			// Reverse of encoding/json's sorted order.
			sort.Sort(sort.Reverse(sort.StringSlice(keys)))
			b.WriteString("{\n")
			for i, k := range keys {
				kb, _ := json.Marshal(k)
				b.WriteString(indent + "  " + string(kb) + " :  ")
				walk(x[k], indent+"  ")
				if i < len(keys)-1 {
					b.WriteString(",")
				}
				b.WriteString("\n")
			}
			b.WriteString(indent + "}")
		case []any:
			b.WriteString("[ ")
			for i, e := range x {
				if i > 0 {
					b.WriteString(" ,\n" + indent)
				}
				walk(e, indent+"  ")
			}
			b.WriteString(" ]")
		default:
			eb, _ := json.Marshal(x)
			b.Write(eb)
		}
	}
	walk(v, "")
	return b.String()
}

// TestSignCanonical: the same search shared twice is signed the same way;
// the signature holds when the stored text is laid out differently (white
// space, key order), and breaks when one byte of a cell changes, even
// white space inside it.
func TestSignCanonical(t *testing.T) {
	ctx := context.Background()
	st := newStudy(t, "canon", StudyOptions{})
	sh := Shared{Cells: []string{"x := 1\n", "func objective(ctx context.Context, t *Trial) (float64, error) { return 0, nil }"},
		Objective: "objective", Trials: 5, Sampler: NewGrid().Values("x", 1, 2).Choices("c", "a", "b"), Pruner: Median{WarmupSteps: 2}}
	if err := st.Share(ctx, sh); err != nil {
		t.Fatal(err)
	}
	first := rawShared(t, st)
	if err := st.Share(ctx, sh); err != nil {
		t.Fatal(err)
	}
	if again := rawShared(t, st); again != first {
		t.Errorf("sharing the same search twice stored\n%s\nthen\n%s", first, again)
	}
	got, err := st.Shared(ctx)
	if err != nil {
		t.Fatal(err)
	}
	moved := relayout(t, first)
	if moved == first || !strings.Contains(moved, "\n") {
		t.Fatalf("relayout changed nothing: %s", moved)
	}
	setRaw(t, st, moved)
	if again, err := st.Shared(ctx); err != nil || again.Digest != got.Digest {
		t.Errorf("after re-laying out the stored JSON: digest %q (was %q), %v", again.Digest, got.Digest, err)
	}
	// One byte inside a cell, even white space, is a change.
	for _, edit := range []struct{ old, new string }{
		{`"x := 1\n"`, `"x := 2\n"`},
		{`"x := 1\n"`, `"x :=  1\n"`},
		{`"x := 1\n"`, `"x := 1\n\n"`},
	} {
		setRaw(t, st, strings.Replace(first, edit.old, edit.new, 1))
		if rawShared(t, st) == first {
			t.Fatalf("edit %q did not apply", edit.new)
		}
		_, err := st.Shared(ctx)
		if !errors.Is(err, ErrBadSignature) || !strings.Contains(err.Error(), "changed after it was signed") || !strings.Contains(err.Error(), `"canon"`) {
			t.Errorf("cell edited to %s: %v", edit.new, err)
		}
	}
}

// TestSignRefusals: every part of the search that decides what runs is
// signed; an unsigned search, one signed with another key, and one signed
// for another study are refused, by Shared and by Work, and Work runs no
// trial of them.
func TestSignRefusals(t *testing.T) {
	ctx := context.Background()
	mem := store.NewMemory()
	st := newStudy(t, "refuse", StudyOptions{Storage: mem})
	sh := Shared{Cells: []string{"x := 1"}, Objective: "objective", Trials: 4,
		Sampler: NewTPE(3, TPEOptions{Startup: 2}), Pruner: Halving{Brackets: 2}}
	if err := st.Share(ctx, sh); err != nil {
		t.Fatal(err)
	}
	good := rawShared(t, st)
	var env signedShared
	if err := json.Unmarshal([]byte(good), &env); err != nil {
		t.Fatal(err)
	}
	search := string(env.Search)
	tamper := func(old, new string) string {
		t.Helper()
		if !strings.Contains(good, old) {
			t.Fatalf("%s not in %s", old, good)
		}
		return strings.Replace(good, old, new, 1)
	}
	ran := 0
	obj := func(ctx context.Context, t *Trial) (float64, error) { ran++; return t.Float("x", 0, 1), nil }
	other := newStudy(t, "other", StudyOptions{Storage: mem})
	for _, c := range []struct {
		name, raw string
		study     *Study
		want      error
		says      string
	}{
		{"objective", tamper(`"objective":"objective"`, `"objective":"objectivf"`), st, ErrBadSignature, "changed after"},
		{"trials", tamper(`"trials":4`, `"trials":400`), st, ErrBadSignature, "changed after"},
		{"seed", tamper(`"seed":3`, `"seed":4`), st, ErrBadSignature, "changed after"},
		{"tpe options", tamper(`"Startup":2`, `"Startup":3`), st, ErrBadSignature, "changed after"},
		{"pruner", tamper(`"Brackets":2`, `"Brackets":1`), st, ErrBadSignature, "changed after"},
		{"pruner removed", tamper(`,"pruner":{"halving":{"MinEpochs":0,"Eta":0,"Brackets":2}}`, ``), st, ErrBadSignature, "changed after"},
		{"keep going added", tamper(`"objective":"objective"`, `"objective":"objective","keep_going":true`), st, ErrBadSignature, "changed after"},
		{"sampler kind", tamper(`"kind":"tpe"`, `"kind":"random"`), st, ErrBadSignature, "changed after"},
		{"unknown field", tamper(`"objective":"objective"`, `"objective":"objective","run":"rm -rf"`), st, ErrBadSignature, "cannot be read"},
		{"unsigned, as before signing", search, st, ErrUnsigned, "not signed"},
		{"signature removed", tamper(env.HMAC, ""), st, ErrUnsigned, "not signed"},
		{"signature not hex", tamper(env.HMAC, "zz"+env.HMAC[2:]), st, ErrBadSignature, "changed after"},
		{"not JSON", "rm -rf /", st, ErrBadSignature, "cannot be read"},
		{"signed for another study", good, other, ErrBadSignature, "changed after"},
	} {
		t.Run(c.name, func(t *testing.T) {
			setRaw(t, c.study, c.raw)
			_, err := c.study.Shared(ctx)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.says) || !strings.Contains(err.Error(), `study "`+c.study.Name()+`": refused`) {
				t.Errorf("Shared: %v; want %v saying %q", err, c.want, c.says)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("the refusal is not one line: %q", err)
			}
			if err := c.study.Work(ctx, obj, WorkOptions{Worker: "w"}); !errors.Is(err, c.want) {
				t.Errorf("Work: %v; want %v", err, c.want)
			}
		})
	}
	// The same search checked with key B: signed with another key, which
	// the message names.
	setRaw(t, st, good)
	b, err := LoadStudy(ctx, "refuse", StudyOptions{Storage: mem, Key: mustKey(t, testKeyB)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Shared(ctx)
	idA, idB := mustKey(t, testKeyA).ID(), mustKey(t, testKeyB).ID()
	if !errors.Is(err, ErrBadSignature) || !strings.Contains(err.Error(), "signed with key "+idA) || !strings.Contains(err.Error(), idB) {
		t.Errorf("checked with key B: %v", err)
	}
	if err := b.Work(ctx, obj, WorkOptions{Worker: "w"}); !errors.Is(err, ErrBadSignature) {
		t.Errorf("Work with key B: %v", err)
	}
	ts, _ := st.Trials(ctx)
	for _, tr := range ts {
		if tr.State != store.Waiting || tr.Worker != "" || len(tr.Params) != 0 {
			t.Errorf("trial %d is %v under %q with %v: a refused search ran", tr.Number, tr.State, tr.Worker, tr.Params)
		}
	}
	if ran != 0 || len(ts) != 4 {
		t.Errorf("the objective ran %d times; %d trials", ran, len(ts))
	}
	// And the untouched search runs with key A, pinned to its digest.
	sa, err := st.Shared(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Work(ctx, obj, WorkOptions{Worker: "w", Digest: "sha256:00"}); err == nil || !strings.Contains(err.Error(), "shared again") {
		t.Errorf("Work pinned to another digest: %v", err)
	}
	if err := st.Work(ctx, obj, WorkOptions{Worker: "w", Digest: sa.Digest}); err != nil || ran != 4 {
		t.Errorf("Work with key A: %v; the objective ran %d times, want 4", err, ran)
	}
}

// TestKeyFiles: a key file is made readable by its owner alone, is never
// replaced, and is refused when others may read or write it; KeyEnv
// comes before the file.
func TestKeyFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "conf", "methodic")
	path := filepath.Join(dir, "tune.key")
	k, err := CreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(path)
		di, _ := os.Stat(dir)
		if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
			t.Errorf("key file mode %v, directory %v; want 0600 and 0700", fi.Mode(), di.Mode())
		}
	}
	b, _ := os.ReadFile(path)
	if len(b) != 65 || strings.TrimSpace(string(b)) != string(k.secret) {
		t.Errorf("key file holds %q", b)
	}
	if _, err := CreateKey(path); !errors.Is(err, fs.ErrExist) {
		t.Errorf("CreateKey over an existing key: %v", err)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, b) {
		t.Error("CreateKey replaced an existing key")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the key's directory holds %d files, want 1", len(entries))
	}
	l, err := LoadKey(path)
	if err != nil || l.ID() != k.ID() || l.Source() != "file "+path || l.ID() == mustKey(t, testKeyA).ID() {
		t.Errorf("LoadKey = %v, %v", l, err)
	}
	if s := l.String(); strings.Contains(s, string(k.secret)) || !strings.Contains(s, k.ID()) {
		t.Errorf("a key prints as %q", s)
	}
	if runtime.GOOS != "windows" {
		for _, mode := range []fs.FileMode{0o644, 0o640, 0o604, 0o620, 0o602, 0o660} {
			os.Chmod(path, mode)
			if _, err := LoadKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
				t.Errorf("key file of mode %04o: %v", mode, err)
			}
		}
		os.Chmod(path, 0o400)
		if _, err := LoadKey(path); err != nil {
			t.Errorf("key file of mode 0400: %v", err)
		}
		os.Chmod(path, 0o600)
	}
	short := filepath.Join(dir, "short.key")
	os.WriteFile(short, []byte("0123456789\n"), 0o600)
	if _, err := LoadKey(short); err == nil || !strings.Contains(err.Error(), "at least 32") {
		t.Errorf("a short key: %v", err)
	}
	if _, err := LoadKey(dir); err == nil {
		t.Error("LoadKey of a directory succeeded")
	}

	// DefaultKey: the environment first, then the file.
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, ".."))
	t.Setenv(KeyEnv, testKeyB)
	if d, err := DefaultKey(); err != nil || d.ID() != mustKey(t, testKeyB).ID() || d.Source() != "environment "+KeyEnv {
		t.Errorf("DefaultKey with %s set = %v, %v", KeyEnv, d, err)
	}
	t.Setenv(KeyEnv, "short")
	if _, err := DefaultKey(); err == nil || !strings.Contains(err.Error(), KeyEnv) {
		t.Errorf("DefaultKey with a short %s: %v", KeyEnv, err)
	}
	os.Unsetenv(KeyEnv)
	if d, err := DefaultKey(); err != nil || d.ID() != k.ID() {
		t.Errorf("DefaultKey from the file = %v, %v", d, err)
	}
	os.Remove(path)
	if _, err := DefaultKey(); !errors.Is(err, ErrNoKey) || !strings.Contains(err.Error(), path) {
		t.Errorf("DefaultKey with neither: %v", err)
	}
}

// TestShareCreatesKey: with no key anywhere, the first Share makes the
// default key file and says so; processes sharing at once agree on one
// key; a later Share, and a worker reading the file, use it.
func TestShareCreatesKey(t *testing.T) {
	ctx := context.Background()
	conf := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", conf)
	t.Setenv(KeyEnv, "")
	os.Unsetenv(KeyEnv)
	path := filepath.Join(conf, "methodic", "tune.key")
	// Share says where it put the key, on standard error.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := os.Stderr
	os.Stderr = w
	defer func() { os.Stderr = stderr }()

	// Several studies (as several notebooks) share at once.
	mem := store.NewMemory()
	var wg sync.WaitGroup
	ids := make([]string, 6)
	errs := make([]error, 6)
	for i := range ids {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			st, err := NewStudy(ctx, "first", StudyOptions{Storage: mem})
			if err == nil {
				var k *Key
				k, err = st.signingKey()
				if err == nil {
					ids[i] = k.ID()
				}
			}
			errs[i] = err
		}(i)
	}
	wg.Wait()
	for i := range ids {
		if errs[i] != nil || ids[i] != ids[0] {
			t.Errorf("sharer %d: key %s, %v; sharer 0: %s", i, ids[i], errs[i], ids[0])
		}
	}
	k, err := LoadKey(path)
	if err != nil || k.ID() != ids[0] {
		t.Fatalf("the default key file: %v, %v", k, err)
	}
	os.Remove(path)
	st := newStudy(t, "later", StudyOptions{Storage: mem})
	err = st.Share(ctx, Shared{Objective: "objective", Trials: 1, Sampler: NewRandom(1)})
	os.Stderr = stderr
	w.Close()
	said, _ := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if k, err = LoadKey(path); err != nil {
		t.Fatal(err)
	}
	// One line from the sharers at once, one from the Share after the
	// file was removed.
	if want := "tune: created " + path + ", the key that signs"; !strings.HasPrefix(string(said), want) || strings.Count(string(said), want) != 2 || strings.Count(string(said), "\n") != 2 {
		t.Errorf("Share said %q; want two lines starting %q", said, want)
	}
	worker, err := LoadStudy(ctx, "later", StudyOptions{Storage: mem, Key: k})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := worker.Shared(ctx); err != nil {
		t.Errorf("the search shared with the created key, checked with its file: %v", err)
	}
}

// recorder is a display.Publisher that keeps what is shown.
type recorder struct {
	mu   sync.Mutex
	text []string
}

func (r *recorder) Display(b display.Bundle, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := b.Data[display.MIMEText].(string); ok {
		r.text = append(r.text, s)
	}
}

func (r *recorder) Clear(bool) {}

func (r *recorder) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.text, "\n")
}

// TestWatchShowsDigest: Watch shows the digest of the code the workers
// run (the one Shared returns and methodic worker prints) and the key;
// for a search workers would refuse, it says why.
func TestWatchShowsDigest(t *testing.T) {
	ctx := context.Background()
	rec := &recorder{}
	prev := display.SetPublisher(rec)
	defer display.SetPublisher(prev)
	st := newStudy(t, "watched", StudyOptions{})
	if err := st.Share(ctx, Shared{Objective: "objective", Trials: 2, Sampler: NewRandom(2)}); err != nil {
		t.Fatal(err)
	}
	sh, err := st.Shared(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sh.Digest, "sha256:") || len(sh.Digest) != 7+64 {
		t.Fatalf("Digest = %q", sh.Digest)
	}
	// A finished study: Watch shows it once and returns, with no clock
	// involved.
	if err := st.Work(ctx, quadObjective(0), WorkOptions{Worker: "w"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Watch(ctx, WatchOptions{NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	want := `watched: workers run code ` + sh.Digest + `, signed with key ` + mustKey(t, testKeyA).ID() + ` (environment ` + KeyEnv + `)`
	if !strings.Contains(rec.all(), want) {
		t.Errorf("Watch showed\n%s\nwant a line %q", rec.all(), want)
	}
	rec.text = nil
	setRaw(t, st, strings.Replace(rawShared(t, st), `"objective":"objective"`, `"objective":"evil"`, 1))
	if err := st.Watch(ctx, WatchOptions{NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	if s := rec.all(); !strings.Contains(s, `tune: study "watched": refused: its shared search was changed after it was signed`) {
		t.Errorf("Watch of a changed search showed\n%s", s)
	}
	// A study that is not shared shows no such line.
	rec.text = nil
	plain := newStudy(t, "plain", StudyOptions{})
	if err := plain.Watch(ctx, WatchOptions{NoPlots: true}); err != nil {
		t.Fatal(err)
	}
	if s := rec.all(); strings.Contains(s, "code") || strings.Contains(s, "refused") {
		t.Errorf("Watch of an unshared study showed %q", s)
	}
}

// TestWorkRefusesStoredParams: the parameters a trial holds in the
// storage are not signed, so Work holds them to the signed search: on a
// grid, a trial must be one of its points; elsewhere an enqueued value
// must lie in the range the objective asks for. A trial that someone with
// access to the storage enqueued outside them fails, saying why, and the
// objective never sees its values.
func TestWorkRefusesStoredParams(t *testing.T) {
	ctx := context.Background()
	float := func(name string, v, lo, hi float64) store.Param {
		return store.Param{Name: name, Dist: store.Dist{Kind: store.Float, Lo: lo, Hi: hi}, Value: v}
	}
	var seen []float64
	obj := func(ctx context.Context, t *Trial) (float64, error) {
		x := t.Float("x", -3, 3)
		y := t.Float("y", -3, 3)
		seen = append(seen, x)
		return x*x + y*y, nil
	}

	grid := newStudy(t, "grid-params", StudyOptions{})
	if err := grid.Share(ctx, Shared{Objective: "objective", Sampler: quadGrid(), KeepGoing: true}); err != nil {
		t.Fatal(err)
	}
	for _, pt := range [][]store.Param{
		{float("x", 99, -2, 99), float("y", 0, -1, 0.5)},  // off the grid, in the objective's range
		{float("x", 1.5, -2, 2), float("y", 0, -1, 0.5)},  // between two points
		{float("x", 1, -2, 2)},                            // no y
		{float("x", -2, -2, 2), float("y", 0.5, -1, 0.5)}, // a grid point, enqueued again
	} {
		if _, err := grid.st.AddTrial(ctx, grid.id, store.Trial{State: store.Waiting, Params: pt}); err != nil {
			t.Fatal(err)
		}
	}
	if err := grid.Work(ctx, obj, WorkOptions{Worker: "w", Poll: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	sn, _ := grid.Snapshot(ctx)
	if c := sn.Counts(); c[store.Complete] != 21 || c[store.Failed] != 3 {
		t.Errorf("grid: %v; want the 20 points and the repeated one complete, 3 failed", c)
	}
	for _, tr := range sn.Trials {
		if tr.State == store.Failed && !strings.Contains(tr.Note, "signed grid: refused") {
			t.Errorf("trial %d failed with %q", tr.Number, tr.Note)
		}
	}
	for _, x := range seen {
		if x == 99 || x == 1.5 {
			t.Errorf("the objective ran with x = %v", x)
		}
	}

	seen = nil
	rnd := newStudy(t, "random-params", StudyOptions{})
	if err := rnd.Share(ctx, Shared{Objective: "objective", Trials: 3, Sampler: NewRandom(1), KeepGoing: true}); err != nil {
		t.Fatal(err)
	}
	for _, pt := range [][]store.Param{
		{float("x", 1e9, 0, 1e9), float("y", 0, -3, 3)}, // outside what the objective asks
		{float("x", 2.5, -3, 3), float("y", 0, -3, 3)},  // inside: a trial handed back keeps its values
	} {
		if _, err := rnd.st.AddTrial(ctx, rnd.id, store.Trial{State: store.Waiting, Params: pt}); err != nil {
			t.Fatal(err)
		}
	}
	if err := rnd.Work(ctx, obj, WorkOptions{Worker: "w", Poll: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	sn, _ = rnd.Snapshot(ctx)
	if c := sn.Counts(); c[store.Complete] != 4 || c[store.Failed] != 1 {
		t.Errorf("random: %v; want 4 complete, 1 failed", c)
	}
	for _, tr := range sn.Trials {
		if tr.State == store.Failed && !strings.Contains(tr.Note, `the stored value 1e+09 of "x" is outside float[-3, 3]`) {
			t.Errorf("trial %d failed with %q", tr.Number, tr.Note)
		}
	}
	for _, x := range seen {
		if x == 1e9 {
			t.Error("the objective ran with x = 1e9")
		}
	}

	// Optimize, which runs no stored search, still lets an enqueued
	// point widen the range (a refined grid steps past the edge).
	own := newStudy(t, "own", StudyOptions{})
	if err := own.Optimize(ctx, obj, Options{Sampler: NewGrid().Values("x", 4).Values("y", 0), Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if b, err := own.Best(ctx); err != nil || b.Value != 16 {
		t.Errorf("Optimize of a grid past the objective's range: %v, %v", b.Value, err)
	}
}
