// Command idpbench measures idpsim and castsim on this machine: the initial
// sync of a generated org over loopback HTTP against a loopback baseline, the
// conformance suite's wall time, castsim's lookups, the peak memory of both
// binaries and their startup time. It prints a table and writes the figures
// to bench-results.json. It never judges a timing: the exit status is 1 only
// when a phase fails or castsim does not end up holding exactly the org.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/idpsim/idpsim/harness/bench"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// cli is what the flags choose beyond bench.Options.
type cli struct {
	opts  bench.Options
	out   string
	quick bool
}

func run(args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "idpbench:", err)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := bench.Run(ctx, c.opts)
	if res != nil {
		fmt.Fprintln(stdout)
		if terr := res.WriteTable(stdout); terr != nil {
			err = errors.Join(err, terr)
		}
		if werr := res.WriteJSON(c.out); werr != nil {
			err = errors.Join(err, werr)
		} else {
			fmt.Fprintf(stdout, "\nfigures written to %s\n", c.out)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "idpbench:", err)
		return 1
	}
	if !res.Verified() {
		fmt.Fprintln(stderr, "idpbench: castsim does not hold exactly the org after a sync")
		return 1
	}
	return 0
}

func parseFlags(args []string, stderr io.Writer) (cli, error) {
	var c cli
	o := &c.opts
	fs := flag.NewFlagSet("idpbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: idpbench [flags]\n\n"+
			"Measures idpsim and castsim on this machine; figures only, no pass/fail on time.\n"+
			"Zero sizes take the defaults below (a tenth of them with --quick).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.StringVar(&c.out, "out", "bench-results.json", "where to write the figures as JSON")
	fs.BoolVar(&c.quick, "quick", false, "every size at a tenth of its default")
	fs.Int64Var(&o.Seed, "seed", bench.DefaultSeed, "seed of the generated orgs")
	fs.IntVar(&o.Users, "users", 0, "users of the synced org (default 10000)")
	fs.IntVar(&o.Groups, "groups", 0, "pushed groups of the synced org (default 500)")
	fs.IntVar(&o.Memberships, "memberships", 0, "memberships of the synced org (default 25000)")
	fs.IntVar(&o.Workers, "workers", 0, "idpsim push workers per app (default idpsim's, 4)")
	fs.IntVar(&o.MemoryUsers, "memory-users", 0, "users of the memory world (default 100000)")
	fs.IntVar(&o.MemoryGroups, "memory-groups", 0, "groups of the memory world (default 10000)")
	fs.IntVar(&o.MemoryMemberships, "memory-memberships", 0,
		"memberships of the memory world (default 2.5 per user)")
	fs.IntVar(&o.LookupUsers, "lookup-users", 0, "users castsim holds for lookups (default 100000)")
	fs.IntVar(&o.PatchGroupSize, "patch-group", 0, "members of the PATCHed group (default 50000)")
	fs.IntVar(&o.Samples, "samples", 0, "timed requests per lookup figure (default 2000)")
	fs.IntVar(&o.StartupRuns, "startup-runs", 0, "process starts per binary (default 7)")
	fs.BoolVar(&o.SkipBaseline, "skip-baseline", false, "skip the loopback baseline")
	fs.BoolVar(&o.SkipSuite, "skip-suite", false, "skip the conformance suite")
	fs.BoolVar(&o.SkipLookups, "skip-lookups", false, "skip castsim's lookup figures")
	fs.BoolVar(&o.SkipProcesses, "skip-processes", false, "skip the memory and startup figures")
	fs.StringVar(&o.BinDir, "bin-dir", "",
		"directory holding built idpsim and castsim binaries (default: build them)")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the initial sync here")
	fs.StringVar(&o.MutexProfile, "mutexprofile", "",
		"write a mutex contention profile of the initial sync here")
	logLevel := fs.String("log-level", "", "log the servers to stderr: debug, info, warn, error")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.quick {
		c.opts = c.opts.Quick()
	}
	o.Progress = stderr
	if *logLevel != "" {
		var lvl slog.Level
		if err := lvl.UnmarshalText([]byte(*logLevel)); err != nil {
			return c, fmt.Errorf("log level %q: %w", *logLevel, err)
		}
		o.Logger = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: lvl}))
	}
	return c, c.opts.Validate()
}
