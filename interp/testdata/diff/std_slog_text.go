// log/slog with a text handler writing to stdout, without time.
package main

import (
	"log/slog"
	"os"
)

func main() {
	h := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		},
	})
	log := slog.New(h)
	log.Info("hello", "n", 3, "ok", true)
	log.Debug("details", slog.Group("req", "method", "GET", "path", "/x"))
	log.With("user", "ann").Warn("careful", "ratio", 0.25)
	log.Error("failed", "err", os.ErrNotExist)
}
