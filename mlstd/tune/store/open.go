package store

import (
	"context"
	"fmt"
	"strings"
)

// Open opens the storage a URL names:
//
//	""  or "memory:"           a new in-memory storage
//	"sqlite:PATH" or "PATH"    a SQLite file (created if missing)
//	"postgres://..."           not yet supported (PostgreSQL follows)
func Open(ctx context.Context, url string) (Storage, error) {
	switch {
	case url == "" || url == "memory:":
		return NewMemory(), nil
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return nil, fmt.Errorf("store: PostgreSQL storage is not available in this version")
	case strings.HasPrefix(url, "sqlite:"):
		return OpenSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//"))
	case strings.Contains(url, "://"):
		return nil, fmt.Errorf("store: unknown storage URL %q", url)
	}
	return OpenSQLite(ctx, url)
}
