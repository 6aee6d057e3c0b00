package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteTable prints the figures as a table, with the budget (for the
// default sizes on a 2-core machine) beside each headline figure.
func (r *Results) WriteTable(w io.Writer) error {
	m := r.Machine
	fmt.Fprintf(w, "machine: %d CPUs (%s), GOMAXPROCS %d, %s %s/%s\n\n", m.CPUs, m.CPUModel,
		m.GOMAXPROCS, m.GoVersion, m.OS, m.Arch)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(name, value, budget string) { fmt.Fprintf(tw, "%s\t%s\t%s\n", name, value, budget) }
	row("FIGURE", "VALUE", "BUDGET")

	s := r.Sync
	row(fmt.Sprintf("initial sync (%d users, %d groups, %d memberships)", s.Users, s.Groups,
		s.Memberships), fmt.Sprintf("%.2f s", s.Seconds), "≤ 15 s")
	row("  requests", fmt.Sprintf("%d (%.0f/s) on %d connections, %d failed", s.Requests,
		s.RequestsPerSecond, s.Connections, s.Failed), "")
	for _, k := range s.Kinds {
		row("  "+k.Kind, fmt.Sprintf("%d × p50 %.2f ms, p99 %.2f ms", k.Count, k.P50, k.P99), "")
	}
	row("  castsim holds exactly the org", verdict(s.Verify), "")
	row("  building the org in idpsim (not timed above)", fmt.Sprintf("%.2f s", s.LoadSeconds), "")
	if r.Baseline.Requests > 0 {
		b := r.Baseline
		row("loopback baseline", fmt.Sprintf("%d requests, %.0f/s on %d connections", b.Requests,
			b.RequestsPerSecond, b.Connections), "")
		row("efficiency ratio (sync/baseline)", fmt.Sprintf("%.2f", r.EfficiencyRatio()), "≥ 0.5")
	}
	if su := r.Suite; su.Seconds > 0 {
		row("default conformance suite", fmt.Sprintf("%.2f s (%d passed, %d failed, %d skipped)",
			su.Seconds, su.Passed, su.Failed, su.Skipped), "≤ 10 s")
	}
	if l := r.Lookups; l.Users > 0 {
		row(fmt.Sprintf("userName eq among %d users", l.Users),
			fmt.Sprintf("p50 %.3f ms, p99 %.3f ms", l.LookupP50, l.LookupP99), "p50 < 1 ms")
	}
	if l := r.Lookups; l.GroupSize > 0 && l.PatchP50 > 0 {
		row(fmt.Sprintf("%d-member PATCH on %d members", l.Batch, l.GroupSize),
			fmt.Sprintf("p50 %.3f ms, p99 %.3f ms", l.PatchP50, l.PatchP99), "p50 < 5 ms")
	}
	r.memoryRows(row)
	return tw.Flush()
}

func (r *Results) memoryRows(row func(name, value, budget string)) {
	mem := r.Memory
	if mem.SyncIdpsim > 0 {
		row("peak RSS after the sync", fmt.Sprintf("idpsim %.1f MiB, castsim %.1f MiB",
			mem.SyncIdpsim, mem.SyncCastsim), "")
		ok := "yes"
		if !mem.SyncVerified {
			ok = "NO: " + strings.Join(mem.SyncProblems, "; ")
		}
		row("  castsim process holds exactly the org", ok, "")
	}
	if mem.WorldIdpsim > 0 {
		row(fmt.Sprintf("peak RSS, %d users + %d groups + %d memberships", mem.WorldUsers,
			mem.WorldGroups, mem.WorldMemberships),
			fmt.Sprintf("%.1f MiB (idpsim %.1f, castsim %.1f)", mem.WorldIdpsim+mem.WorldCastsim,
				mem.WorldIdpsim, mem.WorldCastsim), "< 500 MiB")
	}
	if st := r.Startup; st.Runs > 0 && st.IdpsimMs > 0 {
		row(fmt.Sprintf("startup to /healthz 200 (median of %d)", st.Runs),
			fmt.Sprintf("idpsim %.1f ms, castsim %.1f ms", st.IdpsimMs, st.CastsimMs), "< 200 ms each")
	}
}

func verdict(v Verification) string {
	if v.OK() {
		return fmt.Sprintf("yes (%d users, %d groups, %d memberships)", v.Users, v.Groups,
			v.Memberships)
	}
	return "NO: " + strings.Join(v.Problems, "; ")
}
