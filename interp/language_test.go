package interp

import (
	"runtime"
	"strings"
	"testing"
)

func TestLangVersionIsTheLanguageVersion(t *testing.T) {
	l := Lang()
	if !strings.HasPrefix(runtime.Version(), "go") {
		t.Skipf("a development toolchain: %s", runtime.Version())
	}
	// go1.26.8 -> 1.26: a patch release does not change it.
	if !strings.HasPrefix(runtime.Version(), "go"+l.Version) || strings.Count(l.Version, ".") != 1 {
		t.Errorf("Lang().Version = %q for %s", l.Version, runtime.Version())
	}
	m := l.Metadata()
	if len(m) != 6 || m["codemirror_mode"] != "go" || m["version"] != l.Version {
		t.Errorf("Metadata() = %v", m)
	}
}
