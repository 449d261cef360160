package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"strings"
	"sync"
)

// ProtocolVersion is the version of the Jupyter messaging protocol the
// kernel speaks; it is the version field of every header it writes.
const ProtocolVersion = "5.4"

// delimiter separates the routing identities from the message proper.
var delimiter = []byte("<IDS|MSG>")

// Errors returned by Codec.Decode. They are wrapped with detail; test them
// with errors.Is.
var (
	// ErrFrames means the frames do not form a message: no <IDS|MSG>
	// delimiter, or fewer than the five frames that must follow it.
	ErrFrames = errors.New("kernel: malformed frames")
	// ErrSignature means the signature frame does not match the message.
	ErrSignature = errors.New("kernel: bad signature")
	// ErrReplay means a signature was seen before (see ReplayGuard).
	ErrReplay = errors.New("kernel: replayed signature")
	// ErrJSON means header, parent_header, metadata or content is not a
	// JSON object, or the header lacks msg_type or msg_id.
	ErrJSON = errors.New("kernel: bad message JSON")
)

// Header is the header of a message (and, as JSON, its parent_header).
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message as it travels on a socket.
//
// ParentHeader, Metadata and Content hold raw JSON objects; an empty one
// is written as {}. On a decoded message they are exactly the bytes the
// peer sent, so a reply can carry the request's header as its parent
// without re-encoding it.
type Message struct {
	// Identities are the routing frames before <IDS|MSG>. A ROUTER socket
	// sends a reply to the peer named by the first one.
	Identities [][]byte
	Header     Header
	// RawHeader is the header as received; Encode ignores it.
	RawHeader    json.RawMessage
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	// Buffers are the extra binary frames after content.
	Buffers [][]byte
}

// Parent decodes the parent header. A message without a parent (an empty
// object) gives a zero Header.
func (m *Message) Parent() (Header, error) {
	var h Header
	if len(m.ParentHeader) == 0 {
		return h, nil
	}
	if err := json.Unmarshal(m.ParentHeader, &h); err != nil {
		return h, fmt.Errorf("%w: parent_header: %v", ErrJSON, err)
	}
	return h, nil
}

// DecodeContent unmarshals the content into v.
func (m *Message) DecodeContent(v any) error {
	if err := json.Unmarshal(m.Content, v); err != nil {
		return fmt.Errorf("%w: content of %s: %v", ErrJSON, m.Header.MsgType, err)
	}
	return nil
}

// Codec turns messages into signed frames and frames back into verified
// messages, as the connection file's key and signature_scheme say. A Codec
// is safe for concurrent use. The zero Codec signs nothing.
type Codec struct {
	key     []byte
	newHash func() hash.Hash
	pool    sync.Pool // of hash.Hash (HMACs keyed with key)
}

// NewCodec returns a Codec for a signature scheme ("hmac-sha256"; also
// hmac-sha512, hmac-sha1 and hmac-md5) and key. An empty key means
// messages are neither signed nor verified, as the spec allows; an empty
// scheme means hmac-sha256.
func NewCodec(scheme, key string) (*Codec, error) {
	c := &Codec{}
	if key == "" {
		return c, nil
	}
	var h func() hash.Hash
	switch strings.ToLower(scheme) {
	case "", "hmac-sha256":
		h = sha256.New
	case "hmac-sha512":
		h = sha512.New
	case "hmac-sha1":
		h = sha1.New
	case "hmac-md5":
		h = md5.New
	default:
		return nil, fmt.Errorf("kernel: unsupported signature_scheme %q", scheme)
	}
	c.key = []byte(key)
	c.newHash = h
	c.pool.New = func() any { return hmac.New(c.newHash, c.key) }
	return c, nil
}

// Signed reports whether the codec signs and verifies messages.
func (c *Codec) Signed() bool { return c != nil && len(c.key) > 0 }

// sign returns the lowercase hex HMAC of the four JSON frames, or nil when
// unsigned.
func (c *Codec) sign(parts ...[]byte) []byte {
	if !c.Signed() {
		return nil
	}
	mac := c.pool.Get().(hash.Hash)
	mac.Reset()
	for _, p := range parts {
		mac.Write(p)
	}
	var sum [sha512.Size]byte
	s := mac.Sum(sum[:0])
	c.pool.Put(mac)
	out := make([]byte, hex.EncodedLen(len(s)))
	hex.Encode(out, s)
	return out
}

// verify checks sig (hex) against the four JSON frames in constant time.
func (c *Codec) verify(sig []byte, parts ...[]byte) bool {
	if !c.Signed() {
		return true
	}
	mac := c.pool.Get().(hash.Hash)
	mac.Reset()
	for _, p := range parts {
		mac.Write(p)
	}
	var sum [sha512.Size]byte
	want := mac.Sum(sum[:0])
	c.pool.Put(mac)
	if hex.DecodedLen(len(sig)) != len(want) {
		return false
	}
	var gotBuf [sha512.Size]byte
	got := gotBuf[:len(want)]
	if _, err := hex.Decode(got, sig); err != nil {
		return false
	}
	return hmac.Equal(got, want)
}

var emptyObject = json.RawMessage("{}")

func orEmpty(r json.RawMessage) json.RawMessage {
	if len(r) == 0 {
		return emptyObject
	}
	return r
}

// Encode returns the frames of m: identities, <IDS|MSG>, signature,
// header, parent_header, metadata, content, buffers.
func (c *Codec) Encode(m *Message) ([][]byte, error) {
	h, err := json.Marshal(&m.Header)
	if err != nil {
		return nil, fmt.Errorf("kernel: encode header: %w", err)
	}
	return c.encodeRaw(m.Identities, h, m.ParentHeader, m.Metadata, m.Content, m.Buffers), nil
}

// encodeRaw assembles frames from parts that are already JSON.
func (c *Codec) encodeRaw(ids [][]byte, header, parent, metadata, content json.RawMessage, buffers [][]byte) [][]byte {
	parent, metadata, content = orEmpty(parent), orEmpty(metadata), orEmpty(content)
	frames := make([][]byte, 0, len(ids)+6+len(buffers))
	frames = append(frames, ids...)
	frames = append(frames, delimiter, c.sign(header, parent, metadata, content), header, parent, metadata, content)
	frames = append(frames, buffers...)
	return frames
}

// Decode parses frames received on a socket into a message and verifies
// its signature. It does not check for replays: see ReplayGuard. The
// message's slices alias frames.
func (c *Codec) Decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, fmt.Errorf("%w: no <IDS|MSG> delimiter in %d frames", ErrFrames, len(frames))
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("%w: %d frames after <IDS|MSG>, want at least 5", ErrFrames, len(rest))
	}
	sig, header, parent, metadata, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	if !c.verify(sig, header, parent, metadata, content) {
		return nil, ErrSignature
	}
	m := &Message{
		Identities:   frames[:i:i],
		RawHeader:    header,
		ParentHeader: parent,
		Metadata:     metadata,
		Content:      content,
		Buffers:      rest[5:],
	}
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrJSON, err)
	}
	if m.Header.MsgType == "" || m.Header.MsgID == "" {
		return nil, fmt.Errorf("%w: header without msg_type or msg_id", ErrJSON)
	}
	for _, f := range []struct {
		name string
		raw  []byte
	}{{"header", header}, {"parent_header", parent}, {"metadata", metadata}, {"content", content}} {
		if !isObject(f.raw) {
			return nil, fmt.Errorf("%w: %s is not a JSON object", ErrJSON, f.name)
		}
	}
	return m, nil
}

// isObject reports whether b is valid JSON whose value is an object.
func isObject(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{' && json.Valid(b)
}

// Signature returns the signature frame of frames produced by Encode or
// received from a peer, or nil if there is none.
func Signature(frames [][]byte) []byte {
	for i, f := range frames {
		if bytes.Equal(f, delimiter) && i+1 < len(frames) {
			return frames[i+1]
		}
	}
	return nil
}

// ReplayGuard remembers the signatures of recent messages and rejects one
// seen before, as a defence against a replayed message. It holds at most
// its capacity, 32 bytes each: when full it forgets the oldest. It is safe
// for concurrent use; the zero value has capacity DefaultReplayCapacity.
type ReplayGuard struct {
	// Capacity is how many signatures it remembers; zero means
	// DefaultReplayCapacity.
	Capacity int

	mu   sync.Mutex
	seen map[[32]byte]struct{}
	ring [][32]byte
	next int
}

// DefaultReplayCapacity is the capacity of a zero ReplayGuard: 2^16, as
// jupyter_client's Session keeps (about 4 MB when full).
const DefaultReplayCapacity = 1 << 16

// replayKey is what the guard stores of a signature: the first 32 bytes
// of the digest it spells in hex, or a SHA-256 of the signature if it is
// not hex.
func replayKey(sig []byte) [32]byte {
	var k [32]byte
	var buf [sha512.Size]byte
	if len(sig)%2 == 0 && len(sig) <= 2*len(buf) {
		if n, err := hex.Decode(buf[:], sig); err == nil {
			copy(k[:], buf[:n])
			return k
		}
	}
	return sha256.Sum256(sig)
}

// Check records sig and returns ErrReplay if it was already recorded. An
// empty signature (unsigned messages) is never a replay.
func (g *ReplayGuard) Check(sig []byte) error {
	if len(sig) == 0 {
		return nil
	}
	key := replayKey(sig)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = make(map[[32]byte]struct{})
	}
	if _, dup := g.seen[key]; dup {
		return ErrReplay
	}
	capacity := g.Capacity
	if capacity <= 0 {
		capacity = DefaultReplayCapacity
	}
	if len(g.ring) < capacity {
		g.ring = append(g.ring, key)
	} else {
		delete(g.seen, g.ring[g.next])
		g.ring[g.next] = key
		g.next = (g.next + 1) % capacity
	}
	g.seen[key] = struct{}{}
	return nil
}
