package tune

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// KeyEnv is the environment variable that holds the key which signs
// shared searches, as the text of a key file holds it. When it is set,
// DefaultKey takes the key from it rather than from the key file.
const KeyEnv = "METHODIC_TUNE_KEY"

// MinKeyLen is the shortest key, in bytes, that signs or checks a search.
// A key file made by CreateKey holds 64 hexadecimal digits (32 random
// bytes).
const MinKeyLen = 32

// Errors about keys and signatures; they are wrapped with detail (test them
// with errors.Is).
var (
	// ErrNoKey: no key was given, KeyEnv is not set and the default key
	// file does not exist.
	ErrNoKey = errors.New("tune: no key to sign or check shared searches")
	// ErrUnsigned: a study's shared search carries no signature (it was
	// not written by Share, or by a Methodic that did not sign).
	ErrUnsigned = errors.New("tune: the shared search is not signed")
	// ErrBadSignature: a study's shared search was signed with another
	// key, or changed after it was signed.
	ErrBadSignature = errors.New("tune: the shared search's signature does not match")
)

// Key is the secret that signs the searches a notebook shares (Study.Share)
// and that workers check before they run any of them (Study.Work, methodic
// worker): HMAC-SHA256 over the search's canonical encoding, the way
// Jupyter signs its messages with the key of a connection file. The key
// never goes to the study's storage; whoever may share searches, and every
// worker machine, holds a copy, in a file only its owner can read or in the
// environment (KeyEnv).
//
// A Key prints as its ID and where it came from, never as its secret.
type Key struct {
	secret []byte
	source string
}

// ID names the key without revealing it: 16 hexadecimal digits derived
// from the secret (an HMAC of a fixed text), so that a worker refusing a
// search can say which key signed it and which one it holds.
func (k *Key) ID() string {
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte("methodic tune key id"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// Source says where the key was read: "file PATH" or "environment
// METHODIC_TUNE_KEY".
func (k *Key) Source() string { return k.source }

// String returns "key ID (SOURCE)".
func (k *Key) String() string { return fmt.Sprintf("key %s (%s)", k.ID(), k.source) }

// DefaultKeyPath returns the key file that DefaultKey reads and that the
// first Share creates: tune.key in the methodic directory of the user's
// configuration directory (os.UserConfigDir: $XDG_CONFIG_HOME or
// ~/.config on Linux).
func DefaultKeyPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("tune: key file: %w", err)
	}
	return filepath.Join(dir, "methodic", "tune.key"), nil
}

// DefaultKey returns the key in the environment variable KeyEnv if it is
// set, else the one in the file DefaultKeyPath names. ErrNoKey (wrapped)
// when there is neither.
func DefaultKey() (*Key, error) {
	if v, ok := os.LookupEnv(KeyEnv); ok {
		return newKey([]byte(v), "environment "+KeyEnv)
	}
	path, err := DefaultKeyPath()
	if err != nil {
		return nil, err
	}
	k, err := LoadKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s is not set and there is no key file %s", ErrNoKey, KeyEnv, path)
	}
	return k, err
}

// LoadKey reads a key file. Like ssh with a private key, it refuses a file
// that anyone but its owner may read or write (any group or other
// permission bit): such a key may be known, or replaced, by others.
func LoadKey(path string) (*Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tune: key file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("tune: key file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("tune: key file %s is not a regular file", path)
	}
	// Windows has no such permission bits (its ACLs guard the file).
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("tune: key file %s may be read or written by others (mode %04o): run chmod 600 %s", path, perm, path)
	}
	// A key is a line; a large file is not a key file.
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return nil, fmt.Errorf("tune: key file %s: %w", path, err)
	}
	return newKey(b, "file "+path)
}

// CreateKey makes a new key of 32 random bytes and writes it, as 64
// hexadecimal digits, to a new file at path that only its owner can read
// (mode 0600; a missing directory is made with mode 0700). It fails if
// path exists: a key is never replaced, since the searches it signed
// would no longer be accepted. The file appears whole or not at all.
func CreateKey(path string) (*Key, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, fmt.Errorf("tune: new key: %w", err)
	}
	text := hex.EncodeToString(raw[:])
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("tune: key file: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tune.key-*")
	if err != nil {
		return nil, fmt.Errorf("tune: key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	// CreateTemp makes the file with mode 0600; say so anyway, in case.
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.WriteString(text + "\n")
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("tune: key file: %w", err)
	}
	// A hard link fails if path exists, where a rename would replace it:
	// of two processes creating the key at once, one wins and the other
	// gets fs.ErrExist.
	if err := os.Link(tmp.Name(), path); err != nil {
		return nil, fmt.Errorf("tune: key file: %w", err)
	}
	return newKey([]byte(text), "file "+path)
}

// signingKey returns the key Share signs with when the study was given
// none: DefaultKey, or a new key in the default file if there is none
// (created says so).
func signingKey() (k *Key, created string, err error) {
	k, err = DefaultKey()
	if !errors.Is(err, ErrNoKey) {
		return k, "", err
	}
	path, err := DefaultKeyPath()
	if err != nil {
		return nil, "", err
	}
	k, err = CreateKey(path)
	if errors.Is(err, fs.ErrExist) {
		// Another process created it meanwhile.
		k, err = LoadKey(path)
		return k, "", err
	}
	return k, path, err
}

func newKey(b []byte, source string) (*Key, error) {
	s := strings.TrimSpace(string(b))
	if len(s) < MinKeyLen {
		return nil, fmt.Errorf("tune: the key in %s is %d bytes long; it must have at least %d (methodic key makes one)", source, len(s), MinKeyLen)
	}
	return &Key{secret: []byte(s), source: source}, nil
}

// signingKey is the key Share signs with: the study's, else the default
// one, created if there is none.
func (s *Study) signingKey() (*Key, error) {
	s.kmu.Lock()
	defer s.kmu.Unlock()
	if s.key != nil {
		return s.key, nil
	}
	k, created, err := signingKey()
	if err != nil {
		return nil, err
	}
	if created != "" {
		fmt.Fprintf(os.Stderr, "tune: created %s, the key that signs the searches you share (mode 0600): copy it to each worker machine, or set %s there\n", created, KeyEnv)
	}
	s.key = k
	return k, nil
}

// checkingKey is the key a shared search is checked with: the study's,
// else DefaultKey.
func (s *Study) checkingKey() (*Key, error) {
	s.kmu.Lock()
	defer s.kmu.Unlock()
	if s.key != nil {
		return s.key, nil
	}
	k, err := DefaultKey()
	if err != nil {
		return nil, err
	}
	s.key = k
	return k, nil
}
