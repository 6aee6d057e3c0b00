package okta

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestProvisionGroupAndPush(t *testing.T) {
	for _, profile := range []string{ProfileOIN, ProfileAIW} {
		t.Run(profile, func(t *testing.T) {
			e := newEnv(t)
			alice := e.createUser("alice@example.com", "Alice", "Smith")
			bob := e.createUser("bob@example.com", "Bob", "Jones")
			gid := e.createGroup("Engineering")
			e.addMember(gid, alice)
			e.addMember(gid, bob)
			app := e.createApp(profile)
			e.must(http.StatusOK, "PUT", "/api/v1/apps/"+app+"/groups/"+gid, map[string]any{}, nil)
			e.pushGroup(app, gid, "Engineering")
			e.wait()

			for _, login := range []string{"alice@example.com", "bob@example.com"} {
				if e.tg.userByName(login) == nil {
					t.Errorf("target has no user %s; requests:\n%s", login,
						strings.Join(e.tg.lines(), "\n"))
				}
			}
			var aus []struct {
				ID         string `json:"id"`
				Status     string `json:"status"`
				ExternalID string `json:"externalId"`
				SyncState  string `json:"syncState"`
				Scope      string `json:"scope"`
			}
			e.must(http.StatusOK, "GET", "/api/v1/apps/"+app+"/users", nil, &aus)
			var want []string
			for _, au := range aus {
				if au.Status != StatusProvisioned || au.SyncState != SyncDone || au.Scope != ScopeGroup {
					t.Errorf("app user %+v: want PROVISIONED, SYNCHRONIZED, GROUP", au)
				}
				want = append(want, au.ExternalID)
			}
			slices.Sort(want)
			if got := e.tg.memberIDs("Engineering"); !slices.Equal(got, want) || len(got) != 2 {
				t.Errorf("target members = %v, want %v", got, want)
			}
		})
	}
}

func TestUpdateAppKeepsUnsetSettings(t *testing.T) {
	e := newEnv(t)
	app := e.createApp(ProfileAIW)
	var got appJSON
	e.must(http.StatusOK, "PUT", "/api/v1/apps/"+app, map[string]any{
		"label":    "Renamed",
		"settings": map[string]any{"app": map[string]any{"membershipBatchSize": 250}},
	}, &got)
	st := got.Settings.App
	if got.Label != "Renamed" || st.ClientProfile != ProfileAIW || st.MembershipBatchSize != 250 ||
		st.FilterEncoding != EncodingPct20 {
		t.Errorf("updated app = %s %+v", got.Label, st)
	}
	e.must(http.StatusBadRequest, "PUT", "/api/v1/apps/"+app, map[string]any{
		"settings": map[string]any{"app": map[string]any{"membershipBatchSize": 5000}},
	}, nil)
}
