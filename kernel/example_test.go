package kernel_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/methodic-go/methodic/kernel"
)

// A message signed with the connection's key, and verified back.
func ExampleCodec() {
	codec, err := kernel.NewCodec("hmac-sha256", "a secret key")
	if err != nil {
		log.Fatal(err)
	}
	frames, err := codec.Encode(&kernel.Message{
		Identities: [][]byte{[]byte("client-1")},
		Header:     kernel.Header{MsgID: "m1", Session: "s1", MsgType: "kernel_info_request", Version: kernel.ProtocolVersion},
		Content:    json.RawMessage(`{}`),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d frames, delimiter %s, signature of %d hex digits\n", len(frames), frames[1], len(frames[2]))

	m, err := codec.Decode(frames)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Header.MsgType, string(m.Identities[0]))

	frames[5] = []byte(`{"tampered":true}`) // metadata
	_, err = codec.Decode(frames)
	fmt.Println(err)
	// Output:
	// 7 frames, delimiter <IDS|MSG>, signature of 64 hex digits
	// kernel_info_request client-1
	// kernel: bad signature
}

func ExampleReadConnectionFile() {
	info, err := kernel.ReadConnectionFile("testdata/connection.json")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.Endpoint(info.ShellPort), info.SignatureScheme)
	// Output: tcp://127.0.0.1:53794 hmac-sha256
}

// What `methodic kernel CONNECTION_FILE` does, with interp an Interpreter.
func ExampleRun() {
	var interp kernel.Interpreter // interp.NewSession(...) in the real program
	if interp == nil {
		return
	}
	info, err := kernel.ReadConnectionFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	// SIGTERM (or the ctx of a caller) stops the kernel cleanly; SIGINT
	// interrupts the running cell.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	restart, err := kernel.Run(ctx, info, interp, kernel.Options{HandleSIGINT: true, Version: "0.1.0"})
	if err != nil {
		log.Fatal(err)
	}
	_ = restart // Jupyter starts a new process itself; just exit
}
