package bench

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
)

// Defaults of Options: the documented sizes (docs/performance.md).
const (
	DefaultSeed           = 7
	DefaultUsers          = 10_000
	DefaultGroups         = 500
	DefaultMemberships    = 25_000
	DefaultMemoryUsers    = 100_000
	DefaultMemoryGroups   = 10_000
	DefaultLookupUsers    = 100_000
	DefaultPatchGroupSize = 50_000
	DefaultPatchBatch     = 100
	DefaultSamples        = 2_000
	DefaultStartupRuns    = 7
	DefaultLoadClients    = 8
)

// Options choose the sizes and phases of a run. Zero sizes take the
// defaults; Quick shrinks them all tenfold.
type Options struct {
	Seed int64

	// The org of the initial sync (and of the process-mode sync).
	Users       int
	Groups      int
	Memberships int
	// Workers is idpsim's push workers per app; 0 keeps idpsim's default.
	Workers int

	// The world loaded into the processes for the memory figure.
	MemoryUsers       int
	MemoryGroups      int
	MemoryMemberships int // default 2.5 per user, the sync org's ratio

	// The target lookup figures.
	LookupUsers    int
	PatchGroupSize int
	PatchBatch     int
	Samples        int // timed requests per lookup figure

	StartupRuns int
	LoadClients int // concurrent API clients loading the process worlds

	SkipBaseline  bool
	SkipSuite     bool
	SkipLookups   bool
	SkipProcesses bool // the memory and startup phases

	// BinDir holds prebuilt idpsim and castsim binaries; empty builds them
	// into a temporary directory with the go command, from ModuleDir (the
	// module root; found from the working directory when empty).
	BinDir    string
	ModuleDir string

	// CPUProfile and MutexProfile, when set, receive a CPU profile and a
	// mutex contention profile of the initial sync.
	CPUProfile   string
	MutexProfile string

	Progress io.Writer    // one line per phase; discarded when nil
	Logger   *slog.Logger // the servers' logs; discarded when nil
}

// Quick returns o with every unset size at a tenth of its default, for a
// run of a few seconds.
func (o Options) Quick() Options {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d / 10
		}
	}
	def(&o.Users, DefaultUsers)
	def(&o.Groups, DefaultGroups)
	def(&o.Memberships, DefaultMemberships)
	def(&o.MemoryUsers, DefaultMemoryUsers)
	def(&o.MemoryGroups, DefaultMemoryGroups)
	def(&o.LookupUsers, DefaultLookupUsers)
	def(&o.PatchGroupSize, DefaultPatchGroupSize)
	def(&o.Samples, DefaultSamples)
	if o.StartupRuns == 0 {
		o.StartupRuns = 3
	}
	return o
}

// Validate reports every problem of the options at once.
func (o Options) Validate() error {
	var errs []error
	for name, v := range map[string]int{
		"users": o.Users, "groups": o.Groups, "memberships": o.Memberships,
		"workers": o.Workers, "memory users": o.MemoryUsers, "memory groups": o.MemoryGroups,
		"memory memberships": o.MemoryMemberships, "lookup users": o.LookupUsers,
		"patch group size": o.PatchGroupSize, "patch batch": o.PatchBatch,
		"samples": o.Samples, "startup runs": o.StartupRuns, "load clients": o.LoadClients,
	} {
		if v < 0 {
			errs = append(errs, fmt.Errorf("%s %d is negative", name, v))
		}
	}
	if o.Groups == 0 && o.Memberships > 0 {
		errs = append(errs, errors.New("memberships need at least one group"))
	}
	if o.PatchBatch > 1000 {
		errs = append(errs, fmt.Errorf("patch batch %d: Okta sends at most 1000", o.PatchBatch))
	}
	if o.PatchGroupSize > 0 && o.PatchBatch > o.PatchGroupSize {
		errs = append(errs, errors.New("patch batch is larger than the patch group"))
	}
	return errors.Join(errs...)
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	def(&o.Users, DefaultUsers)
	def(&o.Groups, DefaultGroups)
	def(&o.Memberships, DefaultMemberships)
	def(&o.MemoryUsers, DefaultMemoryUsers)
	def(&o.MemoryGroups, DefaultMemoryGroups)
	def(&o.MemoryMemberships, o.MemoryUsers*5/2)
	def(&o.LookupUsers, DefaultLookupUsers)
	def(&o.PatchGroupSize, DefaultPatchGroupSize)
	def(&o.PatchBatch, DefaultPatchBatch)
	def(&o.Samples, DefaultSamples)
	def(&o.StartupRuns, DefaultStartupRuns)
	def(&o.LoadClients, DefaultLoadClients)
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
