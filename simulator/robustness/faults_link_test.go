package robustness

import (
	"testing"

	"github.com/idpsim/idpsim/fixtures"
)

// TestLinkedUserKeepsItsGroups replays the sequence that lost memberships in
// TestFaultsWithoutLoss: the answer to a user's create is lost (castsim
// created it), the retried step finds the user by userName and links it,
// and the update that follows the link fails with a 503. A second retry
// must still leave the user a member of its pushed group.
//
// A retried provisioning step of a user that the failed step had already
// linked must send the profile again and queue the user's group pushes
// (provisionUser in simulator/okta/jobs_user.go).
func TestLinkedUserKeepsItsGroups(t *testing.T) {
	st := newStack(t, stackOptions{})
	doc := fixtures.Generate(fixtures.GenerateOptions{
		Seed: 3, Users: 1, Groups: 1, MembershipsPerUser: 1,
		App: &fixtures.AppOptions{
			BaseURL: st.castURL + "/scim/v2", Token: st.scimToken,
			AssignAllUsers: true, PushAllGroups: true,
		},
	})
	appID := doc.Apps[0].ID
	if len(doc.Groups[0].Members) != 1 {
		t.Fatalf("generated group has %d members, want 1", len(doc.Groups[0].Members))
	}

	decode(t, st.okta(t, "POST", "/_sim/pause", nil), 200, nil)
	if err := st.sim.LoadFixture(doc); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	rules := []map[string]any{
		{"method": "POST", "path": "/Users", "count": 1, "action": "lose-response"},
		{
			"method": "PUT", "path": "/Users", "count": 1, "action": "status", "status": 503,
			"detail": "injected 503",
		},
	}
	decode(t, st.okta(t, "PUT", "/_sim/faults/"+appID, map[string]any{"rules": rules}), 200, nil)
	decode(t, st.okta(t, "POST", "/_sim/resume", nil), 200, nil)
	st.wait(t)

	rounds, _ := retryUntilClean(t, st, appID)
	if rounds < 2 {
		t.Fatalf("the faults took %d retry rounds, want 2 (lost create, failed update)", rounds)
	}
	compareTargets(t, expectedTarget(doc), readTarget(t, st))
}
