package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgresEnv names the environment variable holding the URL of a
// PostgreSQL server for tests (CI's .ci/run sets it).
const PostgresEnv = "METHODIC_TEST_POSTGRES"

// Required reports whether tests must fail, not skip, when a server they
// need is missing: in CI, where METHODIC_REQUIRE_JUPYTER=1 or
// METHODIC_REQUIRE_POSTGRES=1 is set.
func Required() bool {
	return os.Getenv("METHODIC_REQUIRE_JUPYTER") == "1" || os.Getenv("METHODIC_REQUIRE_POSTGRES") == "1"
}

// Postgres returns the URL of a fresh, empty schema on the test server
// named by $METHODIC_TEST_POSTGRES (through search_path), dropped when
// the test ends. Without a reachable server the test is skipped with a
// message saying how to provide one, or fails when Required.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	miss := func(format string, args ...any) {
		t.Helper()
		if Required() {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	if base == "" {
		miss("no PostgreSQL server: set %s=postgres://user@127.0.0.1:5432/db?sslmode=disable to run this test", PostgresEnv)
	}
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		miss("PostgreSQL server of %s not reachable: %v", PostgresEnv, err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "methodic_test_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		db := stdlib.OpenDB(*cfg)
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Logf("drop test schema %s: %v", schema, err)
		}
	})
	return withParam(base, "search_path", schema)
}

// withParam adds a query parameter to a postgres:// URL or a key=value
// connection string.
func withParam(base, key, value string) string {
	if u, err := url.Parse(base); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(base) + " " + key + "=" + value
}

// OpenDB opens the database of a URL that Postgres returned, for tests
// that look under the storage.
func OpenDB(t testing.TB, url string) *sql.DB {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { db.Close() })
	return db
}
