// Command castsim runs the Cast AI-style reference target: a SCIM 2.0
// service provider under /scim/v2, the console API under /v1 and /healthz.
// `castsim healthcheck` probes a running server's /healthz (for a scratch
// container's HEALTHCHECK).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		err = healthcheck(ctx, os.Args[2:], os.Getenv, os.Stderr)
	} else {
		err = run(ctx, os.Args[1:], os.Getenv, os.Stderr, nil)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "castsim:", err)
		os.Exit(1)
	}
}
