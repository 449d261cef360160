package kerneltest_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/methodic-go/methodic/kernel"
	"github.com/methodic-go/methodic/kernel/kerneltest"
)

// shout is a toy language: a cell prints its code in capitals and has its
// length as result.
type shout struct{}

func (shout) Info() kernel.LanguageInfo { return kernel.LanguageInfo{Name: "shout"} }
func (shout) Execute(ctx context.Context, req kernel.ExecuteRequest, out kernel.Output) kernel.ExecuteReply {
	out.Stream("stdout", strings.ToUpper(req.Code)+"\n")
	return kernel.ExecuteReply{Result: kernel.MIMEData{Data: map[string]any{"text/plain": fmt.Sprint(len(req.Code))}}}
}
func (shout) Complete(code string, cursor int) kernel.CompleteReply { return kernel.CompleteReply{} }
func (shout) Inspect(code string, cursor, detail int) kernel.InspectReply {
	return kernel.InspectReply{}
}
func (shout) IsComplete(code string) (string, string) { return "complete", "" }

func Example() {
	srv, err := kerneltest.NewServer(shout{}, kernel.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := kerneltest.NewClient(srv.Info)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.WaitReady(); err != nil {
		log.Fatal(err)
	}

	e, err := c.Execute("hello")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(e.Reply.Status, " ", e.Reply.ExecutionCount, " ", e.Stdout())
	fmt.Println(e.Result()["text/plain"])
	fmt.Println(e.Types())

	info, err := c.Request(kerneltest.Control, "kernel_info_request", struct{}{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(kerneltest.Content(info)["implementation"])
	// Output:
	// ok 1 HELLO
	// 5
	// [status execute_input stream execute_result status]
	// methodic
}
