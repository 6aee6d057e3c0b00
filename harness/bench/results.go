package bench

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"strings"
)

// Results are the figures of one run. Phases that were skipped stay zero.
type Results struct {
	Machine  Machine
	Sync     SyncResult
	Baseline BaselineResult
	Suite    SuiteResult
	Lookups  LookupResult
	Memory   MemoryResult
	Startup  StartupResult
}

// SyncResult is the initial sync from idpsim to castsim.
type SyncResult struct {
	Users, Groups, Memberships int
	LoadSeconds                float64 // building the org in idpsim, engine paused
	Seconds                    float64 // resume to idle
	Requests                   int
	RequestsPerSecond          float64
	Kinds                      []KindStats
	// Journaled is how many exchanges the latency figures come from; less
	// than Requests only when idpsim's journal dropped some.
	Journaled int
	Failed    int // exchanges with an error status or no answer
	// Connections is how many TCP connections idpsim opened to castsim.
	Connections int
	Tasks       int // open provisioning tasks after the sync
	Verify      Verification
}

// KindStats are the latencies of one kind of SCIM request, as idpsim's
// client measured them (request sent to answer read).
type KindStats struct {
	Kind     string
	Count    int
	P50, P99 float64 // milliseconds
}

// Verification compares castsim's final state with the org.
type Verification struct {
	Users, Groups, Memberships int      // what castsim holds
	Problems                   []string // empty when it holds exactly the org
}

// OK reports whether castsim holds exactly the org.
func (v Verification) OK() bool { return len(v.Problems) == 0 }

// BaselineResult is the loopback baseline.
type BaselineResult struct {
	Requests          int
	Seconds           float64
	RequestsPerSecond float64
	Connections       int // TCP connections the client opened
}

// SuiteResult is one run of the default conformance suite.
type SuiteResult struct {
	Seconds                 float64
	Passed, Failed, Skipped int
}

// LookupResult holds castsim's lookup and PATCH figures, in milliseconds.
type LookupResult struct {
	Users              int
	LookupP50          float64
	LookupP99          float64
	GroupSize, Batch   int
	PatchP50, PatchP99 float64
}

// MemoryResult holds peak resident sets (VmHWM) in MiB.
type MemoryResult struct {
	SyncIdpsim, SyncCastsim   float64
	SyncVerified              bool
	SyncProblems              []string
	WorldUsers, WorldGroups   int
	WorldMemberships          int
	WorldIdpsim, WorldCastsim float64
	WorldLoadSeconds          float64
}

// StartupResult holds the median time from process start to /healthz 200.
type StartupResult struct {
	Runs                int
	IdpsimMs, CastsimMs float64
}

// Verified reports whether every sync that ran left castsim holding
// exactly the org.
func (r *Results) Verified() bool {
	memoryOK := r.Memory.SyncVerified || (r.Memory.SyncIdpsim == 0 && r.Memory.SyncCastsim == 0)
	return r.Sync.Verify.OK() && memoryOK
}

// EfficiencyRatio is the sync's requests per second over the baseline's.
func (r *Results) EfficiencyRatio() float64 {
	if r.Baseline.RequestsPerSecond == 0 {
		return 0
	}
	return r.Sync.RequestsPerSecond / r.Baseline.RequestsPerSecond
}

// Figures flattens the results into the numbers of bench-results.json.
// Booleans are 1 or 0.
func (r *Results) Figures() map[string]float64 {
	f := map[string]float64{"cpus": float64(r.Machine.CPUs)}
	add := func(on bool, figures map[string]float64) {
		if on {
			maps.Copy(f, figures)
		}
	}
	add(true, r.syncFigures())
	add(r.Baseline.Requests > 0, map[string]float64{
		"baseline_requests":            float64(r.Baseline.Requests),
		"baseline_requests_per_second": round(r.Baseline.RequestsPerSecond, 1),
		"baseline_connections":         float64(r.Baseline.Connections),
		"efficiency_ratio":             round(r.EfficiencyRatio(), 3),
	})
	add(r.Suite.Seconds > 0, map[string]float64{
		"suite_seconds": round(r.Suite.Seconds, 3),
		"suite_passed":  float64(r.Suite.Passed),
		"suite_failed":  float64(r.Suite.Failed),
	})
	add(r.Lookups.Users > 0, map[string]float64{
		"lookup_users":     float64(r.Lookups.Users),
		"lookup_p50_ms":    round(r.Lookups.LookupP50, 4),
		"lookup_p99_ms":    round(r.Lookups.LookupP99, 4),
		"patch_group_size": float64(r.Lookups.GroupSize),
		"patch_p50_ms":     round(r.Lookups.PatchP50, 4),
		"patch_p99_ms":     round(r.Lookups.PatchP99, 4),
	})
	add(r.Memory.SyncIdpsim > 0, map[string]float64{
		"rss_mib_idpsim_sync":  round(r.Memory.SyncIdpsim, 1),
		"rss_mib_castsim_sync": round(r.Memory.SyncCastsim, 1),
		"rss_sync_verified":    boolNumber(r.Memory.SyncVerified),
	})
	add(r.Memory.WorldIdpsim > 0, map[string]float64{
		"rss_world_users":        float64(r.Memory.WorldUsers),
		"rss_world_groups":       float64(r.Memory.WorldGroups),
		"rss_world_memberships":  float64(r.Memory.WorldMemberships),
		"rss_world_load_seconds": round(r.Memory.WorldLoadSeconds, 2),
		"rss_mib_idpsim_100k":    round(r.Memory.WorldIdpsim, 1),
		"rss_mib_castsim_100k":   round(r.Memory.WorldCastsim, 1),
		"rss_mib_100k":           round(r.Memory.WorldIdpsim+r.Memory.WorldCastsim, 1),
	})
	add(r.Startup.IdpsimMs > 0, map[string]float64{
		"startup_runs":       float64(r.Startup.Runs),
		"startup_ms_idpsim":  round(r.Startup.IdpsimMs, 2),
		"startup_ms_castsim": round(r.Startup.CastsimMs, 2),
	})
	return f
}

func (r *Results) syncFigures() map[string]float64 {
	s := r.Sync
	f := map[string]float64{
		"sync_users":               float64(s.Users),
		"sync_groups":              float64(s.Groups),
		"sync_memberships":         float64(s.Memberships),
		"sync_load_seconds":        round(s.LoadSeconds, 3),
		"initial_sync_seconds":     round(s.Seconds, 3),
		"sync_requests":            float64(s.Requests),
		"sync_requests_per_second": round(s.RequestsPerSecond, 1),
		"sync_connections":         float64(s.Connections),
		"sync_failed_requests":     float64(s.Failed),
		"sync_open_tasks":          float64(s.Tasks),
		"sync_verified":            boolNumber(s.Verify.OK()),
	}
	for _, k := range s.Kinds {
		key := "sync_" + strings.ReplaceAll(k.Kind, " ", "_")
		f[key+"_count"] = float64(k.Count)
		f[key+"_p50_ms"] = round(k.P50, 3)
		f[key+"_p99_ms"] = round(k.P99, 3)
	}
	return f
}

// WriteJSON writes the figures to path as one JSON object, keys sorted.
func (r *Results) WriteJSON(path string) error {
	data, err := json.MarshalIndent(r.Figures(), "", "  ")
	if err != nil {
		return fmt.Errorf("encode results: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write results: %w", err)
	}
	return nil
}

func boolNumber(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
