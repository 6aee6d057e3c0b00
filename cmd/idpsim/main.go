// Command idpsim runs the fake Okta: the Okta Management API subset under
// /api/v1, the simulator control API under /_sim and the push engine that
// provisions SCIM apps. `idpsim healthcheck` probes a running server's
// /healthz (for a scratch container's HEALTHCHECK).
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
		fmt.Fprintln(os.Stderr, "idpsim:", err)
		os.Exit(1)
	}
}
