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
//	"postgres://..." or "postgresql://..."
//	                           a PostgreSQL database (OpenPostgres)
func Open(ctx context.Context, url string) (Storage, error) {
	switch {
	case url == "" || url == "memory:":
		return NewMemory(), nil
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return OpenPostgres(ctx, url)
	case strings.HasPrefix(url, "sqlite:"):
		return OpenSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//"))
	case strings.Contains(url, "://"):
		return nil, fmt.Errorf("store: unknown storage URL %q", url)
	}
	return OpenSQLite(ctx, url)
}
