package tune

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// signFormat opens the canonical encoding of a shared search and names
// its version: a change of the encoding is a new version, so that a
// worker never reads one format's bytes as another's.
const signFormat = "methodic tune search v1"

// signedShared is what AttrShared holds: the search and its signature, in
// one attribute so that a worker never reads a search with the signature
// of another (Share writes them in one statement).
type signedShared struct {
	Format string `json:"format"`
	// Key is the ID of the key that signed the search: a hint for the
	// message of a worker holding another key, never trusted.
	Key  string `json:"key"`
	HMAC string `json:"hmac_sha256"`
	// Search is the search as stored; what is signed is its canonical
	// encoding (canonical), not these bytes.
	Search json.RawMessage `json:"search"`
}

// canonical is the encoding of a shared search that is signed and whose
// SHA-256 is its digest: the line signFormat, then the JSON that
// encoding/json makes of the study's name and the decoded search (struct
// fields in declaration order, no white space, map keys sorted, floats in
// the shortest form that reads back the same). Workers encode the search
// they decoded, the one they will run, so the signature does not depend
// on how the stored text is laid out (white space, key order), but on
// every byte of every cell. The study's name is in it, so that a search
// signed for one study is refused by another. TestSignVector pins the
// bytes.
func canonical(study string, w wireShared) []byte {
	b, err := json.Marshal(struct {
		Study  string     `json:"study"`
		Search wireShared `json:"search"`
	}{study, w})
	if err != nil {
		// Strings, integers, finite floats and slices of them always
		// encode; a NaN cannot reach a shared search (Grid rejects it).
		panic("tune: canonical encoding: " + err.Error())
	}
	return append([]byte(signFormat+"\n"), b...)
}

func sign(k *Key, msg []byte) []byte {
	m := hmac.New(sha256.New, k.secret)
	m.Write(msg)
	return m.Sum(nil)
}

// digest is the digest of a canonical encoding as workers print it and
// Watch shows it: "sha256:" and 64 hexadecimal digits.
func digest(msg []byte) string {
	d := sha256.Sum256(msg)
	return "sha256:" + hex.EncodeToString(d[:])
}

// seal encodes w as AttrShared holds it, signed with k.
func seal(study string, w wireShared, k *Key) ([]byte, error) {
	b, err := json.Marshal(w)
	if err != nil {
		return nil, fmt.Errorf("tune: %w", err)
	}
	// Sign what a worker will decode, so that whatever encoding/json
	// changes on the way (an invalid UTF-8 byte in a cell becomes U+FFFD)
	// is in the signed bytes too.
	var back wireShared
	if err := json.Unmarshal(b, &back); err != nil {
		return nil, fmt.Errorf("tune: %w", err)
	}
	mac := sign(k, canonical(study, back))
	return json.Marshal(signedShared{Format: signFormat, Key: k.ID(), HMAC: hex.EncodeToString(mac), Search: b})
}

// open decodes what AttrShared holds and checks its signature with k in
// constant time. It returns the search and its digest, or a *refusal.
func open(study, raw string, k *Key) (wireShared, string, error) {
	refuse := func(err error, format string, args ...any) (wireShared, string, error) {
		return wireShared{}, "", &refusal{study: study, err: err, why: fmt.Sprintf(format, args...)}
	}
	var env signedShared
	if err := json.Unmarshal([]byte(raw), &env); err != nil {
		return refuse(ErrBadSignature, "its shared search cannot be read: %v", err)
	}
	if env.HMAC == "" || len(env.Search) == 0 {
		return refuse(ErrUnsigned, "its shared search is not signed; share it again from the notebook (Study.Share signs it)")
	}
	if env.Format != signFormat {
		return refuse(ErrBadSignature, "its shared search is signed in a format this Methodic does not know (%q)", env.Format)
	}
	var w wireShared
	dec := json.NewDecoder(bytes.NewReader(env.Search))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return refuse(ErrBadSignature, "its shared search cannot be read (written by a newer Methodic?): %v", err)
	}
	msg := canonical(study, w)
	got, err := hex.DecodeString(env.HMAC)
	if err != nil || !hmac.Equal(got, sign(k, msg)) {
		if env.Key != k.ID() {
			return refuse(ErrBadSignature, "its shared search was signed with key %s, and this is %v", env.Key, k)
		}
		return refuse(ErrBadSignature, "its shared search was changed after it was signed (the signature does not match %v)", k)
	}
	return w, digest(msg), nil
}

// refusal is why a study's shared search is not run: it unwraps to
// ErrUnsigned or ErrBadSignature, and reads as one line naming the study.
type refusal struct {
	study, why string
	err        error
}

func (r *refusal) Error() string { return fmt.Sprintf("tune: study %q: refused: %s", r.study, r.why) }

func (r *refusal) Unwrap() error { return r.err }
