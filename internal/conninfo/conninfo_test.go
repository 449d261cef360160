package conninfo

import "testing"

func TestHasPassword(t *testing.T) {
	for _, c := range []struct {
		url  string
		want bool
	}{
		{"postgres://tuner:s3cret@127.0.0.1:1/studies?connect_timeout=1", true},
		{"postgresql://tuner:s3cret@db/studies", true},
		{"postgres://tuner@127.0.0.1:1/studies?password=s3cret&connect_timeout=1", true},
		// store.Open takes a key=value string for a SQLite file's name.
		{"host=127.0.0.1 port=1 user=tuner password=s3cret connect_timeout=1", false},
		{"postgres://tuner@127.0.0.1:1/studies?connect_timeout=1", false},
		{"postgres://tuner:@127.0.0.1:1/studies", false},
		{"host=127.0.0.1 port=1 user=tuner connect_timeout=1", false},
		{"mysql://tuner:s3cret@db/studies", false},
		{"postgres:///?service=studies", false},
		{"sqlite:/tmp/studies.db", false},
		{"/tmp/studies.db", false},
		{"", false},
	} {
		if got := HasPassword(c.url); got != c.want {
			t.Errorf("HasPassword(%q) = %v, want %v", c.url, got, c.want)
		}
	}
}
