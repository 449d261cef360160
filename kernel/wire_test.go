package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const testKey = "methodic-test-key"

func testCodec(t testing.TB) *Codec {
	t.Helper()
	c, err := NewCodec("hmac-sha256", testKey)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testMessage() *Message {
	return &Message{
		Identities: [][]byte{[]byte("peer-1"), []byte("peer-2")},
		Header: Header{
			MsgID: "a1", Session: "s1", Username: "u", Date: "2024-01-01T00:00:00.000000Z",
			MsgType: "execute_request", Version: "5.4",
		},
		ParentHeader: json.RawMessage(`{"msg_id":"p0","msg_type":"x"}`),
		Metadata:     json.RawMessage(`{"cellId":"c"}`),
		Content:      json.RawMessage(`{"code":"1+1","silent":false}`),
		Buffers:      [][]byte{{0, 1, 2}, []byte("second")},
	}
}

// A signature computed by jupyter_client's Session.sign (see testdata).
func TestSignatureMatchesJupyterClient(t *testing.T) {
	c := testCodec(t)
	header := []byte(`{"msg_id":"a1","session":"s1","username":"u","date":"2024-01-01T00:00:00.000000Z","msg_type":"kernel_info_request","version":"5.4"}`)
	got := string(c.sign(header, []byte("{}"), []byte("{}"), []byte("{}")))
	const want = "87d76fd2de1130fa986b31dbc1d105863af400b75bbc380240f4ae0b394f2f3e" // Session(key=b"methodic-test-key").sign(...)
	if got != want {
		t.Fatalf("signature %s, want %s", got, want)
	}
}

// Frames written by jupyter_client's Session.serialize decode and verify.
func TestDecodeJupyterClientFrames(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "jupyter_client_frames.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Key, Scheme string
		Messages    []struct {
			MsgType string `json:"msg_type"`
			MsgID   string `json:"msg_id"`
			Frames  []string
		}
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	c, err := NewCodec(file.Scheme, file.Key)
	if err != nil {
		t.Fatal(err)
	}
	for _, fm := range file.Messages {
		var frames [][]byte
		for _, f := range fm.Frames {
			raw, err := base64.StdEncoding.DecodeString(f)
			if err != nil {
				t.Fatal(err)
			}
			frames = append(frames, raw)
		}
		m, err := c.Decode(frames)
		if err != nil {
			t.Fatalf("%s: %v", fm.MsgType, err)
		}
		if m.Header.MsgType != fm.MsgType || m.Header.MsgID != fm.MsgID {
			t.Errorf("header %+v", m.Header)
		}
		if len(m.Identities) != 1 || string(m.Identities[0]) != "routing-id" {
			t.Errorf("identities %q", m.Identities)
		}
		if fm.MsgType == "comm_msg" {
			if len(m.Buffers) != 1 || string(m.Buffers[0]) != "\x00\x01binary" {
				t.Errorf("buffers %q", m.Buffers)
			}
			var content struct{ Data map[string]string }
			if err := m.DecodeContent(&content); err != nil || content.Data["é"] != "ünïcode" {
				t.Errorf("content %v %v", content, err)
			}
		}
		// Any change to a signed frame breaks the signature.
		for i := 3; i <= 6; i++ {
			bad := append([][]byte(nil), frames...)
			bad[i] = append(append([]byte(nil), frames[i][:len(frames[i])-1]...), ' ', '}')
			if _, err := c.Decode(bad); !errors.Is(err, ErrSignature) {
				t.Errorf("%s: frame %d altered: err %v, want ErrSignature", fm.MsgType, i, err)
			}
		}
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	c := testCodec(t)
	m := testMessage()
	frames, err := c.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(frames) != 2+6+2 || string(frames[2]) != "<IDS|MSG>" {
		t.Fatalf("frames %q", frames)
	}
	// The signature is the HMAC-SHA256 of the four JSON frames.
	mac := hmac.New(sha256.New, []byte(testKey))
	for _, f := range frames[4:8] {
		mac.Write(f)
	}
	if want := hex.EncodeToString(mac.Sum(nil)); string(frames[3]) != want {
		t.Errorf("signature %s, want %s", frames[3], want)
	}
	got, err := c.Decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Identities, m.Identities) || got.Header != m.Header ||
		string(got.ParentHeader) != string(m.ParentHeader) || string(got.Metadata) != string(m.Metadata) ||
		string(got.Content) != string(m.Content) || !reflect.DeepEqual(got.Buffers, m.Buffers) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, m)
	}
	p, err := got.Parent()
	if err != nil || p.MsgID != "p0" {
		t.Errorf("parent %+v %v", p, err)
	}
	// Empty JSON parts are written as {}.
	frames, _ = c.Encode(&Message{Header: m.Header})
	for i := 3; i < 6; i++ {
		if string(frames[i]) != "{}" {
			t.Errorf("frame %d = %q, want {}", i, frames[i])
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	c := testCodec(t)
	good, err := c.Encode(testMessage())
	if err != nil {
		t.Fatal(err)
	}
	// signed returns frames whose JSON part i (0 header .. 3 content) is
	// replaced by s, correctly signed.
	signed := func(i int, s string) [][]byte {
		f := append([][]byte(nil), good...)
		f[4+i] = []byte(s)
		f[3] = c.sign(f[4], f[5], f[6], f[7])
		return f
	}
	wrongKey, _ := NewCodec("hmac-sha256", "another key")
	otherFrames, _ := wrongKey.Encode(testMessage())
	flipped := append([][]byte(nil), good...)
	sig := []byte(string(good[3]))
	sig[0] ^= 1
	flipped[3] = sig
	cases := []struct {
		name   string
		frames [][]byte
		want   error
	}{
		{"no frames", nil, ErrFrames},
		{"no delimiter", [][]byte{[]byte("id"), []byte("{}")}, ErrFrames},
		{"missing content", good[:7], ErrFrames},
		{"only delimiter", [][]byte{[]byte("<IDS|MSG>")}, ErrFrames},
		{"flipped signature bit", flipped, ErrSignature},
		{"empty signature", append(append([][]byte(nil), good[:3]...), append([][]byte{{}}, good[4:]...)...), ErrSignature},
		{"non-hex signature", append(append([][]byte(nil), good[:3]...), append([][]byte{[]byte(strings.Repeat("z", 64))}, good[4:]...)...), ErrSignature},
		{"other key", otherFrames, ErrSignature},
		{"header not JSON", signed(0, `{"msg_id":`), ErrJSON},
		{"header without msg_type", signed(0, `{"msg_id":"x"}`), ErrJSON},
		{"header without msg_id", signed(0, `{"msg_type":"x"}`), ErrJSON},
		{"header an array", signed(0, `[1]`), ErrJSON},
		{"parent not JSON", signed(1, `{`), ErrJSON},
		{"metadata a string", signed(2, `"x"`), ErrJSON},
		{"content not JSON", signed(3, `{"code": }`), ErrJSON},
		{"content null", signed(3, `null`), ErrJSON},
	}
	for _, tc := range cases {
		m, err := c.Decode(tc.frames)
		if !errors.Is(err, tc.want) || m != nil {
			t.Errorf("%s: got (%v, %v), want error %v", tc.name, m, err, tc.want)
		}
	}
	if _, err := c.Decode(good); err != nil {
		t.Errorf("good frames: %v", err)
	}
}

func TestExtraFramesAreBuffers(t *testing.T) {
	c := testCodec(t)
	m := testMessage()
	m.Buffers = nil
	frames, _ := c.Encode(m)
	frames = append(frames, []byte("b1"), nil, []byte("<IDS|MSG>"))
	got, err := c.Decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Buffers) != 3 || string(got.Buffers[0]) != "b1" || len(got.Buffers[1]) != 0 {
		t.Errorf("buffers %q", got.Buffers)
	}
	// No identities at all is fine too (a DEALER peer's view).
	frames, _ = c.Encode(&Message{Header: m.Header})
	if got, err := c.Decode(frames); err != nil || len(got.Identities) != 0 {
		t.Errorf("no identities: %v %v", got, err)
	}
}

func TestUnsigned(t *testing.T) {
	c, err := NewCodec("hmac-sha256", "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Signed() {
		t.Fatal("empty key signs")
	}
	frames, _ := c.Encode(testMessage())
	if len(frames[3]) != 0 {
		t.Errorf("unsigned signature frame %q, want empty", frames[3])
	}
	frames[3] = []byte("anything goes")
	if _, err := c.Decode(frames); err != nil {
		t.Errorf("unsigned decode: %v", err)
	}
	// A signing codec refuses unsigned frames.
	frames[3] = nil
	if _, err := testCodec(t).Decode(frames); !errors.Is(err, ErrSignature) {
		t.Errorf("signed codec accepted an unsigned message: %v", err)
	}
}

func TestSchemes(t *testing.T) {
	for _, s := range []string{"hmac-sha256", "", "hmac-sha512", "hmac-sha1", "hmac-md5", "HMAC-SHA256"} {
		c, err := NewCodec(s, "k")
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		frames, _ := c.Encode(testMessage())
		if _, err := c.Decode(frames); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := NewCodec("hmac-whirlpool", "k"); err == nil {
		t.Error("unknown scheme accepted")
	}
	a, _ := NewCodec("hmac-sha256", "k")
	b, _ := NewCodec("hmac-sha512", "k")
	frames, _ := a.Encode(testMessage())
	if _, err := b.Decode(frames); !errors.Is(err, ErrSignature) {
		t.Errorf("sha256 message verified as sha512: %v", err)
	}
}

func TestReplayGuard(t *testing.T) {
	g := ReplayGuard{Capacity: 3}
	sig := func(i int) []byte { return []byte(fmt.Sprintf("sig-%d", i)) }
	if err := g.Check(sig(1)); err != nil {
		t.Fatal(err)
	}
	if err := g.Check(sig(1)); !errors.Is(err, ErrReplay) {
		t.Fatalf("replay not detected: %v", err)
	}
	if err := g.Check(nil); err != nil {
		t.Errorf("empty signature: %v", err)
	}
	if err := g.Check(nil); err != nil {
		t.Errorf("empty signature twice: %v", err)
	}
	for i := 2; i <= 4; i++ {
		if err := g.Check(sig(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Capacity 3: sig-1 is forgotten, sig-2..4 remembered.
	if len(g.seen) != 3 {
		t.Errorf("guard holds %d signatures, want 3", len(g.seen))
	}
	if err := g.Check(sig(1)); err != nil {
		t.Errorf("oldest signature still remembered: %v", err)
	}
	if err := g.Check(sig(3)); !errors.Is(err, ErrReplay) {
		t.Errorf("recent signature forgotten: %v", err)
	}
}

func TestReadConnectionFile(t *testing.T) {
	info, err := ReadConnectionFile(filepath.Join("testdata", "connection.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := ConnectionInfo{
		Transport: "tcp", IP: "127.0.0.1", ShellPort: 53794, IOPubPort: 53795, StdinPort: 53796,
		ControlPort: 53797, HBPort: 53798, SignatureScheme: "hmac-sha256",
		Key: "a0436f6c-1916-498b-8eb9-e81ab9368e84", KernelName: "methodic",
	}
	if info != want {
		t.Errorf("got %+v\nwant %+v", info, want)
	}
	if got := info.Endpoint(info.ShellPort); got != "tcp://127.0.0.1:53794" {
		t.Errorf("endpoint %s", got)
	}
	ipc := ConnectionInfo{Transport: "ipc", IP: "/tmp/kernel-x"}
	if got := ipc.Endpoint(3); got != "ipc:///tmp/kernel-x-3" {
		t.Errorf("ipc endpoint %s", got)
	}
	if got := (ConnectionInfo{IP: "::1"}).Endpoint(9); got != "tcp://[::1]:9" {
		t.Errorf("ipv6 endpoint %s", got)
	}

	dir := t.TempDir()
	p := filepath.Join(dir, "c.json")
	if err := info.WriteFile(p); err != nil {
		t.Fatal(err)
	}
	back, err := ReadConnectionFile(p)
	if err != nil || back != info {
		t.Errorf("write/read: %+v %v", back, err)
	}
	for name, body := range map[string]string{
		"bad.json":       `{"shell_port": `,
		"transport.json": `{"transport": "udp", "ip": "127.0.0.1"}`,
		"scheme.json":    `{"key": "k", "signature_scheme": "rot13"}`,
		"port.json":      `{"shell_port": 70000}`,
		"ipcpath.json":   `{"transport": "ipc"}`,
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		if _, err := ReadConnectionFile(p); err == nil || !strings.HasPrefix(err.Error(), "kernel: ") {
			t.Errorf("%s: err %v", name, err)
		}
	}
	if _, err := ReadConnectionFile(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// splitFrames turns fuzz input into frames: frames are separated by the
// two bytes 0xff 0x00, which never occur in UTF-8 text.
func splitFrames(data []byte) [][]byte {
	if len(data) == 0 {
		return nil
	}
	return bytes.Split(data, []byte{0xff, 0x00})
}

func joinFrames(frames [][]byte) []byte { return bytes.Join(frames, []byte{0xff, 0x00}) }

// FuzzDecode feeds arbitrary frames to both an unsigned and a signing
// codec. Decode must never panic, and whatever decodes must encode and
// decode again to the same message.
func FuzzDecode(f *testing.F) {
	signedC := testCodec(f)
	unsignedC, _ := NewCodec("", "")
	for _, c := range []*Codec{signedC, unsignedC} {
		frames, _ := c.Encode(testMessage())
		f.Add(joinFrames(frames))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		frames := splitFrames(data)
		for _, c := range []*Codec{unsignedC, signedC} {
			m, err := c.Decode(frames)
			if err != nil {
				if m != nil {
					t.Fatalf("message and error: %v", err)
				}
				continue
			}
			again, err := c.Encode(m)
			if err != nil {
				t.Fatalf("re-encode: %v", err)
			}
			m2, err := c.Decode(again)
			if err != nil {
				t.Fatalf("re-decode: %v", err)
			}
			if m2.Header != m.Header || string(m2.Content) != string(m.Content) ||
				string(m2.ParentHeader) != string(m.ParentHeader) || len(m2.Buffers) != len(m.Buffers) ||
				len(m2.Identities) != len(m.Identities) {
				t.Fatalf("round trip changed the message:\n%+v\n%+v", m, m2)
			}
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	c := testCodec(b)
	m := testMessage()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Encode(m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	c := testCodec(b)
	frames, _ := c.Encode(testMessage())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Decode(frames); err != nil {
			b.Fatal(err)
		}
	}
}
