// Command fusion is the threat-intelligence exchange and forensics lab.
// Everything it does lives in internal/cli and below.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/fusion-cti/fusion/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // the first signal cancels; a second one kills
	}()
	code := cli.Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
