package kernel

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
)

// ConnectionInfo is the content of a Jupyter connection file: where the
// five sockets listen and how messages are signed.
//
// With transport "tcp", IP is an address and each socket listens on
// tcp://IP:PORT; a zero port makes the kernel pick a free one (see
// Kernel.Connection). With transport "ipc", IP is a path prefix and each
// socket listens on ipc://IP-PORT, as jupyter_client names them.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	HBPort          int    `json:"hb_port"`
	SignatureScheme string `json:"signature_scheme"`
	Key             string `json:"key"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and checks a connection file.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	var info ConnectionInfo
	b, err := os.ReadFile(path)
	if err != nil {
		return info, fmt.Errorf("kernel: %w", err)
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("kernel: connection file %s: %w", path, err)
	}
	if err := info.check(); err != nil {
		return info, fmt.Errorf("kernel: connection file %s: %w", path, err)
	}
	return info, nil
}

// WriteFile writes info as a connection file readable only by its owner.
func (info ConnectionInfo) WriteFile(path string) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return fmt.Errorf("kernel: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("kernel: %w", err)
	}
	return nil
}

func (info *ConnectionInfo) check() error {
	if info.Transport == "" {
		info.Transport = "tcp"
	}
	switch info.Transport {
	case "tcp", "ipc":
	default:
		return fmt.Errorf("unsupported transport %q", info.Transport)
	}
	if info.IP == "" {
		if info.Transport == "ipc" {
			return fmt.Errorf("ipc transport without a path in ip")
		}
		info.IP = "127.0.0.1"
	}
	for _, p := range []int{info.ShellPort, info.ControlPort, info.IOPubPort, info.StdinPort, info.HBPort} {
		if p < 0 || p > 65535 {
			return fmt.Errorf("port %d out of range", p)
		}
	}
	if _, err := NewCodec(info.SignatureScheme, info.Key); err != nil {
		return err
	}
	return nil
}

// Endpoint returns the ZeroMQ endpoint of a port: tcp://IP:PORT or
// ipc://IP-PORT.
func (info ConnectionInfo) Endpoint(port int) string {
	if info.Transport == "ipc" {
		return "ipc://" + info.IP + "-" + strconv.Itoa(port)
	}
	ip := info.IP
	if ip == "" {
		ip = "127.0.0.1"
	}
	if ip == "*" {
		ip = "0.0.0.0" // libzmq's "all interfaces"
	}
	return "tcp://" + joinHostPort(ip, port)
}

// ClientEndpoint is the endpoint a zmq4 socket in this process should
// dial to reach a port of the kernel (kerneltest's client does): the same
// address as Endpoint, through the kernel's own transport, which reads
// through a buffer and writes each message with one system call instead
// of two per frame.
func (info ConnectionInfo) ClientEndpoint(port int) string {
	registerTransports()
	return guardedEndpoint(info.Endpoint(port))
}

func joinHostPort(host string, port int) string {
	for i := 0; i < len(host); i++ {
		if host[i] == ':' {
			return "[" + host + "]:" + strconv.Itoa(port)
		}
	}
	return host + ":" + strconv.Itoa(port)
}
