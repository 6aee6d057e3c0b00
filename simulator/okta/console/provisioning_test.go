package console

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/simulator/okta"
)

// flashAfter posts a form and returns the page the redirect leads to.
func (e *env) flashAfter(path string, form url.Values) string {
	e.t.Helper()
	status, loc := e.Post(path, form, true)
	if status != http.StatusSeeOther {
		e.t.Fatalf("POST %s: %d, want 303", path, status)
	}
	_, page := e.Get(loc)
	return page
}

func TestConnectionTest(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	base := e.app().Connection.BaseURL
	path := Prefix + "/apps/" + demoApp + "/connection/test"
	cases := []struct {
		name, token, want string
	}{
		{"saved token", "", "verified successfully"},
		{"wrong token", "not-the-token", "flash-error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page := e.flashAfter(path, url.Values{
				"base_url": {base}, "auth_scheme": {okta.AuthToken}, "token": {tc.token},
			})
			if !strings.Contains(page, tc.want) {
				t.Fatalf("page lacks %q:\n%s", tc.want, page)
			}
		})
	}
	if got := e.app().Connection.Token; got != scimToken {
		t.Fatalf("testing credentials changed the saved token to %q", got)
	}
}

// TestRetryTask: a push that fails becomes a task on the Tasks tab; after
// the fault is gone, Retry provisions the person and resolves the task.
func TestRetryTask(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	ctx := context.Background()
	err := e.sim.SetFaults(demoApp, []okta.FaultRule{{
		Method: http.MethodPost, Path: "/Users", Action: "status", Status: 500, Detail: "disk full",
	}})
	if err != nil {
		t.Fatalf("set faults: %v", err)
	}
	page := e.flashAfter(Prefix+"/groups/"+platform+"/members", url.Values{"user_id": {nina}})
	if strings.Contains(page, "flash-error") {
		t.Fatalf("assigning failed:\n%s", page)
	}
	e.wait()

	_, page = e.Get(Prefix + "/apps/" + demoApp + "/tasks")
	if !strings.Contains(page, "nina.petrova@example.com") || !strings.Contains(page, "Retry All") {
		t.Fatalf("Tasks tab lacks the failed provisioning of Nina:\n%s", page)
	}
	tasks, _ := e.sim.ListTasks(ctx, demoApp)
	var open string
	for _, tk := range tasks {
		if tk.Status == okta.TaskOpen && tk.UserID == nina {
			open = tk.ID
		}
	}
	if open == "" {
		t.Fatal("no open task for Nina")
	}

	e.sim.ClearFaults(demoApp)
	e.flashAfter(Prefix+"/apps/"+demoApp+"/tasks/"+open+"/retry", nil)
	e.wait()
	if au, _ := e.appUser(nina); au.Status != okta.StatusProvisioned {
		t.Fatalf("after Retry Nina is %s, want PROVISIONED", au.Status)
	}
}

// TestPendingPushes: while the engine is paused, Push Now shows as pending
// on the Push Groups tab.
func TestPendingPushes(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	e.sim.Pause()
	defer e.sim.Resume()
	e.flashAfter(Prefix+"/apps/"+demoApp+"/push/"+e.mappingOf(finance)+"/now", nil)
	_, page := e.Get(Prefix + "/apps/" + demoApp + "/push")
	if !strings.Contains(page, "Pushing (1 pending)") {
		t.Fatalf("Push Groups shows no pending push:\n%s", page)
	}
}

func TestHARDownload(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	resp, err := e.Client.Get(e.srv.URL + Prefix + "/traffic.har?app=" + demoApp)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var har struct {
		Log struct {
			Entries []struct {
				Request struct {
					Method string `json:"method"`
				} `json:"request"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&har); err != nil {
		t.Fatalf("decode HAR: %v", err)
	}
	want := len(e.sim.Journal(okta.JournalFilter{AppID: demoApp}))
	if resp.StatusCode != http.StatusOK || len(har.Log.Entries) != want || want == 0 ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "idpsim.har") {
		t.Fatalf("HAR: status %d, %d entries (journal has %d), disposition %q",
			resp.StatusCode, len(har.Log.Entries), want, resp.Header.Get("Content-Disposition"))
	}
}
