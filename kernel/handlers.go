package kernel

import (
	"unicode/utf8"
)

// Implementation is the implementation field of kernel_info_reply.
const Implementation = "methodic"

func (k *Kernel) kernelInfo(r request) {
	li := k.interp.Info()
	links := make([]map[string]string, 0, len(li.HelpLinks))
	for _, l := range li.HelpLinks {
		links = append(links, map[string]string{"text": l.Text, "url": l.URL})
	}
	version := k.opts.Version
	if version == "" {
		version = "dev"
	}
	k.reply(r, map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         Implementation,
		"implementation_version": version,
		"language_info": map[string]any{
			"name":            li.Name,
			"version":         li.Version,
			"mimetype":        li.Mimetype,
			"file_extension":  li.FileExtension,
			"pygments_lexer":  li.PygmentsLexer,
			"codemirror_mode": li.CodemirrorMode,
		},
		"banner":     li.Banner,
		"help_links": links,
		"debugger":   false,
	})
}

type codeCursor struct {
	Code        string `json:"code"`
	CursorPos   *int   `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// cursor returns the cursor position, in code points; a missing one is the
// end of the code, as the spec says.
func (c codeCursor) cursor() int {
	n := utf8.RuneCountInString(c.Code)
	if c.CursorPos == nil || *c.CursorPos > n {
		return n
	}
	if *c.CursorPos < 0 {
		return 0
	}
	return *c.CursorPos
}

func (k *Kernel) decodeOrReply(r request, v any) bool {
	if err := r.msg.DecodeContent(v); err != nil {
		k.log.Warn("bad request content", "msg_type", r.msg.Header.MsgType, "err", err)
		k.replyError(r, "BadRequest", err.Error(), nil)
		return false
	}
	return true
}

func (k *Kernel) complete(r request) {
	var c codeCursor
	if !k.decodeOrReply(r, &c) {
		return
	}
	pos := c.cursor()
	rep := k.interp.Complete(c.Code, pos)
	matches := rep.Matches
	if matches == nil {
		matches = []string{}
	}
	md := rep.Metadata
	if md == nil {
		md = map[string]any{}
	}
	start, end := rep.CursorStart, rep.CursorEnd
	if len(rep.Matches) == 0 && start == 0 && end == 0 {
		start, end = pos, pos
	}
	k.reply(r, map[string]any{
		"status":       "ok",
		"matches":      matches,
		"cursor_start": start,
		"cursor_end":   end,
		"metadata":     md,
	})
}

func (k *Kernel) inspect(r request) {
	var c codeCursor
	if !k.decodeOrReply(r, &c) {
		return
	}
	rep := k.interp.Inspect(c.Code, c.cursor(), c.DetailLevel)
	data, md := rep.Data, rep.Metadata
	if data == nil {
		data = map[string]any{}
	}
	if md == nil {
		md = map[string]any{}
	}
	k.reply(r, map[string]any{
		"status":   "ok",
		"found":    rep.Found,
		"data":     data,
		"metadata": md,
	})
}

func (k *Kernel) isComplete(r request) {
	var c codeCursor
	if !k.decodeOrReply(r, &c) {
		return
	}
	status, indent := k.interp.IsComplete(c.Code)
	switch status {
	case "complete", "incomplete", "invalid", "unknown":
	default:
		k.log.Warn("Interpreter.IsComplete gave an unknown status", "status", status)
		status = "unknown"
	}
	content := map[string]any{"status": status}
	if status == "incomplete" {
		content["indent"] = indent
	}
	k.reply(r, content)
}

func (k *Kernel) historyRequest(r request) {
	var c historyRequest
	if !k.decodeOrReply(r, &c) {
		return
	}
	k.mu.Lock()
	all := k.history[:len(k.history):len(k.history)]
	k.mu.Unlock()
	es, err := selectHistory(all, k.opts.HistorySession, c)
	if err != nil {
		k.replyError(r, "BadRequest", err.Error(), nil)
		return
	}
	k.reply(r, map[string]any{
		"status":  "ok",
		"history": historyItems(es, k.opts.HistorySession, c.Output),
	})
}

// The kernel has no comm targets: comm_info lists none, comm_open to any
// target is answered with comm_close on IOPub (as ipykernel does for an
// unknown target), comm_msg and comm_close for unknown comms are logged.
func (k *Kernel) commInfo(r request) {
	k.reply(r, map[string]any{"status": "ok", "comms": map[string]any{}})
}

func (k *Kernel) commOpen(r request) {
	var c struct {
		CommID     string `json:"comm_id"`
		TargetName string `json:"target_name"`
	}
	if err := r.msg.DecodeContent(&c); err != nil || c.CommID == "" {
		k.log.Warn("bad comm_open", "err", err)
		return
	}
	k.log.Info("comm_open to unknown target: closing it", "target_name", c.TargetName, "comm_id", c.CommID)
	k.publishContent("comm_close", r.msg, map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
}

func (k *Kernel) commMsg(r request) {
	var c struct {
		CommID string `json:"comm_id"`
	}
	_ = r.msg.DecodeContent(&c)
	k.log.Info("comm_msg to unknown comm ignored", "comm_id", c.CommID)
}

func (k *Kernel) commClose(r request) {
	var c struct {
		CommID string `json:"comm_id"`
	}
	_ = r.msg.DecodeContent(&c)
	k.log.Info("comm_close of unknown comm ignored", "comm_id", c.CommID)
}

func (k *Kernel) shutdownRequest(r request) {
	var c struct {
		Restart bool `json:"restart"`
	}
	if !k.decodeOrReply(r, &c) {
		return
	}
	k.log.Info("shutdown requested", "channel", r.channel, "restart", c.Restart)
	k.reply(r, map[string]any{"status": "ok", "restart": c.Restart})
	// handle shuts the kernel down after it has published idle.
	k.mu.Lock()
	k.shutdownAsked, k.restart = true, c.Restart
	k.mu.Unlock()
}

func (k *Kernel) interruptRequest(r request) {
	k.Interrupt()
	k.reply(r, map[string]any{"status": "ok"})
}

func (k *Kernel) connect(r request) {
	k.reply(r, map[string]any{
		"status":       "ok",
		"shell_port":   k.info.ShellPort,
		"iopub_port":   k.info.IOPubPort,
		"stdin_port":   k.info.StdinPort,
		"hb_port":      k.info.HBPort,
		"control_port": k.info.ControlPort,
	})
}
