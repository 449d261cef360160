package conninfo

import (
	"net/url"
)

// HasPassword reports whether a storage URL carries a password: a
// PostgreSQL URL (postgres:// or postgresql://, the ones store.Open sends
// to PostgreSQL) with one after the user name or in its password
// parameter. Anything else store.Open takes names memory or a SQLite
// file, which have none.
func HasPassword(s string) bool {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return false
	}
	pw, _ := u.User.Password()
	return pw != "" || u.Query().Get("password") != ""
}
