package serve

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// RunFunc serves a binary until ctx ends; ready, when set, receives the bound
// address.
type RunFunc func(ctx context.Context, args []string, getenv func(string) string,
	stderr io.Writer, ready func(addr string)) error

// HealthcheckFunc is a binary's `healthcheck` subcommand.
type HealthcheckFunc func(ctx context.Context, args []string, getenv func(string) string,
	stderr io.Writer) error

// Main is the body of a simulator binary's main: it runs `name healthcheck`
// or the server until SIGINT or SIGTERM, and exits 1 with the error on
// stderr when either fails.
func Main(name string, run RunFunc, healthcheck HealthcheckFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		err = healthcheck(ctx, os.Args[2:], os.Getenv, os.Stderr)
	} else {
		err = run(ctx, os.Args[1:], os.Getenv, os.Stderr, nil)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		stop()
		os.Exit(1)
	}
}
