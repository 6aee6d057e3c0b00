package bench

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Run measures what o asks for and returns the figures. A phase that fails
// stops the run; the figures of the phases before it are returned with the
// error.
func Run(ctx context.Context, o Options) (res *Results, err error) {
	if err := o.Validate(); err != nil {
		return nil, fmt.Errorf("check options: %w", err)
	}
	r := &runner{o: o.withDefaults(), res: &Results{Machine: thisMachine()}}
	defer func() {
		if r.procs != nil {
			err = errors.Join(err, r.procs.close())
		}
	}()
	for _, p := range r.phases() {
		if p.skip {
			continue
		}
		fmt.Fprintf(r.o.Progress, "bench: %s\n", p.name)
		began := time.Now()
		if err := p.run(ctx); err != nil {
			return r.res, fmt.Errorf("%s: %w", p.name, err)
		}
		fmt.Fprintf(r.o.Progress, "bench: %s took %s\n", p.name,
			time.Since(began).Round(time.Millisecond))
	}
	return r.res, nil
}

// runner holds what one phase hands to the next.
type runner struct {
	o     Options
	res   *Results
	sync  *syncRun
	procs *processes
}

type phase struct {
	name string
	skip bool
	run  func(context.Context) error
}

func (r *runner) phases() []phase {
	o := r.o
	return []phase{
		{name: "initial sync", run: r.initialSync},
		{name: "loopback baseline", skip: o.SkipBaseline, run: r.baseline},
		{name: "conformance suite", skip: o.SkipSuite, run: func(ctx context.Context) error {
			var err error
			r.res.Suite, err = runSuite(ctx, o)
			return err
		}},
		{name: "target lookups", skip: o.SkipLookups, run: func(ctx context.Context) error {
			var err error
			r.res.Lookups, err = runLookups(ctx, o)
			return err
		}},
		{name: "build binaries", skip: o.SkipProcesses, run: func(ctx context.Context) error {
			var err error
			r.procs, err = newProcesses(ctx, o)
			return err
		}},
		{name: "startup", skip: o.SkipProcesses, run: func(ctx context.Context) error {
			var err error
			r.res.Startup, err = r.procs.startup(ctx)
			return err
		}},
		{name: "memory after the sync", skip: o.SkipProcesses, run: func(ctx context.Context) error {
			return r.procs.syncMemory(ctx, &r.res.Memory)
		}},
		{name: "memory of the big world", skip: o.SkipProcesses, run: func(ctx context.Context) error {
			return r.procs.worldMemory(ctx, &r.res.Memory)
		}},
	}
}

func (r *runner) initialSync(ctx context.Context) error {
	s, err := runSync(ctx, r.o)
	if err != nil {
		return err
	}
	// A failed verification is a result, shown with the figures.
	r.sync, r.res.Sync = s, s.result
	return nil
}

func (r *runner) baseline(ctx context.Context) error {
	reqs := replayRequests(r.sync.exchanges, r.sync.basePath)
	var err error
	r.res.Baseline, err = runBaseline(ctx, reqs, r.sync.result.Requests, r.o.Workers,
		journalSize(r.o))
	return err
}
