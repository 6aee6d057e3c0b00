package robustness

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/okta"
)

// Shares of all outbound SCIM requests that fail, per the issue: 20% 503,
// 10% 429 (Retry-After 1s, shrunk by the time scale), 5% lost responses.
// Rules fire in order, so each rate is the share of what the rules before it
// let through.
var lossyRules = []map[string]any{
	{"rate": 0.20, "action": "status", "status": 503, "detail": "injected 503"},
	{
		"rate": 0.10 / 0.80, "action": "status", "status": 429, "retryAfter": 1,
		"detail": "injected 429",
	},
	{"rate": 0.05 / 0.70, "action": "lose-response"},
}

// maxRetryRounds bounds the admin's "Retry All" rounds.
const maxRetryRounds = 60

// TestFaultsWithoutLoss pushes a generated org of 1,000 users in 50 groups
// through idpsim's fault injection, once per client profile (oin sends
// membership PATCHes, aiw whole-group PUTs), retries the failed steps as an
// admin would until no task is open, and then requires castsim to hold
// exactly the org: every user once, every group once, every membership,
// nothing else.
func TestFaultsWithoutLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("pushes 1,000 users per profile; skipped with -short")
	}
	for _, profile := range []string{"oin", "aiw"} {
		t.Run(profile, func(t *testing.T) { pushThroughFaults(t, profile) })
	}
}

func pushThroughFaults(t *testing.T, profile string) {
	t.Helper()
	st := newStack(t, stackOptions{journalSize: 1 << 20})
	doc := fixtures.Generate(fixtures.GenerateOptions{
		Seed: 20261203, Users: 1000, Groups: 50, MembershipsPerUser: 2,
		App: &fixtures.AppOptions{
			BaseURL: st.castURL + "/scim/v2", Token: st.scimToken, ClientProfile: profile,
			AssignAllUsers: true, PushAllGroups: true,
		},
	})
	appID := doc.Apps[0].ID

	// Hold the queue so that the faults are in place before the first push.
	decode(t, st.okta(t, "POST", "/_sim/pause", nil), 200, nil)
	if err := st.sim.LoadFixture(doc); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	decode(t, st.okta(t, "PUT", "/_sim/faults/"+appID, map[string]any{"rules": lossyRules}),
		200, nil)
	decode(t, st.okta(t, "POST", "/_sim/resume", nil), 200, nil)
	st.wait(t)

	rounds, retried := retryUntilClean(t, st, appID)
	decode(t, st.okta(t, "DELETE", "/_sim/faults/"+appID, nil), 204, nil)
	st.wait(t)

	f := countFaults(st.sim.Journal(okta.JournalFilter{AppID: appID}))
	if f.s503 == 0 || f.s429 == 0 || f.lost == 0 {
		t.Fatalf("faults were not injected: %+v", f)
	}
	want := expectedTarget(doc)
	got := readTarget(t, st)
	compareTargets(t, want, got)

	verdict := "none missing, none duplicated, none extra"
	if t.Failed() {
		verdict = "NOT the org (see the errors above)"
	}
	t.Logf("faults without loss (%s): %d users, %d groups, %d memberships pushed in %d SCIM "+
		"requests under %d injected 503s, %d 429s and %d lost responses; %d tasks retried in %d "+
		"rounds; castsim holds %d users, %d groups, %d memberships: %s", profile, len(want.users),
		len(want.groups), want.memberships(), f.requests, f.s503, f.s429, f.lost, retried, rounds,
		len(got.users), len(got.groups), got.memberships(), verdict)
}

// retryUntilClean retries every open task, as an admin pressing "Retry All"
// would, until none is open. It returns the rounds and tasks retried.
func retryUntilClean(t *testing.T, st *stack, appID string) (rounds, retried int) {
	t.Helper()
	for rounds = 0; rounds < maxRetryRounds; rounds++ {
		var open []struct{ ID string }
		decode(t, st.okta(t, "GET", "/_sim/tasks?status=OPEN&app="+appID, nil), 200, &open)
		if len(open) == 0 {
			return rounds, retried
		}
		var res struct{ Retried int }
		decode(t, st.okta(t, "POST", "/_sim/tasks/retry?app="+appID, nil), 202, &res)
		retried += res.Retried
		st.wait(t)
	}
	t.Fatalf("tasks still open after %d retry rounds", maxRetryRounds)
	return rounds, retried
}

type faultCounts struct{ requests, s503, s429, lost int }

func countFaults(journal []okta.Exchange) faultCounts {
	var f faultCounts
	for _, e := range journal {
		f.requests++
		switch {
		case strings.Contains(e.ResponseBody, "injected 503"):
			f.s503++
		case strings.Contains(e.ResponseBody, "injected 429"):
			f.s429++
		case strings.Contains(e.Error, "response lost"):
			f.lost++
		}
	}
	return f
}

// target is what a SCIM service holds: users by userName (with the
// externalId they carry) and groups by name with their members' userNames.
type target struct {
	users  map[string]string   // userName -> externalId
	groups map[string][]string // displayName -> sorted member userNames
}

func (tg target) memberships() int {
	n := 0
	for _, m := range tg.groups {
		n += len(m)
	}
	return n
}

// expectedTarget is the org as Okta would push it: every user (all are
// active and assigned) and every pushed group with all its members.
func expectedTarget(doc *fixtures.Document) target {
	tg := target{users: map[string]string{}, groups: map[string][]string{}}
	logins := map[string]string{}
	for _, u := range doc.Users {
		tg.users[u.Profile.Login] = u.ID
		logins[u.ID] = u.Profile.Login
	}
	for _, g := range doc.Groups {
		members := []string{}
		for _, id := range g.Members {
			members = append(members, logins[id])
		}
		slices.Sort(members)
		tg.groups[g.Name] = members
	}
	return tg
}

// readTarget reads castsim's users and groups over SCIM, page by page, and
// fails on any duplicate userName or displayName.
func readTarget(t *testing.T, st *stack) target {
	t.Helper()
	tg := target{users: map[string]string{}, groups: map[string][]string{}}
	names := map[string]string{} // castsim id -> userName
	for _, raw := range listAll(t, st, "/Users") {
		var u scim.User
		if err := json.Unmarshal(raw, &u); err != nil {
			t.Fatalf("decode user: %v", err)
		}
		if _, dup := tg.users[u.UserName]; dup {
			t.Errorf("castsim holds userName %q twice", u.UserName)
		}
		tg.users[u.UserName] = u.ExternalID
		names[u.ID] = u.UserName
	}
	for _, raw := range listAll(t, st, "/Groups") {
		var g scim.Group
		if err := json.Unmarshal(raw, &g); err != nil {
			t.Fatalf("decode group: %v", err)
		}
		if _, dup := tg.groups[g.DisplayName]; dup {
			t.Errorf("castsim holds group %q twice", g.DisplayName)
		}
		members := []string{}
		for _, m := range g.Members {
			members = append(members, names[m.Value])
		}
		slices.Sort(members)
		tg.groups[g.DisplayName] = members
	}
	return tg
}

// listAll pages through a SCIM list 100 at a time, as Okta does.
func listAll(t *testing.T, st *stack, kind string) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	for start := 1; ; start += 100 {
		var page scim.ListResponse
		decode(t, st.scim(t, "GET", fmt.Sprintf("%s?startIndex=%d&count=100", kind, start), nil),
			200, &page)
		out = append(out, page.Resources...)
		if len(page.Resources) == 0 || start+len(page.Resources) > page.TotalResults {
			if len(out) != page.TotalResults {
				t.Fatalf("%s: read %d resources, totalResults %d", kind, len(out),
					page.TotalResults)
			}
			return out
		}
	}
}

// compareTargets reports every user or group missing, extra or different.
func compareTargets(t *testing.T, want, got target) {
	t.Helper()
	for name, ext := range want.users {
		g, ok := got.users[name]
		switch {
		case !ok:
			t.Errorf("user %s is missing from castsim", name)
		case g != ext:
			t.Errorf("user %s has externalId %q, want %q", name, g, ext)
		}
	}
	for name := range got.users {
		if _, ok := want.users[name]; !ok {
			t.Errorf("castsim holds user %s, which the org does not have", name)
		}
	}
	for name, members := range want.groups {
		g, ok := got.groups[name]
		switch {
		case !ok:
			t.Errorf("group %s is missing from castsim", name)
		case !slices.Equal(g, members):
			t.Errorf("group %s has %d members, want %d (first difference %s)", name, len(g),
				len(members), firstMismatch(g, members))
		}
	}
	for name := range got.groups {
		if _, ok := want.groups[name]; !ok {
			t.Errorf("castsim holds group %s, which the org does not push", name)
		}
	}
}

func firstMismatch(got, want []string) string {
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("at %d: got %q, want %q", i, g, w)
		}
	}
	return "none"
}
