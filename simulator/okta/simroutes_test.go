package okta

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

const simFixture = `
users:
  - id: 00ufix0000000000001
    profile: {login: fay@example.com, email: fay@example.com, firstName: Fay, lastName: Ng}
groups:
  - id: 00gfix0000000000001
    name: Ops
    members: [00ufix0000000000001]
apps:
  - id: 0oafix0000000000001
    label: Fixture App
    connection:
      baseUrl: "${FIXTURE_TEST_SCIM_URL}"
      token: test-token
    assignments:
      groups: [00gfix0000000000001]
    pushMappings:
      - {sourceGroupId: 00gfix0000000000001, targetGroupName: Ops}
`

func (e *env) raw(method, path, body string) (int, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewBufferString(body))
	req.Header.Set("Authorization", "SSWS "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

func TestSimControlRoutes(t *testing.T) {
	e := newEnv(t)
	t.Setenv("FIXTURE_TEST_SCIM_URL", e.tg.baseURL())

	status, body := e.raw("POST", "/_sim/fixtures", simFixture)
	if status != http.StatusOK || !strings.Contains(string(body), `"users":1`) {
		t.Fatalf("load fixture: %d %s", status, body)
	}
	e.must(http.StatusOK, "POST", "/_sim/wait?timeout=5s&app=0oafix0000000000001", nil, nil)
	if got := e.tg.memberIDs("Ops"); len(got) != 1 || got[0] != "u-fay" {
		t.Fatalf("fixture not provisioned: members %v, requests %v", got, e.tg.lines())
	}

	var journal []Exchange
	e.must(http.StatusOK, "GET", "/_sim/journal?app=0oafix0000000000001&user=00ufix0000000000001",
		nil, &journal)
	if len(journal) != 2 || journal[0].Method != "GET" || journal[1].Method != "POST" ||
		journal[1].Status != http.StatusCreated {
		t.Errorf("user journal = %+v, want the lookup and the create", journal)
	}
	for _, x := range journal {
		if strings.Contains(x.RequestHeaders["Authorization"], "test-token") {
			t.Errorf("journal shows the bearer token: %q", x.RequestHeaders["Authorization"])
		}
	}
	status, body = e.raw("GET", "/_sim/journal?format=har&group=00gfix0000000000001", "")
	var har struct {
		Log struct {
			Version string            `json:"version"`
			Entries []json.RawMessage `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(body, &har); err != nil || status != http.StatusOK ||
		har.Log.Version != "1.2" || len(har.Log.Entries) != 4 {
		t.Errorf("HAR: %d, version %q, %d entries (want 4 group exchanges): %v",
			status, har.Log.Version, len(har.Log.Entries), err)
	}

	status, body = e.raw("POST", "/_sim/fixtures", "users: [{id: 00ux, profile: {}}]")
	if status != http.StatusBadRequest || !strings.Contains(string(body), CodeValidation) {
		t.Errorf("bad fixture: %d %s", status, body)
	}

	e.must(http.StatusNoContent, "POST", "/_sim/reset", nil, nil)
	var users []idJSON
	e.must(http.StatusOK, "GET", "/api/v1/users", nil, &users)
	e.must(http.StatusOK, "GET", "/_sim/journal", nil, &journal)
	if len(users) != 0 || len(journal) != 0 {
		t.Errorf("after reset: %d users, %d exchanges", len(users), len(journal))
	}
	status, _ = e.raw("GET", "/_sim/health", "")
	if status != http.StatusOK {
		t.Errorf("health: %d", status)
	}
}
