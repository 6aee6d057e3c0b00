package scimclient

import (
	"context"
	"encoding/json"
	"testing"
)

// TestHARStructure exports real exchanges and checks the document against
// the fields HAR 1.2 requires, read back as generic JSON as devtools would.
func TestHARStructure(t *testing.T) {
	f := newFakeSCIM(t)
	f.push(scripted{
		method: "DELETE", status: 500, body: "<html>oops</html>",
		header: map[string]string{"Content-Type": "text/html"},
	})
	faults := NewFaults(1)
	must(t, faults.Set("0oa1", []FaultRule{{Method: "PATCH", Action: ActionReset}}))
	j := NewJournal(10)
	c, err := New(Config{
		Target:  Target{BaseURL: f.baseURL(), Token: "har-token-123"},
		Journal: j, Faults: faults,
	})
	must(t, err)
	ctx, tag := context.Background(), Tag{AppID: "0oa1", UserID: "00u1"}

	_, _, _ = c.FindUser(ctx, tag, `o"neil@example.com`)
	_, _ = c.CreateUser(ctx, tag, map[string]any{"userName": "a@example.com"})
	_ = c.SetUserActive(ctx, tag, "u-1", false) // reset before sending
	_ = c.DeleteGroup(ctx, tag, "g-1")          // non-JSON 500

	raw, err := json.Marshal(j.HAR(JournalFilter{AppID: "0oa1"}))
	must(t, err)
	var doc struct {
		Log struct {
			Version string         `json:"version"`
			Creator map[string]any `json:"creator"`
			Entries []map[string]any
		} `json:"log"`
	}
	must(t, json.Unmarshal(raw, &doc))
	if doc.Log.Version != "1.2" || doc.Log.Creator["name"] != HARCreatorName {
		t.Fatalf("log header = %q %v", doc.Log.Version, doc.Log.Creator)
	}
	if len(doc.Log.Entries) != 4 {
		t.Fatalf("entries = %d, want 4", len(doc.Log.Entries))
	}
	for i, e := range doc.Log.Entries {
		requireKeys(t, i, "entry", e, "startedDateTime", "time", "request", "response",
			"cache", "timings")
		requireKeys(t, i, "request", e["request"].(map[string]any), "method", "url",
			"httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize")
		requireKeys(t, i, "response", e["response"].(map[string]any), "status", "statusText",
			"httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize",
			"bodySize")
		requireKeys(t, i, "content", e["response"].(map[string]any)["content"].(map[string]any),
			"size", "mimeType")
		requireKeys(t, i, "timings", e["timings"].(map[string]any), "send", "wait", "receive")
	}

	query := doc.Log.Entries[0]["request"].(map[string]any)["queryString"].([]any)
	first := query[0].(map[string]any)
	if first["name"] != "filter" || first["value"] != `userName eq "o\"neil@example.com"` {
		t.Errorf("queryString[0] = %v, want the decoded filter", first)
	}
	post := doc.Log.Entries[1]["request"].(map[string]any)["postData"].(map[string]any)
	if post["mimeType"] != "application/scim+json; charset=utf-8" ||
		post["text"] != `{"userName":"a@example.com"}` {
		t.Errorf("postData = %v", post)
	}
	if st := doc.Log.Entries[2]["response"].(map[string]any)["status"]; st != 0.0 {
		t.Errorf("reset entry status = %v, want 0", st)
	}
	if doc.Log.Entries[2]["_error"] == nil {
		t.Error("reset entry has no _error")
	}
	content := doc.Log.Entries[3]["response"].(map[string]any)["content"].(map[string]any)
	if content["text"] != "<html>oops</html>" || content["mimeType"] != "text/html" {
		t.Errorf("content = %v", content)
	}
}

func requireKeys(t *testing.T, i int, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("entry %d: %s lacks %q", i, what, k)
		}
	}
}
